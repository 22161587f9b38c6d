"""The gateway's per-client rate limit on the public quiz routes."""

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from gateway.ratelimit import TokenBucketLimiter, client_address


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def request_from(remote_addr, forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return Request(EnvironBuilder(headers=headers, environ_base={"REMOTE_ADDR": remote_addr}).get_environ())


def test_bucket_allows_burst_then_waits():
    clock = FakeClock()
    limiter = TokenBucketLimiter(rate=1.0, burst=3, clock=clock)

    allowed = [limiter.take("a") for _ in range(3)]
    rejected = limiter.take("a")

    assert allowed == [0.0, 0.0, 0.0]
    assert rejected == pytest.approx(1.0)


def test_bucket_refills_over_time():
    clock = FakeClock()
    limiter = TokenBucketLimiter(rate=2.0, burst=1, clock=clock)
    limiter.take("a")

    clock.now += 0.25
    early = limiter.take("a")
    clock.now += 0.5
    later = limiter.take("a")

    assert early == pytest.approx(0.25)
    assert later == 0.0


def test_buckets_are_per_client():
    limiter = TokenBucketLimiter(rate=1.0, burst=1, clock=FakeClock())
    limiter.take("a")

    assert limiter.take("b") == 0.0
    assert limiter.take("a") > 0


def test_least_recent_clients_dropped_beyond_limit():
    limiter = TokenBucketLimiter(rate=1.0, burst=1, max_clients=2, clock=FakeClock())
    for client in ("a", "b", "c"):
        limiter.take(client)

    assert list(limiter.buckets) == ["b", "c"]


def test_client_address_ignores_forwarded_header_by_default():
    request = request_from("10.0.0.5", forwarded="198.51.100.7")

    assert client_address(request, 0) == "10.0.0.5"


def test_client_address_takes_hop_added_by_trusted_proxy():
    request = request_from("10.0.0.5", forwarded="1.2.3.4, 198.51.100.7")

    assert client_address(request, 1) == "198.51.100.7"
    assert client_address(request, 2) == "1.2.3.4"
    assert client_address(request, 3) == "10.0.0.5"


@pytest.fixture
def limited_quiz(request, service_config):
    """The quiz behind a gateway that allows 3 quiz requests a minute per client."""
    service_config["RATE_LIMIT_QUIZ_PER_MINUTE"] = 3
    service_config["RATE_LIMIT_QUIZ_BURST"] = 3
    return request.getfixturevalue("quiz")


def test_public_routes_answer_429_over_limit(limited_quiz):
    responses = [limited_quiz.post("/api/v1/quiz/attempts", json={}) for _ in range(4)]
    english = limited_quiz.post("/api/v1/quiz/attempts", json={}, headers={"Accept-Language": "en"})

    assert [response.status_code for response in responses] == [201, 201, 201, 429]
    assert responses[3].json()["error"] == "rate_limited"
    assert "กรุณารอ" in responses[3].json()["message"]
    assert int(responses[3].headers["Retry-After"]) >= 1
    assert english.json()["message"].startswith("Too many requests")


def test_staff_routes_are_not_quiz_limited(limited_quiz):
    admin = limited_quiz.as_admin()

    statuses = [admin.get("/api/v1/quiz/versions").status_code for _ in range(5)]

    assert statuses == [200] * 5
