"""Upload use cases: from presigned part URLs to a published, checked file.

The client never sends bytes through the platform's processes. It requests
an upload, PUTs the parts straight to the object store with presigned URLs
and then requests completion. Completing joins the parts and checks the
object: size, real type from its first bytes, SHA-256 read as a stream, and
no identical file in the library. Only then is the item (or the new version)
published, together with its event. A rejected, cancelled or abandoned
upload never publishes anything, and its object is removed at once or by
the sweeper.

The functions commit between store calls so that a crash leaves a state
that the verifier or the sweeper finishes: ``pending`` uploads expire,
``verifying`` uploads are checked (again) in the background.
"""

import datetime
import json
import logging
import uuid

from minio.error import S3Error
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from cybervaccine.errors import Conflict, Gone, InvalidInput, TooLarge
from services.media import metrics, objects as media_objects, operations, rules
from services.media.exceptions import UnsupportedFileType
from services.media.messages import MESSAGES
from services.media.models import MediaItem, MediaVersion, Upload, utcnow

log = logging.getLogger(__name__)

CLOSED_STATUSES = ("rejected", "cancelled", "expired")
VERIFY_CLAIM_SECONDS = 15 * 60
# A multipart upload older than the pending lifetime plus this margin belongs to no live upload.
ORPHAN_MARGIN = datetime.timedelta(hours=1)

# The HTTP status a rejection is reported with when a client polls a background check.
REJECTION_STATUS = ((UnsupportedFileType, 415), (TooLarge, 413), (Conflict, 409), (InvalidInput, 400))


# Starting an upload

def create_upload(session, objects, settings, caller, data, known_scam_types):
    """Check a new item's metadata and file, and open a multipart upload for it."""
    rules.require_role(caller, rules.MANAGE_ROLES)
    file_name = rules.clean_file_name(data["file_name"])
    file_type = rules.check_declared_file(data["kind"], file_name, data["size_bytes"], settings.max_upload_bytes)

    metadata = rules.clean_metadata({field: data[field] for field in operations.METADATA_FIELDS if field != "kind"})
    rules.check_metadata(metadata, known_scam_types)

    return _start_upload(
        session, objects, settings, caller, data["kind"], file_name, data["size_bytes"], file_type,
        metadata=metadata,
    )


def create_version_upload(session, objects, settings, caller, media_id, data):
    """Open a multipart upload for a new file of an existing item."""
    rules.require_role(caller, rules.MANAGE_ROLES)
    item = operations.get_item(session, media_id)
    operations.require_not_archived(item)

    file_name = rules.clean_file_name(data["file_name"])
    file_type = rules.check_declared_file(item.kind, file_name, data["size_bytes"], settings.max_upload_bytes)
    return _start_upload(
        session, objects, settings, caller, item.kind, file_name, data["size_bytes"], file_type,
        media_id=item.id, note=data.get("note"),
    )


def _start_upload(session, objects, settings, caller, kind, file_name, size, file_type, media_id=None,
                  metadata=None, note=None):
    part_size, part_count = rules.plan_parts(size)
    key = media_objects.new_original_key()
    now = utcnow()

    # The store's upload is opened first: if the commit below fails, the sweeper aborts it later.
    multipart_upload_id = objects.start_multipart(key, file_type.content_type)
    upload = Upload(
        id=str(uuid.uuid4()),
        media_id=media_id,
        status="pending",
        kind=kind,
        object_key=key,
        multipart_upload_id=multipart_upload_id,
        file_name=file_name,
        size_bytes=size,
        part_size=part_size,
        part_count=part_count,
        metadata_json=json.dumps(metadata, ensure_ascii=False) if metadata is not None else None,
        note=note,
        created_by=caller.account_id,
        created_at=now,
        expires_at=now + settings.pending_upload_lifetime,
    )
    session.add(upload)
    session.flush()
    return upload


def present_upload(objects, settings, upload):
    """Return an upload as the response schema shows it, with part URLs while it is pending."""
    data = {
        "id": upload.id,
        "status": upload.status,
        "media_id": upload.media_id,
        "version": None,
        "kind": upload.kind,
        "file_name": upload.file_name,
        "size_bytes": upload.size_bytes,
        "part_size": upload.part_size,
        "part_count": upload.part_count,
        "created_at": upload.created_at,
        "expires_at": upload.expires_at,
        "error": _present_error(upload),
    }
    if upload.status == "pending":
        data["parts"] = [
            {
                "part_number": number,
                "size": rules.expected_part_size(number, upload.size_bytes, upload.part_size, upload.part_count),
                "url": objects.part_url(upload.object_key, upload.multipart_upload_id, number, settings.part_url_lifetime),
            }
            for number in range(1, upload.part_count + 1)
        ]
    return data


