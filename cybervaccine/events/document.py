"""Write the event reference for consumers outside the platform, from the registered schemas.

Usage: ``python -m cybervaccine.events.document > docs/events.md``

The document lists every event of the registry with its exchange, routing
key, version, fields and an example. Each field has its type, whether it
is required or may be null, its allowed values and its description. The
document also explains the envelope and how to bind a durable queue. The output depends only on the registry,
so a test can check that docs/events.md is up to date.
"""

import json
import sys

from marshmallow import fields, validate

from cybervaccine import events

EXAMPLE_EVENT_ID = "6f1d2c3b-9a8e-4f70-b1c2-d3e4f5a6b7c8"
EXAMPLE_OCCURRED_AT = "2026-11-28T05:12:40.123456+00:00"
ENVELOPE_FIELDS = tuple(events.EventEnvelope._declared_fields)

INTRODUCTION_TH = """\
# เหตุการณ์ของแพลตฟอร์มไซเบอร์วัคซีน (Cyber Vaccine events)

เอกสารนี้สร้างจากโค้ดด้วยคำสั่ง `python -m cybervaccine.events.document > docs/events.md`
อย่าแก้ไขด้วยมือ / Generated from the event schemas; do not edit by hand.

ระบบภายนอกที่ต้องการวิเคราะห์ข้อมูลสามารถรับเหตุการณ์ (event) ทุกชนิดของแพลตฟอร์มได้จาก RabbitMQ
โดยสร้างคิวแบบถาวร (durable queue) ของตนเองแล้วผูก (bind) กับ exchange ของบริการที่ต้องการ
แต่ละบริการมี exchange แบบ topic หนึ่งตัวชื่อ `<บริการ>.events` และใช้ชื่อเหตุการณ์เป็น routing key
ข้อความเป็น JSON ทุกเหตุการณ์มีส่วนหัวเดียวกัน (`event_id`, `occurred_at`, `version`)
การส่งเป็นแบบอย่างน้อยหนึ่งครั้ง (at least once) ผู้รับจึงต้องตัดรายการซ้ำด้วย `event_id`
ความหมายของฟิลด์จะไม่เปลี่ยนภายในรุ่น (version) เดียวกัน หากเปลี่ยนจะออกเป็นรุ่นใหม่
และอาจมีฟิลด์ใหม่เพิ่มเข้ามาในรุ่นเดิมได้ ผู้รับควรข้ามฟิลด์ที่ไม่รู้จัก
ตัวอย่างโปรแกรมรับเหตุการณ์อยู่ที่ `examples/event_consumer.py`
"""

INTRODUCTION_EN = """\
## How to consume the events

Analytics consumers outside the platform receive every event from RabbitMQ.

- **Exchanges**: one durable `topic` exchange per emitting service, named
  `<service>.events` (for example `quiz.events`).
- **Routing key**: the event type (for example `quiz_completed`). Bind with
  `#` to receive every event of a service.
- **Body**: a JSON object (content type `application/json`, UTF-8): the
  envelope fields below and the event's own fields.
- **Delivery**: at least once. A service writes its change and the event in
  one database transaction (an outbox) and publishes it afterwards, so an
  event can arrive twice. Deduplicate on `event_id`.
- **Order**: not guaranteed across events. Events that describe the state of
  one record carry a field to order them by (for example `revision` of an
  outreach report); otherwise use `occurred_at`.
- **Versions**: a field never changes meaning within a version. A changed
  meaning gets a new version number. New fields may be added within a
  version, so ignore fields you do not know.
- **Your queue**: declare a durable queue of your own, bind it to the
  exchanges and routing keys you need, and acknowledge a message after you
  have stored it. Events published while your consumer is down wait in the
  queue. Declare the queue before you need its first event: RabbitMQ drops
  events for which no queue is bound.

```python
from kombu import Connection, Exchange, Queue

exchange = Exchange("quiz.events", type="topic", durable=True)
queue = Queue("my-analytics.quiz", exchange=exchange, routing_key="quiz_completed", durable=True)

with Connection("amqp://user:password@broker:5672/") as connection:
    with connection.Consumer(queue, callbacks=[lambda body, message: (print(body), message.ack())]):
        while True:
            connection.drain_events()
```

`examples/event_consumer.py` is a complete consumer with deduplication.

## Envelope

Every event carries these fields.

"""


def field_type(field):
    """Return a short JSON type description of a marshmallow field."""
    if isinstance(field, fields.List):
        return "array of {}".format(field_type(field.inner))
    if isinstance(field, fields.Nested):
        return "object"
    if isinstance(field, fields.Dict):
        return "object ({} → {})".format(field_type(field.key_field), field_type(field.value_field))
    if isinstance(field, fields.UUID):
        return "string (UUID)"
    if isinstance(field, (fields.AwareDateTime, fields.DateTime)):
        return "string (date-time, ISO 8601)"
    if isinstance(field, fields.Date):
        return "string (date, YYYY-MM-DD)"
    if isinstance(field, fields.Integer):
        return "integer"
    if isinstance(field, (fields.Float, fields.Decimal, fields.Number)):
        return "number"
    if isinstance(field, fields.Boolean):
        return "boolean"
    return "string"


