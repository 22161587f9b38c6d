"""The reports service: outreach reports, their photos and the roll-ups of the unit tree.

A unit reports an activity once, and every unit above it reads the same
record in its roll-ups. Reports are stored once per device-chosen id, so a phone
can resend safely. Filing, amending and withdrawing emit
``outreach_reported``, ``outreach_amended`` and ``outreach_withdrawn``
through the outbox. The service keeps its own copies of units and media
versions from the directory's and the media library's events, and calls the
directory over RPC only for reporting duties and the scam taxonomy.
"""

import datetime
import logging

from eventlet import tpool
from nameko.events import BROADCAST, event_handler as broadcast_handler
from nameko.timer import timer

from cybervaccine import events
from cybervaccine.auth import Caller
from cybervaccine.db import Database, read_without_transaction
from cybervaccine.entrypoints import rpc
from cybervaccine.messaging import event_handler, first_delivery
from cybervaccine.operations import OperationsMixin
from cybervaccine.outbox import Outbox
from cybervaccine.validation import cached, load
from services.reports import copies, exports, metrics, operations, photos, rules, schemas, totals
from services.reports.dependencies import DirectoryLookups, ReportSettings, ReportStorage, UnitCache
from services.reports.filing import DuplicateReport, FilingLog
from services.reports.messages import ACTIVITY_TYPE_LABELS, AUDIENCE_LABELS, CHANNEL_LABELS
from services.reports.models import HandledEvent, OutboxMessage, utcnow

log = logging.getLogger(__name__)

PHOTO_INTERVAL_SECONDS = 1
PHOTOS_PER_PASS = 4
SETTLE_INTERVAL_SECONDS = 0.5
REPORTS_PER_SETTLING = 1000
EXPORT_SWEEP_SECONDS = 3600
EXPORT_LIFETIME = datetime.timedelta(days=1)

# The schemas of the busiest calls are built once: building a schema copies
# all its fields, while loading and dumping keep no state in the instance.
REPORT_BODY = schemas.ReportBodySchema()
REPORT_RESPONSE = schemas.ReportResponse()


