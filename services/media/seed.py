"""Seed the media library with the platform's own sample media.

The samples are one poster (PNG) and one leaflet (PDF) per scam type,
with Thai text in a Thai font. ``services.media.samples`` renders them
into the data folder; they are then uploaded to the object store and
published like any upload, each with a ``media_published`` event. Seeding happens only into an empty
library and only once: a marker row records it, and a copy of the service
that finds another copy's unfinished marker older than
``MARKER_TAKEOVER_SECONDS`` finishes the job. Samples already stored (same
SHA-256) are skipped, so a second run adds nothing.
"""

import datetime
import hashlib
import logging

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from cybervaccine import storage, taxonomy
from cybervaccine.outbox import new_outbox_row
from services.media import rules, uploads
from services.media.models import MediaItem, MediaVersion, OutboxMessage, SeedMarker, utcnow
from services.media.objects import MediaObjects, new_original_key
from services.media.settings import MediaSettings, samples_folder

log = logging.getLogger(__name__)

SAMPLES_MARKER = "samples-v1"
MARKER_TAKEOVER_SECONDS = 10 * 60


def _call(function, *args):
    return function(*args)


def seed_samples(session, objects, folder, run_cpu=_call, now=None):
    """Render and publish the sample media if the library is empty; return lines to print."""
    now = now or utcnow()
    if not claim_marker(session, now):
        return ["media: library already has media; samples not added"]

    from services.media.samples.render import render_samples

    samples = run_cpu(render_samples, folder)
    known = set(taxonomy.seed_codes())
    added = sum(add_sample(session, objects, sample, known, now) for sample in samples)

    session.execute(update(SeedMarker).where(SeedMarker.name == SAMPLES_MARKER).values(finished_at=utcnow()))
    session.commit()
    return ["media: {} sample items published ({} rendered)".format(added, len(samples))]


def claim_marker(session, now):
    """Return True if this process should seed: the library is empty and no other copy is seeding."""
    marker = session.get(SeedMarker, SAMPLES_MARKER)
    if marker is None:
        if session.scalar(select(func.count(MediaItem.id))) > 0:
            return False
        session.add(SeedMarker(name=SAMPLES_MARKER, started_at=now))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return False
        return True

    if marker.finished_at is not None:
        return False
    stale = now - datetime.timedelta(seconds=MARKER_TAKEOVER_SECONDS)
    taken = session.execute(
        update(SeedMarker)
        .where(SeedMarker.name == SAMPLES_MARKER, SeedMarker.finished_at.is_(None), SeedMarker.started_at < stale)
        .values(started_at=now)
    )
    session.commit()
    return taken.rowcount == 1


def add_sample(session, objects, sample, known_scam_types, now):
    """Publish one rendered sample; return 1 if it was added, 0 if the same file is already stored."""
    sha256 = _file_sha256(sample.path)
    if session.scalar(select(MediaVersion.id).where(MediaVersion.sha256 == sha256)) is not None:
        return 0

    with open(sample.path, "rb") as handle:
        head = handle.read(rules.HEAD_BYTES)
    file_type = rules.check_content(sample.kind, sample.file_name, head)
    metadata = _metadata(sample)
    rules.check_metadata(metadata, known_scam_types)

    key = new_original_key()
    objects.put_file(key, sample.path, file_type.content_type)
    try:
        _publish_sample(session, sample, metadata, key, file_type, sha256, now)
    except Exception:
        session.rollback()
        objects.remove(key)
        raise
    return 1


def _publish_sample(session, sample, metadata, key, file_type, sha256, now):
    item = uploads.new_item(sample.kind, metadata, None, now)
    session.add(item)
    session.flush()

    size = sample.path.stat().st_size
    version = uploads.new_version_row(item.id, 1, key, sample.file_name, file_type, size, sha256, now)
    session.add(version)
    session.flush()

    fields = uploads.published_event_fields(item, version)
    session.add(new_outbox_row(OutboxMessage, "media", "media_published", fields))
    session.commit()


def _metadata(sample):
    return rules.clean_metadata(
        {
            "title_th": sample.title_th,
            "title_en": sample.title_en,
            "description_th": sample.description_th,
            "description_en": sample.description_en,
            "scam_types": sample.scam_types,
            "audiences": sample.audiences,
            "channels": sample.channels,
            "language": sample.language,
        }
    )


def _file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def run_seed(session, config):
    """``manage seed``: seed the samples now if the object store responds, else leave it to the service."""
    settings = MediaSettings.from_config(config)
    if not settings.seed_samples:
        return ["media: sample seeding is off (MEDIA_SEED_SAMPLES)"]

    client = storage.CountingClient(storage.internal_client(config), "media")
    bucket = storage.bucket_name(config)
    try:
        storage.ensure_bucket(client, bucket)
    except Exception as error:
        log.debug("object store not reachable for seeding: %s", error)
        return ["media: object store not running yet; the media service seeds the samples when it starts"]

    objects = MediaObjects(client, storage.signing_client(config), bucket)
    return seed_samples(session, objects, samples_folder(config))
