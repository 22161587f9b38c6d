"""Fixtures for the reports service: the platform with reports running, accounts, media and events.

``reports_platform`` declares the reports service's handler queues first
(as ``manage declare-queues`` does before services start), then seeds and
starts the directory and the gateway, so the seed's ``unit_changed``
events wait in the durable queue until the reports service starts and
copies them.
"""

import datetime
import io
import json
import uuid

import pytest
from kombu import Connection, Queue
from nameko.events import get_event_exchange
from nameko.standalone.events import event_dispatcher
from PIL import Image
from sqlalchemy import text

from cybervaccine import events
from cybervaccine.messaging import declare_handler_queues
from tests import support

PASSWORD = "reports-test-password"
THAI_TIME = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture
def reports_queues(rabbit_config):
    from services.reports.service import ReportsService

    with Connection(rabbit_config["AMQP_URI"], connect_timeout=5) as connection:
        return declare_handler_queues(connection, [ReportsService])


@pytest.fixture
def event_log(rabbit_config):
    """Record every event the reports service publishes during the test."""
    recorder = EventRecorder(rabbit_config)
    yield recorder
    recorder.close()


@pytest.fixture
def reports_platform(reports_queues, event_log, gateway, start_platform, service_config):
    """Gateway, directory and reports running, with the reports service's copy of the seeded units.

    The copy is filled straight from the directory's table, because the
    directory's outbox relay sends the thousand seed events at about a
    hundred a second. The events still arrive and are applied on top;
    ``test_unit_copies`` covers the path through the broker on its own.
    """
    from services.reports.service import ReportsService

    copy_units(service_config)
    start_platform(ReportsService)
    return gateway


@pytest.fixture
def people(reports_platform):
    """Accounts around two stations of Chiang Mai's division and one Bangkok station, logged in."""
    return People(reports_platform)


@pytest.fixture
def media_library(service_config, reports_platform):
    """Publish two media items (one with two versions) as the media service would, and wait for the copy."""
    dispatch = event_dispatcher(service_config)
    published = events.schema_for("media", "media_published").example
    added = events.schema_for("media", "media_version_added").example
    dispatch("media", "media_published", events.build_event("media", "media_published", dict(published, media_id=17)))
    dispatch("media", "media_version_added", events.build_event("media", "media_version_added", dict(added, media_id=17)))
    dispatch("media", "media_published", events.build_event("media", "media_published", dict(published, media_id=18)))

    support.wait_for(
        lambda: count_rows(service_config, "reports", "media_versions") == 3, timeout=20, message="media copies"
    )
    return {"item": 17, "versions": (1, 2), "other_item": 18}


def copy_units(config):
    """Fill the reports service's unit copy from the directory's units, as their events would."""
    session = support.session_for(config, "reports")
    try:
        session.execute(
            text(
                "INSERT INTO reports.units (id, code, name_th, name_en, level, parent_id, path, province_code,"
                " district_code, changed_at) SELECT id, code, name_th, name_en, level, parent_id, path,"
                " province_code, district_code, TIMESTAMP WITH TIME ZONE '2000-01-01 00:00:00+00' FROM directory.units"
            )
        )
        session.commit()
    finally:
        session.close()
        session.bind.dispose()


def count_rows(config, schema, table):
    session = support.session_for(config, schema)
    try:
        return session.execute(text("SELECT count(*) FROM {}".format(table))).scalar()
    finally:
        session.close()
        session.bind.dispose()


def query_rows(config, statement, **params):
    session = support.session_for(config, "reports")
    try:
        return session.execute(text(statement), params).all()
    finally:
        session.close()
        session.bind.dispose()


def settled_totals(config, statement, **params):
    """Run a query on the totals once the service's timer has added every stored report to them."""
    support.wait_for(
        lambda: query_rows(config, "SELECT count(*) FROM reports WHERE totals_pending")[0][0] == 0,
        message="the reports' totals to be settled",
    )
    return query_rows(config, statement, **params)


