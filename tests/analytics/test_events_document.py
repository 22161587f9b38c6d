"""The event reference (docs/events.md) and the example consumer in examples/."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from kombu import Connection

from cybervaccine import events
from cybervaccine.events import document
from tests import support
from tests.analytics.conftest import quiz_fields, unit_fields

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EVENTS_DOCUMENT = PROJECT_ROOT / "docs" / "events.md"


def test_document_matches_registry():
    expected = document.render()
    assert EVENTS_DOCUMENT.read_text(encoding="utf-8") == expected, (
        "docs/events.md is out of date: run python -m cybervaccine.events.document > docs/events.md"
    )


@pytest.mark.parametrize("key", sorted(events.load_all()), ids=lambda key: "{}.{}".format(*key))
def test_registered_example_is_valid(key):
    schema_class = events.schema_for(*key)
    loaded = schema_class().load(document.example_event(schema_class))
    assert loaded["version"] == schema_class.version


@pytest.mark.parametrize("key", sorted(events.load_all()), ids=lambda key: "{}.{}".format(*key))
def test_every_event_is_documented(key):
    text = EVENTS_DOCUMENT.read_text(encoding="utf-8")
    source, event_type = key
    assert "### `{}.{}` (version {})".format(source, event_type, events.schema_for(*key).version) in text
    for name in events.schema_for(*key)().fields:
        assert "`{}`".format(name) in text


def test_nested_fields_are_listed():
    rows = {row[0]: row for row in document.field_rows(events.schema_for("quiz", "quiz_completed")())}
    assert rows["type_scores[].score"][1] == "integer"
    assert rows["type_scores[].score"][4].endswith("(value 0–100)")
    assert rows["province_code"][3] is True


def test_example_consumer_receives_events(rabbit_config, publish):
    queue_name = "example-consumer-test"
    command = [
        sys.executable, str(PROJECT_ROOT / "examples" / "event_consumer.py"),
        "--amqp-uri", rabbit_config["AMQP_URI"], "--queue", queue_name, "--limit", "2", "--idle-timeout", "30",
        "quiz.quiz_completed", "directory.*",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with Connection(rabbit_config["AMQP_URI"]) as connection:
            support.wait_for(lambda: _queue_exists(connection, queue_name), timeout=20, message="the consumer's queue")

        quiz = publish("quiz", "quiz_completed", quiz_fields([("loan", 1, 2)]))
        publish("quiz", "quiz_completed", payload=quiz)
        unit = publish("directory", "unit_changed", unit_fields(7, [1, 7]))
        output, errors = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()

    assert process.returncode == 0, errors
    lines = [json.loads(line) for line in output.splitlines()]
    assert [(line["exchange"], line["event_type"], line["event"]["event_id"]) for line in lines] == [
        ("quiz.events", "quiz_completed", quiz["event_id"]),
        ("directory.events", "unit_changed", unit["event_id"]),
    ]


def _queue_exists(connection, name):
    channel = connection.channel()
    try:
        channel.queue_declare(name, passive=True)
        return True
    except Exception:
        return False
    finally:
        try:
            channel.close()
        except Exception:
            pass