def _present_error(upload):
    if not upload.error_code:
        return None
    return {
        "code": upload.error_code,
        "status": upload.error_status,
        "message_th": upload.error_message_th,
        "message_en": upload.error_message_en,
        "details": json.loads(upload.error_details or "{}"),
    }


def get_upload(session, caller, upload_id, for_update=False):
    """Return the caller's own upload."""
    rules.require_role(caller, rules.MANAGE_ROLES)
    statement = select(Upload).where(Upload.id == str(upload_id))
    if for_update:
        statement = statement.with_for_update()
    upload = session.scalar(statement)
    if upload is None:
        raise MESSAGES.not_found("upload_not_found", details={"upload_id": upload_id}, upload_id=upload_id)
    if upload.created_by != caller.account_id:
        raise MESSAGES.denied("upload_not_yours", details={"upload_id": upload_id}, upload_id=upload_id)
    return upload


def published_version(session, upload):
    if upload.version_id is None:
        return None
    return session.get(MediaVersion, upload.version_id)


# Completing an upload

def complete_upload(session, objects, outbox, settings, caller, upload_id, now=None):
    """Join the uploaded parts; check and publish now if the file is small, else leave it to the verifier.

    Raises ``upload_incomplete`` (the upload stays pending, so the client can
    send the missing parts) or the reason the file was rejected.
    """
    now = now or utcnow()
    upload = get_upload(session, caller, upload_id, for_update=True)
    if upload.status in ("verifying", "published"):
        return upload
    if upload.status != "pending":
        raise MESSAGES.conflict(
            "upload_closed", details={"upload_id": upload.id, "status": upload.status},
            upload_id=upload.id, status=upload.status,
        )
    if _aware(upload.expires_at) < now:
        raise MESSAGES.error(Gone, "upload_expired", details={"upload_id": upload.id}, upload_id=upload.id)

    _join_parts(objects, upload)
    upload.status = "verifying"
    inline = upload.size_bytes <= settings.inline_verify_bytes
    upload.claimed_at = now if inline else None
    session.commit()

    if inline:
        verify_upload(session, objects, outbox, upload, raise_rejection=True)
    return upload


def _join_parts(objects, upload):
    try:
        parts = objects.list_parts(upload.object_key, upload.multipart_upload_id)
    except S3Error:
        # The parts were joined before, but the commit that recorded it did not happen.
        if objects.exists(upload.object_key):
            return
        raise MESSAGES.error(Gone, "upload_expired", details={"upload_id": upload.id}, upload_id=upload.id)

    rules.check_parts(
        [(part.part_number, part.size) for part in parts], upload.size_bytes, upload.part_size, upload.part_count
    )
    objects.complete_multipart(upload.object_key, upload.multipart_upload_id, parts)


def verify_upload(session, objects, outbox, upload, raise_rejection=False):
    """Check a joined upload and publish it, or reject it and remove its object.

    A store that cannot be reached leaves the upload ``verifying`` (and
    unclaimed) for a later attempt; the error is raised.
    """
    upload_id = upload.id
    try:
        file_type, sha256 = check_object(session, objects, upload)
        version = _publish_with_retry(session, outbox, upload, file_type, sha256)
    except InvalidInput as error:
        _reject(session, objects, upload_id, error)
        if raise_rejection:
            raise
        return None
    except Conflict as error:
        _reject(session, objects, upload_id, error)
        if raise_rejection:
            raise
        return None
    except Exception:
        session.rollback()
        _release_claim(session, upload_id)
        raise

    metrics.UPLOADS.labels("published").inc()
    log.info("upload %s published as media %s version %s", upload_id, version.media_id, version.version)
    return version


def check_object(session, objects, upload):
    """Return (file type, SHA-256) of a joined upload; raise the reason to reject it."""
    size = objects.size_of(upload.object_key)
    if size != upload.size_bytes:
        raise _size_mismatch(size, upload.size_bytes)

    head = objects.read_head(upload.object_key)
    file_type = rules.check_content(upload.kind, upload.file_name, head)

    # End the read transaction before a long read of the object.
    session.commit()
    sha256, count = objects.sha256_of(upload.object_key)
    if count != upload.size_bytes:
        raise _size_mismatch(count, upload.size_bytes)

    _check_not_duplicate(session, sha256)
    return file_type, sha256