class ReportsService(OperationsMixin):
    name = "reports"

    db = Database()
    outbox = Outbox(OutboxMessage)
    filing = FilingLog()
    storage = ReportStorage()
    directory = DirectoryLookups()
    settings = ReportSettings()
    units = UnitCache()

    # Filing

    @rpc
    def submit_report(self, caller, report_id, data):
        """Store a report under the device's id; return {"created": bool, "report": ...}."""
        data = load(REPORT_BODY, data)
        caller = Caller.from_dict(caller)

        # The checks only read, so they run without a transaction; the group commit writes.
        read_without_transaction(self.db)
        outcome, created = operations.prepare_report(
            self.db, caller, report_id, data, self.directory, self.settings.policy, units=self.units
        )
        if not created:
            return {"created": False, "report": self._dump(outcome)}

        try:
            self.filing(outcome)
        except DuplicateReport:
            return {"created": False, "report": self._dump(operations.replay_after_race(self.db, outcome))}

        metrics.REPORTS_FILED.labels(outcome.values["activity_type"]).inc()
        log.info("report %s received for unit %s", outcome.id, outcome.unit.id)
        return {"created": True, "report": self._dump(outcome.report, outcome.state)}

    @rpc
    def amend_report(self, caller, report_id, data):
        data = load(schemas.AmendReportRequest, data)

        report = operations.amend_report(
            self.db, self.outbox, Caller.from_dict(caller), report_id, data, self.directory, self.settings.policy
        )
        self.db.commit()

        metrics.REPORTS_CHANGED.labels("amended").inc()
        log.info("report %s amended to revision %d", report.id, report.revision)
        return self._dump(report)

    @rpc
    def withdraw_report(self, caller, report_id, data):
        data = load(schemas.WithdrawReportRequest, data)

        report = operations.withdraw_report(
            self.db, self.outbox, Caller.from_dict(caller), report_id, data, self.settings.policy
        )
        self.db.commit()

        metrics.REPORTS_CHANGED.labels("withdrawn").inc()
        log.info("report %s withdrawn", report.id)
        return self._dump(report)

    # Reading

    @rpc
    def get_report(self, caller, report_id):
        report = operations.get_report(self.db, Caller.from_dict(caller), report_id)
        return self._dump(report)

    @rpc
    def report_history(self, caller, report_id):
        revisions = operations.report_history(self.db, Caller.from_dict(caller), report_id)
        return cached(schemas.RevisionResponse, many=True).dump(revisions)

    @rpc
    def list_reports(self, caller, query=None):
        """Return one page of reports in the caller's subtree (an officer's own ones), newest first."""
        filters = load(schemas.ListQuery, query or {})

        reports, next_cursor = operations.list_reports(self.db, Caller.from_dict(caller), filters)
        urls = photos.photo_urls(self.storage, self.settings.url_seconds)
        titles = operations.media_titles_of(self.db, reports)
        items = [operations.present_report(self.db, report, self.settings.policy, urls, titles) for report in reports]
        return cached(schemas.ReportPageResponse).dump({"items": items, "next_cursor": next_cursor})

    @rpc
    def summarize(self, caller, query=None):
        """Return the roll-up of a subtree: totals per period and by dimension, and its sub-units."""
        query = load(schemas.SummaryQuery, query or {})
        summary = operations.summarize(self.db, Caller.from_dict(caller), query)
        response = cached(schemas.SummaryResponse).dump(summary)
        # The roll-up settled the reports that were not in the totals yet.
        self.db.commit()
        return response

    @rpc
    def export_reports(self, caller, query=None, language="th"):
        """Write the filtered list to a CSV or XLSX file in object storage; return a short-lived URL."""
        filters = load(schemas.ExportQuery, query or {})
        result = exports.export_reports(
            self.db, self.storage, Caller.from_dict(caller), filters, filters["format"], language,
            self.settings.export_max_rows, self.settings.url_seconds, tpool.execute,
        )
        self.db.rollback()
        return cached(schemas.ExportResponse).dump(result)

    @rpc
    def form_options(self):
        """Return the lists and limits the report form needs."""
        return cached(schemas.OptionsResponse).dump(
            {
                "activity_types": _labelled(rules.ACTIVITY_TYPES, ACTIVITY_TYPE_LABELS),
                "audience_groups": _labelled(rules.AUDIENCE_GROUPS, AUDIENCE_LABELS),
                "channels": _labelled(rules.CHANNELS, CHANNEL_LABELS),
                "scam_types": self.directory.scam_types(),
                "media": copies.media_options(self.db),
                "max_photos": schemas.MAX_PHOTOS,
                "max_photo_bytes": self.settings.photo_limits.max_bytes,
                "large_count_threshold": rules.LARGE_COUNT_THRESHOLD,
                "amend_window_days": self.settings.policy.amend_window_days,
            }
        )

    # Photos

    @rpc
    def create_photo_upload(self, caller, report_id, data):
        """Open (or find again) a photo's upload slot; return presigned URLs of the missing parts."""
        data = load(schemas.CreatePhotoRequest, data)

        photo = photos.create_upload(
            self.db, self.storage, Caller.from_dict(caller), report_id, data, self.settings.photo_limits
        )
        self.db.commit()

        status = photos.upload_status(self.storage, photo, self.settings.photo_limits)
        return cached(schemas.PhotoUploadResponse).dump(self._with_photo_urls(status))

    @rpc
    def photo_upload_status(self, caller, report_id, photo_id):
        photo = photos.load_photo(self.db, Caller.from_dict(caller), report_id, photo_id)
        status = photos.upload_status(self.storage, photo, self.settings.photo_limits)
        return cached(schemas.PhotoUploadResponse).dump(self._with_photo_urls(status))

    @rpc
    def complete_photo_upload(self, caller, report_id, photo_id):
        """Check an uploaded photo and queue it for its display copies."""
        try:
            photo = photos.complete_upload(
                self.db, self.storage, Caller.from_dict(caller), report_id, photo_id, self.settings.photo_limits
            )
        except photos.PhotoRejected as rejected:
            self.db.commit()
            metrics.PHOTOS.labels(rejected.error.code).inc()
            raise rejected.error
        self.db.commit()

        log.info("photo %s of report %s uploaded", photo.id, photo.report_id)
        status = photos.upload_status(self.storage, photo, self.settings.photo_limits)
        return cached(schemas.PhotoUploadResponse).dump(self._with_photo_urls(status))

    @rpc
    def photo_original_url(self, caller, report_id, photo_id):
        """Return a short-lived URL of a photo's original file (with its location data)."""
        caller = Caller.from_dict(caller)
        photo = photos.load_photo(self.db, caller, report_id, photo_id, upload=False)
        return {"url": photos.original_url(self.storage, caller, photo, self.settings.url_seconds)}

    @timer(interval=PHOTO_INTERVAL_SECONDS)
    def process_photos(self):
        """Make display copies of uploaded photos, a few at a time."""
        claimed = photos.claim_photos(self.db, PHOTOS_PER_PASS)
        self.db.commit()

        for photo in claimed:
            photos.process_photo(self.db, self.storage, photo, tpool.execute)
            self.db.commit()
            metrics.PHOTOS.labels(photo.status if photo.status == "ready" else photo.error_code).inc()
            log.info("photo %s of report %s is %s", photo.id, photo.report_id, photo.status)

    @timer(interval=SETTLE_INTERVAL_SECONDS)
    def settle_totals(self):
        """Add the reports filed since the last pass to the totals."""
        settled = totals.settle(self.db.connection(), limit=REPORTS_PER_SETTLING, skip_locked=True)
        self.db.commit()
        if settled:
            metrics.REPORTS_SETTLED.inc(settled)

    @timer(interval=EXPORT_SWEEP_SECONDS)
    def remove_old_exports(self):
        for key in list(self.storage.old_exports(utcnow() - EXPORT_LIFETIME)):
            self.storage.remove(key)

    # Events from other services

    @event_handler("directory", "unit_changed")
    def handle_unit_changed(self, payload):
        event = events.load_event("directory", "unit_changed", payload)
        if not first_delivery(self.db, HandledEvent, payload, "unit_changed"):
            return
        copies.apply_unit_changed(self.db, event)
        self.db.commit()
        self.units.clear()

    @broadcast_handler("directory", "duty_ended", handler_type=BROADCAST, reliable_delivery=False)
    def forget_ended_duty(self, payload):
        """Remove an ended reporting duty from this process's duty cache.

        Every reports process gets its own copy of the event (a broadcast
        queue that lives as long as the process), because each has its own cache.
        """
        event = events.load_event("directory", "duty_ended", payload)
        if event["duty"] == "reporting":
            self.directory.forget_reporting_duty(event["account_id"], event["unit_id"])
            log.info("reporting duty of account %s in unit %s ended", event["account_id"], event["unit_id"])

    @event_handler("media", "media_published")
    def handle_media_published(self, payload):
        self._apply_media_event("media_published", payload, copies.apply_media_published)

    @event_handler("media", "media_version_added")
    def handle_media_version_added(self, payload):
        self._apply_media_event("media_version_added", payload, copies.apply_media_version_added)

    @event_handler("media", "media_updated")
    def handle_media_updated(self, payload):
        self._apply_media_event("media_updated", payload, copies.apply_media_updated)

    @event_handler("media", "media_archived")
    def handle_media_archived(self, payload):
        self._apply_media_event("media_archived", payload, copies.apply_media_archived)

    def _apply_media_event(self, event_type, payload, apply):
        event = events.load_event("media", event_type, payload)
        if not first_delivery(self.db, HandledEvent, payload, event_type):
            return
        apply(self.db, event)
        self.db.commit()

    # Serialising

    def _dump(self, report, state=None):
        urls = photos.photo_urls(self.storage, self.settings.url_seconds)
        return REPORT_RESPONSE.dump(operations.present_report(self.db, report, self.settings.policy, urls, state=state))

    def _with_photo_urls(self, status):
        urls = photos.photo_urls(self.storage, self.settings.url_seconds)
        status["photo"] = dict(operations.photo_fields(status["photo"]), **urls(status["photo"]))
        return status


def _labelled(codes, labels):
    return [{"code": code, "name_th": labels[code][0], "name_en": labels[code][1]} for code in codes]
