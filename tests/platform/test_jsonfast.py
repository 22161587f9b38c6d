"""The fast JSON helpers give the data the standard encoders and kombu's decoder give."""

import dataclasses
import datetime
import decimal
import json
import math

import kombu.utils.json
import pytest

from cybervaccine import jsonfast

PLAIN = {"text": "ผู้พิชิตไซเบอร์วัคซีน", "n": 3, "share": 0.25, "ok": True, "none": None, "items": [1, "ก", [2]]}


def test_plain_data_encodes_as_json_does():
    body = jsonfast.dumps(PLAIN)

    assert json.loads(body) == PLAIN
    assert "ผู้พิชิต".encode("utf-8") in body


@pytest.mark.parametrize("value", [
    datetime.datetime(2026, 12, 5, tzinfo=datetime.timezone.utc),
    datetime.date(2026, 12, 5),
    decimal.Decimal("1.5"),
    {1: "non-string key"},
    2 ** 70,
    dataclasses.make_dataclass("Point", ["x"])(1),
])
def test_other_values_left_to_caller(value):
    with pytest.raises(TypeError):
        jsonfast.dumps({"value": value})


@pytest.mark.parametrize("body", [
    json.dumps(PLAIN, ensure_ascii=False),
    json.dumps(PLAIN, ensure_ascii=False).encode("utf-8"),
    memoryview(json.dumps(PLAIN).encode("ascii")),
    kombu.utils.json.dumps({"at": datetime.datetime(2026, 12, 5, 7, 30, tzinfo=datetime.timezone.utc)}),
    '{"big": 1180591620717411303424}',
    '{"lone": "\\ud800"}',
])
def test_loads_matches_kombu(body):
    expected = kombu.utils.json.loads(bytes(body) if isinstance(body, memoryview) else body)

    assert jsonfast.loads(body) == expected


def test_loads_keeps_nan():
    assert math.isnan(jsonfast.loads('{"x": NaN}')["x"])


def test_kombu_decodes_json_with_loads():
    jsonfast.install_kombu_decoder()

    decoded = kombu.serialization.loads(b'{"a": 1}', "application/json", "utf-8")

    assert decoded == {"a": 1}
    assert kombu.serialization.registry._decoders["application/json"] is jsonfast.loads
