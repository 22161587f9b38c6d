"""Transactional outbox: events are stored with the change, then relayed.

A service calls ``outbox.add(session, event_type, fields)`` inside the same
transaction as its change. After the worker ends, a relay thread in the
same process publishes pending rows to the service's event exchange and
marks them dispatched. If the process dies between commit and publish, the
rows stay pending and the next relay pass (in any copy of the service)
sends them, so delivery is at least once. Consumers deduplicate on
``event_id``.

The relay waits ``RELAY_GATHER_SECONDS`` after a wake-up, so that events of
requests that finish close together leave in one pass. A pass runs one
statement that claims the rows and marks them dispatched, one broker
transaction for the whole batch and one commit. Before, each event cost a
broker confirm and three statements.
"""

import collections
import datetime
import json
import logging
import time

import eventlet
import kombu
from nameko.constants import AMQP_SSL_CONFIG_KEY, AMQP_URI_CONFIG_KEY, LOGIN_METHOD_CONFIG_KEY
from nameko.events import get_event_exchange
from nameko.extensions import DependencyProvider
from sqlalchemy import Column, DateTime, Integer, String, Text, bindparam, func, select, update

from cybervaccine import events, jsonfast, metrics
from cybervaccine.db import Database
from cybervaccine.extensions import find_dependency

log = logging.getLogger(__name__)

RELAY_BATCH_SIZE = 200
RELAY_GATHER_SECONDS = 0.05
RELAY_IDLE_SECONDS = 1.0
RELAY_RETRY_SECONDS = 5.0
BACKLOG_METRICS_SECONDS = 1.0


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


class OutboxMessageMixin:
    """Columns of the ``outbox`` table; each service maps it on its own Base."""

    __tablename__ = "outbox"

    id = Column(Integer, primary_key=True, autoincrement=True)
    event_id = Column(String(36), nullable=False, unique=True)
    event_type = Column(String(100), nullable=False)
    payload = Column(Text, nullable=False)
    headers = Column(Text, nullable=False, default="{}")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    dispatched_at = Column(DateTime(timezone=True), nullable=True, index=True)


class HandledEventMixin:
    """Columns of the ``handled_events`` table: the consumer side's deduplication record."""

    __tablename__ = "handled_events"

    event_id = Column(String(36), primary_key=True)
    event_type = Column(String(100), nullable=False)
    handled_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class Outbox(DependencyProvider):
    """Store events with the worker's transaction and relay them afterwards.

    ``model`` is the service's mapped outbox class. The relay runs as a
    managed thread of the service container and wakes when a worker that
    added events ends, or every second otherwise.
    """

    def __init__(self, model):
        self.model = model
        self.wakeup = None
        self.broker_options = None
        self.exchange = None
        self.broker = None
        self.database = None
        self.pending_workers = set()
        self.running = False
        self.backlog_recorded_at = 0.0
        self.claim = claim_statement(model.__table__)

    def setup(self):
        config = self.container.config
        self.exchange = get_event_exchange(self.container.service_name, config)
        self.broker_options = {
            "hostname": config[AMQP_URI_CONFIG_KEY],
            "ssl": config.get(AMQP_SSL_CONFIG_KEY),
            "login_method": config.get(LOGIN_METHOD_CONFIG_KEY),
            # Operators see this name in RabbitMQ's connection list.
            "transport_options": {
                "client_properties": {"connection_name": "outbox relay of " + self.container.service_name}
            },
        }
        self.database = find_dependency(self.container, Database, "Outbox")
        self.wakeup = eventlet.event.Event()

    def start(self):
        self.running = True
        self.container.spawn_managed_thread(self._relay_forever, identifier="outbox_relay")

    def stop(self):
        self.running = False
        self._wake()

    def kill(self):
        self.stop()

    def get_dependency(self, worker_ctx):
        return OutboxWriter(self, worker_ctx)

    def worker_teardown(self, worker_ctx):
        if worker_ctx in self.pending_workers:
            self.pending_workers.discard(worker_ctx)
            self._wake()

    def notify(self):
        """Tell the relay that events were committed outside a worker of this provider."""
        self._wake()

    def _wake(self):
        if self.wakeup is not None and not self.wakeup.ready():
            self.wakeup.send(True)

    def _relay_forever(self):
        try:
            while self.running:
                self._relay_until_idle()
        finally:
            self._close_broker()

    def _relay_until_idle(self):
        delay = RELAY_IDLE_SECONDS
        try:
            while self.relay_once() == RELAY_BATCH_SIZE:
                pass
        except Exception:
            if not self.running:
                return
            log.exception("outbox relay of %s failed; retrying", self.container.service_name)
            delay = RELAY_RETRY_SECONDS

        woken = False
        with eventlet.Timeout(delay, False):
            woken = self.wakeup.wait()
        self.wakeup = eventlet.event.Event()

        if woken and self.running:
            eventlet.sleep(RELAY_GATHER_SECONDS)

    def relay_once(self):
        """Publish one batch of pending rows and return how many were sent.

        One statement claims the rows and marks them dispatched. If
        publishing fails, the transaction rolls back and they stay pending.
        """
        session = self.database.sessionmaker()
        try:
            rows = self._claim_pending(session)
            if rows:
                self._publish(rows)
            session.commit()
            self._count_published(rows)

            if time.monotonic() - self.backlog_recorded_at >= BACKLOG_METRICS_SECONDS:
                self._record_backlog(session)
            return len(rows)
        finally:
            session.close()

    def _claim_pending(self, session):
        rows = session.execute(self.claim, {"dispatched_at": utcnow()}).all()
        return sorted(rows, key=lambda row: row.id)

    def _count_published(self, rows):
        service = self.container.service_name
        # One increment per event type: a labelled child costs a lock and a lookup each time.
        for event_type, count in collections.Counter(row.event_type for row in rows).items():
            metrics.EVENTS_PUBLISHED.labels(service, event_type).inc(count)

    def _publish(self, rows):
        """Send ``rows`` in one broker transaction, so either all of them are routed or none is.

        A connection left broken by a broker restart fails on first use, so
        a batch that fails on a reused connection is tried once more on a
        new one.
        """
        reused = self.broker is not None
        try:
            self._publish_in_transaction(rows)
        except Exception:
            self._close_broker()
            if not reused:
                raise
            log.info("outbox relay of %s reconnects to the broker", self.container.service_name)
            self._publish_in_transaction(rows)

    def _publish_in_transaction(self, rows):
        channel = self._open_broker().channel
        for row in rows:
            # The stored payload is already JSON, so it goes out as it is, in UTF-8.
            # The channel's own calls cost half of kombu's Producer.publish per message.
            message = channel.prepare_message(
                row.payload.encode("utf-8"),
                content_type="application/json",
                content_encoding="utf-8",
                headers=json.loads(row.headers or "{}"),
                properties={"delivery_mode": kombu.entity.PERSISTENT_DELIVERY_MODE},
            )
            channel.basic_publish(message, exchange=self.exchange.name, routing_key=row.event_type)
            log.debug("published %s %s", row.event_type, row.event_id)
        channel.tx_commit()

    def _open_broker(self):
        if self.broker is None:
            self.broker = _BrokerLink.open(self.broker_options, self.exchange)
        return self.broker

    def _close_broker(self):
        broker, self.broker = self.broker, None
        if broker is not None:
            broker.close()

    def _record_backlog(self, session):
        """Set the backlog gauges; at most once a second, since it counts every pending row."""
        self.backlog_recorded_at = time.monotonic()
        pending = self.model.dispatched_at.is_(None)
        count, oldest = session.execute(
            select(func.count(self.model.id), func.min(self.model.created_at)).where(pending)
        ).one()
        service = self.container.service_name
        metrics.OUTBOX_PENDING.labels(service).set(count)
        metrics.OUTBOX_OLDEST_AGE.labels(service).set(_age_seconds(oldest))
        session.rollback()