def field_rules(field):
    """Return the allowed values or range of a field (of a dict's keys), from its validators."""
    field = field.inner if isinstance(field, fields.List) else field
    prefix = ""
    if isinstance(field, fields.Dict):
        field, prefix = field.key_field, "keys "
    texts = []
    for validator in getattr(field, "validators", ()) or ():
        if isinstance(validator, validate.OneOf):
            texts.append("one of: " + ", ".join("`{}`".format(choice) for choice in validator.choices))
        elif isinstance(validator, validate.Range):
            texts.append(_range_text("value", validator.min, validator.max))
        elif isinstance(validator, validate.Length):
            texts.append(_range_text("length", validator.min, validator.max))
        elif isinstance(validator, validate.Regexp):
            texts.append("matches `{}`".format(validator.regex.pattern))
    return prefix + "; ".join(texts) if texts else ""


def _range_text(what, minimum, maximum):
    if minimum is not None and maximum is not None:
        return "{} {}–{}".format(what, minimum, maximum)
    if minimum is not None:
        return "{} at least {}".format(what, minimum)
    return "{} at most {}".format(what, maximum)


def field_rows(schema, prefix=""):
    """Yield (name, type, required, nullable, description) for a schema's fields, nested ones as a.b."""
    for name, field in schema.fields.items():
        if not prefix and name in ENVELOPE_FIELDS:
            continue
        nested = field.inner if isinstance(field, fields.List) else field
        description = field.metadata.get("description", "")
        if not description and isinstance(nested, fields.Nested):
            description = " ".join((type(nested.schema).__doc__ or "").split())
        rules = field_rules(field)
        if rules:
            description = (description + " " if description else "") + "({})".format(rules)
        yield prefix + name, field_type(field), field.required, field.allow_none, description

        if isinstance(nested, fields.Nested):
            suffix = "[]." if isinstance(field, fields.List) else "."
            yield from field_rows(nested.schema, prefix + name + suffix)


def table(rows):
    lines = ["| field | type | required | may be null | description |", "|---|---|---|---|---|"]
    for name, kind, required, nullable, description in rows:
        lines.append(
            "| `{}` | {} | {} | {} | {} |".format(
                name, kind, "yes" if required else "no", "yes" if nullable else "no", description.replace("|", "\\|")
            )
        )
    return "\n".join(lines)


def example_event(schema_class):
    """Return the documented example as a whole event: a fixed envelope and the example fields."""
    example = {"event_id": EXAMPLE_EVENT_ID, "occurred_at": EXAMPLE_OCCURRED_AT, "version": schema_class.version}
    example.update(schema_class.example)
    return example


def event_section(schema_class):
    source, event_type = schema_class.source, schema_class.event_type
    description = " ".join((schema_class.__doc__ or "").split())
    lines = [
        "### `{}.{}` (version {})".format(source, event_type, schema_class.version),
        "",
        description,
        "",
        "- Exchange: `{}.events` (topic, durable)".format(source),
        "- Routing key: `{}`".format(event_type),
        "",
        table(field_rows(schema_class())),
        "",
        "Example:",
        "",
        "```json",
        json.dumps(example_event(schema_class), ensure_ascii=False, indent=2),
        "```",
        "",
    ]
    return "\n".join(lines)


def render(registry=None):
    """Return the whole Markdown document for the registry."""
    registry = registry if registry is not None else events.load_all()
    envelope_rows = [
        (name, field_type(field), True, False, field.metadata.get("description", ""))
        for name, field in events.EventEnvelope().fields.items()
    ]
    parts = [INTRODUCTION_TH, INTRODUCTION_EN + table(envelope_rows) + "\n", "## Events\n"]

    by_source = {}
    for (source, event_type), schema_class in sorted(registry.items()):
        by_source.setdefault(source, []).append(schema_class)
    for source, schema_classes in by_source.items():
        parts.append("## Service `{}` (exchange `{}.events`)\n".format(source, source))
        parts.append("| event | version | meaning |\n|---|---|---|")
        for schema_class in schema_classes:
            parts.append("| `{}` | {} | {} |".format(
                schema_class.event_type, schema_class.version, " ".join((schema_class.__doc__ or "").split())
            ))
        parts.append("")
        parts.extend(event_section(schema_class) for schema_class in schema_classes)
    return "\n".join(parts).rstrip("\n") + "\n"


def main():
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
