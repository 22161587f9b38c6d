"""build_event's shortcut past marshmallow gives the payload marshmallow itself would give."""

import json

import pytest

from cybervaccine import events
from cybervaccine.validation import cached

REGISTRY = events.load_all()


def variants(schema_class):
    """The example, and the example without each optional field."""
    example = dict(schema_class.example)
    yield "example", example
    for name, field in cached(schema_class).fields.items():
        if name in example and not field.required:
            yield "without " + name, {key: value for key, value in example.items() if key != name}


@pytest.mark.parametrize("source, event_type", sorted(REGISTRY), ids=lambda value: str(value))
def test_built_event_matches_marshmallow(source, event_type):
    schema = cached(REGISTRY[(source, event_type)])

    for label, fields in variants(REGISTRY[(source, event_type)]):
        built = events.build_event(source, event_type, fields)
        expected = schema.dump(schema.load(built))
        assert json.loads(json.dumps(built)) == json.loads(json.dumps(expected)), label


def test_shortcut_is_taken_for_plain_events():
    assert events._round_trip_check(REGISTRY[("media", "media_downloaded")]) is not None


def test_shortcut_is_skipped_for_defaults():
    assert events._round_trip_check(REGISTRY[("media", "media_archived")]) is None
