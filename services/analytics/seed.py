"""Seed the analytics service with the published national case statistics.

The file data/reference/thaipoliceonline_stats_by_type.csv holds figures
the Royal Thai Police published through the press (2022–2025). It is
imported once, like a working group upload but with ``source = seed``, and
announced with ``case_statistics_imported``. Running the seed again finds
that import and does nothing.
"""

import logging

from sqlalchemy import select

from cybervaccine import settings
from cybervaccine.outbox import new_outbox_row
from services.analytics import casestats, imports
from services.analytics.models import CaseStatisticsImport, OutboxMessage

log = logging.getLogger(__name__)

PUBLISHED_STATISTICS = settings.PROJECT_ROOT / "data" / "reference" / "thaipoliceonline_stats_by_type.csv"


def seed_published_statistics(session, path=PUBLISHED_STATISTICS):
    """Import the published national figures once; return the import, or None if it exists."""
    existing = session.scalar(
        select(CaseStatisticsImport.id).where(
            CaseStatisticsImport.source == "seed", CaseStatisticsImport.file_name == path.name
        )
    )
    if existing is not None:
        return None

    result = casestats.parse_upload(path.name, path.read_bytes(), imports.reference_data(session))
    if not result.ok:
        messages = "; ".join(error.message_en for error in result.errors[:5])
        raise RuntimeError("the published statistics file {} has errors: {}".format(path, messages))

    record, replaced = imports.store_import(
        session, result.rows, path.name, None, "seed", skipped_lines=result.skipped_lines
    )
    fields = imports.event_fields(record, result.rows, replaced)
    session.add(new_outbox_row(OutboxMessage, "analytics", "case_statistics_imported", fields))
    session.commit()
    log.info("published case statistics imported: %d rows", record.row_count)
    return record


def run_seed(session, config):
    """Seed for ``manage seed``; return lines to show the operator."""
    record = seed_published_statistics(session)
    if record is None:
        return ["analytics: published case statistics already imported"]
    return [
        "analytics: published case statistics imported ({} rows, {} lines without figures skipped)".format(
            record.row_count, record.skipped_line_count
        )
    ]
