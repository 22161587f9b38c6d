"""Structured logs: request ids across processes and events, JSON or text, secrets masked."""

import json
import logging
import os
import random
import re
import subprocess
import sys
import uuid

import pytest

from cybervaccine import logs
from cybervaccine.messaging import event_handler
from tests import support
from tests.operations.conftest import PROJECT_ROOT

probe_log = logging.getLogger("tests.operations.unit_probe")

STATION_CSV = (
    "code,name_th,name_en,parent_code,province_code,district_code\n"
    "OPS-{suffix},สถานีทดสอบ {suffix},Test station {suffix},PPR5,TH-50,\n"
)


class UnitChangeProbe:
    """Logs every ``directory.unit_changed`` event it handles."""

    name = "ops_unit_probe"

    log_context = logs.LogContext()

    @event_handler("directory", "unit_changed")
    def handle_unit_changed(self, payload):
        probe_log.info("unit %s changed", payload["unit_id"])


def make_record(message, *args, level=logging.INFO, exc_info=None):
    return logging.LogRecord("tests.operations", level, __file__, 1, message, args, exc_info)


def valid_thai_id(first_twelve):
    total = sum(int(digit) * weight for digit, weight in zip(first_twelve, range(13, 1, -1)))
    return first_twelve + str((11 - total % 11) % 10)


def new_request_id():
    return "ops-" + uuid.uuid4().hex


# Formatting and redaction

def test_json_output_is_one_object_per_line():
    formatter = logs.PlatformFormatter(output="json")
    record = make_record("account %s logged in", 7)
    record.request_id, record.service = "abc", "directory"

    line = formatter.format(record)
    fields = json.loads(line)

    assert "\n" not in line
    assert fields["message"] == "account 7 logged in"
    assert fields["request_id"] == "abc"
    assert fields["service"] == "directory"
    assert fields["level"] == "INFO"
    assert fields["logger"] == "tests.operations"
    assert fields["time"].endswith("+00:00")


def test_json_output_keeps_thai_text_and_traceback():
    formatter = logs.PlatformFormatter(output="json")
    try:
        raise ValueError("บัญชีไม่ถูกต้อง")
    except ValueError:
        record = make_record("failed: %s", "ผิดพลาด", level=logging.ERROR, exc_info=sys.exc_info())

    fields = json.loads(formatter.format(record))

    assert fields["message"] == "failed: ผิดพลาด"
    assert "ValueError: บัญชีไม่ถูกต้อง" in fields["exception"]
    assert fields["request_id"] == "-"


def test_text_output_is_the_default():
    formatter = logs.PlatformFormatter()
    record = make_record("queue declared")
    record.request_id, record.service = "r-1", "quiz"

    line = formatter.format(record)

    assert line.endswith("INFO quiz [r-1] tests.operations: queue declared")


def test_unknown_output_is_rejected():
    with pytest.raises(ValueError, match="LOG_FORMAT must be one of text, json"):
        logs.PlatformFormatter(output="xml")


@pytest.mark.parametrize("message, secret", [
    ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "eyJhbGciOiJIUzI1NiJ9"),
    ("headers {'Authorization': 'Bearer abc.def.ghi'}", "abc.def.ghi"),
    ('login body {"username": "somchai", "password": "hunter2 hunter2"}', "hunter2"),
    ("JWT_SECRET=Sup3rSecretValue S3_SECRET_KEY='another one'", "Sup3rSecretValue"),
    ("connecting to amqp://cybervaccine:brokerpass@rabbitmq:5672/cybervaccine", "brokerpass"),
    ('127.0.0.1 - - "GET /api/v1/units?q=%E0%B8%AA%E0%B8%96 HTTP/1.1" 200', "%E0%B8%AA"),
    ("reporter somchai.j@example.co.th called", "somchai.j@example.co.th"),
    ("call back on 081-234-5678", "081-234-5678"),
    ("call back on 0812345678", "0812345678"),
])
def test_redaction_masks_secrets_and_contact_data(message, secret):
    record = make_record(message)

    logs.RedactionFilter().filter(record)

    assert secret not in record.getMessage()
    assert logs.REDACTED in record.getMessage()


def test_redaction_masks_valid_thai_id_numbers_only():
    thai_id = valid_thai_id("110170021525")
    not_an_id = thai_id[:12] + str((int(thai_id[12]) + 1) % 10)
    record = make_record("citizen %s, order %s", thai_id, not_an_id)

    logs.RedactionFilter().filter(record)

    assert thai_id not in record.getMessage()
    assert not_an_id in record.getMessage()


def test_redaction_keeps_ordinary_messages():
    message = "unit 1204 changed; 3 events published in 0.812 s; postgresql://postgres@127.0.0.1:5432/cybervaccine"
    record = make_record(message)

    logs.RedactionFilter().filter(record)

    assert record.getMessage() == message


REDACTION_FRAGMENTS = (
    "Authorization: ", "AUTHORIZATION=", "Bearer ", "bearer\t", "eyJhbGci", ".", "eyJzdWIi", "sig", "Pass_Word",
    "PASSWD", "api-KEY", "Access_key", "s3_secret", "TOKEN", "Credentials", "=", ":", " : ", '"', "'", " ", ",",
    "amqp://", "user", "p4ss", "@", "example", ".co.th", "GET ", "POST ", "/api/v1/units", "?", "q=1", "&page=2",
    "0", "06", "08", "09", "1", "-", "234", "5678", "1101700215253", "1-1017-00215-25-3", "unit 1204", "in 0.8 s",
    "somchai@example.co.th", "amqp://user:p4ss@rabbit/", "GET /api/v1/units?q=1", "eyJa.eyJb.c", "PassWord",
    "0812345678",
)


