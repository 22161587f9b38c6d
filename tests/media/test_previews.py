"""Preview images made in the background: thumbnails, the first PDF page, a video frame, audio placeholders."""

import io

import pytest
import requests
from PIL import Image

from services.media import previews
from tests import support
from tests.media.conftest import publish


def wait_for_preview(client, media_id, status="ready"):
    def preview():
        item = client.get("/api/v1/media/{}".format(media_id)).json()
        return item["file"] if item["file"]["preview_status"] == status else None

    return support.wait_for(preview, timeout=30, message="preview of media {}".format(media_id))


def fetch_image(url):
    response = requests.get(url, timeout=30)
    assert response.status_code == 200, response.text
    return Image.open(io.BytesIO(response.content))


def test_previews_of_every_kind(working_group, officer, media_files):
    poster = publish(working_group, media_files.image("png", size=(1080, 1350)), "โปสเตอร์.png")
    leaflet = publish(working_group, media_files.pdf(), "แผ่นพับ.pdf", kind="leaflet")
    video = publish(working_group, media_files.ffmpeg("mp4"), "วิดีโอ.mp4", kind="video")
    spot = publish(working_group, media_files.ffmpeg("mp3"), "สปอต.mp3", kind="audio")

    for upload in (poster, leaflet, video, spot):
        file = wait_for_preview(officer, upload["media_id"])
        image = fetch_image(file["preview_url"])
        assert image.format == "JPEG", upload
        assert max(image.size) <= 640, image.size

    poster_preview = fetch_image(wait_for_preview(officer, poster["media_id"])["preview_url"])
    assert poster_preview.size == (512, 640)
    video_preview = fetch_image(wait_for_preview(officer, video["media_id"])["preview_url"])
    assert video_preview.size == (320, 240)
    listed = {item["id"]: item["file"]["preview_url"] for item in officer.get("/api/v1/media").json()["items"]}
    assert listed[poster["media_id"]] == wait_for_preview(officer, poster["media_id"])["preview_url"]


def test_broken_image_preview_fails_but_item_stays(working_group, officer):
    data = b"\x89PNG\r\n\x1a\n" + b"not really an image" * 50

    upload = publish(working_group, data, "เสีย.png")

    file = wait_for_preview(officer, upload["media_id"], status="failed")
    assert file["preview_url"] is None
    assert officer.get("/api/v1/media/{}/download".format(upload["media_id"])).status_code == 302


def test_image_preview_fits_box(media_files, tmp_path):
    path = tmp_path / "wide.png"
    path.write_bytes(media_files.image("png", size=(2000, 500)))

    image = Image.open(io.BytesIO(previews.image_preview(path)))

    assert image.size == (640, 160)


def test_transparent_image_gets_white_background(tmp_path):
    path = tmp_path / "clear.png"
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(path)

    image = Image.open(io.BytesIO(previews.image_preview(path)))

    assert image.getpixel((25, 25)) == (255, 255, 255)


def test_pdf_preview_renders_first_page(tmp_path):
    path = tmp_path / "two-pages.pdf"
    first = Image.new("RGB", (300, 400), (200, 30, 30))
    second = Image.new("RGB", (300, 400), (30, 30, 200))
    first.save(path, "PDF", save_all=True, append_images=[second])

    image = Image.open(io.BytesIO(previews.pdf_preview(path)))

    red, green, blue = image.getpixel((image.width // 2, image.height // 2))
    assert red > 150
    assert blue < 80


def test_broken_pdf_raises(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nnot a pdf")

    with pytest.raises(previews.PreviewFailed):
        previews.pdf_preview(path)


def test_video_frame_of_short_clip(media_files, tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_bytes(media_files.ffmpeg("mp4"))

    frame = previews.video_frame(previews.ffmpeg_executable(), str(path), tmp_path)

    assert Image.open(frame).size == (320, 240)


def test_audio_placeholder_is_jpeg():
    image = Image.open(io.BytesIO(previews.audio_placeholder()))

    assert image.format == "JPEG"
    assert image.size == (640, 360)
