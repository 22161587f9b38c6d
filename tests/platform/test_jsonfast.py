"""The fast JSON encoder gives the JSON the standard encoder gives, or leaves the value to it."""

import dataclasses
import datetime
import decimal
import json

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
