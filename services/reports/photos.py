"""Report photos: resumable uploads straight to object storage, checks, display copies.

1. The device requests a slot (``create_upload``) with its own photo id,
   the file's size, type and optional SHA-256. The service starts an S3
   multipart upload and returns presigned PUT URLs, one per part.
2. The device PUTs the parts. After a broken connection it requests the
   slot again (``upload_status``), which lists the parts the store already has, and
   only the missing ones get URLs.
3. ``complete_upload`` joins the parts, checks size, checksum and the
   image header, and queues the photo for processing.
4. A timer (``process_photos``) makes the display and thumbnail copies
   without EXIF (so without GPS) and keeps the original. A report is
   complete when all the photos it declared are ready.

Functions that run Pillow take ``blocking``, a callable that runs a function
off the event loop (``eventlet.tpool.execute`` in the service).
"""

import dataclasses
import datetime
import logging
import math
import tempfile

from minio.error import S3Error
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from cybervaccine import auth
from cybervaccine.errors import TooLarge
from services.reports import imaging, operations, rules
from services.reports.messages import MESSAGES
from services.reports.models import Report, ReportPhoto, utcnow
from services.reports.objects import photo_key

log = logging.getLogger(__name__)

PART_BYTES = 5 * 1024 * 1024
SPOOL_BYTES = 2 * 1024 * 1024
MAX_ATTEMPTS = 3
CLAIM_SECONDS = 300


@dataclasses.dataclass(frozen=True)
class PhotoLimits:
    max_bytes: int = 15 * 1024 * 1024
    url_seconds: int = 3600


class PhotoRejected(Exception):
    """Raised after a photo was marked rejected and the change committed; carries the error to return."""

    def __init__(self, error):
        super().__init__(error.code)
        self.error = error


# Slots

def _check_uploader(caller, report):
    if report.filed_by == caller.account_id:
        return
    in_subtree = caller.unit_id is not None and caller.unit_id in report.unit.path_ids
    if caller.has_role(auth.UNIT_HEAD) and in_subtree:
        return
    if not rules.can_view_report(caller, report.filed_by, report.unit.path_ids):
        raise MESSAGES.not_found("report_not_found", details={"report_id": report.id}, report_id=report.id)
    raise MESSAGES.denied("photo_not_allowed", details={"report_id": report.id})


def _same_slot(photo, report_id, data):
    return (
        photo.report_id == report_id
        and photo.file_name == data["file_name"]
        and photo.content_type == data["content_type"]
        and photo.size_bytes == data["size"]
        and photo.sha256 == data.get("sha256")
    )


def create_upload(session, objects, caller, report_id, data, limits):
    """Open an upload slot for a photo, or return the slot a retry with the same photo id opened."""
    # The lock makes concurrent slots of one report count each other against its photo count.
    report = operations.load_report(session, operations.parse_uuid(report_id), for_update=True)
    _check_uploader(caller, report)
    photo_id = operations.parse_uuid(data["photo_id"], "invalid_photo_id")

    existing = session.get(ReportPhoto, photo_id)
    if existing is not None:
        return _existing_slot(existing, report.id, data)

    _check_new_slot(session, report, data, limits)
    key = photo_key(report.id, photo_id, "original")
    upload_id = objects.start_multipart(key, data["content_type"])
    photo = ReportPhoto(
        id=photo_id,
        report_id=report.id,
        file_name=data["file_name"],
        content_type=data["content_type"],
        size_bytes=data["size"],
        sha256=data.get("sha256"),
        part_size=PART_BYTES,
        part_count=max(1, math.ceil(data["size"] / PART_BYTES)),
        multipart_upload_id=upload_id,
        original_key=key,
        uploaded_by=caller.account_id,
        created_at=utcnow(),
    )
    session.add(photo)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        objects.abort_multipart(key, upload_id)
        return _existing_slot(session.get(ReportPhoto, photo_id), report.id, data)
    return photo


def _existing_slot(photo, report_id, data):
    if not _same_slot(photo, report_id, data):
        raise MESSAGES.conflict("photo_id_conflict", details={"photo_id": photo.id}, photo_id=photo.id)
    return photo


def _check_new_slot(session, report, data, limits):
    if report.status == "withdrawn":
        raise MESSAGES.conflict("report_withdrawn", details={"report_id": report.id}, report_id=report.id)
    if data["content_type"] not in imaging.ACCEPTED_TYPES:
        raise MESSAGES.invalid(
            "photo_type_not_allowed", details={"field": "content_type", "value": data["content_type"]},
            content_type=data["content_type"],
        )
    if data["size"] > limits.max_bytes:
        raise MESSAGES.error(
            TooLarge, "photo_too_large", details={"field": "size", "limit": limits.max_bytes},
            size=data["size"], limit=limits.max_bytes,
        )

    live = operations.live_photo_count(session, report.id)
    if live >= report.photo_count:
        raise MESSAGES.conflict(
            "photo_count_reached", details={"photo_count": report.photo_count}, count=report.photo_count
        )


