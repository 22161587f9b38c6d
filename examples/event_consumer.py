"""A small consumer of Cyber Vaccine events for analytics systems outside the platform.

It needs only kombu (``pip install kombu``), not nameko. It declares a
durable queue of its own, binds it to the exchanges of the events you ask
for, and prints each event as one line of JSON on standard output. A
message is acknowledged after its line is written, and an event whose
``event_id`` was already printed is skipped, because delivery is at least
once. Replace ``handle`` with your own storage.

Examples:

    python examples/event_consumer.py --amqp-uri amqp://user:password@127.0.0.1:5672/ \\
        --queue my-analytics quiz.quiz_completed reports.outreach_reported

    python examples/event_consumer.py --queue my-analytics 'reports.*'    # every event of a service

The queue stays on the broker when the program stops, so events published
meanwhile wait for the next run. Delete it in the RabbitMQ management UI
when you no longer need it. The event reference is docs/events.md.
"""

import argparse
import json
import sys
from collections import OrderedDict

from kombu import Connection, Exchange, Queue

SEEN_IDS_KEPT = 100_000


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", nargs="+", help="events as SERVICE.EVENT_TYPE, or SERVICE.* for all of a service")
    parser.add_argument("--amqp-uri", default="amqp://guest:guest@127.0.0.1:5672/", help="RabbitMQ address")
    parser.add_argument("--queue", required=True, help="name of your durable queue")
    parser.add_argument("--limit", type=int, default=None, help="stop after printing this many events")
    parser.add_argument("--idle-timeout", type=float, default=None,
                        help="stop after this many seconds without a message")
    return parser.parse_args(argv)


def bindings(event_names):
    """Return (exchange, routing key) pairs for names like quiz.quiz_completed or reports.*."""
    pairs = []
    for name in event_names:
        service, _, event_type = name.partition(".")
        if not service or not event_type:
            raise SystemExit("write events as SERVICE.EVENT_TYPE, for example quiz.quiz_completed: {!r}".format(name))
        exchange = Exchange("{}.events".format(service), type="topic", durable=True)
        pairs.append((exchange, "#" if event_type == "*" else event_type))
    return pairs


def declare_queue(connection, queue_name, pairs):
    """Declare the durable queue and bind it to every exchange and routing key."""
    channel = connection.channel()
    queue = Queue(queue_name, durable=True)
    bound = queue(channel)
    bound.declare()
    for exchange, routing_key in pairs:
        exchange(channel).declare()
        bound.bind_to(exchange=exchange.name, routing_key=routing_key)
    channel.close()
    return queue


class Printer:
    """Print each new event once; remember the latest ids to skip redeliveries."""

    def __init__(self, output, limit=None):
        self.output = output
        self.limit = limit
        self.printed = 0
        self.seen = OrderedDict()

    @property
    def done(self):
        return self.limit is not None and self.printed >= self.limit

    def handle(self, body, message):
        event_id = body.get("event_id")
        if event_id not in self.seen:
            line = {"exchange": message.delivery_info.get("exchange"),
                    "event_type": message.delivery_info.get("routing_key"), "event": body}
            self.output.write(json.dumps(line, ensure_ascii=False) + "\n")
            self.output.flush()
            self.printed += 1
            self.seen[event_id] = True
            if len(self.seen) > SEEN_IDS_KEPT:
                self.seen.popitem(last=False)
        message.ack()


def consume(amqp_uri, queue_name, event_names, limit=None, idle_timeout=None, output=sys.stdout):
    """Consume until ``limit`` events are printed, ``idle_timeout`` passes without a message, or Ctrl-C."""
    printer = Printer(output, limit)
    with Connection(amqp_uri, connect_timeout=10) as connection:
        queue = declare_queue(connection, queue_name, bindings(event_names))
        with connection.Consumer(queue, callbacks=[printer.handle], accept=["json"], prefetch_count=100):
            while not printer.done:
                try:
                    connection.drain_events(timeout=idle_timeout)
                except TimeoutError:
                    break
    return printer.printed


def main(argv=None):
    args = parse_args(argv)
    try:
        consume(args.amqp_uri, args.queue, args.events, args.limit, args.idle_timeout)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
