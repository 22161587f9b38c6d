"""The download path's group commit and its per-process cache, on the real broker, database and object store.

The media service here keeps cached download facts for 60 s, so a change
that shows sooner proves that the cache entry was dropped, not that it
expired.
"""

import concurrent.futures
import json
import types

import pytest
from nameko.standalone.events import event_dispatcher
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.engine import make_url

from cybervaccine import db, errors, events as platform_events
from cybervaccine.auth import Caller
from services.media.download_log import DownloadLog
from services.media.download_targets import DownloadTarget, DownloadTargets
from services.media.models import Download, MediaItem, OutboxMessage
from tests import support
from tests.media.conftest import publish, put_parts
from tests.media.test_download_api import counted_item

CACHE_SECONDS = 60


@pytest.fixture
def service_config(service_config):
    return dict(service_config, MEDIA_DOWNLOAD_CACHE_SECONDS=CACHE_SECONDS, MEDIA_DOWNLOAD_URL_SECONDS=3600)


def download_path(media_id):
    return "/api/v1/media/{}/download".format(media_id)


def test_concurrent_downloads_recorded_once(working_group, officer, media_files, events):
    upload = publish(working_group, media_files.image("png"), "พร้อมกัน.png")
    path = download_path(upload["media_id"])

    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda _: officer.get(path).status_code, range(36)))

    assert statuses == [302] * 36
    counted_item(officer, upload["media_id"], 36)
    support.wait_for(
        lambda: len(events.of_type("media_downloaded")) >= 36, message="36 media_downloaded events"
    )
    download_ids = [payload["download_id"] for payload in events.of_type("media_downloaded")]
    assert len(download_ids) == len(set(download_ids)) == 36


def test_archive_applies_at_once_locally(working_group, officer, media_files):
    upload = publish(working_group, media_files.image("png"), "เก็บทันที.png")
    path = download_path(upload["media_id"])
    assert officer.get(path).status_code == 302

    archived = working_group.post("/api/v1/media/{}/archive".format(upload["media_id"]), json={})

    assert archived.status_code == 200, archived.text
    assert officer.get(path).status_code == 410


def test_new_version_applies_at_once_locally(working_group, officer, media_files):
    upload = publish(working_group, media_files.image("png"), "รุ่นแรก.png")
    path = download_path(upload["media_id"])
    first = officer.get(path, headers={"Accept": "application/json"}).json()

    second = publish_version(working_group, upload["media_id"], media_files.image("png"), "รุ่นสอง.png")

    latest = officer.get(path, headers={"Accept": "application/json"}).json()
    assert (first["version"], second["version"], latest["version"]) == (1, 2, 2)
    assert latest["file_name"] == "รุ่นสอง.png"


def test_remote_archive_applies_through_event(working_group, officer, media_files, service_config):
    upload = publish(working_group, media_files.image("png"), "เก็บจากที่อื่น.png")
    path = download_path(upload["media_id"])
    assert officer.get(path).status_code == 302

    archive_as_another_process(service_config, upload["media_id"])

    support.wait_for(lambda: officer.get(path).status_code == 410, timeout=10, message="410 after media_archived")


def test_download_recorded_after_database_restart(working_group, officer, media_files, service_config, postgres_uri):
    upload = publish(working_group, media_files.image("png"), "หลังรีสตาร์ต.png")
    path = download_path(upload["media_id"])
    assert officer.get(path).status_code == 302

    terminate_database_connections(postgres_uri, make_url(service_config["DATABASE_URL"]).database)

    response = officer.get(path)
    assert response.status_code == 302, response.text
    counted_item(officer, upload["media_id"], 2)


def test_cache_drops_value_loaded_during_forget():
    targets = DownloadTargets()
    targets.ttl_seconds = 60

    def load_while_archived():
        targets.forget(7)
        return "read before the archive"

    assert targets.get(7, None, load_while_archived) == "read before the archive"
    assert targets.get(7, None, lambda: "read after the archive") == "read after the archive"
    assert targets.get(7, None, lambda: "not called") == "read after the archive"


def test_bad_record_spares_its_batch(working_group, media_files, media_engine):
    upload = publish(working_group, media_files.image("png"), "ชุดเดียวกัน.png")
    download_log = standalone_download_log(media_engine)
    good = pending_download(download_log, upload["media_id"])
    bad = pending_download(download_log, 999999)

    download_log.write_batch([good, bad])

    download_id = good.done.wait()
    with pytest.raises(errors.Unavailable) as failure:
        bad.done.wait()
    assert failure.value.code == "download_not_recorded"
    with media_engine.connect() as connection:
        stored = connection.scalars(select(Download.media_id)).all()
        payloads = connection.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.event_type == "media_downloaded")
        ).all()
    assert stored == [upload["media_id"]]
    assert [json.loads(payload)["download_id"] for payload in payloads] == [download_id]


@pytest.fixture
def media_engine(service_config):
    engine = db.make_engine(service_config["DATABASE_URL"], schema="media", pool_size=2)
    yield engine
    engine.dispose()


# Helpers

def publish_version(client, media_id, data, file_name):
    started = client.post(
        "/api/v1/media/{}/versions".format(media_id), json={"file_name": file_name, "size_bytes": len(data)}
    )
    assert started.status_code == 201, started.text
    put_parts(started.json(), data)
    completed = client.post("/api/v1/media/uploads/{}/complete".format(started.json()["id"]))
    assert completed.status_code == 201, completed.text
    return completed.json()


def archive_as_another_process(config, media_id):
    """Archive an item in the database and emit its event, as a second media process would."""
    session = support.session_for(config, "media")
    try:
        session.execute(update(MediaItem).where(MediaItem.id == media_id).values(status="archived"))
        session.commit()
    finally:
        session.close()
        session.bind.dispose()

    schema = platform_events.schema_for("media", "media_archived")
    payload = platform_events.build_event("media", "media_archived", dict(schema.example, media_id=media_id))
    event_dispatcher(config)("media", "media_archived", payload)


def terminate_database_connections(postgres_uri, database):
    """Close every server connection to ``database``, as a PostgreSQL restart would."""
    engine = create_engine(postgres_uri, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            closed = connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = :database AND pid <> pg_backend_pid()"
                ),
                {"database": database},
            ).scalar_one()
    finally:
        engine.dispose()
    assert closed > 0


def standalone_download_log(engine):
    return support.standalone_group_commit(DownloadLog(), engine, "media", OutboxMessage)


def pending_download(download_log, media_id):
    target = DownloadTarget(
        id=media_id, status="published", kind="poster", scam_types=("loan",), current_version=1, version=1,
        object_key="media/x", file_name="x.png", content_type="image/png", size_bytes=1,
    )
    caller = Caller(account_id=1, unit_id=None, roles=("officer",))
    writer = download_log.get_dependency(types.SimpleNamespace(context_data={}))
    return writer.pending(caller, target, None)
