"""The media service: the library of outreach media, its uploads, previews and download log.

It owns the catalogue (items, versions, labels), the pending uploads and
the record of who downloaded what for which unit. File bytes never pass
through it or the broker: clients upload parts to the object store with
presigned URLs and download with short-lived presigned URLs. It emits
``media_published``, ``media_version_added``, ``media_updated``,
``media_archived`` and ``media_downloaded`` through its outbox.

Background timers check large uploads, make previews, add new downloads to
the items' counters and sweep abandoned uploads; CPU work runs in
``eventlet.tpool`` so the event loop (and the broker heartbeats) keep going.
"""

import logging

from eventlet import tpool
from nameko.events import BROADCAST, event_handler as broadcast_handler
from nameko.rpc import RpcProxy
from nameko.timer import timer

from cybervaccine import events, taxonomy
from cybervaccine.auth import Caller
from cybervaccine.db import Database
from cybervaccine.entrypoints import rpc
from cybervaccine.operations import OperationsMixin
from cybervaccine.outbox import Outbox
from cybervaccine.storage import ObjectStorage
from cybervaccine.validation import cached, load
from services.media import metrics, operations, previews, rules, schemas, uploads
from services.media.dependencies import CachedLookup, LookupFailed, MediaConfig, SampleSeeder
from services.media.download_log import DownloadLog
from services.media.download_targets import DownloadTargets
from services.media.models import OutboxMessage
from services.media.objects import MediaObjects
from services.media.settings import MAX_BUNDLE_ITEMS

log = logging.getLogger(__name__)

SCAM_TYPES_TTL_SECONDS = 60
UNITS_TTL_SECONDS = 600
VERIFY_INTERVAL_SECONDS = 1
PREVIEW_INTERVAL_SECONDS = 1
SWEEP_INTERVAL_SECONDS = 300
COUNT_INTERVAL_SECONDS = 2
JOBS_PER_TICK = 20

# Schemas of the busiest calls, built once: a marshmallow schema is stateless while it dumps.
DOWNLOAD_RESPONSE = schemas.DownloadResponse()
MEDIA_PAGE = schemas.MediaPage()


