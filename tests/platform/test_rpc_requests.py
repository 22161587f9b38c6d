"""The gateway's RPC requests, sent on broker connections it keeps open, through the real broker."""

import collections
import logging
import time
import urllib.parse

import eventlet
import pytest
import requests
from nameko.exceptions import RemoteError
from nameko.standalone.rpc import ClusterRpcProxy
from nameko.web.handlers import http

from cybervaccine import errors
from cybervaccine.entrypoints import rpc
from gateway.dependencies import ServiceClients
from gateway.errors import GatewayTimeout
from tests import support

RPC_TIMEOUT_SECONDS = 1


CALLS = collections.Counter()


class Answerer:
    name = "answerer"

    @rpc
    def echo(self, value):
        return {"value": value}

    @rpc
    def count(self, value):
        CALLS[value] += 1
        return CALLS[value]

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
    def ask_within(self, seconds, service, method, *args):
        try:
            with eventlet.Timeout(seconds):
                return getattr(getattr(self.services, service), method)(*args)
        except eventlet.Timeout:
            return "gave up"

    @rpc
    def waiting_replies(self):
        return len(self.services._provider.reply_listener._reply_events)

    @http("GET", "/count/<value>")
    def count_over_http(self, request, value):
        try:
            return str(self.services.answerer.count(value))
        except GatewayTimeout:
            return 504, "timed out"


class StallingProxy:
    """A TCP proxy to RabbitMQ on loopback that stops forwarding while paused, as a stalled broker does."""

    def __init__(self, broker_port):
        self.broker_port = broker_port
        self.server = eventlet.listen(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.paused = False
        self.threads = [eventlet.spawn(self._accept)]

    def close(self):
        for thread in self.threads:
            thread.kill()
        self.server.close()

    def _accept(self):
        while True:
            client, _ = self.server.accept()
            broker = eventlet.connect(("127.0.0.1", self.broker_port))
            self.threads.append(eventlet.spawn(self._pump, client, broker))
            self.threads.append(eventlet.spawn(self._pump, broker, client))

    def _pump(self, source, target):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                while self.paused:
                    eventlet.sleep(0.01)
                target.sendall(data)
        except (OSError, EOFError):
            # The other pump closed both sockets.
            pass
        finally:
            source.close()
            target.close()


@pytest.fixture
def caller(service_config, runner_factory):
    config = dict(service_config, RPC_TIMEOUT=RPC_TIMEOUT_SECONDS)
    runner = runner_factory(config, Answerer, Caller)
    runner.start()
    with ClusterRpcProxy(config, timeout=10) as cluster:
        yield cluster.caller
    runner.stop()


def test_request_gets_its_reply(caller):
    assert caller.ask("answerer", "echo", ["หนึ่ง", 2]) == {"value": ["หนึ่ง", 2]}
    assert caller.ask("answerer", "echo", "อีกครั้ง") == {"value": "อีกครั้ง"}


def test_missing_service_unavailable_at_once(caller):
    with pytest.raises(errors.Unavailable) as raised:
        caller.ask("nobody", "echo", 1)

    assert raised.value.code == "service_unavailable"
    assert caller.ask("answerer", "echo", "ยังได้")["value"] == "ยังได้"


def test_late_reply_times_out_cleanly(caller):
    with pytest.raises(RemoteError) as raised:
        caller.ask("answerer", "slow", RPC_TIMEOUT_SECONDS + 1)

    assert raised.value.exc_type == "GatewayTimeout"

    assert caller.ask("answerer", "echo", "หลังรอ")["value"] == "หลังรอ"
    assert caller.waiting_replies() == 0


def test_caller_timeout_forgets_the_reply(caller):
    answer = caller.ask_within(0.2, "answerer", "slow", 3)

    assert answer == "gave up"
    assert caller.waiting_replies() == 0


def test_request_after_broker_closed_connection(caller, service_config, rabbit_manager, caplog):
    assert caller.ask("answerer", "echo", "ก่อน")["value"] == "ก่อน"
    closed = support.close_named_connections(rabbit_manager, service_config["vhost"], "rpc requests of caller")

    caplog.set_level(logging.WARNING, logger="gateway.dependencies")
    assert caller.ask("answerer", "echo", "หลัง")["value"] == "หลัง"

    assert closed >= 1
    assert "sending it on a new one" in caplog.text


def test_stalled_broker_times_out_once(service_config, runner_factory):
    broker = urllib.parse.urlsplit(service_config["AMQP_URI"])
    proxy = StallingProxy(broker.port)
    through_proxy = broker._replace(netloc="{}@127.0.0.1:{}".format(broker.netloc.rsplit("@", 1)[0], proxy.port))
    config = dict(service_config, RPC_TIMEOUT=RPC_TIMEOUT_SECONDS, AMQP_URI=through_proxy.geturl())
    runner = runner_factory(config, Answerer, Caller)
    runner.start()
    url = "http://{}/count/".format(config["WEB_SERVER_ADDRESS"])
    try:
        assert requests.get(url + "warm-up", timeout=10).text == "1"

        proxy.paused = True
        started = time.monotonic()
        response = requests.get(url + "stalled", timeout=RPC_TIMEOUT_SECONDS + 5)
        waited = time.monotonic() - started
        proxy.paused = False

        assert response.status_code == 504
        assert waited < RPC_TIMEOUT_SECONDS + 2
        assert requests.get(url + "after", timeout=10).text == "1"
        eventlet.sleep(1)
        assert CALLS["stalled"] <= 1
    finally:
        proxy.paused = False
        runner.stop()
        proxy.close()
