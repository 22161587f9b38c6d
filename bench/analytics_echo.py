"""The baseline of bench/analytics_ingest.py: a nameko service that counts quiz_completed events and does nothing else.

It uses the platform's per-event handler (``cybervaccine.messaging.event_handler``),
so its rate is what nameko, kombu and RabbitMQ cost per event on the
machine, without validation, database or read models. Run as:

    nameko run --config config.yaml bench.analytics_echo:EchoConsumer

``GET /count`` on its web address returns how many events it has handled.
"""

import json

from cybervaccine.messaging import event_handler
from nameko.web.handlers import http

HANDLED = {"count": 0}


class EchoConsumer:
    name = "bench_analytics_echo"

    @event_handler("quiz", "quiz_completed")
    def handle_quiz_completed(self, payload):
        HANDLED["count"] += 1

    @http("GET", "/count")
    def count(self, request):
        return 200, {"Content-Type": "application/json"}, json.dumps(HANDLED)