def test_redaction_words_cover_secret_key_names():
    for name in logs.SECRET_KEYS.split("|"):
        word = re.sub(r"\[[^]]*\]\?", "", name)

        assert logs.redact(word + "=hunter2") == word + "=" + logs.REDACTED
        assert logs._may_need_redaction(word.upper() + "=hunter2")


def redact_with_every_pattern(text):
    for pattern, replacement in logs.REDACTIONS:
        text = pattern.sub(replacement, text)
    return logs.THAI_ID.sub(logs._mask_thai_id, text)


def test_redaction_fast_path_matches_patterns():
    generator = random.Random(20261205)
    texts = ["".join(generator.choices(REDACTION_FRAGMENTS, k=generator.randint(1, 10))) for _ in range(5000)]
    texts += ["PassWord=x", "passwd=x", "x_Secret: 1", "Token=x", "ApiKey=x", "credential=x", "AUTHORIZATION: x"]

    changed = [text for text in texts if redact_with_every_pattern(text) != text]

    assert len(changed) > 1000
    assert [logs.redact(text) for text in texts] == [redact_with_every_pattern(text) for text in texts]


def test_redaction_covers_tracebacks():
    try:
        raise RuntimeError("failed with token=abcdef123456")
    except RuntimeError:
        record = make_record("handler failed", level=logging.ERROR, exc_info=sys.exc_info())

    logs.RedactionFilter().filter(record)
    formatted = logs.PlatformFormatter(output="json").format(record)

    assert "abcdef123456" not in formatted
    assert "token=[REDACTED]" in formatted


# config.yaml

def run_with_config_logging(log_format, code):
    """Configure logging from config.yaml's LOGGING in a new interpreter, run ``code``, return stderr."""
    script = (
        "import logging, logging.config\n"
        "from cybervaccine.manage import load_config\n"
        "logging.config.dictConfig(load_config()['LOGGING'])\n" + code
    )
    env = dict(os.environ, LOG_FORMAT=log_format, LOG_LEVEL="INFO")
    return subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_config_logging_writes_json_lines_when_configured():
    result = run_with_config_logging("json", "logging.getLogger('cv.test').info('started with password=hunter2')")

    assert result.returncode == 0, result.stderr
    fields = json.loads(result.stderr.strip().splitlines()[-1])
    assert fields["message"] == "started with password=[REDACTED]"
    assert fields["service"] == "-"
    assert fields["request_id"] == "-"


def test_config_logging_writes_text_by_default():
    result = run_with_config_logging("text", "logging.getLogger('cv.test').info('started')")

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("INFO - [-] cv.test: started")


def test_config_logging_rejects_unknown_format():
    result = run_with_config_logging("yaml", "")

    assert result.returncode != 0
    assert "LOG_FORMAT must be one of text, json" in result.stderr


# Request ids across the platform

def test_request_id_reaches_the_directory(gateway, log_records):
    request_id = new_request_id()

    response = gateway.post("/api/v1/auth/login", json={"username": "admin", "password": support.ADMIN_PASSWORD},
                            headers={"X-Request-ID": request_id})

    assert response.status_code == 200
    records = log_records.with_request_id(request_id)
    services = {record.service for record in records}
    assert {"gateway", "directory"} <= services
    assert any(record.service == "directory" and "logged in" in record.getMessage() for record in records)
    gateway_lines = [record.getMessage() for record in records if record.service == "gateway"]
    assert any(line.startswith("POST /api/v1/auth/login 200") for line in gateway_lines)


def test_gateway_makes_missing_request_id(gateway, log_records):
    response = gateway.get("/api/v1/units?level=bureau")

    assert response.status_code == 200
    access = [record for record in log_records.records
              if record.service == "gateway" and record.getMessage().startswith("GET /api/v1/units 200")]
    assert len(access) == 1
    assert len(access[0].request_id) == 32


def test_access_log_names_the_route_template(gateway, log_records):
    gateway.get("/api/v1/units/987654321")

    access = [record.getMessage() for record in log_records.records if record.service == "gateway"]
    assert any(message.startswith("GET /api/v1/units/<int:unit_id> 404") for message in access)
    assert not any("987654321" in message for message in access)


def test_request_id_travels_with_events(gateway, start_platform, log_records):
    admin = gateway.as_admin()
    start_platform(UnitChangeProbe)
    request_id = new_request_id()
    suffix = uuid.uuid4().hex[:6].upper()

    response = admin.post("/api/v1/units/import", json={"csv": STATION_CSV.format(suffix=suffix)},
                          headers={"X-Request-ID": request_id})

    assert response.status_code == 200, response.text
    handled = support.wait_for(
        lambda: [record for record in log_records.with_request_id(request_id) if record.service == "ops_unit_probe"],
        timeout=30, message="the probe to handle the imported unit's event",
    )
    assert handled[0].getMessage().endswith("changed")


def test_worker_context_is_cleared_after_the_worker(gateway, log_records):
    gateway.get("/api/v1/scam-types", headers={"X-Request-ID": new_request_id()})

    assert logs.current_worker_context() is None
    probe_log.warning("outside any worker")
    assert log_records.records[-1].request_id == "-"
