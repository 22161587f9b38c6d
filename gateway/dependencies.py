"""Dependency providers of the gateway: RPC clients with a timeout, token verification."""

import logging
import time
import uuid

import amqp.exceptions
import eventlet
import kombu
import kombu.entity
import kombu.serialization
from kombu.exceptions import ChannelError
from nameko.constants import AMQP_SSL_CONFIG_KEY, AMQP_URI_CONFIG_KEY, LOGIN_METHOD_CONFIG_KEY
from nameko.exceptions import RpcTimeout, UnknownService
from nameko.extensions import DependencyProvider
from nameko.messaging import HeaderEncoder
from nameko.rpc import ReplyListener, RpcReply, get_rpc_exchange

from cybervaccine import auth, errors, settings
from gateway.errors import GatewayTimeout
from gateway.messages import MESSAGES

log = logging.getLogger(__name__)

VERIFIED_TOKENS_KEPT = 10000
# Exceptions py-amqp raises when a connection breaks, as kombu's
# connection_errors lists them. A caller's timeout is not among them, so it is
# never resent.
BROKER_CONNECTION_ERRORS = (amqp.exceptions.ConnectionError, OSError)


class ServiceClients(DependencyProvider):
    """RPC clients, ``self.rpc.<service>.<method>(...)``, that wait at most ``RPC_TIMEOUT`` seconds.

    The wait is bounded by ``eventlet.Timeout`` around the reply. A service
    that does not reply in time becomes a 504, and one with no consumer a
    503, each with a message naming the service. Requests go out on broker
    connections kept open (``RequestConnections``), replies come back
    through nameko's reply listener.
    """

    reply_listener = ReplyListener()

    def setup(self):
        config = self.container.config
        self.timeout = settings.rpc_timeout(config)
        self.exchange = get_rpc_exchange(config).name
        self.requests = RequestConnections({
            "hostname": config[AMQP_URI_CONFIG_KEY],
            "ssl": config.get(AMQP_SSL_CONFIG_KEY),
            "login_method": config.get(LOGIN_METHOD_CONFIG_KEY),
            "transport_options": {
                "confirm_publish": True,
                # Operators see this name in RabbitMQ's connection list.
                "client_properties": {"connection_name": "rpc requests of " + self.container.service_name},
            },
        }, max_idle=self.container.max_workers)

    def stop(self):
        self.requests.close()

    def get_dependency(self, worker_ctx):
        return _Clients(self, worker_ctx)

    def send(self, worker_ctx, service_name, method_name, args, kwargs):
        """Publish one request and return the ``RpcReply`` to wait on."""
        correlation_id = str(uuid.uuid4())
        reply = RpcReply(self.reply_listener.get_reply_event(correlation_id))
        reply.correlation_id = correlation_id
        try:
            self.requests.publish(
                service_name,
                {"args": args, "kwargs": kwargs},
                exchange=self.exchange,
                routing_key="{}.{}".format(service_name, method_name),
                headers=HEADERS.get_message_headers(worker_ctx),
                properties={"reply_to": self.reply_listener.routing_key, "correlation_id": correlation_id},
            )
        except BaseException:
            self.forget(reply)
            raise
        return reply

    def forget(self, reply):
        """Stop waiting for a reply that will not be read (the request failed or timed out)."""
        self.reply_listener._reply_events.pop(reply.correlation_id, None)


HEADERS = HeaderEncoder()


