"""Transactional outbox: events are stored with the change, then relayed.

A service calls ``outbox.add(session, event_type, fields)`` inside the same
transaction as its change. After the worker ends, a relay thread in the
same process publishes pending rows to the service's event exchange and
marks them dispatched. If the process dies between commit and publish, the
rows stay pending and the next relay pass (in any copy of the service)
sends them, so delivery is at least once. Consumers deduplicate on
``event_id``.
"""

import datetime
import json
import logging
import time

import eventlet
from nameko.amqp.publish import Publisher
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.events import get_event_exchange
from nameko.extensions import DependencyProvider
from sqlalchemy import Column, DateTime, Integer, String, Text, func, select

from cybervaccine import events, metrics
from cybervaccine.db import Database

log = logging.getLogger(__name__)

RELAY_BATCH_SIZE = 200
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
        self.publisher = None
        self.exchange = None
        self.database = None
        self.pending_workers = set()
        self.running = False
        self.backlog_recorded_at = 0.0

    def setup(self):
        config = self.container.config
        self.exchange = get_event_exchange(self.container.service_name, config)
        self.publisher = Publisher(config[AMQP_URI_CONFIG_KEY], declare=[self.exchange])
        self.database = self._find_database()
        self.wakeup = eventlet.event.Event()

    def _find_database(self):
        for dependency in self.container.dependencies:
            if isinstance(dependency, Database):
                return dependency
        raise RuntimeError("a service with an Outbox needs a Database dependency")

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

    def _wake(self):
        if self.wakeup is not None and not self.wakeup.ready():
            self.wakeup.send(True)

    def _relay_forever(self):
        while self.running:
            delay = RELAY_IDLE_SECONDS
            try:
                while self.relay_once() == RELAY_BATCH_SIZE:
                    pass
            except Exception:
                if not self.running:
                    return
                log.exception("outbox relay of %s failed; retrying", self.container.service_name)
                delay = RELAY_RETRY_SECONDS

            with eventlet.Timeout(delay, False):
                self.wakeup.wait()
            self.wakeup = eventlet.event.Event()

    def relay_once(self):
        """Publish one batch of pending rows; return how many were sent."""
        session = self.database.sessionmaker()
        try:
            rows = self._lock_pending(session)
            for row in rows:
                self._publish(row)
                row.dispatched_at = utcnow()
                metrics.EVENTS_PUBLISHED.labels(self.container.service_name, row.event_type).inc()
            session.commit()
            if time.monotonic() - self.backlog_recorded_at >= BACKLOG_METRICS_SECONDS:
                self._record_backlog(session)
            return len(rows)
        finally:
            session.close()

    def _lock_pending(self, session):
        query = (
            select(self.model)
            .where(self.model.dispatched_at.is_(None))
            .order_by(self.model.id)
            .limit(RELAY_BATCH_SIZE)
            .with_for_update(skip_locked=True)
        )
        return list(session.scalars(query))

    def _publish(self, row):
        self.publisher.publish(
            json.loads(row.payload),
            exchange=self.exchange,
            routing_key=row.event_type,
            extra_headers=json.loads(row.headers or "{}"),
        )
        log.debug("published %s %s", row.event_type, row.event_id)

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
        headers = _propagated_headers(self.worker_ctx)
        row = new_outbox_row(self.provider.model, source, event_type, fields, headers)
        session.add(row)
        self.provider.pending_workers.add(self.worker_ctx)
        return json.loads(row.payload)


def new_outbox_row(model, source, event_type, fields, headers=None):
    """Build an outbox row for an event; seeding and imports use it outside a worker."""
    payload = events.build_event(source, event_type, fields)
    return model(
        event_id=payload["event_id"],
        event_type=event_type,
        payload=json.dumps(payload, ensure_ascii=False),
        headers=json.dumps(headers or {}),
    )


def _propagated_headers(worker_ctx):
    """Carry the request id from the worker's context into the event's headers."""
    request_id = worker_ctx.context_data.get("request_id")
    return {"nameko.request_id": request_id} if request_id else {}