def _size_mismatch(size, expected):
    return MESSAGES.invalid("file_size_mismatch", details={"size": size, "expected": expected}, size=size, expected=expected)


def _check_not_duplicate(session, sha256):
    found = session.execute(
        select(MediaVersion.media_id, MediaVersion.version, MediaItem.title_th, MediaItem.status)
        .join(MediaItem, MediaItem.id == MediaVersion.media_id)
        .where(MediaVersion.sha256 == sha256)
    ).first()
    if found is not None:
        media_id, version, title, status = found
        raise MESSAGES.conflict(
            "duplicate_file", details={"media_id": media_id, "version": version, "status": status, "sha256": sha256},
            media_id=media_id, version=version, title=title,
        )


def _publish_with_retry(session, outbox, upload, file_type, sha256):
    """Publish; on a unique-key clash find out whether it was the same file or a version number race."""
    for attempt in (1, 2):
        try:
            version = publish_upload(session, outbox, upload, file_type, sha256)
            session.commit()
            return version
        except IntegrityError:
            session.rollback()
            _check_not_duplicate(session, sha256)
            upload = session.get(Upload, upload.id)
            if attempt == 2:
                raise


def publish_upload(session, outbox, upload, file_type, sha256, now=None):
    """Create the item (first upload) or its next version from a checked upload, with the event."""
    now = now or utcnow()
    if upload.media_id is None:
        item, version = _publish_new_item(session, outbox, upload, file_type, sha256, now)
    else:
        item, version = _publish_new_version(session, outbox, upload, file_type, sha256, now)

    upload.status = "published"
    upload.media_id = item.id
    upload.version_id = version.id
    upload.finished_at = now
    session.flush()
    return version


def new_version_row(media_id, number, object_key, file_name, file_type, size, sha256, now, note=None, uploaded_by=None):
    """Build a version row whose preview is still to be made."""
    return MediaVersion(
        media_id=media_id,
        version=number,
        object_key=object_key,
        file_name=file_name,
        file_type=file_type.code,
        content_type=file_type.content_type,
        size_bytes=size,
        sha256=sha256,
        note=note,
        uploaded_by=uploaded_by,
        created_at=now,
        preview_status="pending",
    )


def _version_from_upload(upload, media_id, number, file_type, sha256, now):
    return new_version_row(
        media_id, number, upload.object_key, upload.file_name, file_type, upload.size_bytes, sha256, now,
        note=upload.note, uploaded_by=upload.created_by,
    )


def _publish_new_item(session, outbox, upload, file_type, sha256, now):
    metadata = json.loads(upload.metadata_json)
    item = new_item(upload.kind, metadata, upload.created_by, now)
    session.add(item)
    session.flush()

    version = _version_from_upload(upload, item.id, 1, file_type, sha256, now)
    session.add(version)
    session.flush()

    outbox.add(session, "media_published", published_event_fields(item, version))
    return item, version


def new_item(kind, metadata, created_by, now):
    """Build a catalogue item from checked metadata (its tags included)."""
    item = MediaItem(
        kind=kind,
        status="published",
        title_th=metadata["title_th"],
        title_en=metadata.get("title_en", ""),
        description_th=metadata.get("description_th", ""),
        description_en=metadata.get("description_en", ""),
        language=metadata.get("language", "th"),
        current_version=1,
        download_count=0,
        created_by=created_by,
        created_at=now,
        updated_at=now,
        published_at=now,
    )
    item.search_text = rules.search_text(item.title_th, item.title_en, item.description_th, item.description_en)
    operations.set_tags(item, metadata)
    return item


def published_event_fields(item, version):
    return dict(
        operations.metadata_event_fields(item),
        media_version=version.version,
        file_name=version.file_name,
        file_type=version.file_type,
        content_type=version.content_type,
        size_bytes=version.size_bytes,
        sha256=version.sha256,
        published_by=item.created_by,
    )


def _publish_new_version(session, outbox, upload, file_type, sha256, now):
    item = operations.get_item(session, upload.media_id, for_update=True)
    operations.require_not_archived(item)

    previous = item.current_version
    version = _version_from_upload(upload, item.id, previous + 1, file_type, sha256, now)
    session.add(version)
    item.current_version = previous + 1
    item.updated_at = now
    session.flush()

    outbox.add(
        session,
        "media_version_added",
        {
            "media_id": item.id,
            "media_version": version.version,
            "previous_version": previous,
            "kind": item.kind,
            "scam_types": item.scam_types,
            "file_name": version.file_name,
            "file_type": version.file_type,
            "content_type": version.content_type,
            "size_bytes": version.size_bytes,
            "sha256": version.sha256,
            "note": version.note,
            "added_by": upload.created_by,
        },
    )
    return item, version


