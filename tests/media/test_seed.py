"""Seeding the sample media: once, into an empty library, from the service at start or from ``manage seed``."""

import datetime
import json

import requests
from sqlalchemy import func, select

from services.media import seed
from services.media.models import MediaItem, OutboxMessage, SeedMarker
from tests import support
from tests.media.test_sweep import keys, library  # noqa: F401 (fixture)


def test_seed_publishes_samples_once(library, tmp_path):
    session, objects, config = library

    first = seed.seed_samples(session, objects, tmp_path / "samples")
    second = seed.seed_samples(session, objects, tmp_path / "samples")

    assert first == ["media: 28 sample items published (28 rendered)"]
    assert second == ["media: library already has media; samples not added"]
    assert session.scalar(select(func.count(MediaItem.id))) == 28
    assert len(keys(config)) == 28
    published = session.scalars(select(OutboxMessage).where(OutboxMessage.event_type == "media_published")).all()
    assert len(published) == 28
    payload = json.loads(published[0].payload)
    assert payload["published_by"] is None
    assert payload["language"] == "th"


def test_stale_marker_is_taken_over(library, tmp_path):
    session, objects, config = library
    long_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
    session.add(seed.SeedMarker(name=seed.SAMPLES_MARKER, started_at=long_ago))
    session.commit()
    recent = datetime.datetime.now(datetime.timezone.utc)

    assert seed.claim_marker(session, recent) is True
    assert seed.claim_marker(session, recent) is False
    assert session.get(SeedMarker, seed.SAMPLES_MARKER).finished_at is None


def test_run_seed_waits_for_missing_store(database_url, s3_config):
    config = dict(s3_config, DATABASE_URL=database_url, MEDIA_SEED_SAMPLES="true",
                  S3_ENDPOINT="127.0.0.1:{}".format(support.free_port()))
    session = support.session_for(config, "media")
    try:
        lines = seed.run_seed(session, config)
    finally:
        session.close()
        session.bind.dispose()

    assert lines == ["media: object store not running yet; the media service seeds the samples when it starts"]


def test_service_seeds_samples_at_start(service_config, gateway, start_platform):
    from services.media.service import MediaService

    service_config["MEDIA_SEED_SAMPLES"] = "true"
    start_platform(MediaService)
    admin = gateway.as_admin()

    def seeded():
        body = admin.get("/api/v1/media").json()
        return body if body["total"] == 28 else None

    page = support.wait_for(seeded, timeout=60, message="28 seeded samples")

    loan_poster = admin.get("/api/v1/media", params={"scam_type": "loan", "kind": "poster"}).json()["items"][0]
    assert loan_poster["file"]["file_name"] == "โปสเตอร์-หลอกให้กู้เงิน.png"
    download = admin.get("/api/v1/media/{}/download".format(loan_poster["id"]))
    file = requests.get(download.headers["Location"], timeout=30)
    assert file.content.startswith(b"\x89PNG")
    kinds = sorted(item["kind"] for item in page["items"][:24])
    assert set(kinds) == {"poster", "leaflet"}
