"""Group commit for the download log: concurrent downloads share one transaction.

A download request checks the item itself, then hands its record to this
log and waits. A writer thread takes every record waiting at that moment,
inserts them and their ``media_downloaded`` outbox rows in one transaction
and commits, and only then releases the requests. The service replies to
a request only after its record is committed, as with a transaction of its
own. Ten downloads arriving together cost one commit instead of ten.
"""

import logging
from dataclasses import dataclass, field

from eventlet.event import Event
from nameko.extensions import DependencyProvider
from sqlalchemy import insert
from sqlalchemy.exc import DBAPIError

from cybervaccine.db import Database
from cybervaccine.errors import Unavailable
from cybervaccine.extensions import find_dependency
from cybervaccine.outbox import Outbox, outbox_values, propagated_headers, utcnow
from services.media import metrics
from services.media.messages import MESSAGES
from services.media.models import Download

log = logging.getLogger(__name__)

MAX_BATCH = 200


@dataclass
class PendingDownload:
    """One download waiting for the next commit. ``done`` receives its id or its error."""

    values: dict
    event_fields: dict
    headers: dict
    done: Event = field(default_factory=Event)


class DownloadLog(DependencyProvider):
    """The download log of a media process, injected as ``self.download_log``."""

    def __init__(self):
        self.database = None
        self.outbox = None
        self.waiting = []
        self.wakeup = None
        self.running = False

    def setup(self):
        self.database = find_dependency(self.container, Database, "DownloadLog")
        self.outbox = find_dependency(self.container, Outbox, "DownloadLog")
        self.wakeup = Event()

    def start(self):
        self.running = True
        self.container.spawn_managed_thread(self._write_forever, identifier="download_log")

    def stop(self):
        self.running = False
        self._wake()

    def kill(self):
        self.stop()
        self._fail_waiting(MESSAGES.error(Unavailable, "download_not_recorded"))

    def get_dependency(self, worker_ctx):
        return DownloadLogWriter(self, worker_ctx)

    def add(self, pending):
        self.waiting.append(pending)
        self._wake()

    def _wake(self):
        if self.wakeup is not None and not self.wakeup.ready():
            self.wakeup.send(True)

    def _write_forever(self):
        while self.running or self.waiting:
            if not self.waiting:
                self.wakeup.wait()
                self.wakeup = Event()
                continue
            batch, self.waiting = self.waiting[:MAX_BATCH], self.waiting[MAX_BATCH:]
            self.write(batch)

    def write(self, batch):
        """Record ``batch`` in one transaction, then release its requests with their ids.

        If the batch fails before its commit, each record is tried alone,
        so one bad record does not fail the others. A record that fails
        alone, or a batch whose commit failed (its outcome is unknown, so a
        retry could record it twice), releases its requests with a "try
        again" error.
        """
        try:
            ids = self._commit(batch)
        except _CommitFailed:
            log.exception("committing %d download records failed; their requests get an error", len(batch))
            self._release_with_error(batch)
            return
        except Exception as error:
            if len(batch) > 1:
                log.warning("recording %d downloads together failed (%s); recording them one by one", len(batch), error)
                for pending in batch:
                    self.write([pending])
                return
            log.exception("recording a download failed")
            self._release_with_error(batch)
            return

        self.outbox.notify()
        for pending, download_id in zip(batch, ids):
            pending.done.send(download_id)

    def _release_with_error(self, batch):
        for pending in batch:
            pending.done.send_exception(MESSAGES.error(Unavailable, "download_not_recorded"))

    def _commit(self, batch):
        """Insert and commit ``batch``; retry once on a new connection if the pooled one was dead.

        Only a failure before the commit is retried, so a commit whose
        outcome is unknown never records a batch twice.
        """
        try:
            return self._commit_once(batch)
        except _DeadConnection:
            log.warning("the download log's database connection was closed; retrying %d records on a new one", len(batch))
            return self._commit_once(batch)

    def _commit_once(self, batch):
        with self.database.engine.connect() as connection:
            try:
                ids = self._insert(connection, batch)
            except DBAPIError as error:
                connection.rollback()
                if error.connection_invalidated:
                    raise _DeadConnection() from error
                raise
            try:
                connection.commit()
            except DBAPIError as error:
                raise _CommitFailed() from error
            return ids

    def _insert(self, connection, batch):
        # Core statements: the ORM's bulk insert cost about a third more per batch.
        downloads = Download.__table__
        rows = connection.execute(
            insert(downloads).returning(downloads.c.id, sort_by_parameter_order=True),
            [pending.values for pending in batch],
        ).all()
        ids = [row.id for row in rows]

        source = self.container.service_name
        connection.execute(
            insert(self.outbox.model.__table__),
            [
                outbox_values(source, "media_downloaded", dict(pending.event_fields, download_id=download_id), pending.headers)
                for pending, download_id in zip(batch, ids)
            ],
        )
        metrics.DOWNLOAD_LOG_BATCH.observe(len(batch))
        return ids

    def _fail_waiting(self, error):
        waiting, self.waiting = self.waiting, []
        for pending in waiting:
            if not pending.done.ready():
                pending.done.send_exception(error)


class _DeadConnection(Exception):
    """The pooled connection was closed by the server before the batch was committed."""


class _CommitFailed(Exception):
    """The COMMIT of a batch failed, so whether its records were stored is unknown."""


class DownloadLogWriter:
    def __init__(self, provider, worker_ctx):
        self.provider = provider
        self.worker_ctx = worker_ctx

    def record(self, caller, target, province_code, via="direct"):
        """Queue one download of ``target`` (a ``DownloadTarget``) and wait; return its id once committed."""
        pending = self.pending(caller, target, province_code, via)
        self.provider.add(pending)
        return pending.done.wait()

    def pending(self, caller, target, province_code, via="direct"):
        """Return the record of one download, not yet queued."""
        return PendingDownload(
            values={
                "media_id": target.id,
                "version": target.version,
                "account_id": caller.account_id,
                "unit_id": caller.unit_id,
                "province_code": province_code,
                "via": via,
                "downloaded_at": utcnow(),
                "counted": False,
            },
            event_fields={
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
            headers=propagated_headers(self.worker_ctx),
        )

