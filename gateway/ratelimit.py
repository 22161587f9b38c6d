"""Per-client request rate limits for the gateway's public routes (token buckets).

A route group declares ``limit = RateLimit("quiz", per_minute=120, burst=60)``
on its routes class and calls ``self.limit.check(context.request)`` first in
each handler. A client over its limit gets 429 with the gateway's error
body (code ``rate_limited``) and a ``Retry-After`` header in whole seconds.

Settings, read from the nameko config (``<NAME>`` is the upper-cased group):

- ``RATE_LIMIT_<NAME>_PER_MINUTE``: sustained requests per minute per client;
  0 turns the limit off.
- ``RATE_LIMIT_<NAME>_BURST``: requests a client may send at once.
- ``RATE_LIMIT_TRUSTED_PROXIES``: how many reverse proxies in front of the
  gateway append to ``X-Forwarded-For``. With 0 (the default) the header is
  ignored and the client is the TCP peer address. With n, the client is the
  n-th address from the right of the header, the one the outermost trusted
  proxy saw, so a client cannot pick its own key by sending the header.

Client addresses are kept only in this process's memory, as bucket keys,
and never logged or stored.

NOTE: the buckets are per gateway process. With several gateway copies
behind a load balancer, a client may get up to (copies x limit) requests
through. A shared store (for example Redis) would make the limit global.
"""

import collections
import math
import threading
import time

from nameko.extensions import DependencyProvider
from prometheus_client import Counter

from gateway.errors import RateLimited
from gateway.messages import MESSAGES

MAX_TRACKED_CLIENTS = 100_000

REJECTED = Counter(
    "cybervaccine_gateway_rate_limited_total", "Requests rejected with 429, by limit group.", ["limit"]
)


class TokenBucketLimiter:
    """Token buckets per client key: ``rate`` tokens per second refill up to ``burst``.

    The least recently seen clients are dropped beyond ``max_clients``; a
    dropped client starts again with a full bucket.
    """

    def __init__(self, rate, burst, max_clients=MAX_TRACKED_CLIENTS, clock=time.monotonic):
        self.rate = float(rate)
        self.burst = float(burst)
        self.max_clients = max_clients
        self.clock = clock
        self.buckets = collections.OrderedDict()
        self.lock = threading.Lock()

    def take(self, client):
        """Spend one token of ``client``; return 0 if allowed, else the seconds until a token is back."""
        with self.lock:
            now = self.clock()
            tokens, updated = self.buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - updated) * self.rate)

            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / self.rate

            self.buckets[client] = (tokens, now)
            while len(self.buckets) > self.max_clients:
                self.buckets.popitem(last=False)
            return wait


def client_address(request, trusted_proxies):
    """Return the key of the client that sent ``request`` (see the module docstring)."""
    if trusted_proxies > 0:
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        if len(hops) >= trusted_proxies:
            return hops[-trusted_proxies]
    return request.remote_addr or "unknown"


class RateLimit(DependencyProvider):
    """A named rate limit shared by the routes of one group in this process."""

    def __init__(self, name, per_minute, burst):
        self.name = name
        self.default_per_minute = per_minute
        self.default_burst = burst
        self.limiter = None
        self.trusted_proxies = 0

    def setup(self):
        config = self.container.config
        prefix = "RATE_LIMIT_{}_".format(self.name.upper())
        per_minute = float(_setting(config, prefix + "PER_MINUTE", self.default_per_minute))
        burst = float(_setting(config, prefix + "BURST", self.default_burst))
        self.trusted_proxies = int(_setting(config, "RATE_LIMIT_TRUSTED_PROXIES", 0))
        self.limiter = TokenBucketLimiter(per_minute / 60.0, max(burst, 1.0)) if per_minute > 0 else None

    def get_dependency(self, worker_ctx):
        return self

    def check(self, request):
        """Raise ``RateLimited`` if the request's client has no token left."""
        if self.limiter is None:
            return

        wait = self.limiter.take(client_address(request, self.trusted_proxies))
        if wait > 0:
            REJECTED.labels(self.name).inc()
            retry_after = max(1, int(math.ceil(wait)))
            error = MESSAGES.error(RateLimited, "rate_limited", details={"retry_after": retry_after}, retry_after=retry_after)
            error.retry_after = retry_after
            raise error


def _setting(config, key, default):
    value = config.get(key)
    return default if value in (None, "") else value