class People:
    """The accounts the tests act as, each an ``ApiClient`` with a token."""

    def __init__(self, gateway):
        self.gateway = gateway
        self.admin = gateway.as_admin()
        self.station = self.unit("ST-5001")
        self.sibling_station = self.unit("ST-5002")
        self.division = self.unit("DIV-TH-50")
        self.bangkok_station = self.unit("ST-1001")

        self.officer = self.account("officer", self.station, ["officer"], duty=True)
        self.officer_without_duty = self.account("plain", self.station, ["officer"])
        self.station_head = self.account("head", self.station, ["unit_head"])
        self.sibling_head = self.account("sibling", self.sibling_station, ["unit_head"])
        self.division_head = self.account("division", self.division, ["unit_head"])
        self.bangkok_head = self.account("bangkok", self.bangkok_station, ["unit_head"])

    def unit(self, code):
        response = self.admin.get("/api/v1/units", params={"q": code})
        assert response.status_code == 200, response.text
        return next(unit for unit in response.json() if unit["code"] == code)

    def account(self, name, unit, roles, duty=False):
        username = "{}-{}".format(name, uuid.uuid4().hex[:6])
        response = self.admin.post(
            "/api/v1/accounts",
            json={"username": username, "password": PASSWORD, "display_name": name, "unit_id": unit["id"], "roles": roles},
        )
        assert response.status_code == 201, response.text
        if duty:
            assigned = self.admin.post(
                "/api/v1/duties", json={"account_id": response.json()["id"], "unit_id": unit["id"], "duty": "reporting"}
            )
            assert assigned.status_code == 201, assigned.text
        client = self.gateway.login(username, PASSWORD)
        client.account_id = response.json()["id"]
        client.duty_assignment_id = assigned.json()["id"] if duty else None
        return client


def report_body(unit_id, **overrides):
    """A valid report body for ``unit_id``; the activity took place yesterday morning, Thai time."""
    yesterday = datetime.datetime.now(THAI_TIME).replace(hour=9, minute=30, second=0, microsecond=0) - datetime.timedelta(days=1)
    body = {
        "occurred_at": yesterday.isoformat(),
        "place": "ศาลาวัดพระสิงห์ ต.ศรีภูมิ",
        "province_code": "TH-50",
        "district_code": "5001",
        "unit_id": unit_id,
        "activity_type": "temple",
        "audiences": [{"group": "elderly", "count": 45}, {"group": "farmers", "count": 20}],
        "media": [],
        "channels": ["in-person", "print"],
        "scam_types": ["call-center", "loan"],
        "note": "บรรยายหลังทำบุญ",
        "photo_count": 0,
    }
    body.update(overrides)
    return body


def new_id():
    return str(uuid.uuid4())


def jpeg_with_gps(width=1200, height=900):
    """Return JPEG bytes whose EXIF holds a GPS position (Chiang Mai) and an orientation."""
    image = Image.new("RGB", (width, height), (30, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 1
    exif[0x8825] = {1: "N", 2: (18.0, 47.0, 18.0), 3: "E", 4: (98.0, 59.0, 7.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


class EventRecorder:
    """A queue bound to ``reports.events`` that keeps every published event for the test."""

    def __init__(self, config):
        self.connection = Connection(config["AMQP_URI"], connect_timeout=5)
        self.channel = self.connection.channel()
        exchange = get_event_exchange("reports", config)
        self.queue = Queue("test-reports-events-" + uuid.uuid4().hex[:8], exchange=exchange, routing_key="#",
                           exclusive=True, auto_delete=True)(self.channel)
        exchange(self.channel).declare()
        self.queue.declare()
        self.received = []

    def _drain(self):
        while True:
            message = self.queue.get(no_ack=True)
            if message is None:
                return
            self.received.append((message.delivery_info["routing_key"], json.loads(message.body)))

    def of_type(self, event_type, report_id=None):
        self._drain()
        return [
            payload for routing_key, payload in self.received
            if routing_key == event_type and (report_id is None or payload["report_id"] == report_id)
        ]

    def wait_for(self, event_type, report_id=None, count=1, timeout=15):
        return support.wait_for(
            lambda: len(self.of_type(event_type, report_id)) >= count and self.of_type(event_type, report_id),
            timeout=timeout,
            message="{} {} event(s)".format(count, event_type),
        )

    def close(self):
        self.channel.close()
        self.connection.close()

