"""Tables of the analytics service.

- ``event_log``: every event the service consumed, in arrival order. It is
  the source of the read models: the fold applies pending rows, and a
  rebuild truncates the read models and applies the whole log again.
- Read models built from the log: ``units`` and ``media_items`` (local
  copies), ``outreach_reports`` (each report's current contribution, so an
  amendment or withdrawal can take it back), and the aggregate pairs listed
  in ``aggregates``.
- Case statistics imported by the working group, kept with their import
  history, and the working group's extra scam type aliases.
"""

import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.orm import declarative_base

from cybervaccine.outbox import HandledEventMixin, OutboxMessageMixin
from services.analytics import aggregates

Base = declarative_base()

# SQLite only auto-increments an INTEGER PRIMARY KEY.
BigIdentity = BigInteger().with_variant(Integer(), "sqlite")


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


class OutboxMessage(OutboxMessageMixin, Base):
    pass


class HandledEvent(HandledEventMixin, Base):
    pass


class EventLog(Base):
    """One consumed event; ``applied`` turns true when the fold has added it to the read models.

    NOTE: the log keeps every event (about 1 KB of JSON each) and nothing
    prunes it yet; a rebuild needs it whole.
    """

    __tablename__ = "event_log"
    __table_args__ = (
        Index(
            "ix_event_log_pending",
            "id",
            postgresql_where=text("NOT applied"),
            sqlite_where=text("NOT applied"),
        ),
    )

    id = Column(BigIdentity, primary_key=True, autoincrement=True)
    event_id = Column(String(36), nullable=False, unique=True)
    source = Column(String(40), nullable=False)
    event_type = Column(String(100), nullable=False)
    occurred_at = Column(DateTime(timezone=True), nullable=False)
    received_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    payload = Column(Text, nullable=False)
    applied = Column(Boolean, nullable=False, default=False)


class Unit(Base):
    """The analytics copy of a directory unit, from ``directory.unit_changed``."""

    __tablename__ = "units"

    unit_id = Column(Integer, primary_key=True, autoincrement=False)
    code = Column(String(40), nullable=False)
    name_th = Column(String(200), nullable=False)
    name_en = Column(String(200), nullable=False)
    level = Column(String(20), nullable=False)
    parent_id = Column(Integer, nullable=True)
    path = Column(String(400), nullable=False, index=True, doc="Ids from the root, as '/1/10/112/'.")
    province_code = Column(String(10), nullable=True, index=True)
    district_code = Column(String(10), nullable=True)
    updated_at = Column(DateTime(timezone=True), nullable=False)

    @property
    def path_ids(self):
        return [int(part) for part in self.path.strip("/").split("/") if part]


class MediaItem(Base):
    """The analytics copy of a media catalogue entry, from the media service's events.

    ``changed_at`` is the envelope time of the event that last set the
    titles, kind and scam types, so an older event delivered late does not
    overwrite newer metadata.
    """

    __tablename__ = "media_items"

    media_id = Column(Integer, primary_key=True, autoincrement=False)
    title_th = Column(String(300), nullable=False, default="")
    title_en = Column(String(300), nullable=False, default="")
    kind = Column(String(40), nullable=False, default="")
    scam_types = Column(Text, nullable=False, default="[]", doc="JSON list of scam type codes.")
    latest_version = Column(Integer, nullable=True)
    archived = Column(Boolean, nullable=False, default=False)
    published_at = Column(DateTime(timezone=True), nullable=True)
    changed_at = Column(DateTime(timezone=True), nullable=False)


class OutreachReportState(Base):
    """The current contribution of one outreach report to the aggregates.

    ``contribution`` is the JSON list of daily increments the report added.
    An amendment subtracts it and adds the new one, and a withdrawal
    subtracts it. ``revision`` is the report's revision that set this state,
    so an older revision delivered late changes nothing.
    """

    __tablename__ = "outreach_reports"

    report_id = Column(String(36), primary_key=True)
    unit_id = Column(Integer, nullable=False, default=0)
    revision = Column(Integer, nullable=False)
    withdrawn = Column(Boolean, nullable=False, default=False)
    contribution = Column(Text, nullable=False, default="[]")
    changed_at = Column(DateTime(timezone=True), nullable=False)


