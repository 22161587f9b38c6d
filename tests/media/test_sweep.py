"""The sweeper: abandoned uploads expire and no object that will never be published stays behind."""

import datetime

import pytest
import requests
from minio import Minio

from cybervaccine import storage
from cybervaccine.auth import Caller
from services.media import uploads
from services.media.models import Upload
from services.media.objects import MediaObjects, new_original_key
from services.media.settings import MediaSettings
from tests import support
from tests.media.conftest import new_item

WORKING_GROUP = Caller(account_id=7, unit_id=1, unit_path=(1,), roles=("working_group",))


class RecordingOutbox:
    def __init__(self):
        self.events = []

    def add(self, session, event_type, fields):
        self.events.append((event_type, fields))


@pytest.fixture
def library(database_url, s3_config):
    """A session on the media schema and the media library's view of a fresh bucket."""
    config = dict(s3_config, DATABASE_URL=database_url)
    session = support.session_for(config, "media")
    client = storage.internal_client(config)
    storage.ensure_bucket(client, config["S3_BUCKET"])
    objects = MediaObjects(client, storage.signing_client(config), config["S3_BUCKET"])
    yield session, objects, config
    session.close()
    session.bind.dispose()


def keys(config):
    client = Minio(config["S3_ENDPOINT"], config["S3_ACCESS_KEY"], config["S3_SECRET_KEY"], secure=False,
                   region="us-east-1")
    return [item.object_name for item in client.list_objects(config["S3_BUCKET"], recursive=True)]


def open_upload(session, objects, settings, data):
    upload = uploads.create_upload(
        session, objects, settings, WORKING_GROUP, new_item("poster.png", len(data)), {"call-center"}
    )
    session.commit()
    present = uploads.present_upload(objects, settings, upload)
    assert requests.put(present["parts"][0]["url"], data=data, timeout=30).status_code == 200
    return upload


def test_abandoned_upload_expires_and_parts_go(library):
    session, objects, config = library
    settings = MediaSettings(pending_upload_hours=24)
    upload = open_upload(session, objects, settings, b"\x89PNG\r\n\x1a\n" + b"x" * 500)

    early = uploads.sweep_uploads(session, objects, settings)
    later = uploads.sweep_uploads(session, objects, settings, now=upload.expires_at + datetime.timedelta(seconds=1))

    assert early["expired"] == 0
    assert later["expired"] == 1
    session.refresh(upload)
    assert upload.status == "expired"
    assert upload.object_removed_at is not None
    assert list(objects.stale_multipart_uploads(upload.expires_at + datetime.timedelta(days=30))) == []
    assert keys(config) == []


def test_orphan_multipart_upload_is_aborted(library):
    session, objects, config = library
    settings = MediaSettings(pending_upload_hours=1)
    key = new_original_key()
    upload_id = objects.start_multipart(key, "image/png")
    objects.client._upload_part(config["S3_BUCKET"], key, b"y" * 100, None, upload_id, 1)

    now = datetime.datetime.now(datetime.timezone.utc)
    too_soon = uploads.sweep_uploads(session, objects, settings, now=now)
    counts = uploads.sweep_uploads(session, objects, settings, now=now + datetime.timedelta(hours=3))

    assert too_soon["aborted"] == 0
    assert counts["aborted"] == 1
    assert list(objects.stale_multipart_uploads(now + datetime.timedelta(days=30))) == []


def test_rejected_object_left_behind_is_removed(library):
    session, objects, config = library
    settings = MediaSettings()
    upload = open_upload(session, objects, settings, b"\x89PNG\r\n\x1a\n" + b"z" * 500)
    objects.complete_multipart(upload.object_key, upload.multipart_upload_id,
                               objects.list_parts(upload.object_key, upload.multipart_upload_id))
    upload.status = "rejected"
    session.commit()
    assert keys(config) == [upload.object_key]

    counts = uploads.sweep_uploads(session, objects, settings)

    assert counts["removed"] == 1
    assert keys(config) == []
    assert session.get(Upload, upload.id).object_removed_at is not None


def test_unreachable_store_keeps_upload_verifying(library):
    session, objects, config = library
    settings = MediaSettings()
    data = b"\x89PNG\r\n\x1a\n" + b"q" * 500
    upload = open_upload(session, objects, settings, data)
    uploads._join_parts(objects, upload)
    upload.status = "verifying"
    session.commit()
    dead_config = dict(config, S3_ENDPOINT="127.0.0.1:{}".format(support.free_port()))
    dead = MediaObjects(storage.CountingClient(storage.internal_client(dead_config), "media"), None,
                        config["S3_BUCKET"])

    with pytest.raises(Exception) as raised:
        uploads.verify_upload(session, dead, RecordingOutbox(), upload)

    assert getattr(raised.value, "code", None) == "storage_unavailable"
    session.expire_all()
    assert session.get(Upload, upload.id).status == "verifying"
    assert session.get(Upload, upload.id).claimed_at is None
    assert keys(config) == [upload.object_key]
