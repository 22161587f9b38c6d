"""The analytics service: read models built from every service's events, and case statistics.

Event handlers take events in batches (``batching``). They validate each
event, record its id and append it to the event log, in one transaction
per batch. The ``ReadModelFold`` thread adds the log to the pre-aggregated
tables. RPC methods serve the dashboards from those tables, and import the
working group's case statistics files from object storage, where the
gateway put them: file bytes never travel over the broker.
"""

import datetime
import functools
import logging

import eventlet
from eventlet import tpool
from marshmallow import EXCLUDE, ValidationError
from minio.error import S3Error
from nameko.rpc import RpcProxy

from cybervaccine import events, schemacheck, taxonomy
from cybervaccine.auth import Caller
from cybervaccine.db import Database
from cybervaccine.entrypoints import rpc
from cybervaccine.errors import TooLarge
from cybervaccine.operations import OperationsMixin
from cybervaccine.outbox import Outbox
from cybervaccine.storage import ObjectStorage
from cybervaccine.validation import cached, load
from services.analytics import casestats, fold, imports, metrics, operations, rules, schemas
from services.analytics.batching import batch_event_handler
from services.analytics.dependencies import ReadModelFold
from services.analytics.messages import MESSAGES
from services.analytics.models import OutboxMessage

log = logging.getLogger(__name__)

DIRECTORY_TIMEOUT_SECONDS = 5


