"""Fixtures for media tests: the media service behind the gateway, accounts, real media files, an event tap."""

import io
import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest
import requests
from kombu import Connection, Exchange, Queue
from PIL import Image

from tests import support


@pytest.fixture
def media(gateway, start_platform, service_config):
    """The gateway with the directory and the media service running."""
    from services.media.service import MediaService

    start_platform(MediaService)
    return gateway


@pytest.fixture
def admin(media):
    """The seeded administrator (also a working group member)."""
    return media.as_admin()


@pytest.fixture
def station(admin):
    response = admin.get("/api/v1/units", params={"level": "station", "province_code": "TH-50"})
    assert response.status_code == 200, response.text
    return response.json()[0]


@pytest.fixture
def national_unit(admin):
    response = admin.get("/api/v1/units", params={"level": "national"})
    assert response.status_code == 200, response.text
    return response.json()[0]


@pytest.fixture
def working_group(media, admin, national_unit):
    return make_account(media, admin, national_unit["id"], ["working_group"])


@pytest.fixture
def officer(media, admin, station):
    return make_account(media, admin, station["id"], ["officer"])


def make_account(api, admin, unit_id, roles):
    username = "user-{}".format(uuid.uuid4().hex[:8])
    password = "password-{}".format(uuid.uuid4().hex[:8])
    response = admin.post(
        "/api/v1/accounts",
        json={"username": username, "password": password, "display_name": username, "unit_id": unit_id, "roles": roles},
    )
    assert response.status_code == 201, response.text
    client = api.login(username, password)
    client.account_id = response.json()["id"]
    return client


# Media files

FFMPEG_SOURCES = {
    "mp4": ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=10", "-t", "2", "-pix_fmt", "yuv420p"],
    "m4a": ["-f", "lavfi", "-i", "sine=frequency={tone}:duration=1"],
    "mp3": ["-f", "lavfi", "-i", "sine=frequency={tone}:duration=1", "-c:a", "libmp3lame"],
}


class MediaFiles:
    """Make small real media files with unique content (so no two are duplicates)."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def image(self, file_type="png", size=(240, 300)):
        self.count += 1
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
        buffer = io.BytesIO()
        image.save(buffer, {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}[file_type])
        return buffer.getvalue()

    def pdf(self, pages=2):
        images = [Image.frombytes("RGB", (200, 280), os.urandom(200 * 280 * 3)) for _ in range(pages)]
        buffer = io.BytesIO()
        images[0].save(buffer, "PDF", save_all=True, append_images=images[1:])
        return buffer.getvalue()

    def ffmpeg(self, file_type):
        from services.media.previews import ffmpeg_executable

        self.count += 1
        output = self.folder / "clip-{}.{}".format(self.count, file_type)
        arguments = [part.format(tone=300 + self.count * 7) for part in FFMPEG_SOURCES[file_type]]
        if file_type == "mp4":
            arguments += ["-metadata", "comment={}".format(uuid.uuid4().hex)]
        command = [ffmpeg_executable(), "-nostdin", "-v", "error", "-y", *arguments, str(output)]
        subprocess.run(command, check=True, timeout=60)
        return output.read_bytes()


@pytest.fixture
def media_files(tmp_path):
    return MediaFiles(tmp_path / "files")


# Upload helpers

def new_item(file_name, size, **overrides):
    data = {
        "kind": "poster",
        "file_name": file_name,
        "size_bytes": size,
        "title_th": "โปสเตอร์เตือนภัยแก๊งคอลเซ็นเตอร์",
        "title_en": "Call-centre scam warning poster",
        "description_th": "รู้ทันมิจฉาชีพที่โทรมาอ้างเป็นเจ้าหน้าที่",
        "description_en": "Spot callers who pretend to be officials",
        "scam_types": ["call-center"],
        "audiences": ["elderly"],
        "channels": ["print", "social"],
        "language": "th",
    }
    data.update(overrides)
    return data


def put_parts(upload, data, skip=()):
    """PUT the parts of ``data`` to the presigned URLs of ``upload``, as a browser would."""
    offset = 0
    for part in upload["parts"]:
        chunk = data[offset:offset + part["size"]]
        offset += part["size"]
        if part["part_number"] in skip:
            continue
        response = requests.put(part["url"], data=chunk, timeout=60)
        assert response.status_code == 200, response.text


def upload_item(client, data, file_name, **overrides):
    """Upload a new item end to end; return the complete response."""
    response = client.post("/api/v1/media/uploads", json=new_item(file_name, len(data), **overrides))
    assert response.status_code == 201, response.text
    upload = response.json()
    put_parts(upload, data)
    return client.post("/api/v1/media/uploads/{}/complete".format(upload["id"]))


def publish(client, data, file_name, **overrides):
    """Upload and return the published upload (media_id, version)."""
    response = upload_item(client, data, file_name, **overrides)
    assert response.status_code == 201, response.text
    return response.json()


# Events

class EventTap:
    """A queue bound to ``media.events`` that collects every event published after it was made."""

    def __init__(self, amqp_uri):
        self.connection = Connection(amqp_uri)
        exchange = Exchange("media.events", type="topic", durable=True)
        queue = Queue("test-media-" + uuid.uuid4().hex, exchange=exchange, routing_key="#", auto_delete=True)
        self.queue = queue(self.connection.channel())
        self.queue.declare()
        self.received = []

    def drain(self):
        while True:
            message = self.queue.get(no_ack=True)
            if message is None:
                return
            self.received.append((message.delivery_info["routing_key"], json.loads(message.body)))

    def of_type(self, event_type):
        self.drain()
        return [payload for routing_key, payload in self.received if routing_key == event_type]

    def wait_for(self, event_type, match=lambda payload: True, timeout=15):
        def found():
            return next((payload for payload in self.of_type(event_type) if match(payload)), None)

        return support.wait_for(found, timeout=timeout, message=event_type + " event")

    def close(self):
        self.connection.close()


@pytest.fixture
def events(media, service_config):
    tap = EventTap(service_config["AMQP_URI"])
    yield tap
    tap.close()
