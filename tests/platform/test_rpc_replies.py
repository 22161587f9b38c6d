"""Replies of the platform's RPC entrypoint, through the real broker."""

import datetime
import json
import logging

import kombu.utils.json
import pytest
from nameko.exceptions import IncorrectSignature, RemoteError
from nameko.standalone.rpc import ClusterRpcProxy

from cybervaccine import errors
from cybervaccine.entrypoints import encode_reply, rpc
from tests import support


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


def test_wrong_arguments_raise_incorrect_signature(probe):
    with pytest.raises(IncorrectSignature) as missing:
        probe.echo()
    with pytest.raises(IncorrectSignature) as unexpected:
        probe.echo(1, colour="แดง")

    assert "value" in str(missing.value)
    assert "colour" in str(unexpected.value)
    assert probe.echo(value="ชื่อ")["value"] == "ชื่อ"


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
    assert json.loads(body) == {"result": {"n": 1, "text": "วัคซีน"}, "error": None}
    assert "วัคซีน".encode("utf-8") in body


def test_reply_with_a_time_keeps_kombus_form():
    moment = datetime.datetime(2026, 12, 5, 7, 30, tzinfo=datetime.timezone.utc)

    _, _, body = encode_reply({"at": moment}, None, "application/json")

    assert "__type__" in body
    assert kombu.utils.json.loads(body) == {"result": {"at": moment}, "error": None}


def test_reply_after_the_broker_closed_the_connection(probe, service_config, rabbit_manager, caplog):
    assert probe.echo("ก่อน")["value"] == "ก่อน"
    closed = support.close_named_connections(rabbit_manager, service_config["vhost"], "rpc replies of reply_probe")

    caplog.set_level(logging.WARNING, logger="cybervaccine.entrypoints")
    assert probe.echo("หลัง")["value"] == "หลัง"

    assert closed == 1
    assert "sending it on a new one" in caplog.text
