"""Group commit for new reports: concurrent submissions are stored together.

A worker checks a submission (``operations.prepare_report``), hands the new
report to this log and waits. The log stores every report waiting at that
moment with their rows, first revisions and ``outreach_reported`` outbox
rows: on PostgreSQL in one statement (``cybervaccine.bulk``) committed
on its own, elsewhere in several statements committed once
(``cybervaccine.groupcommit``). The reports are added to the roll-up
totals later, in batches (``totals.settle``).
"""

from sqlalchemy.exc import IntegrityError

from cybervaccine import bulk, db
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
        db.statements_commit_alone(connection)
        new_reports = [pending.values for pending in batch]
        source = self.container.service_name
        events = [
            outbox_values(source, "outreach_reported", operations.filed_event_fields(pending.values), pending.headers)
            for pending in batch
        ]
        bulk.insert_rows(connection, operations.filing_rows(new_reports) + [(self.outbox.model.__table__, events)])
        return [True] * len(batch)

    def failure(self, pending, error):
        if isinstance(error, IntegrityError):
            return DuplicateReport()
        return MESSAGES.error(Unavailable, "report_not_recorded")

