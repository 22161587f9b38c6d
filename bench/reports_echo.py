"""The baseline of bench/reports_submit.py: one nameko HTTP route that calls one RPC method that echoes.

Run as two services, the way the platform runs the gateway and a service:

    nameko run --config config.yaml bench.reports_echo:EchoHttp
    nameko run --config config.yaml bench.reports_echo:EchoRpc
"""

import json

from nameko.rpc import RpcProxy, rpc
from nameko.web.handlers import http


class EchoRpc:
    name = "reports_bench_echo"

    @rpc
    def echo(self, body):
        return body


class EchoHttp:
    name = "reports_bench_echo_http"

    echo_rpc = RpcProxy("reports_bench_echo")

    @http("PUT", "/echo/<string:item_id>")
    def echo(self, request, item_id):
        body = json.loads(request.get_data(as_text=True))
        answer = self.echo_rpc.echo(body)
        return 201, {"Content-Type": "application/json"}, json.dumps(answer, ensure_ascii=False)
