"""The outbox relay on real RabbitMQ and PostgreSQL: batches, message form, and a broker that drops it."""

import json
import logging

from sqlalchemy import func, select

from cybervaccine import events
from cybervaccine.outbox import RELAY_BATCH_SIZE, new_outbox_row
from services.directory.models import OutboxMessage
from tests import support
from tests.platform.test_delivery import bind_test_queue

ROWS = RELAY_BATCH_SIZE + 50


def unit_changed_fields(number):
    fields = dict(events.schema_for("directory", "unit_changed").example)
    fields.update(unit_id=number, name_th="สถานีตำรวจทดสอบ {}".format(number))
    return fields


def store_events(config, count, first=1):
    """Commit ``count`` unit_changed rows as workers would, each with a request id; return their event ids."""
    session = support.session_for(config, "directory")
    try:
        rows = [
            new_outbox_row(
                OutboxMessage, "directory", "unit_changed", unit_changed_fields(number),
                {"nameko.request_id": "request-{}".format(number)},
            )
            for number in range(first, first + count)
        ]
        session.add_all(rows)
        session.commit()
        return [row.event_id for row in rows]
    finally:
        session.close()
        session.bind.dispose()


def receive(queue, count):
    messages = []

    def received_all():
        while len(messages) < count:
            message = queue.get(no_ack=True)
            if message is None:
                return False
            messages.append(message)
        return True

    support.wait_for(received_all, timeout=20, message="{} events".format(count))
    return messages


def pending_rows(config):
    session = support.session_for(config, "directory")
    try:
        return session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.dispatched_at.is_(None)))
    finally:
        session.close()
        session.bind.dispose()


def test_backlog_sent_in_order_as_utf8_json(service_config, start_platform):
    from services.directory.service import DirectoryService

    queue = bind_test_queue(service_config)
    event_ids = store_events(service_config, ROWS)

    start_platform(DirectoryService)
    messages = receive(queue, ROWS)

    assert [json.loads(message.body)["event_id"] for message in messages] == event_ids
    first = messages[0]
    assert first.content_type == "application/json"
    assert first.content_encoding == "utf-8"
    assert "สถานีตำรวจทดสอบ 1" in first.body
    assert "\\u0e" not in first.body
    assert first.headers["nameko.request_id"] == "request-1"
    assert first.properties["delivery_mode"] == 2
    support.wait_for(lambda: pending_rows(service_config) == 0, message="every row marked dispatched")


def test_relay_reconnects_after_forced_close(service_config, start_platform, rabbit_manager, caplog):
    from services.directory.service import DirectoryService

    queue = bind_test_queue(service_config)
    start_platform(DirectoryService)
    store_events(service_config, 1)
    receive(queue, 1)

    closed = support.close_named_connections(rabbit_manager, service_config["vhost"], "outbox relay of directory")
    caplog.set_level(logging.INFO, logger="cybervaccine.outbox")
    later = store_events(service_config, 1, first=2)

    assert closed == 1
    assert [json.loads(message.body)["event_id"] for message in receive(queue, 1)] == later
    assert "outbox relay of directory reconnects to the broker" in caplog.text
    assert "outbox relay of directory failed" not in caplog.text
