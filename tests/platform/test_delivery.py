"""At-least-once delivery: the outbox, idempotent consumers and dead letters, on real RabbitMQ and PostgreSQL."""

import json
import uuid

from kombu import Connection, Exchange, Queue
from nameko.standalone.events import event_dispatcher
from nameko.testing.services import entrypoint_waiter
from nameko.testing.utils import get_container

from cybervaccine import metrics
from cybervaccine.db import Database
from cybervaccine.messaging import event_handler, first_delivery, replay_dead_letters
from cybervaccine.outbox import new_outbox_row
from services.directory.models import HandledEvent, OutboxMessage, Unit
from services.directory.operations import unit_event_fields
from services.directory.service import DirectoryService
from tests import support

EFFECTS = []


class UnitProbe:
    """A consumer of ``directory.unit_changed`` that records each effect it applies."""

    name = "probe"
    db = Database("directory")

    @event_handler("directory", "unit_changed")
    def handle_unit_changed(self, payload):
        if not first_delivery(self.db, HandledEvent, payload, "unit_changed"):
            return
        EFFECTS.append(payload["event_id"])
        self.db.commit()


class FailingProbe:
    """A consumer whose handler fails until ``FailingProbe.broken`` is set to False."""

    name = "failing_probe"
    broken = True
    handled = []

    @event_handler("directory", "unit_changed")
    def handle_unit_changed(self, payload):
        if FailingProbe.broken:
            raise RuntimeError("cannot handle unit {}".format(payload["unit_id"]))
        FailingProbe.handled.append(payload["event_id"])


def bind_test_queue(config):
    connection = Connection(config["AMQP_URI"])
    exchange = Exchange("directory.events", type="topic", durable=True)
    queue = Queue("test-" + uuid.uuid4().hex, exchange=exchange, routing_key="unit_changed", auto_delete=True)
    bound = queue(connection.channel())
    bound.declare()
    return bound


def commit_change_without_dispatch(config):
    """Rename a unit and store its event, as a process that committed and then died would leave it."""
    session = support.session_for(config, "directory")
    try:
        unit = session.query(Unit).filter_by(code="PPR5").one()
        unit.name_en = "Provincial Police Region 5 (renamed)"
        row = new_outbox_row(OutboxMessage, "directory", "unit_changed", unit_event_fields(unit, "updated"))
        session.add(row)
        session.commit()
        return row.event_id
    finally:
        session.close()
        session.bind.dispose()


def test_committed_event_is_sent_after_restart(service_config, start_platform):
    support.seed_directory(service_config)
    queue = bind_test_queue(service_config)
    event_id = commit_change_without_dispatch(service_config)

    start_platform(DirectoryService)

    def find_event():
        while True:
            message = queue.get(no_ack=True)
            if message is None:
                return None
            payload = json.loads(message.body)
            if payload["event_id"] == event_id:
                return payload

    payload = support.wait_for(find_event, timeout=15, message="the committed unit_changed event")
    assert payload["name_en"] == "Provincial Police Region 5 (renamed)"
    session = support.session_for(service_config, "directory")
    assert session.query(OutboxMessage).filter_by(event_id=event_id).one().dispatched_at is not None
    session.close()


def test_redelivered_event_has_one_effect(service_config, runner_factory):
    support.seed_directory(service_config)
    runner = runner_factory(service_config, UnitProbe)
    runner.start()
    container = get_container(runner, UnitProbe)
    payload = {"event_id": str(uuid.uuid4()), "unit_id": 1, "code": "RTP", "name_th": "x", "name_en": "x",
               "level": "national", "parent_id": None, "path": [1], "change": "updated", "version": 1,
               "occurred_at": "2026-12-04T00:00:00+00:00"}
    dispatch = event_dispatcher(service_config)
    EFFECTS.clear()

    for _ in range(3):
        with entrypoint_waiter(container, "handle_unit_changed"):
            dispatch("directory", "unit_changed", payload)

    assert EFFECTS == [payload["event_id"]]
    session = support.session_for(service_config, "directory")
    assert session.query(HandledEvent).filter_by(event_id=payload["event_id"]).count() == 1
    session.close()


def test_concurrent_duplicates_have_one_effect(service_config, runner_factory):
    support.seed_directory(service_config)
    runner_factory(service_config, UnitProbe).start()
    payload = {"event_id": str(uuid.uuid4()), "unit_id": 1, "version": 1}
    dispatch = event_dispatcher(service_config)
    EFFECTS.clear()

    for _ in range(5):
        dispatch("directory", "unit_changed", payload)

    session = support.session_for(service_config, "directory")
    support.wait_for(lambda: session.query(HandledEvent).filter_by(event_id=payload["event_id"]).count() == 1)
    assert EFFECTS == [payload["event_id"]]
    session.close()


def test_failing_event_is_dead_lettered_then_replayed(service_config, runner_factory):
    runner = runner_factory(service_config, FailingProbe)
    runner.start()
    FailingProbe.broken = True
    FailingProbe.handled = []
    queue_name = "evt-directory-unit_changed--failing_probe.handle_unit_changed"
    before = metrics.DEAD_LETTERS.labels("failing_probe", "unit_changed")._value.get()
    payload = {"event_id": str(uuid.uuid4()), "unit_id": 7}

    event_dispatcher(service_config)("directory", "unit_changed", payload)

    connection = Connection(service_config["AMQP_URI"])
    dead_letters = Queue(queue_name + ".dead-letter")(connection.channel())

    def dead_letter():
        message = dead_letters.get(no_ack=False)
        if message is not None:
            message.requeue()
        return message

    message = support.wait_for(dead_letter, timeout=15, message="a dead-lettered message")
    assert "cannot handle unit 7" in message.headers["x-error"]
    assert message.headers["x-original-queue"] == queue_name
    assert metrics.DEAD_LETTERS.labels("failing_probe", "unit_changed")._value.get() == before + 1

    FailingProbe.broken = False
    assert replay_dead_letters(connection, queue_name) == 1
    support.wait_for(lambda: FailingProbe.handled == [payload["event_id"]], timeout=15, message="the replayed event")
    connection.release()