def claim_statement(table):
    """Return the statement that marks the oldest pending rows dispatched and returns them.

    It is built once per outbox, so that SQLAlchemy finds its compiled form
    without working out a cache key on every pass.
    """
    pending = (
        select(table.c.id)
        .where(table.c.dispatched_at.is_(None))
        .order_by(table.c.id)
        .limit(RELAY_BATCH_SIZE)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    return (
        update(table)
        .where(table.c.id.in_(pending))
        .values(dispatched_at=bindparam("dispatched_at"))
        .returning(table.c.id, table.c.event_id, table.c.event_type, table.c.payload, table.c.headers)
    )


class _BrokerLink:
    """The relay's own connection and channel, in AMQP transaction mode."""

    def __init__(self, connection, channel):
        self.connection = connection
        self.channel = channel

    @classmethod
    def open(cls, options, exchange):
        connection = kombu.Connection(**options)
        try:
            channel = connection.channel()
            exchange(channel).declare()
            channel.tx_select()
        except Exception:
            connection.release()
            raise
        return cls(connection, channel)

    def close(self):
        try:
            self.connection.release()
        except Exception:
            log.debug("closing the relay's broker connection failed", exc_info=True)


def _age_seconds(timestamp):
    if timestamp is None:
        return 0.0
    if timestamp.tzinfo is None:
        timestamp = timestamp.replace(tzinfo=datetime.timezone.utc)
    return max(0.0, (utcnow() - timestamp).total_seconds())


class OutboxWriter:
    """The outbox interface injected into a worker as ``self.outbox``."""

    def __init__(self, provider, worker_ctx):
        self.provider = provider
        self.worker_ctx = worker_ctx

    def add(self, session, event_type, fields):
        """Validate an event and add it to ``session``; it is sent after commit."""
        source = self.provider.container.service_name
        headers = propagated_headers(self.worker_ctx)
        row = new_outbox_row(self.provider.model, source, event_type, fields, headers)
        session.add(row)
        self.provider.pending_workers.add(self.worker_ctx)
        return json.loads(row.payload)


def new_outbox_row(model, source, event_type, fields, headers=None):
    """Build an outbox row for an event; seeding and imports use it outside a worker."""
    return model(**outbox_values(source, event_type, fields, headers))


def outbox_values(source, event_type, fields, headers=None):
    """Return the column values of an event's outbox row, for a bulk insert of many rows."""
    payload = events.build_event(source, event_type, fields)
    return {
        "event_id": payload["event_id"],
        "event_type": event_type,
        "payload": _json_text(payload),
        "headers": _json_text(headers or {}),
    }


def _json_text(value):
    try:
        return jsonfast.dumps(value).decode("utf-8")
    except TypeError:
        return json.dumps(value, ensure_ascii=False)


def propagated_headers(worker_ctx):
    """Carry the request id from the worker's context into the event's headers."""
    request_id = worker_ctx.context_data.get("request_id")
    return {"nameko.request_id": request_id} if request_id else {}