class AnalyticsService(OperationsMixin):
    name = "analytics"

    db = Database()
    outbox = Outbox(OutboxMessage)
    storage = ObjectStorage()
    read_models = ReadModelFold()
    directory_rpc = RpcProxy("directory")

    # Events ---------------------------------------------------------------------------

    @batch_event_handler("directory", "unit_changed")
    def handle_unit_changed(self, payloads):
        return self._record("directory", "unit_changed", payloads)

    @batch_event_handler("media", "media_published")
    def handle_media_published(self, payloads):
        return self._record("media", "media_published", payloads)

    @batch_event_handler("media", "media_updated")
    def handle_media_updated(self, payloads):
        return self._record("media", "media_updated", payloads)

    @batch_event_handler("media", "media_version_added")
    def handle_media_version_added(self, payloads):
        return self._record("media", "media_version_added", payloads)

    @batch_event_handler("media", "media_archived")
    def handle_media_archived(self, payloads):
        return self._record("media", "media_archived", payloads)

    @batch_event_handler("media", "media_downloaded")
    def handle_media_downloaded(self, payloads):
        return self._record("media", "media_downloaded", payloads)

    @batch_event_handler("quiz", "quiz_completed")
    def handle_quiz_completed(self, payloads):
        return self._record("quiz", "quiz_completed", payloads)

    @batch_event_handler("reports", "outreach_reported")
    def handle_outreach_reported(self, payloads):
        return self._record("reports", "outreach_reported", payloads)

    @batch_event_handler("reports", "outreach_amended")
    def handle_outreach_amended(self, payloads):
        return self._record("reports", "outreach_amended", payloads)

    @batch_event_handler("reports", "outreach_withdrawn")
    def handle_outreach_withdrawn(self, payloads):
        return self._record("reports", "outreach_withdrawn", payloads)

    def _record(self, source, event_type, payloads):
        """Validate a batch of events and store the new ones in the log; redelivered ones change nothing.

        Returns {index: reason} for the payloads that failed validation;
        they go to the retry and dead-letter path. Unknown fields are
        ignored, so that a producer may add fields within a version.
        """
        schema, check = _payload_schema(source, event_type)
        now = datetime.datetime.now(datetime.timezone.utc)
        valid, rejected = [], {}
        for index, payload in enumerate(payloads):
            error = None if check is not None and check(payload) else _load_error(schema, payload)
            if error is not None:
                event_id = payload.get("event_id") if isinstance(payload, dict) else None
                rejected[index] = "invalid {}.{} event {}: {}".format(source, event_type, event_id, error)
                continue
            lag = now - rules.parse_timestamp(payload["occurred_at"])
            metrics.EVENT_LAG.labels(event_type).observe(max(0.0, lag.total_seconds()))
            valid.append((source, event_type, payload))

        new_ids = fold.record_events(self.db, valid)
        self.db.commit()

        metrics.EVENTS_RECEIVED.labels(event_type, "new").inc(len(new_ids))
        metrics.EVENTS_RECEIVED.labels(event_type, "duplicate").inc(len(valid) - len(new_ids))
        metrics.EVENTS_RECEIVED.labels(event_type, "invalid").inc(len(rejected))
        for reason in rejected.values():
            log.warning("%s", reason)
        return rejected

    # Dashboards -----------------------------------------------------------------------

    @rpc
    def area_overview(self, caller, query=None):
        """Return case statistics, quiz results, outreach and downloads of an area and period."""
        data = load(schemas.AreaOverviewRequest, query or {})
        result = operations.area_overview(self.db, Caller.from_dict(caller), data)
        self.db.rollback()
        return cached(schemas.AreaOverviewResponse).dump(result)

    @rpc
    def recommend_media(self, caller, query=None):
        """Return the scam types to work on in a unit's area, the media on them and the reasons."""
        data = load(schemas.RecommendationRequest, query or {})
        result = operations.recommend_media(self.db, Caller.from_dict(caller), data)
        self.db.rollback()
        return cached(schemas.RecommendationResponse).dump(result)

    @rpc
    def strategy_overview(self, caller, query=None):
        """Return each scam type nationwide against media, downloads, outreach and quiz results."""
        data = load(schemas.StrategyRequest, query or {})
        result = operations.strategy_overview(self.db, Caller.from_dict(caller), data)
        self.db.rollback()
        return cached(schemas.StrategyResponse).dump(result)

    # Case statistics ----------------------------------------------------------------------

    @rpc
    def import_case_statistics(self, caller, data):
        """Import a case statistics file that the gateway stored in object storage; all rows or none."""
        caller = Caller.from_dict(caller)
        imports.require_working_group(caller)
        data = load(schemas.CaseStatisticsImportRequest, data)

        content = self._read_upload(data["object_key"])
        reference = imports.reference_data(self.db, self._known_codes())
        result = tpool.execute(casestats.parse_upload, data["file_name"], content, reference)

        if not result.ok:
            return self._reject_import(caller, data, result)

        record, replaced = imports.store_import(
            self.db, result.rows, data["file_name"], data["object_key"], "upload", caller, result.skipped_lines
        )
        self.outbox.add(self.db, "case_statistics_imported", imports.event_fields(record, result.rows, replaced))
        self.db.commit()

        metrics.CASE_STATISTICS_IMPORTS.labels("active").inc()
        log.info("case statistics import %s stored %d rows, replaced %d", record.id, record.row_count, record.replaced_row_count)
        outcome = {column.key: getattr(record, column.key) for column in record.__table__.columns}
        outcome.update(replaced_import_ids=replaced, skipped_lines=result.skipped_lines)
        return cached(schemas.CaseStatisticsImportResult).dump(outcome)

    def _read_upload(self, object_key):
        try:
            stat = self.storage.client.stat_object(self.storage.bucket, object_key)
        except S3Error as error:
            if error.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                raise MESSAGES.not_found("upload_missing", details={"object_key": object_key}, object_key=object_key)
            raise

        if stat.size > imports.MAX_UPLOAD_BYTES:
            self._remove_upload(object_key)
            raise MESSAGES.error(
                TooLarge, "upload_too_large", details={"limit": imports.MAX_UPLOAD_BYTES},
                size=stat.size, limit=imports.MAX_UPLOAD_BYTES,
            )

        response = self.storage.client.get_object(self.storage.bucket, object_key)
        try:
            return response.read(imports.MAX_UPLOAD_BYTES + 1)
        finally:
            response.close()
            response.release_conn()

    def _reject_import(self, caller, data, result):
        """Record a rejected file, delete the upload and raise with every row error."""
        record = imports.record_rejected(self.db, caller, data["file_name"], result)
        self.db.commit()
        self._remove_upload(data["object_key"])

        metrics.CASE_STATISTICS_IMPORTS.labels("rejected").inc()
        log.info("case statistics import %s rejected with %d errors", record.id, record.error_count)
        errors = [error.as_dict() for error in result.errors]
        raise MESSAGES.invalid(
            "import_invalid",
            details={
                "import_id": record.id,
                "error_count": len(errors),
                "errors": errors[: imports.MAX_STORED_ERRORS],
            },
            file_name=data["file_name"],
            count=len(errors),
        )

    def _remove_upload(self, object_key):
        try:
            self.storage.client.remove_object(self.storage.bucket, object_key)
        except S3Error as error:
            log.warning("could not remove upload %s: %s", object_key, error.code)

    def _known_codes(self):
        """Return the live scam type codes from the directory, or the seed codes if the call fails or times out."""
        try:
            with eventlet.Timeout(DIRECTORY_TIMEOUT_SECONDS):
                return [item["code"] for item in self.directory_rpc.list_scam_types(True)]
        except (Exception, eventlet.Timeout) as error:
            log.warning("directory did not list scam types (%s); using the seed list", type(error).__name__)
            return taxonomy.seed_codes()

    @rpc
    def list_case_statistics_imports(self, caller, query=None):
        data = load(schemas.CaseStatisticsImportListRequest, query or {})
        records = operations.list_imports(self.db, Caller.from_dict(caller), data["limit"])
        return cached(schemas.CaseStatisticsImportResponse, many=True).dump(records)

    # Scam type aliases --------------------------------------------------------------------

    @rpc
    def list_scam_type_aliases(self, caller):
        imports.require_working_group(Caller.from_dict(caller))
        return cached(schemas.ScamTypeAliasResponse, many=True).dump(imports.list_aliases(self.db))

    @rpc
    def add_scam_type_alias(self, caller, data):
        """Map one more name to a scam type code for future case statistics imports."""
        data = load(schemas.ScamTypeAliasRequest, data)
        caller = Caller.from_dict(caller)
        imports.require_working_group(caller)

        alias = imports.add_alias(self.db, caller, data["scam_type"], data["name"], self._known_codes())
        self.db.commit()

        log.info("scam type alias %s added for %s", alias.id, alias.scam_type)
        return cached(schemas.ScamTypeAliasResponse).dump({**_alias_dict(alias), "source": "working_group"})

    @rpc
    def delete_scam_type_alias(self, caller, alias_id):
        alias = imports.delete_alias(self.db, Caller.from_dict(caller), alias_id)
        self.db.commit()

        log.info("scam type alias %s deleted", alias_id)
        return cached(schemas.ScamTypeAliasResponse).dump({**_alias_dict(alias), "source": "working_group"})


@functools.lru_cache(maxsize=None)
def _payload_schema(source, event_type):
    """Return the registered schema of an event, ignoring fields it does not know, and its fast check."""
    events.load_all()
    schema = events.schema_for(source, event_type)(unknown=EXCLUDE)
    return schema, schemacheck.compile_check(schema)


def _load_error(schema, payload):
    """Return the schema's error messages for a payload, or None when it loads."""
    try:
        schema.load(payload)
    except ValidationError as error:
        return error.normalized_messages()
    return None


def _alias_dict(alias):
    return {
        "id": alias.id,
        "scam_type": alias.scam_type,
        "name": alias.name,
        "created_by_username": alias.created_by_username,
        "created_at": alias.created_at,
    }
