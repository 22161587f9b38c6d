"""The baseline of bench/media_download.py: a bare nameko HTTP route that calls one RPC that echoes.

The route responds like the download route does (a 302 with a Location
taken from the RPC's reply) so that both sides send a response of the same
shape. Run as two services, the way the platform runs the gateway and a
service:

    nameko run --config config.yaml bench.media_echo:EchoGateway
    nameko run --config config.yaml bench.media_echo:EchoService
"""

from nameko.rpc import RpcProxy, rpc
from nameko.web.handlers import http


class EchoService:
    name = "bench_media_echo"

    @rpc
    def echo(self, payload):
        return payload


class EchoGateway:
    name = "bench_media_echo_gateway"

    echo_rpc = RpcProxy("bench_media_echo")

    @http("GET", "/echo/<int:media_id>")
    def echo(self, request, media_id):
        reply = self.echo_rpc.echo({"media_id": media_id, "url": "http://127.0.0.1/media/{}".format(media_id)})
        return 302, {"Location": reply["url"], "Cache-Control": "no-store"}, ""
