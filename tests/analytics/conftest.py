"""Fixtures for analytics tests: the service on a real broker and database, event publishing, sessions."""

import json
import uuid

import pytest
from nameko.standalone.events import event_dispatcher
from sqlalchemy import func, select

from cybervaccine import events
from services.analytics.models import EventLog
from tests import support


@pytest.fixture
def analytics(runner_factory, service_config):
    """The analytics service, running; returns its config with ``metrics_url`` added.

    It is stopped here, before the test's database is dropped, so that its
    background fold does not outlive the database.
    """
    from services.analytics.service import AnalyticsService

    address = "127.0.0.1:{}".format(support.free_port())
    runner = runner_factory(dict(service_config, WEB_SERVER_ADDRESS=address), AnalyticsService)
    runner.start()
    yield dict(service_config, metrics_url="http://{}/metrics".format(address))
    runner.stop()


@pytest.fixture
def analytics_session(service_config):
    session = support.session_for(service_config, "analytics")
    yield session
    session.close()
    session.bind.dispose()


@pytest.fixture
def publish(service_config):
    """Publish events as their source services do; returns the published payloads."""
    dispatch = event_dispatcher(service_config)
    events.load_all()

    def send(source, event_type, fields=None, payload=None):
        payload = payload or events.build_event(source, event_type, fields)
        dispatch(source, event_type, payload)
        return payload

    return send


@pytest.fixture
def wait_until_folded(analytics_session):
    """Wait until the log contains ``count`` events and all of them are in the read models."""

    def wait(count, timeout=20):
        def done():
            analytics_session.rollback()
            total = analytics_session.scalar(select(func.count(EventLog.id)))
            pending = analytics_session.scalar(select(func.count(EventLog.id)).where(EventLog.applied.is_(False)))
            return total == count and pending == 0

        support.wait_for(done, timeout=timeout, message="{} events folded".format(count))
        analytics_session.rollback()

    return wait


# Event fields -------------------------------------------------------------------------------

def unit_fields(unit_id, path, level="station", province_code="TH-50", district_code="5001", **overrides):
    fields = {
        "unit_id": unit_id,
        "code": "T-{}".format(unit_id),
        "name_th": "หน่วยทดสอบ {}".format(unit_id),
        "name_en": "Test unit {}".format(unit_id),
        "level": level,
        "parent_id": path[-2] if len(path) > 1 else None,
        "path": list(path),
        "province_code": province_code,
        "district_code": district_code,
        "change": "created",
    }
    fields.update(overrides)
    return fields


def quiz_fields(type_scores, province_code="TH-50", district_code="5001", risk_level="medium", total_score=50,
                completed_at="2026-03-10T03:00:00+00:00"):
    return {
        "attempt_id": str(uuid.uuid4()),
        "quiz_version": 1,
        "province_code": province_code,
        "district_code": district_code,
        "age_group": None,
        "station_unit_id": None,
        "campaign_code": None,
        "total_score": total_score,
        "risk_level": risk_level,
        "type_scores": [
            {"scam_type": scam_type, "correct": correct, "total": total, "score": round(100 * correct / total)}
            for scam_type, correct, total in type_scores
        ],
        "completed_at": completed_at,
    }


def media_fields(media_id, scam_types, title_th="สื่อทดสอบ", title_en="Test media", kind="poster"):
    return {
        "media_id": media_id,
        "media_version": 1,
        "kind": kind,
        "title_th": title_th,
        "title_en": title_en,
        "scam_types": list(scam_types),
        "audiences": ["general-public"],
        "channels": ["print"],
        "language": "th",
        "file_name": "poster.png",
        "file_type": "png",
        "content_type": "image/png",
        "size_bytes": 1000,
        "sha256": "ab" * 32,
        "published_by": None,
    }


def download_fields(media_id, unit_id, scam_types, province_code="TH-50"):
    return {
        "download_id": uuid.uuid4().int % 10**9,
        "media_id": media_id,
        "media_version": 1,
        "current_version": 1,
        "kind": "poster",
        "scam_types": list(scam_types),
        "account_id": 310,
        "unit_id": unit_id,
        "province_code": province_code,
        "via": "direct",
    }


def outreach_fields(report_id, unit_id, unit_path, revision=1, activity_date="2026-03-12", total_people=40,
                    scam_types=("loan",), media=(), activity_type="temple", province_code="TH-50",
                    district_code="5001", **extra):
    fields = {
        "report_id": report_id,
        "revision": revision,
        "unit_id": unit_id,
        "unit_path": list(unit_path),
        "province_code": province_code,
        "district_code": district_code,
        "activity_type": activity_type,
        "activity_at": activity_date + "T03:00:00+00:00",
        "activity_date": activity_date,
        "audience": {"general-public": total_people},
        "total_people": total_people,
        "scam_types": list(scam_types),
        "media": [{"media_id": media_id, "version": 1} for media_id in media],
        "channels": ["in-person"],
        "photo_count": 0,
        "filed_at": activity_date + "T05:00:00+00:00",
    }
    fields.update(extra)
    return fields


