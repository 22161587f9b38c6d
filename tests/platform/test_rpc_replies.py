"""Replies of the platform's RPC entrypoint, through the real broker."""

import pytest
from nameko.exceptions import RemoteError
from nameko.standalone.rpc import ClusterRpcProxy

from cybervaccine import errors
from cybervaccine.entrypoints import encode_reply, rpc


class ReplyProbe:
    name = "reply_probe"

    @rpc
    def echo(self, value):
        return {"value": value, "text": "ผู้พิชิตไซเบอร์วัคซีน"}

    @rpc
    def reject(self):
        raise errors.NotFound("probe_missing", "ไม่พบ", "Not found")

    @rpc
    def unserializable(self):
        return {"thing": object()}


@pytest.fixture
def probe(service_config, runner_factory):
    runner = runner_factory(service_config, ReplyProbe)
    runner.start()
    with ClusterRpcProxy(service_config, timeout=10) as cluster:
        yield cluster.reply_probe
    runner.stop()


def test_result_reaches_the_caller(probe):
    assert probe.echo([1, "สอง"]) == {"value": [1, "สอง"], "text": "ผู้พิชิตไซเบอร์วัคซีน"}


def test_platform_error_reaches_the_caller(probe):
    with pytest.raises(errors.NotFound) as raised:
        probe.reject()

    assert raised.value.code == "probe_missing"
    assert raised.value.message_th == "ไม่พบ"


def test_unserializable_result_becomes_error(probe):
    with pytest.raises(RemoteError) as raised:
        probe.unserializable()

    assert raised.value.exc_type == "UnserializableValueError"
    assert probe.echo("ยังทำงาน")["value"] == "ยังทำงาน"


def test_reply_encoded_in_nameko_format():
    result, exc_info, body = encode_reply({"n": 1, "text": "วัคซีน"}, None, "application/json")

    assert (result, exc_info) == ({"n": 1, "text": "วัคซีน"}, None)
    assert body == '{"result": {"n": 1, "text": "วัคซีน"}, "error": null}'