def _reject(session, objects, upload_id, error):
    """Record why an upload was rejected, then remove its object (the sweeper retries a failed removal)."""
    session.rollback()
    upload = session.get(Upload, upload_id)
    upload.status = "rejected"
    upload.error_code = error.code
    upload.error_status = _rejection_status(error)
    upload.error_message_th = error.message_th
    upload.error_message_en = error.message_en
    upload.error_details = json.dumps(error.details, ensure_ascii=False, default=str)
    upload.finished_at = utcnow()
    session.commit()

    metrics.UPLOADS.labels(error.code).inc()
    log.info("upload %s rejected: %s", upload_id, error.code)
    _remove_object(session, objects, upload)


def _rejection_status(error):
    for error_class, status in REJECTION_STATUS:
        if isinstance(error, error_class):
            return status
    return 400


def _remove_object(session, objects, upload):
    try:
        objects.remove(upload.object_key)
    except Exception as error:
        session.rollback()
        log.warning("object %s of upload %s not removed yet: %s", upload.object_key, upload.id, error)
        return
    upload.object_removed_at = utcnow()
    session.commit()


def _release_claim(session, upload_id):
    session.execute(update(Upload).where(Upload.id == upload_id).values(claimed_at=None))
    session.commit()


# Background work

def claim_verification(session, now=None):
    """Take the oldest upload waiting for its check; return it, or None."""
    now = now or utcnow()
    stale = now - datetime.timedelta(seconds=VERIFY_CLAIM_SECONDS)
    waiting = or_(Upload.claimed_at.is_(None), Upload.claimed_at < stale)
    candidates = session.scalars(
        select(Upload.id).where(Upload.status == "verifying", waiting).order_by(Upload.created_at).limit(5)
    ).all()

    for upload_id in candidates:
        claimed = session.execute(
            update(Upload).where(Upload.id == upload_id, Upload.status == "verifying", waiting).values(claimed_at=now)
        )
        session.commit()
        if claimed.rowcount == 1:
            return session.get(Upload, upload_id)
    return None


def cancel_upload(session, objects, caller, upload_id):
    """Stop a pending upload and drop the parts sent so far."""
    upload = get_upload(session, caller, upload_id, for_update=True)
    if upload.status == "cancelled":
        return upload
    if upload.status != "pending":
        raise MESSAGES.conflict(
            "upload_closed", details={"upload_id": upload.id, "status": upload.status},
            upload_id=upload.id, status=upload.status,
        )

    objects.abort_multipart(upload.object_key, upload.multipart_upload_id)
    now = utcnow()
    upload.status = "cancelled"
    upload.finished_at = now
    upload.object_removed_at = now
    session.commit()
    metrics.UPLOADS.labels("cancelled").inc()
    return upload


def sweep_uploads(session, objects, settings, now=None):
    """Expire abandoned uploads and remove every object no upload will publish; return counts."""
    now = now or utcnow()
    counts = {"expired": 0, "removed": 0, "aborted": 0}

    expired = session.scalars(
        select(Upload).where(Upload.status == "pending", Upload.expires_at < now).limit(200)
    ).all()
    for upload in expired:
        objects.abort_multipart(upload.object_key, upload.multipart_upload_id)
        objects.remove(upload.object_key)
        upload.status = "expired"
        upload.finished_at = now
        upload.object_removed_at = now
        session.commit()
        metrics.UPLOADS.labels("expired").inc()
        counts["expired"] += 1

    leftovers = session.scalars(
        select(Upload).where(Upload.status.in_(CLOSED_STATUSES), Upload.object_removed_at.is_(None)).limit(200)
    ).all()
    for upload in leftovers:
        objects.remove(upload.object_key)
        upload.object_removed_at = now
        session.commit()
        counts["removed"] += 1

    cutoff = now - settings.pending_upload_lifetime - ORPHAN_MARGIN
    for key, multipart_upload_id in list(objects.stale_multipart_uploads(cutoff)):
        objects.abort_multipart(key, multipart_upload_id)
        counts["aborted"] += 1
    return counts


def _aware(timestamp):
    """SQLite returns naive datetimes; they are stored in UTC."""
    if timestamp is not None and timestamp.tzinfo is None:
        return timestamp.replace(tzinfo=datetime.timezone.utc)
    return timestamp
