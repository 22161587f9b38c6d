"""Event handlers that take events in batches, for a consumer that must keep up with bursts.

``batch_event_handler(source, event_type)`` is the platform's
``event_handler`` (durable queue, three attempts, then the dead-letter
queue) with one difference: the decorated method receives a list of
payloads, up to ``max_batch`` of them or whatever arrived within
``max_wait`` seconds. One worker and one database transaction then serve
the whole batch, where a handler per event costs a worker and a commit
each. On a 2-core test machine that per-event cost capped consumption at
a few hundred events a second (bench/analytics_ingest.py).

Each message is acknowledged only after its batch's worker has returned,
that is after the transaction that stored it committed. The method returns
{index: reason} for payloads it refused; those, and every message of a
batch whose worker raised, go through the same retry and dead-letter path
as a single failed event. The handlers' queue consumer has its own
connection, with a prefetch count large enough to fill batches
(``ANALYTICS_PREFETCH_COUNT``, default 2000).
"""

import functools
import logging

import eventlet
from nameko.exceptions import ContainerBeingKilled
from nameko.messaging import QueueConsumer

from cybervaccine.messaging import ReliableEventHandler

log = logging.getLogger(__name__)

DEFAULT_PREFETCH_COUNT = 2000
DEFAULT_MAX_BATCH = 500
DEFAULT_MAX_WAIT_SECONDS = 0.05


class RejectedEvent(Exception):
    """Raised (as the recorded failure) for an event payload that its handler refused."""


class PrefetchingQueueConsumer(QueueConsumer):
    """A queue consumer of its own whose prefetch count is set for batches, not by ``max_workers``."""

    @property
    def prefetch_count(self):
        return int(self.container.config.get("ANALYTICS_PREFETCH_COUNT") or DEFAULT_PREFETCH_COUNT)


class BatchEventHandler(ReliableEventHandler):
    queue_consumer = PrefetchingQueueConsumer()

    def __init__(self, source_service, event_type, max_batch=DEFAULT_MAX_BATCH,
                 max_wait=DEFAULT_MAX_WAIT_SECONDS, **kwargs):
        super().__init__(source_service, event_type, **kwargs)
        self.max_batch = max_batch
        self.max_wait = max_wait
        self.buffer = []
        self.flush_timer = None
        self.stopping = False

    def stop(self):
        self.stopping = True
        if self.flush_timer is not None:
            self.flush_timer.cancel()
        super().stop()

    def handle_message(self, body, message):
        self.buffer.append((body, message))
        if len(self.buffer) >= self.max_batch:
            self._flush()
        elif self.flush_timer is None:
            self.flush_timer = eventlet.spawn_after(self.max_wait, self._flush)

    def _flush(self):
        if self.flush_timer is not None:
            self.flush_timer.cancel()
            self.flush_timer = None
        batch, self.buffer = self.buffer, []
        if not batch:
            return

        messages = [message for _, message in batch]
        if self.stopping:
            # Unacknowledged messages go back to the queue when the connection closes.
            return
        handle_result = functools.partial(self._handle_batch_result, messages)
        try:
            self.container.spawn_worker(self, ([body for body, _ in batch],), {}, handle_result=handle_result)
        except ContainerBeingKilled:
            for message in messages:
                self.queue_consumer.requeue_message(message)

    def _handle_batch_result(self, messages, worker_ctx, result=None, exc_info=None):
        rejected = result or {}
        for index, message in enumerate(messages):
            if exc_info is not None:
                self._retry_or_dead_letter(message, exc_info)
            elif index in rejected:
                error = RejectedEvent(rejected[index])
                self._retry_or_dead_letter(message, (RejectedEvent, error, None))
            self.queue_consumer.ack_message(message)
        return result, exc_info


batch_event_handler = BatchEventHandler.decorator
