"""Entrypoint decorators shared by the services.

``rpc`` is nameko's RPC entrypoint with these changes:

- The platform's errors are declared as expected, so nameko logs them as
  one warning line instead of a traceback. A wrong password or an unknown
  id is the caller's mistake, not a fault.
- A reply is serialised once and published without a broker confirm.
  nameko 2.14 serialises every reply twice (once to check that it can) and
  waits for a confirm, although a lost reply already ends in the caller's
  timeout.
- A JSON reply carries Thai text as UTF-8 (3 bytes a character) instead of
  the ASCII escapes of kombu's default JSON (6 bytes), which also decode
  more slowly.
"""

import sys

import kombu.serialization
import kombu.utils.json
from nameko.amqp.publish import Publisher
from nameko.constants import (
    AMQP_SSL_CONFIG_KEY,
    AMQP_URI_CONFIG_KEY,
    LOGIN_METHOD_CONFIG_KEY,
)
from nameko.exceptions import UnserializableValueError, serialize
from nameko.rpc import Rpc, RpcConsumer, get_rpc_exchange

from cybervaccine.errors import ServiceError


class ReplyConsumer(RpcConsumer):
    """The RPC queue consumer, with replies encoded once and sent unconfirmed."""

    def setup(self):
        super().setup()
        config = self.container.config
        self.reply_exchange = get_rpc_exchange(config)
        self.reply_publisher = Publisher(
            config[AMQP_URI_CONFIG_KEY],
            use_confirms=False,
            ssl=config.get(AMQP_SSL_CONFIG_KEY),
            login_method=config.get(LOGIN_METHOD_CONFIG_KEY),
        )

    def handle_result(self, message, result, exc_info):
        content_type = message.properties["content_type"]
        result, exc_info, body = encode_reply(result, exc_info, content_type)

        self.reply_publisher.publish(
            body,
            content_type=content_type,
            content_encoding="utf-8",
            exchange=self.reply_exchange,
            routing_key=message.properties["reply_to"],
            correlation_id=message.properties.get("correlation_id"),
        )

        self.queue_consumer.ack_message(message)
        return result, exc_info


def encode_reply(result, exc_info, content_type):
    """Serialise a reply as nameko's callers expect it: ``{"result": ..., "error": ...}``.

    A result that cannot be serialised becomes an ``UnserializableValueError``
    for the caller, as in nameko.
    """
    serializer = kombu.serialization.registry.type_to_name[content_type]
    error = serialize(exc_info[1]) if exc_info is not None else None

    try:
        body = _dumps({"result": result, "error": error}, serializer)
    except Exception:
        exc_info = sys.exc_info()
        error = serialize(UnserializableValueError(result))
        result = None
        body = _dumps({"result": None, "error": error}, serializer)
    return result, exc_info, body


def _dumps(payload, serializer):
    if serializer == "json":
        # kombu's encoder (dates, UUIDs, decimals as kombu tags them), without ASCII escapes.
        return kombu.utils.json.dumps(payload, ensure_ascii=False)
    return kombu.serialization.dumps(payload, serializer)[2]


class PlatformRpc(Rpc):
    rpc_consumer = ReplyConsumer()


def rpc(method):
    return PlatformRpc.decorator(expected_exceptions=(ServiceError,))(method)