class RequestConnections:
    """Broker connections kept open for RPC requests, each carrying one request at a time.

    nameko's proxy builds a connection object and takes a producer from
    kombu's pools for every call. Here a request takes an idle connection
    (or opens one), publishes, waits for the broker's confirm and gives the
    connection back. Requests are transient messages: a request is of use
    only while its caller waits, so the broker need not write it to disk.
    The broker returns a request that no queue takes (the service is not
    running) before its confirm, which raises ``UnknownService``. A request
    that fails on a reused connection (the broker restarted, say) is sent
    once more on a new one, unless the caller's timeout ended the first
    attempt.
    """

    def __init__(self, options, max_idle):
        self.options = options
        self.max_idle = max_idle
        self.idle = []

    def publish(self, service_name, body, exchange, routing_key, headers, properties):
        reused = bool(self.idle)
        connection = self.idle.pop() if reused else self._open()
        try:
            self._send(connection, service_name, body, exchange, routing_key, headers, properties)
        except BROKER_CONNECTION_ERRORS:
            if not reused:
                raise
            log.warning("sending an RPC request failed on a reused broker connection; sending it on a new one")
            connection = self._open()
            self._send(connection, service_name, body, exchange, routing_key, headers, properties)
        self._give_back(connection)

    def close(self):
        idle, self.idle = self.idle, []
        for connection in idle:
            _release(connection)

    def _open(self):
        return kombu.Connection(**self.options)

    def _send(self, connection, service_name, body, exchange, routing_key, headers, properties):
        content_type, content_encoding, data = kombu.serialization.dumps(body, serializer="json")
        try:
            channel = connection.default_channel
            message = channel.prepare_message(
                data,
                content_type=content_type,
                content_encoding=content_encoding,
                headers=headers,
                properties=dict(properties, delivery_mode=kombu.entity.TRANSIENT_DELIVERY_MODE),
            )
            channel.basic_publish(message, exchange=exchange, routing_key=routing_key, mandatory=True)
        except ChannelError as error:
            # The confirm that follows the return would be taken for the next
            # request's confirm on this channel, so the connection is dropped.
            _drop(connection)
            if "NO_ROUTE" in str(error):
                raise UnknownService(service_name) from error
            raise
        except BaseException:
            # A timeout may end the wait for the confirm, which would then be
            # taken for another request's confirm, so the connection is dropped too.
            _drop(connection)
            raise

    def _give_back(self, connection):
        if len(self.idle) < self.max_idle:
            self.idle.append(connection)
        else:
            _release(connection)


def _release(connection):
    """Close a healthy connection with the protocol's handshake."""
    try:
        connection.release()
    except Exception:
        log.debug("closing an RPC request connection failed", exc_info=True)


def _drop(connection):
    """Close a failed connection's socket without the handshake, which a stalled broker would not complete."""
    try:
        connection.collect()
    except Exception:
        log.debug("dropping an RPC request connection failed", exc_info=True)


class _Clients:
    def __init__(self, provider, worker_ctx):
        self._provider = provider
        self._worker_ctx = worker_ctx
        self.timeout = provider.timeout

    def __getattr__(self, service_name):
        return _TimedService(self._provider, self._worker_ctx, service_name)


class _TimedService:
    def __init__(self, provider, worker_ctx, service_name):
        self._provider = provider
        self._worker_ctx = worker_ctx
        self._service_name = service_name
        self._timeout = provider.timeout

    def __getattr__(self, method_name):
        def call(*args, **kwargs):
            return self._call(method_name, args, kwargs)

        return call

    def _call(self, method_name, args, kwargs):
        reply = None
        try:
            with eventlet.Timeout(self._timeout, RpcTimeout(self._timeout)):
                reply = self._provider.send(self._worker_ctx, self._service_name, method_name, args, kwargs)
                return reply.result()
        except eventlet.Timeout:
            # The caller's own shorter timeout ended the wait, so nothing will read the reply.
            if reply is not None:
                self._provider.forget(reply)
            raise
        except RpcTimeout:
            if reply is not None:
                self._provider.forget(reply)
            log.warning("rpc %s.%s timed out after %s s", self._service_name, method_name, self._timeout)
            raise MESSAGES.error(
                GatewayTimeout, "service_timeout", details={"service": self._service_name},
                service=self._service_name, seconds=self._timeout,
            )
        except UnknownService:
            log.warning("rpc %s.%s: no such service is running", self._service_name, method_name)
            raise MESSAGES.error(
                errors.Unavailable, "service_unavailable", details={"service": self._service_name},
                service=self._service_name,
            )


class TokenVerifier(DependencyProvider):
    """Verify access tokens with the platform's JWT secret, in the gateway's own process.

    A token verified once is remembered with its expiry time, so that the
    signature and claims of an officer's token are not checked again on
    each of their requests. A remembered token is still refused once it
    expires.
    """

    def __init__(self, max_remembered=VERIFIED_TOKENS_KEPT):
        self.max_remembered = max_remembered
        self.secret = None
        self.verified = {}

    def setup(self):
        self.secret = settings.jwt_secret(self.container.config)

    def get_dependency(self, worker_ctx):
        return self

    def verify(self, token):
        remembered = self.verified.get(token)
        if remembered is not None and remembered[0] > time.time():
            return remembered[1]

        caller, expires_at = auth.verify_token_with_expiry(self.secret, token)
        if len(self.verified) >= self.max_remembered:
            self.verified.clear()
        self.verified[token] = (float(expires_at), caller)
        return caller
