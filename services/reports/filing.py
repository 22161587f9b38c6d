"""Group commit for new reports: concurrent submissions share one transaction.

A worker checks a submission (``operations.prepare_report``), hands the new
report to this log and waits. The log stores every report waiting at that
moment with their rows, first revisions and ``outreach_reported`` outbox
rows, adds all their totals in one upsert per table, and commits once
(``cybervaccine.groupcommit``). Reports of one batch share most of their
total rows (their division, bureau and the national unit), so the batch
upserts far fewer rows than its reports would one by one.
"""

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from cybervaccine.errors import Unavailable
from cybervaccine.groupcommit import GroupCommit
from cybervaccine.outbox import outbox_values
from services.reports import metrics, operations
from services.reports.messages import MESSAGES


class DuplicateReport(Exception):
    """Another copy of the report was stored first; the worker compares it with its own."""


class FilingLog(GroupCommit):
    """Stores new reports; injected as ``self.filing``, a function of one ``NewReport``."""

    name = "filing log"
    batch_size_metric = metrics.FILING_BATCH

    def write(self, connection, batch):
        stored = operations.write_reports(connection, [pending.values for pending in batch])
        self._insert_events(connection, batch, stored)
        return [True] * len(batch)

    def _insert_events(self, connection, batch, stored):
        source = self.container.service_name
        connection.execute(
            insert(self.outbox.model.__table__),
            [
                outbox_values(source, "outreach_reported", fields, pending.headers)
                for pending, (_, fields) in zip(batch, stored)
            ],
        )

    def failure(self, pending, error):
        if isinstance(error, IntegrityError):
            return DuplicateReport()
        return MESSAGES.error(Unavailable, "report_not_recorded")