class CaseStatisticsImport(Base):
    """One import of a case statistics file: who, when, what, and what became of it.

    ``status`` is ``active`` while any of its rows is current, ``replaced``
    when later imports replaced all of its rows, and ``rejected`` when the
    file had errors (then it stored no rows).
    """

    __tablename__ = "case_statistics_imports"

    id = Column(Integer, primary_key=True)
    file_name = Column(String(300), nullable=False)
    object_key = Column(String(300), nullable=True)
    source = Column(String(20), nullable=False, doc="upload or seed")
    status = Column(String(20), nullable=False, index=True)
    row_count = Column(Integer, nullable=False, default=0)
    replaced_row_count = Column(Integer, nullable=False, default=0)
    skipped_line_count = Column(Integer, nullable=False, default=0)
    error_count = Column(Integer, nullable=False, default=0)
    errors = Column(Text, nullable=True, doc="JSON list of the first row errors of a rejected file.")
    period_start = Column(Date, nullable=True)
    period_end = Column(Date, nullable=True)
    created_by_account_id = Column(Integer, nullable=True)
    created_by_username = Column(String(80), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class CaseStatisticsRow(Base):
    """Reported cases and damage for one period, area and scam type.

    A row is current while ``replaced_by_import_id`` is null; a later import
    of the same period, area and scam type sets it, so history stays.
    """

    __tablename__ = "case_statistics"
    __table_args__ = (
        Index(
            "uq_case_statistics_current",
            "period_start",
            "period_end",
            "area_code",
            "scam_type",
            unique=True,
            postgresql_where=text("replaced_by_import_id IS NULL"),
            sqlite_where=text("replaced_by_import_id IS NULL"),
        ),
        Index("ix_case_statistics_area_type", "area_code", "scam_type", "period_end"),
    )

    id = Column(Integer, primary_key=True)
    import_id = Column(Integer, ForeignKey("case_statistics_imports.id"), nullable=False, index=True)
    period_start = Column(Date, nullable=False)
    period_end = Column(Date, nullable=False)
    area_code = Column(String(10), nullable=False)
    scam_type = Column(String(40), nullable=False)
    cases = Column(BigInteger, nullable=True)
    damage_baht = Column(Numeric(18, 2), nullable=True)
    source_name = Column(Text, nullable=True)
    line = Column(Integer, nullable=False)
    replaced_by_import_id = Column(Integer, ForeignKey("case_statistics_imports.id"), nullable=True, index=True)


class ScamTypeAlias(Base):
    """A name the working group added for a scam type code, used by the case statistics importer."""

    __tablename__ = "scam_type_aliases"

    id = Column(Integer, primary_key=True)
    scam_type = Column(String(40), nullable=False, index=True)
    name = Column(String(300), nullable=False)
    normalized_name = Column(String(300), nullable=False, unique=True)
    created_by_account_id = Column(Integer, nullable=True)
    created_by_username = Column(String(80), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


# Aggregate tables ---------------------------------------------------------------

DIMENSION_TYPES = {
    "area_code": lambda: String(10),
    "province_code": lambda: String(10),
    "district_code": lambda: String(10),
    "scam_type": lambda: String(40),
    "unit_id": lambda: Integer(),
    "media_id": lambda: Integer(),
    "activity_type": lambda: String(40),
}
AREA_INDEXES = ("area_code", "province_code", "district_code", "unit_id")


def _aggregate_table(aggregate, table_name, period_column):
    columns = [Column(period_column, Date, nullable=False)]
    columns += [Column(name, DIMENSION_TYPES[name](), nullable=False) for name in aggregate.dimensions]
    columns += [Column(name, BigInteger, nullable=False, default=0) for name in aggregate.measures]
    indexes = [
        Index("ix_{}_{}".format(table_name, name), name, period_column)
        for name in AREA_INDEXES
        if name in aggregate.dimensions
    ]
    key = PrimaryKeyConstraint(period_column, *aggregate.dimensions, name="pk_{}".format(table_name))
    return Table(table_name, Base.metadata, *columns, key, *indexes)


DAILY_TABLES = {}
MONTHLY_TABLES = {}
for _aggregate in aggregates.AGGREGATES:
    DAILY_TABLES[_aggregate.name] = _aggregate_table(_aggregate, _aggregate.daily_table, "day")
    MONTHLY_TABLES[_aggregate.name] = _aggregate_table(_aggregate, _aggregate.monthly_table, "month")

READ_MODEL_TABLES = (
    [Unit.__table__, MediaItem.__table__, OutreachReportState.__table__]
    + list(DAILY_TABLES.values())
    + list(MONTHLY_TABLES.values())
)