def load_photo(session, caller, report_id, photo_id, upload=True, for_update=False):
    """Return a photo of a report: for its uploader (``upload``) or for anyone who may see the report."""
    report = operations.load_report(session, operations.parse_uuid(report_id))
    if upload:
        _check_uploader(caller, report)
    elif not rules.can_view_report(caller, report.filed_by, report.unit.path_ids):
        raise MESSAGES.not_found("report_not_found", details={"report_id": report.id}, report_id=report.id)
    photo = session.get(
        ReportPhoto, operations.parse_uuid(photo_id, "invalid_photo_id"),
        with_for_update=for_update or None, populate_existing=for_update,
    )
    if photo is None or photo.report_id != report.id:
        raise MESSAGES.not_found("photo_not_found", details={"photo_id": str(photo_id)}, photo_id=photo_id)
    return photo


def upload_status(objects, photo, limits, now=None):
    """Return the parts already in storage and fresh URLs for the missing ones."""
    now = now or utcnow()
    uploaded = {}
    parts = []
    if photo.status == "uploading":
        uploaded = objects.uploaded_parts(photo.original_key, photo.multipart_upload_id)
        lifetime = datetime.timedelta(seconds=limits.url_seconds)
        for number in range(1, photo.part_count + 1):
            if number not in uploaded:
                url = objects.part_url(photo.original_key, photo.multipart_upload_id, number, lifetime)
                parts.append({"part_number": number, "url": url, "size": _part_size(photo, number)})
    return {
        "photo": photo,
        "part_size": photo.part_size,
        "part_count": photo.part_count,
        "uploaded_parts": sorted(uploaded),
        "parts": parts,
        "expires_at": now + datetime.timedelta(seconds=limits.url_seconds),
    }


def _part_size(photo, number):
    if number < photo.part_count:
        return photo.part_size
    return photo.size_bytes - photo.part_size * (photo.part_count - 1)


# Completion

def complete_upload(session, objects, caller, report_id, photo_id, limits):
    """Join the uploaded parts and check the photo; queue it for its display copies.

    A photo that fails a check is marked rejected and its object removed;
    the caller commits that and then raises ``PhotoRejected.error``.
    """
    # The lock lets a retried request wait for the first one instead of joining the parts twice.
    photo = load_photo(session, caller, report_id, photo_id, for_update=True)
    if photo.status in ("processing", "ready"):
        return photo
    if photo.status == "rejected":
        raise MESSAGES.conflict("photo_rejected", details={"photo_id": photo.id}, code=photo.error_code)

    parts = objects.uploaded_parts(photo.original_key, photo.multipart_upload_id)
    missing = [number for number in range(1, photo.part_count + 1) if number not in parts]
    if missing:
        raise MESSAGES.invalid(
            "photo_upload_incomplete", details={"missing_parts": missing}, missing=", ".join(map(str, missing))
        )

    received = sum(size for _, size in parts.values())
    if received > limits.max_bytes:
        objects.abort_multipart(photo.original_key, photo.multipart_upload_id)
        _reject(photo, MESSAGES.error(
            TooLarge, "photo_too_large", details={"limit": limits.max_bytes}, size=received, limit=limits.max_bytes
        ))

    try:
        objects.complete_multipart(photo.original_key, photo.multipart_upload_id, parts)
    except S3Error as error:
        log.info("object storage failed to join the parts of photo %s: %s", photo.id, error.code)
        raise MESSAGES.invalid("photo_parts_invalid", details={"photo_id": photo.id, "store_error": error.code})
    _check_object(objects, photo, received)

    photo.status = "processing"
    photo.uploaded_at = utcnow()
    return photo


def _check_object(objects, photo, received):
    if received != photo.size_bytes:
        objects.remove(photo.original_key)
        _reject(photo, MESSAGES.invalid(
            "photo_size_mismatch", details={"declared_size": photo.size_bytes, "received_size": received},
            declared=photo.size_bytes, received=received,
        ))

    head = objects.read_head(photo.original_key, imaging.HEAD_BYTES)
    try:
        found, width, height = imaging.inspect_head(head)
    except imaging.NotAnImage as error:
        log.info("photo %s is not an image: %s", photo.id, error)
        objects.remove(photo.original_key)
        _reject(photo, MESSAGES.invalid("photo_not_image", details={"photo_id": photo.id}, file_name=photo.file_name))

    if photo.sha256 and objects.sha256_of(photo.original_key) != photo.sha256:
        objects.remove(photo.original_key)
        _reject(photo, MESSAGES.invalid("photo_checksum_mismatch", details={"photo_id": photo.id}))

    photo.width, photo.height = width, height