def amendment(fields, revision, reason="แก้ไขจำนวน / count corrected", **changes):
    amended = dict(fields, revision=revision, reason=reason, changed_by=12)
    amended.update(changes)
    if "total_people" in changes:
        amended["audience"] = {"general-public": changes["total_people"]}
    return amended


def dumps(value):
    return json.dumps(value, sort_keys=True, default=str)


# The platform behind the gateway ---------------------------------------------------------------

@pytest.fixture
def analytics_api(request, service_config):
    """The gateway, directory and analytics services, with the directory's units copied into analytics.

    The analytics queues are declared before the directory starts, so that
    the units its seed announces reach the analytics service.
    """
    from kombu import Connection

    from cybervaccine.messaging import declare_handler_queues
    from services.analytics.service import AnalyticsService

    with Connection(service_config["AMQP_URI"]) as connection:
        declare_handler_queues(connection, [AnalyticsService])

    api = request.getfixturevalue("gateway")
    request.getfixturevalue("analytics")
    wait_for_units(service_config)
    return api


def wait_for_units(config, timeout=60):
    """Wait until the analytics copy contains every unit of the directory."""
    from services.analytics.models import Unit as AnalyticsUnit
    from services.directory.models import Unit as DirectoryUnit

    directory = support.session_for(config, "directory")
    analytics = support.session_for(config, "analytics")
    try:
        expected = directory.scalar(select(func.count(DirectoryUnit.id)))

        def copied():
            analytics.rollback()
            return analytics.scalar(select(func.count(AnalyticsUnit.unit_id))) == expected

        support.wait_for(copied, timeout=timeout, message="{} units copied into analytics".format(expected))
    finally:
        for session in (directory, analytics):
            session.close()
            session.bind.dispose()


@pytest.fixture
def admin(analytics_api):
    return analytics_api.as_admin()


@pytest.fixture
def station(admin):
    """A station in Chiang Mai (TH-50) from the seeded directory."""
    response = admin.get("/api/v1/units", params={"level": "station", "province_code": "TH-50"})
    assert response.status_code == 200, response.text
    return response.json()[0]


def make_account(api, admin, unit_id, roles):
    username = "user-{}".format(uuid.uuid4().hex[:8])
    password = "password-{}".format(uuid.uuid4().hex[:8])
    response = admin.post(
        "/api/v1/accounts",
        json={"username": username, "password": password, "display_name": username, "unit_id": unit_id, "roles": roles},
    )
    assert response.status_code == 201, response.text
    return api.login(username, password)


@pytest.fixture
def station_head(analytics_api, admin, station):
    """A client signed in as the head of ``station``."""
    return make_account(analytics_api, admin, station["id"], ["unit_head"])


@pytest.fixture
def working_group(analytics_api, admin):
    """A client signed in as a working group member at the national unit."""
    national = admin.get("/api/v1/units", params={"level": "national"}).json()[0]
    return make_account(analytics_api, admin, national["id"], ["working_group"])


@pytest.fixture
def publish_and_fold(publish, analytics_session):
    """Publish (source, event type, fields) items and wait until all of them are in the read models."""

    def run(items, timeout=30, payloads=None):
        """Publish the items; ``payloads``, when given, are whole events to send in place of fields."""
        analytics_session.rollback()
        before = analytics_session.scalar(select(func.count(EventLog.id)))
        if payloads is None:
            payloads = [publish(source, event_type, fields) for source, event_type, fields in items]
        else:
            payloads = [publish(source, event_type, payload=payload) for (source, event_type, _), payload in zip(items, payloads)]

        def done():
            analytics_session.rollback()
            total = analytics_session.scalar(select(func.count(EventLog.id)))
            pending = analytics_session.scalar(select(func.count(EventLog.id)).where(EventLog.applied.is_(False)))
            return total == before + len(items) and pending == 0

        support.wait_for(done, timeout=timeout, message="{} events folded".format(len(items)))
        return payloads

    return run


@pytest.fixture
def published_statistics(service_config):
    """The published national case statistics, imported as ``manage seed`` does."""
    from services.analytics import seed

    session = support.session_for(service_config, "analytics")
    try:
        return seed.seed_published_statistics(session).id
    finally:
        session.close()
        session.bind.dispose()
