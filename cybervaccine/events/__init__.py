"""Event envelope, payload schemas and their registry.

Events are a public contract for consumers outside the platform. Every
payload carries the same envelope (``event_id``, ``occurred_at``,
``version``) and its own fields, validated by a marshmallow schema that is
registered here under ``(source service, event type)``. A field's meaning
never changes within a version: a changed meaning gets a new version and a
new schema.
"""

import datetime
import functools
import uuid

from marshmallow import Schema, fields, validate

from cybervaccine import schemacheck
from cybervaccine.validation import cached

REGISTRY = {}


class EventEnvelope(Schema):
    """Fields every event carries."""

    event_id = fields.UUID(required=True, metadata={"description": "Unique per event; consumers deduplicate on it."})
    occurred_at = fields.AwareDateTime(
        required=True, metadata={"description": "When the change happened, UTC, ISO 8601."}
    )
    version = fields.Integer(
        required=True, validate=validate.Range(min=1), metadata={"description": "Payload schema version."}
    )


def register(source, event_type, version, example):
    """Class decorator: register a payload schema for one event type and version.

    ``example`` is a dict of the event's own fields; the generated event
    documentation shows it, and a test validates it against the schema.
    """

    def decorate(schema_class):
        schema_class.source = source
        schema_class.event_type = event_type
        schema_class.version = version
        schema_class.example = example
        REGISTRY[(source, event_type)] = schema_class
        return schema_class

    return decorate


def schema_for(source, event_type):
    """Return the registered schema, importing every event module on the first miss."""
    if (source, event_type) not in REGISTRY:
        load_all()
    return REGISTRY[(source, event_type)]


def build_event(source, event_type, fields_):
    """Wrap ``fields_`` in a fresh envelope and return the validated, serialised payload."""
    schema_class = schema_for(source, event_type)
    payload = dict(fields_)
    payload["event_id"] = str(uuid.uuid4())
    payload["occurred_at"] = datetime.datetime.now(datetime.timezone.utc).isoformat()
    payload["version"] = schema_class.version

    fast_check = _round_trip_check(schema_class)
    if fast_check is not None and fast_check(payload):
        return payload

    schema = cached(schema_class)
    loaded = schema.load(payload)
    return schema.dump(loaded)


@functools.lru_cache(maxsize=None)
def _round_trip_check(schema_class):
    """Return a fast validity check for schemas whose ``dump(load(payload))`` is the payload itself, or None.

    That is so when every field is a string, an integer, a boolean, a
    lowercase UUID, an ISO time with its offset or an ISO date, or a list or
    nested schema of those, without defaults. UUIDs and times must be in
    the form Python's ``str`` and ``isoformat`` give them
    (``schemacheck.compile_check`` with ``round_trip``). Other schemas
    (floats, renamed fields) take the full path.
    """
    return schemacheck.compile_check(cached(schema_class), round_trip=True)


def load_event(source, event_type, payload):
    """Validate a received payload and return it deserialised."""
    return cached(schema_for(source, event_type)).load(payload)



def load_all():
    """Import every module of event schemas so that the registry is complete."""
    from cybervaccine.events import directory  # noqa: F401

    for name in ("media", "quiz", "reports", "analytics"):
        try:
            __import__("cybervaccine.events." + name)
        except ModuleNotFoundError as error:
            if error.name != "cybervaccine.events." + name:
                raise
    return REGISTRY
