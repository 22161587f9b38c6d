"""Dependency providers of the gateway: RPC clients with a timeout, token verification."""

import logging
import time

import eventlet
from nameko.exceptions import RpcTimeout, UnknownService
from nameko.extensions import DependencyProvider
from nameko.rpc import ReplyListener, ServiceProxy

from cybervaccine import auth, errors, settings
from gateway.errors import GatewayTimeout
from gateway.messages import MESSAGES

log = logging.getLogger(__name__)

VERIFIED_TOKENS_KEPT = 10000


class ServiceClients(DependencyProvider):
    """RPC clients, ``self.rpc.<service>.<method>(...)``, that wait at most ``RPC_TIMEOUT`` seconds.

    The wait is bounded by ``eventlet.Timeout`` around the reply. A service
    that does not reply in time becomes a 504, and one with no consumer a
    503, each with a message naming the service.
    """

    reply_listener = ReplyListener()

    def setup(self):
        self.timeout = settings.rpc_timeout(self.container.config)

    def get_dependency(self, worker_ctx):
        return _Clients(worker_ctx, self.reply_listener, self.timeout)


class _Clients:
    def __init__(self, worker_ctx, reply_listener, timeout):
        self._worker_ctx = worker_ctx
        self._reply_listener = reply_listener
        self.timeout = timeout

    def __getattr__(self, service_name):
        proxy = ServiceProxy(self._worker_ctx, service_name, self._reply_listener)
        return _TimedService(proxy, service_name, self.timeout)


class _TimedService:
    def __init__(self, proxy, service_name, timeout):
        self._proxy = proxy
        self._service_name = service_name
        self._timeout = timeout

    def __getattr__(self, method_name):
        method = getattr(self._proxy, method_name)

        def call(*args, **kwargs):
            return self._call(method, method_name, args, kwargs)

        return call

    def _call(self, method, method_name, args, kwargs):
        try:
            with eventlet.Timeout(self._timeout, RpcTimeout(self._timeout)):
                return method.call_async(*args, **kwargs).result()
        except RpcTimeout:
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
