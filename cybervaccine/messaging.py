"""Event consumption: durable handler queues, retries, dead letters, deduplication.

``event_handler`` is nameko's service-pool handler with two additions. A
message whose handler raises is published again to its own queue, up to
``MAX_DELIVERY_ATTEMPTS`` deliveries in all. After the last one it goes to
the handler's dead-letter queue (``<queue>.dead-letter``) with the error in
its headers, and is acknowledged. ``replay_dead_letters`` moves such
messages back.

``first_delivery`` records an event id in the handler's transaction, so a
redelivered event has no second effect.
"""

import logging
import traceback

from kombu import Connection, Exchange, Queue
from nameko.amqp.publish import Publisher
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.events import SERVICE_POOL, EventHandler
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from sqlalchemy.exc import IntegrityError

from cybervaccine import metrics

log = logging.getLogger(__name__)

DEAD_LETTER_EXCHANGE = Exchange("cybervaccine.dead-letter", type="direct", durable=True)
MAX_DELIVERY_ATTEMPTS = 3
ATTEMPT_HEADER = "x-cybervaccine-attempt"


def handler_queue_name(source, event_type, service_name, method_name):
    """Return the queue name nameko gives a service-pool event handler."""
    return "evt-{}-{}--{}.{}".format(source, event_type, service_name, method_name)


def dead_letter_queue(queue_name):
    return Queue(
        queue_name + ".dead-letter",
        exchange=DEAD_LETTER_EXCHANGE,
        routing_key=queue_name,
        durable=True,
    )


class ReliableEventHandler(EventHandler):
    """A durable service-pool event handler with retries and a dead-letter queue."""

    def setup(self):
        super().setup()
        amqp_uri = self.container.config[AMQP_URI_CONFIG_KEY]
        self.dead_letters = dead_letter_queue(self.queue.name)
        self.publisher = Publisher(amqp_uri, declare=[DEAD_LETTER_EXCHANGE, self.dead_letters])
        with Connection(amqp_uri) as connection:
            self.dead_letters(connection.channel()).declare()

    def handle_message_processed(self, message, result=None, exc_info=None):
        if exc_info is not None:
            self._retry_or_dead_letter(message, exc_info)
        self.queue_consumer.ack_message(message)

    def _retry_or_dead_letter(self, message, exc_info):
        attempt = int(message.headers.get(ATTEMPT_HEADER, 1))
        headers = dict(message.headers)
        service = self.container.service_name

        if attempt < MAX_DELIVERY_ATTEMPTS:
            headers[ATTEMPT_HEADER] = attempt + 1
            log.warning(
                "handler %s failed on attempt %d, retrying: %s", self.queue.name, attempt, exc_info[1]
            )
            self.publisher.publish(message.payload, exchange="", routing_key=self.queue.name, headers=headers)
            return

        headers.update(
            {
                "x-error": "".join(traceback.format_exception_only(exc_info[0], exc_info[1])).strip()[:2000],
                "x-original-exchange": self.queue.exchange.name,
                "x-original-routing-key": self.event_type,
                "x-original-queue": self.queue.name,
            }
        )
        self.publisher.publish(
            message.payload, exchange=DEAD_LETTER_EXCHANGE, routing_key=self.queue.name, headers=headers
        )
        metrics.DEAD_LETTERS.labels(service, self.event_type).inc()
        log.error("handler %s dead-lettered an event after %d attempts", self.queue.name, attempt)


event_handler = ReliableEventHandler.decorator


def first_delivery(session, handled_model, payload, event_type):
    """Record ``payload``'s event id; return False if it was handled before.

    Call it first in the handler's transaction. A concurrent duplicate
    blocks on the primary key and then fails here, so only one copy of an
    event takes effect.
    """
    session.add(handled_model(event_id=str(payload["event_id"]), event_type=event_type))
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        log.info("event %s was already handled; skipping", payload["event_id"])
        return False
    return True


def handler_queues(service_class):
    """Yield (exchange name, routing key, queue name) for each service-pool event handler of a service class.

    Broadcast handlers are left out: each process declares its own
    short-lived queue when it starts.
    """
    for name in dir(service_class):
        method = getattr(service_class, name)
        for extension in getattr(method, ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(extension, EventHandler) and extension.handler_type == SERVICE_POOL:
                source = extension.source_service
                queue = handler_queue_name(source, extension.event_type, service_class.name, name)
                yield "{}.events".format(source), extension.event_type, queue


def declare_handler_queues(connection, service_classes):
    """Declare every handler queue and dead-letter queue before any service publishes.

    Run at deploy or start time: an event published to an exchange with no
    bound queue is dropped, so consumers' queues must exist first.
    """
    declared = []
    channel = connection.channel()
    for service_class in service_classes:
        for exchange_name, routing_key, queue_name in handler_queues(service_class):
            exchange = Exchange(exchange_name, type="topic", durable=True)
            queue = Queue(queue_name, exchange=exchange, routing_key=routing_key, durable=True)
            queue(channel).declare()
            dead_letter_queue(queue_name)(channel).declare()
            declared.append(queue_name)
    channel.close()
    return declared


def replay_dead_letters(connection, queue_name, limit=None):
    """Publish dead-lettered messages of ``queue_name`` back to its handler; return the count."""
    channel = connection.channel()
    dead_letters = dead_letter_queue(queue_name)(channel)
    dead_letters.declare()
    replayed = 0

    while limit is None or replayed < limit:
        message = dead_letters.get(no_ack=False)
        if message is None:
            break
        headers = {key: value for key, value in message.headers.items() if not key.startswith("x-")}
        producer = connection.Producer(channel)
        producer.publish(
            message.body,
            exchange="",
            routing_key=queue_name,
            headers=headers,
            content_type=message.content_type,
            content_encoding=message.content_encoding,
            delivery_mode=2,
        )
        message.ack()
        replayed += 1

    channel.close()
    return replayed
