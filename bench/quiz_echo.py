"""The baseline of bench/quiz_submit.py: a bare nameko HTTP route that calls one RPC that echoes.

Run as two services, the way the platform runs the gateway and a service:

    nameko run --config config.yaml bench.quiz_echo:EchoGateway
    nameko run --config config.yaml bench.quiz_echo:EchoService
"""

import json

from nameko.rpc import RpcProxy, rpc
from nameko.web.handlers import http


class EchoService:
    name = "bench_echo"

    @rpc
    def echo(self, payload):
        return payload


class EchoGateway:
    name = "bench_echo_gateway"

    echo_rpc = RpcProxy("bench_echo")

    @http("POST", "/echo")
    def echo(self, request):
        payload = json.loads(request.get_data(as_text=True))
        return 200, {"Content-Type": "application/json"}, json.dumps(self.echo_rpc.echo(payload))