class MediaService(OperationsMixin):
    name = "media"

    db = Database()
    outbox = Outbox(OutboxMessage)
    storage = ObjectStorage()
    settings = MediaConfig()
    directory = RpcProxy("directory")
    scam_type_cache = CachedLookup(SCAM_TYPES_TTL_SECONDS)
    unit_cache = CachedLookup(UNITS_TTL_SECONDS)
    seeder = SampleSeeder()
    download_log = DownloadLog()
    download_targets = DownloadTargets()

    # Uploads

    @rpc
    def create_upload(self, caller, data):
        """Check a new item's metadata and file; return presigned part URLs for the file."""
        data = load(schemas.CreateUploadRequest, data)

        upload = uploads.create_upload(
            self.db, self._objects(), self.settings, Caller.from_dict(caller), data, self._known_scam_types()
        )
        self.db.commit()

        log.info("upload %s started for a new %s (%d bytes)", upload.id, upload.kind, upload.size_bytes)
        return self._dump_upload(upload)

    @rpc
    def create_version_upload(self, caller, media_id, data):
        """Start the upload of a new file for an existing item."""
        data = load(schemas.CreateVersionUploadRequest, data)

        upload = uploads.create_version_upload(
            self.db, self._objects(), self.settings, Caller.from_dict(caller), media_id, data
        )
        self.db.commit()

        log.info("upload %s started for a new version of media %s", upload.id, media_id)
        return self._dump_upload(upload)

    @rpc
    def get_upload(self, caller, upload_id):
        """Return an upload's status (and fresh part URLs while it is pending)."""
        upload = uploads.get_upload(self.db, Caller.from_dict(caller), upload_id)
        return self._dump_upload(upload)

    @rpc
    def complete_upload(self, caller, upload_id):
        """Join the parts; small files are checked and published now, large ones in the background."""
        upload = uploads.complete_upload(
            self.db, self._objects(), self.outbox, self.settings, Caller.from_dict(caller), upload_id
        )
        self._forget_changed_item(upload)
        return self._dump_upload(upload)

    @rpc
    def cancel_upload(self, caller, upload_id):
        upload = uploads.cancel_upload(self.db, self._objects(), Caller.from_dict(caller), upload_id)

        log.info("upload %s cancelled", upload.id)
        return self._dump_upload(upload)

    # Catalogue

    @rpc
    def vocabulary(self):
        """Return the kinds, audiences, channels, languages and file types the library accepts."""
        return cached(schemas.VocabularyResponse).dump(operations.vocabulary(self.settings))

    @rpc
    def list_media(self, caller, query=None):
        """Return a page of the catalogue, filtered, searched and sorted."""
        query = load(schemas.MediaQuery, query or {})
        page = operations.list_media(self.db, self._objects(), self.settings, Caller.from_dict(caller), query)
        return MEDIA_PAGE.dump(page)

    @rpc
    def get_media(self, caller, media_id):
        item = operations.get_media(self.db, self._objects(), self.settings, Caller.from_dict(caller), media_id)
        return cached(schemas.MediaResponse).dump(item)

    @rpc
    def update_media(self, caller, media_id, data):
        """Change an item's titles, descriptions or labels."""
        data = load(schemas.UpdateMediaRequest, data)
        known = self._known_scam_types() if "scam_types" in data else ()

        operations.update_media(self.db, self.outbox, Caller.from_dict(caller), media_id, data, known)
        self.db.commit()
        self.download_targets.forget(media_id)

        log.info("media %s metadata updated", media_id)
        return self.get_media(caller, media_id)

    @rpc
    def archive_media(self, caller, media_id, data=None):
        """Take an item out of the catalogue; its versions and history stay."""
        data = load(schemas.ArchiveMediaRequest, data or {})

        operations.archive_media(self.db, self.outbox, Caller.from_dict(caller), media_id, data["reason"])
        self.db.commit()
        self.download_targets.forget(media_id)

        log.info("media %s archived", media_id)
        return self.get_media(caller, media_id)

    # Downloads

    @rpc
    def authorize_download(self, caller, media_id, version=None):
        """Record a download of one version and return a short-lived URL that serves the file."""
        caller = Caller.from_dict(caller)

        rules.require_role(caller, rules.BROWSE_ROLES)
        target = self.download_targets.get(
            media_id, version, lambda: operations.load_download_target(self.db, media_id, version)
        )
        operations.require_visible(caller, target)
        self.db.commit()

        self.download_log.record(caller, target, self._province_of(caller.unit_id))
        url, expires_at = self.download_targets.signed_url(
            target, lambda target: operations.sign_download(self._objects(), self.settings, target)
        )
        result = operations.download_answer(target, url, expires_at)

        _count_downloads(result["scam_types"])
        return DOWNLOAD_RESPONSE.dump(result)

    @rpc
    def authorize_bundle(self, caller, items):
        """Record the download of several items for one ZIP; return the files it contains."""
        data = load(schemas.BundleRequest, {"items": items})
        caller = Caller.from_dict(caller)

        files = operations.authorize_bundle(
            self.db, self.outbox, caller, data["items"], self._province_of(caller.unit_id),
            max_items=MAX_BUNDLE_ITEMS,
        )
        self.db.commit()

        for file in files:
            _count_downloads(file["scam_types"])
        log.info("bundle of %d files authorised for account %s", len(files), caller.account_id)
        return cached(schemas.BundleFile, many=True).dump(files)

    @rpc
    def list_unit_downloads(self, caller, query=None):
        """Return what the caller's unit downloaded, marking items that have a newer version."""
        query = load(schemas.UnitDownloadsQuery, query or {})
        rows = operations.list_unit_downloads(self.db, Caller.from_dict(caller), query["newer_only"])
        return cached(schemas.UnitDownloadResponse, many=True).dump(rows)

    # Every media process drops its cached download targets of a changed item.
    # Each process has a broadcast queue of its own that lives as long as it does.

    @broadcast_handler("media", "media_updated", handler_type=BROADCAST, reliable_delivery=False)
    def forget_updated_item(self, payload):
        self._forget_download_target("media_updated", payload)

    @broadcast_handler("media", "media_version_added", handler_type=BROADCAST, reliable_delivery=False)
    def forget_item_with_new_version(self, payload):
        self._forget_download_target("media_version_added", payload)

    @broadcast_handler("media", "media_archived", handler_type=BROADCAST, reliable_delivery=False)
    def forget_archived_item(self, payload):
        self._forget_download_target("media_archived", payload)

    def _forget_changed_item(self, upload):
        """A new version changes its item's current version: drop this process's cached targets at once."""
        if upload.media_id is not None:
            self.download_targets.forget(upload.media_id)

    def _forget_download_target(self, event_type, payload):
        event = events.load_event("media", event_type, payload)
        self.download_targets.forget(event["media_id"])

    # Background work

    @timer(interval=VERIFY_INTERVAL_SECONDS)
    def verify_uploads(self):
        """Check and publish (or reject) large uploads whose parts were joined."""
        objects = self._objects()
        for _ in range(JOBS_PER_TICK):
            upload = uploads.claim_verification(self.db)
            if upload is None:
                return
            try:
                uploads.verify_upload(self.db, objects, self.outbox, upload)
            except Exception as error:
                log.warning("check of upload %s failed, retrying later: %s", upload.id, error)
                return
            self._forget_changed_item(upload)

    @timer(interval=PREVIEW_INTERVAL_SECONDS)
    def make_previews(self):
        """Make the preview images of newly published versions, one at a time."""
        objects = self._objects()
        for _ in range(JOBS_PER_TICK):
            version = previews.claim_preview(self.db)
            if version is None:
                return
            self._make_preview(objects, version)

    def _make_preview(self, objects, version):
        try:
            key = previews.make_preview(objects, version, tpool.execute)
        except Exception as error:
            log.warning("preview of media %s version %s failed: %s", version.media_id, version.version, error)
            self.db.rollback()
            previews.record_preview(self.db, version, error=error)
            return
        previews.record_preview(self.db, version, preview_key=key)

    @timer(interval=COUNT_INTERVAL_SECONDS)
    def count_downloads(self):
        """Add recent downloads to their items' download counts (for sorting by most downloaded)."""
        while operations.count_downloads(self.db) == operations.COUNT_BATCH:
            pass

    @timer(interval=SWEEP_INTERVAL_SECONDS)
    def sweep_uploads(self):
        """Expire abandoned uploads and remove objects that will never be published."""
        counts = uploads.sweep_uploads(self.db, self._objects(), self.settings)
        if any(counts.values()):
            log.info("upload sweep: %(expired)d expired, %(removed)d objects removed, %(aborted)d aborted", counts)

    # Helpers

    def _objects(self):
        return MediaObjects(self.storage.client, self.storage.signer, self.storage.bucket)

    def _dump_upload(self, upload):
        data = uploads.present_upload(self._objects(), self.settings, upload)
        version = uploads.published_version(self.db, upload)
        data["version"] = version.version if version is not None else None
        return cached(schemas.UploadResponse).dump(data)

    def _known_scam_types(self):
        """Return the taxonomy's active codes, cached for a minute.

        Falls back to the seed list when the directory service has not returned the list yet.
        """
        try:
            return self.scam_type_cache.get(
                "codes", lambda: frozenset(entry["code"] for entry in self.directory.list_scam_types())
            )
        except LookupFailed as error:
            log.warning("scam type list unavailable, checking against the seed list: %s", error)
            return frozenset(taxonomy.seed_codes())

    def _province_of(self, unit_id):
        """Return the caller's unit's province code (cached), or None if it cannot be found now."""
        if unit_id is None:
            return None
        try:
            return self.unit_cache.get(unit_id, lambda: self.directory.get_unit(unit_id).get("province_code"))
        except LookupFailed as error:
            log.warning("province of unit %s unknown for now: %s", unit_id, error)
            return None


def _count_downloads(scam_types):
    for code in scam_types:
        metrics.DOWNLOADS.labels(code).inc()
