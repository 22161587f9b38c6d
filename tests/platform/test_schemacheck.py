"""The fast schema check agrees with marshmallow: True only for data that loads."""

import copy

import pytest
from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate, validates_schema

from cybervaccine import events, schemacheck

events.load_all()
EVENT_SCHEMAS = sorted(events.REGISTRY.items())
WRONG_VALUES = ("5", 5, 5.5, True, None, [], {}, "", "not-a-uuid", b"bytes", float("nan"), -1, 10**6, (1,))


def example_payload(schema_class):
    return events.build_event(schema_class.source, schema_class.event_type, schema_class.example)


def loads(schema, data):
    try:
        schema.load(data)
    except ValidationError:
        return False
    return True


def variants(payload):
    """Yield copies of a payload with one field removed, replaced or added, nested lists included."""
    for key in payload:
        removed = dict(payload)
        del removed[key]
        yield removed
        for value in WRONG_VALUES:
            yield dict(payload, **{key: value})
        if isinstance(payload[key], list) and payload[key] and isinstance(payload[key][0], dict):
            for inner in variants(payload[key][0]):
                yield dict(payload, **{key: [inner] + copy.deepcopy(payload[key][1:])})
    yield dict(payload, unexpected_field="x")


@pytest.mark.parametrize("unknown", [EXCLUDE, RAISE])
@pytest.mark.parametrize("key, schema_class", EVENT_SCHEMAS, ids=["{}.{}".format(*key) for key, _ in EVENT_SCHEMAS])
def test_check_is_true_only_for_data_that_loads(key, schema_class, unknown):
    schema = schema_class(unknown=unknown)
    check = schemacheck.compile_check(schema)
    payload = example_payload(schema_class)

    assert check is not None
    assert check(payload) is True
    disagreements = [variant for variant in variants(payload) if check(variant) and not loads(schema, variant)]
    assert disagreements == []


def test_check_rejects_invalid_quiz_events():
    schema = events.schema_for("quiz", "quiz_completed")(unknown=EXCLUDE)
    check = schemacheck.compile_check(schema)
    payload = example_payload(events.schema_for("quiz", "quiz_completed"))

    assert not check(dict(payload, total_score=101))
    assert not check(dict(payload, risk_level="extreme"))
    assert not check(dict(payload, attempt_id="5b0e7d1c"))
    assert not check(dict(payload, completed_at="2026-12-04T09:15:02"))
    assert not check(dict(payload, type_scores=[{"scam_type": "loan", "correct": 1, "total": 0, "score": 50}]))
    assert not check([payload])


def test_coercible_values_fall_back_to_marshmallow():
    class Counts(Schema):
        count = fields.Integer(required=True)
        share = fields.Float()

    check = schemacheck.compile_check(Counts())

    assert check({"count": 3, "share": 1}) is True
    assert check({"count": "3"}) is False
    assert loads(Counts(), {"count": "3"})
    assert check({"count": 3, "share": float("inf")}) is False


def test_schemas_with_hooks_get_no_fast_check():
    class Period(Schema):
        start = fields.Integer(required=True)
        end = fields.Integer(required=True)

        @validates_schema
        def check_order(self, data, **kwargs):
            if data["end"] < data["start"]:
                raise ValidationError("end before start")

    class Outer(Schema):
        period = fields.Nested(Period, required=True)
        name = fields.String(validate=validate.Length(max=3))

    assert schemacheck.compile_check(Period()) is None
    assert schemacheck.compile_check(Outer()) is None


ROUND_TRIP_VALUES = (
    "5B0E7D1C-3F7A-4C55-9A53-0D3F0A8C2E11", "5b0e7d1c3f7a4c559a530d3f0a8c2e11", "2026-12-04T09:15:02Z",
    "2026-12-04T09:15:02.120+00:00", "2026-12-04T09:15:02", "2026-12-04", "2026-W49-5", "20261204",
)


@pytest.mark.parametrize("key, schema_class", EVENT_SCHEMAS, ids=["{}.{}".format(*key) for key, _ in EVENT_SCHEMAS])
def test_round_trip_check_matches_dump(key, schema_class):
    schema = schema_class()
    check = schemacheck.compile_check(schema, round_trip=True)
    if check is None:
        pytest.skip("{}.{} has fields that may change form; it takes the full path".format(*key))
    payload = example_payload(schema_class)

    assert check(payload) is True
    odd_forms = [dict(payload, **{name: value}) for name in payload for value in ROUND_TRIP_VALUES]
    for variant in list(variants(payload)) + odd_forms:
        if check(variant):
            assert schema.dump(schema.load(variant)) == variant


def test_round_trip_check_refuses_other_forms():
    schema = events.schema_for("quiz", "quiz_completed")()
    check = schemacheck.compile_check(schema, round_trip=True)
    payload = example_payload(events.schema_for("quiz", "quiz_completed"))

    assert check(payload) is True
    assert not check(dict(payload, attempt_id=payload["attempt_id"].upper()))
    assert not check(dict(payload, completed_at="2026-12-04T09:15:02Z"))
    assert not check(dict(payload, completed_at="2026-12-04T09:15:02"))
    assert not check(dict(payload, unexpected_field="x"))
