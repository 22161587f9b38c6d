"""Group commit for the download log: concurrent downloads share one transaction.

A download request checks the item itself, then hands its record to this
log and waits until the record and its ``media_downloaded`` outbox row are
committed together with those of every other download waiting at that
moment (``cybervaccine.groupcommit``).
"""

from sqlalchemy import insert

from cybervaccine.errors import Unavailable
from cybervaccine.groupcommit import GroupCommit, Pending
from cybervaccine.outbox import outbox_values, propagated_headers, utcnow
from services.media import metrics
from services.media.messages import MESSAGES
from services.media.models import Download


class DownloadLog(GroupCommit):
    """The download log of a media process, injected as ``self.download_log``."""

    name = "download log"
    batch_size_metric = metrics.DOWNLOAD_LOG_BATCH

    def get_dependency(self, worker_ctx):
        return DownloadLogWriter(self, worker_ctx)

    def write(self, connection, batch):
        """Insert the batch's records and their outbox rows; return the new download ids."""
        # Core statements: the ORM's bulk insert cost about a third more per batch.
        downloads = Download.__table__
        rows = connection.execute(
            insert(downloads).returning(downloads.c.id, sort_by_parameter_order=True),
            [pending.values["record"] for pending in batch],
        ).all()
        ids = [row.id for row in rows]

        source = self.container.service_name
        connection.execute(
            insert(self.outbox.model.__table__),
            [
                outbox_values(
                    source,
                    "media_downloaded",
                    dict(pending.values["event_fields"], download_id=download_id),
                    pending.headers,
                )
                for pending, download_id in zip(batch, ids)
            ],
        )
        return ids

    def failure(self, pending, error):
        return MESSAGES.error(Unavailable, "download_not_recorded")


class DownloadLogWriter:
    def __init__(self, provider, worker_ctx):
        self.provider = provider
        self.worker_ctx = worker_ctx

    def record(self, caller, target, province_code, via="direct"):
        """Queue one download of ``target`` (a ``DownloadTarget``) and wait; return its id once committed."""
        values = self.values(caller, target, province_code, via)
        return self.provider.record(values, propagated_headers(self.worker_ctx))

    def pending(self, caller, target, province_code, via="direct"):
        """Return the record of one download as a ``Pending`` write, not yet queued."""
        return Pending(self.values(caller, target, province_code, via), propagated_headers(self.worker_ctx))

    def values(self, caller, target, province_code, via):
        return {
            "record": {
                "media_id": target.id,
                "version": target.version,
                "account_id": caller.account_id,
                "unit_id": caller.unit_id,
                "province_code": province_code,
                "via": via,
                "downloaded_at": utcnow(),
                "counted": False,
            },
            "event_fields": {
                "media_id": target.id,
                "media_version": target.version,
                "current_version": target.current_version,
                "kind": target.kind,
                "scam_types": list(target.scam_types),
                "account_id": caller.account_id,
                "unit_id": caller.unit_id,
                "province_code": province_code,
                "via": via,
            },
        }
