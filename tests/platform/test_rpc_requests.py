"""The gateway's RPC requests, sent on broker connections it keeps open, through the real broker."""

import logging

import eventlet
import pytest
from nameko.exceptions import RemoteError
from nameko.standalone.rpc import ClusterRpcProxy

from cybervaccine import errors
from cybervaccine.entrypoints import rpc
from gateway.dependencies import ServiceClients
from tests import support

RPC_TIMEOUT_SECONDS = 1


class Answerer:
    name = "answerer"

    @rpc
    def echo(self, value):
        return {"value": value}

    @rpc
    def slow(self, seconds):
        eventlet.sleep(seconds)
        return "late"


class Caller:
    """Stands in for the gateway: its calls go through the gateway's RPC clients."""

    name = "caller"
    services = ServiceClients()

    @rpc
    def ask(self, service, method, *args):
        return getattr(getattr(self.services, service), method)(*args)

    @rpc
    def waiting_replies(self):
        return len(self.services._provider.reply_listener._reply_events)


@pytest.fixture
def caller(service_config, runner_factory):
    config = dict(service_config, RPC_TIMEOUT=RPC_TIMEOUT_SECONDS)
    runner = runner_factory(config, Answerer, Caller)
    runner.start()
    with ClusterRpcProxy(config, timeout=10) as cluster:
        yield cluster.caller
    runner.stop()


def test_request_reaches_the_service_and_the_reply_comes_back(caller):
    assert caller.ask("answerer", "echo", ["หนึ่ง", 2]) == {"value": ["หนึ่ง", 2]}
    assert caller.ask("answerer", "echo", "อีกครั้ง") == {"value": "อีกครั้ง"}


def test_service_that_is_not_running_is_unavailable_at_once(caller):
    with pytest.raises(errors.Unavailable) as raised:
        caller.ask("nobody", "echo", 1)

    assert raised.value.code == "service_unavailable"
    assert caller.ask("answerer", "echo", "ยังได้")["value"] == "ยังได้"


def test_reply_too_late_is_a_timeout_and_leaves_nothing_waiting(caller):
    with pytest.raises(RemoteError) as raised:
        caller.ask("answerer", "slow", RPC_TIMEOUT_SECONDS + 1)

    assert raised.value.exc_type == "GatewayTimeout"

    assert caller.ask("answerer", "echo", "หลังรอ")["value"] == "หลังรอ"
    assert caller.waiting_replies() == 0


def test_request_after_the_broker_closed_the_connection(caller, service_config, rabbit_manager, caplog):
    assert caller.ask("answerer", "echo", "ก่อน")["value"] == "ก่อน"
    closed = support.close_named_connections(rabbit_manager, service_config["vhost"], "rpc requests of caller")

    caplog.set_level(logging.WARNING, logger="gateway.dependencies")
    assert caller.ask("answerer", "echo", "หลัง")["value"] == "หลัง"

    assert closed >= 1
    assert "sending it on a new one" in caplog.text
