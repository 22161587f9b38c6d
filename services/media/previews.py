"""Preview images: a thumbnail of an image, the first page of a PDF, a frame of a video.

Previews are made in the background after a version is published. A job
claims one version (``claim_preview``), renders its preview and records the
result (``record_preview``). A claim not finished within ``CLAIM_SECONDS``
is claimed again, up to ``MAX_ATTEMPTS`` times in all. Rendering
is CPU work: the caller passes ``run_cpu`` (``eventlet.tpool.execute`` in
the service) so that the event loop and the broker heartbeats keep going.
Videos are read by ffmpeg over a presigned URL, so it fetches only the
bytes it needs for one frame.

NOTE: pdfium is not thread-safe. The service renders one preview at a time
per process (one timer worker), so no two PDF renders overlap.
"""

import datetime
import io
import logging
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps
from sqlalchemy import or_, select, update

from services.media import metrics
from services.media.models import MediaVersion, utcnow
from services.media.objects import new_preview_key

log = logging.getLogger(__name__)

PREVIEW_BOX = (640, 640)
JPEG_QUALITY = 82
MAX_ATTEMPTS = 3
CLAIM_SECONDS = 10 * 60
VIDEO_FRAME_SECONDS = (1, 0)
FFMPEG_TIMEOUT_SECONDS = 120
# Shrink large frames (never enlarge) before the thumbnail step.
FRAME_SCALE = "scale=w='min(1280,iw)':h='min(1280,ih)':force_original_aspect_ratio=decrease"
# Images larger than this many pixels are refused rather than decoded (decompression bombs).
MAX_IMAGE_PIXELS = 200_000_000


class PreviewFailed(Exception):
    """Raised when a file's preview cannot be made (broken file, no video frame)."""


# Jobs

def claim_preview(session, now=None):
    """Take one version whose preview is due; return it, or None."""
    now = now or utcnow()
    stale = now - datetime.timedelta(seconds=CLAIM_SECONDS)
    due = or_(
        MediaVersion.preview_status == "pending",
        (MediaVersion.preview_status == "running") & (MediaVersion.preview_claimed_at < stale),
    )
    candidates = session.scalars(
        select(MediaVersion.id).where(due, MediaVersion.preview_attempts < MAX_ATTEMPTS).order_by(MediaVersion.id).limit(5)
    ).all()

    for version_id in candidates:
        claimed = session.execute(
            update(MediaVersion)
            .where(MediaVersion.id == version_id, due, MediaVersion.preview_attempts < MAX_ATTEMPTS)
            .values(
                preview_status="running", preview_claimed_at=now, preview_attempts=MediaVersion.preview_attempts + 1
            )
        )
        session.commit()
        if claimed.rowcount == 1:
            return session.get(MediaVersion, version_id)
    return None


def record_preview(session, version, preview_key=None, error=None):
    """Store the outcome of a preview job: ready with its key, or failed (retried while attempts remain)."""
    if preview_key is not None:
        version.preview_status = "ready"
        version.preview_key = preview_key
        version.preview_error = None
    else:
        version.preview_status = "failed" if version.preview_attempts >= MAX_ATTEMPTS else "pending"
        version.preview_error = str(error)[:1000]
    session.commit()
    metrics.PREVIEWS.labels(version.file_type, "ready" if preview_key else "failed").inc()


def make_preview(objects, version, run_cpu, ffmpeg_path=None, url_lifetime=datetime.timedelta(minutes=10)):
    """Render and store the preview of one version; return its object key."""
    with tempfile.TemporaryDirectory(prefix="cv-preview-") as folder:
        folder = Path(folder)
        if version.file_type in ("png", "jpeg", "webp"):
            source = folder / "source"
            objects.download_to(version.object_key, source)
            data = run_cpu(image_preview, source)
        elif version.file_type == "pdf":
            source = folder / "source.pdf"
            objects.download_to(version.object_key, source)
            data = run_cpu(pdf_preview, source)
        elif version.file_type == "mp4":
            url = objects.internal_url(version.object_key, url_lifetime)
            frame = video_frame(ffmpeg_path or ffmpeg_executable(), url, folder)
            data = run_cpu(image_preview, frame)
        else:
            data = run_cpu(audio_placeholder)

    key = new_preview_key()
    objects.put_bytes(key, data, "image/jpeg")
    return key


# Rendering

def to_jpeg(image):
    """Fit an image into the preview box on white and return it as JPEG bytes."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail(PREVIEW_BOX)

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def image_preview(path):
    """Return a JPEG thumbnail of an image file."""
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(path) as image:
            image.draft("RGB", PREVIEW_BOX)
            image.load()
            return to_jpeg(image)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise PreviewFailed("image cannot be read: {}".format(error))


def pdf_preview(path):
    """Return a JPEG of the first page of a PDF file."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise PreviewFailed("PDF cannot be opened: {}".format(error))
    try:
        if len(document) == 0:
            raise PreviewFailed("PDF has no pages")
        page = document[0]
        width, height = page.get_size()
        scale = min(PREVIEW_BOX[0] / width, PREVIEW_BOX[1] / height) * 2
        image = page.render(scale=scale).to_pil()
        page.close()
        return to_jpeg(image)
    finally:
        document.close()


def ffmpeg_executable():
    """Return the ffmpeg binary shipped in the imageio-ffmpeg wheel (or named by IMAGEIO_FFMPEG_EXE)."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def video_frame(ffmpeg_path, url, folder):
    """Extract one frame (at 1 s, or the first frame of a shorter video) to a PNG file; return its path."""
    output = Path(folder) / "frame.png"
    errors = []
    for seconds in VIDEO_FRAME_SECONDS:
        command = [
            ffmpeg_path, "-nostdin", "-v", "error", "-y", "-ss", str(seconds), "-i", url,
            "-frames:v", "1", "-vf", FRAME_SCALE, str(output),
        ]
        try:
            result = subprocess.run(command, capture_output=True, timeout=FFMPEG_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise PreviewFailed("ffmpeg took longer than {} s".format(FFMPEG_TIMEOUT_SECONDS))
        if result.returncode == 0 and output.is_file() and output.stat().st_size > 0:
            return output
        errors.append(result.stderr.decode("utf-8", "replace").strip()[-300:])
    raise PreviewFailed("no video frame: {}".format(" | ".join(errors)))


def audio_placeholder():
    """Return the preview of an audio spot: a drawn loudspeaker and sound wave (no file content)."""
    width, height = 640, 360
    image = Image.new("RGB", (width, height), (20, 33, 61))
    draw = ImageDraw.Draw(image)

    draw.rectangle((150, 140, 200, 220), fill=(255, 209, 102))
    draw.polygon([(200, 140), (270, 90), (270, 270), (200, 220)], fill=(255, 209, 102))
    bar_heights = (40, 90, 150, 200, 130, 70, 170, 110, 60, 30)
    for index, bar_height in enumerate(bar_heights):
        left = 310 + index * 28
        top = height // 2 - bar_height // 2
        draw.rounded_rectangle((left, top, left + 16, top + bar_height), radius=8, fill=(255, 255, 255))

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()