def _reject(photo, error):
    photo.status = "rejected"
    photo.error_code = error.code
    raise PhotoRejected(error)


# Processing

def claim_photos(session, limit, now=None):
    """Take up to ``limit`` photos waiting for their copies; other copies of the service skip them."""
    now = now or utcnow()
    stale = now - datetime.timedelta(seconds=CLAIM_SECONDS)
    statement = (
        select(ReportPhoto)
        .where(
            ReportPhoto.status == "processing",
            or_(ReportPhoto.claimed_at.is_(None), ReportPhoto.claimed_at < stale),
        )
        .order_by(ReportPhoto.uploaded_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    photos = list(session.scalars(statement))
    for photo in photos:
        photo.claimed_at = now
        photo.attempts += 1
    return photos


def process_photo(session, objects, photo, blocking):
    """Make the display copies of one claimed photo; mark it ready or rejected."""
    if photo.attempts > MAX_ATTEMPTS:
        log.error("photo %s failed %d times; rejecting it", photo.id, photo.attempts - 1)
        photo.status = "rejected"
        photo.error_code = "photo_processing_failed"
        return photo

    with tempfile.SpooledTemporaryFile(SPOOL_BYTES) as source, \
            tempfile.SpooledTemporaryFile(SPOOL_BYTES) as display, \
            tempfile.SpooledTemporaryFile(SPOOL_BYTES) as thumbnail:
        objects.download_to(photo.original_key, source)
        source.seek(0)
        try:
            width, height = blocking(imaging.make_display_copies, source, display, thumbnail)
        except imaging.NotAnImage as error:
            log.info("photo %s could not be decoded: %s", photo.id, error)
            objects.remove(photo.original_key)
            photo.status = "rejected"
            photo.error_code = "photo_not_image"
            return photo

        display_key = photo_key(photo.report_id, photo.id, "display.jpg")
        thumbnail_key = photo_key(photo.report_id, photo.id, "thumbnail.jpg")
        objects.put_file(display_key, display, display.tell(), "image/jpeg")
        objects.put_file(thumbnail_key, thumbnail, thumbnail.tell(), "image/jpeg")

    photo.display_key = display_key
    photo.thumbnail_key = thumbnail_key
    photo.width, photo.height = width, height
    photo.status = "ready"
    photo.processed_at = utcnow()

    session.flush()
    # The lock makes two photos that finish at once in two workers see each other as ready.
    report = session.get(Report, photo.report_id, with_for_update=True, populate_existing=True)
    if operations.mark_complete_if_ready(session, report):
        log.info("report %s is complete with %d photos", report.id, report.photo_count)
    return photo


def photo_urls(objects, url_seconds, now=None):
    """Return a function that gives a photo's display and thumbnail URLs.

    URLs are signed for the start of the current window, so a page that
    reloads within it gets the same URLs and the browser's cache.
    """
    now = now or utcnow()
    window = max(60, url_seconds // 2)
    signed_at = datetime.datetime.fromtimestamp(now.timestamp() // window * window, datetime.timezone.utc)
    lifetime = datetime.timedelta(seconds=url_seconds)

    def urls(photo):
        if photo.status != "ready":
            return {"display_url": None, "thumbnail_url": None}
        return {
            "display_url": objects.signer.presigned_get_object(
                objects.bucket, photo.display_key, expires=lifetime, request_date=signed_at
            ),
            "thumbnail_url": objects.signer.presigned_get_object(
                objects.bucket, photo.thumbnail_key, expires=lifetime, request_date=signed_at
            ),
        }

    return urls


def original_url(objects, caller, photo, url_seconds):
    """Return a URL of the original (with its location data) for unit heads, the working group and administrators."""
    if not caller.has_role(auth.UNIT_HEAD, auth.WORKING_GROUP, auth.ADMINISTRATOR):
        raise MESSAGES.denied(
            "role_required", details={"roles": list(rules.VIEWER_ROLES)}, roles=" / ".join(rules.VIEWER_ROLES)
        )
    if photo.status != "ready":
        raise MESSAGES.conflict("photo_not_ready", details={"photo_id": photo.id})
    return objects.get_url(
        photo.original_key, datetime.timedelta(seconds=url_seconds),
        download_name="{}.{}".format(photo.id, photo.content_type.split("/")[-1]), content_type=photo.content_type,
    )
