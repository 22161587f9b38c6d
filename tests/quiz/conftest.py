"""Fixtures for quiz tests: the seeded quiz behind the gateway, a station officer and an event listener."""

import json
import uuid

import pytest
from kombu import Connection, Exchange, Queue

from tests import support


@pytest.fixture
def quiz(gateway, start_platform, service_config):
    """The gateway with the directory and the quiz service, the bank seeded as version 1."""
    from services.quiz import seed
    from services.quiz.service import QuizService

    session = support.session_for(service_config, "quiz")
    try:
        seed.seed(session)
    finally:
        session.close()
        session.bind.dispose()

    start_platform(QuizService)
    return gateway


@pytest.fixture
def admin(quiz):
    """A client signed in as the seeded administrator, who is also in the working group."""
    return quiz.as_admin()


@pytest.fixture
def station(admin):
    """A station unit in Chiang Mai (TH-50) from the seeded directory."""
    response = admin.get("/api/v1/units", params={"level": "station", "province_code": "TH-50"})
    assert response.status_code == 200, response.text
    return response.json()[0]


@pytest.fixture
def officer(quiz, admin, station):
    """A client signed in as an officer of ``station``."""
    return make_account(quiz, admin, station["id"], ["officer"])


def make_account(api, admin, unit_id, roles):
    username = "user-{}".format(uuid.uuid4().hex[:8])
    password = "password-{}".format(uuid.uuid4().hex[:8])
    response = admin.post(
        "/api/v1/accounts",
        json={"username": username, "password": password, "display_name": username, "unit_id": unit_id, "roles": roles},
    )
    assert response.status_code == 201, response.text
    return api.login(username, password)


@pytest.fixture
def quiz_events(service_config):
    """A queue bound to ``quiz_completed`` before anything is published; call it to wait for events."""
    connection = Connection(service_config["AMQP_URI"])
    exchange = Exchange("quiz.events", type="topic", durable=True)
    queue = Queue("test-quiz-completed-" + uuid.uuid4().hex[:8], exchange=exchange, routing_key="quiz_completed",
                  exclusive=True)
    bound = queue(connection.default_channel)
    bound.declare()
    received = []

    def wait(count, timeout=15):
        def collected():
            message = bound.get(no_ack=True)
            while message is not None:
                received.append(json.loads(message.body))
                message = bound.get(no_ack=True)
            return len(received) >= count

        support.wait_for(collected, timeout=timeout, message="{} quiz_completed events".format(count))
        return list(received)

    yield wait
    connection.release()
