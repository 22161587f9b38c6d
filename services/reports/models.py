"""Tables of the reports service.

- ``reports`` and their rows (``report_audiences``, ``report_scam_types``,
  ``report_media``), keyed by the id the filing device chose.
- ``report_revisions``: every state a report had, with who changed it,
  when and why.
- ``report_photos``: photo slots, their upload state and object keys.
- ``report_totals`` and ``report_month_totals``: pre-aggregated counts per
  unit subtree, period and dimension. A new report is added to them
  shortly after it is stored (``totals.settle``).
- ``units``, ``media_items`` and ``media_versions``: local copies fed by the directory's and
  the media service's events, so that no request reads another service's
  tables.
"""

import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import declarative_base, relationship

from cybervaccine.outbox import HandledEventMixin, OutboxMessageMixin

Base = declarative_base()


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


def path_ids(path):
    """Return the unit ids of a stored path such as '/1/10/112/', from the root down."""
    return [int(part) for part in path.strip("/").split("/") if part]


class Unit(Base):
    """The reports service's copy of a unit, from ``directory.unit_changed``."""

    __tablename__ = "units"
    __table_args__ = (
        # varchar_pattern_ops lets PostgreSQL use the index for "path LIKE '/1/10/%'" in any collation.
        Index("ix_units_path", "path", postgresql_ops={"path": "varchar_pattern_ops"}),
    )

    id = Column(Integer, primary_key=True, autoincrement=False)
    code = Column(String(40), nullable=False)
    name_th = Column(String(200), nullable=False)
    name_en = Column(String(200), nullable=False)
    level = Column(String(20), nullable=False)
    parent_id = Column(Integer, nullable=True, index=True)
    path = Column(String(200), nullable=False, doc="Ids from the root, as '/1/10/112/'.")
    province_code = Column(String(10), nullable=True)
    district_code = Column(String(10), nullable=True)
    changed_at = Column(DateTime(timezone=True), nullable=False, doc="Envelope time of the event that set this row.")

    @property
    def path_ids(self):
        return path_ids(self.path)


class MediaItem(Base):
    """The reports service's copy of a media library item, from the media service's events."""

    __tablename__ = "media_items"

    media_id = Column(Integer, primary_key=True, autoincrement=False)
    title_th = Column(String(300), nullable=False, default="")
    title_en = Column(String(300), nullable=False, default="")
    kind = Column(String(20), nullable=False, default="")
    current_version = Column(Integer, nullable=False, default=1)
    archived = Column(Boolean, nullable=False, default=False)
    changed_at = Column(DateTime(timezone=True), nullable=False, doc="Envelope time of the last metadata event.")


class MediaVersion(Base):
    """A version of a media item that reports may name."""

    __tablename__ = "media_versions"

    media_id = Column(Integer, primary_key=True, autoincrement=False)
    version = Column(Integer, primary_key=True, autoincrement=False)
    added_at = Column(DateTime(timezone=True), nullable=False)


class Report(Base):
    """One outreach activity reported by a unit."""

    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_unit_activity", "unit_id", "occurred_at"),
        Index("ix_reports_occurred_id", "occurred_at", "id"),
        Index(
            "ix_reports_totals_pending", "id",
            postgresql_where=text("totals_pending"), sqlite_where=text("totals_pending"),
        ),
    )

    id = Column(String(36), primary_key=True, doc="UUID chosen by the filing device.")
    unit_id = Column(Integer, ForeignKey("units.id"), nullable=False)
    filed_by = Column(Integer, nullable=False, index=True)
    filed_by_username = Column(String(80), nullable=False, default="")
    occurred_at = Column(DateTime(timezone=True), nullable=False, doc="When the activity took place.")
    activity_date = Column(Date, nullable=False, index=True, doc="Day of the activity in Thailand (UTC+7).")
    place = Column(String(300), nullable=False)
    province_code = Column(String(10), nullable=False, index=True)
    district_code = Column(String(10), nullable=True)
    latitude = Column(Float, nullable=True)
    longitude = Column(Float, nullable=True)
    activity_type = Column(String(30), nullable=False)
    channels = Column(JSON, nullable=False, default=list)
    note = Column(Text, nullable=False, default="")
    total_people = Column(Integer, nullable=False)
    photo_count = Column(Integer, nullable=False, default=0, doc="Photos the filer declared.")
    complete = Column(Boolean, nullable=False, default=False, doc="True once every declared photo is processed.")
    status = Column(String(20), nullable=False, default="active", doc="active or withdrawn.")
    revision = Column(Integer, nullable=False, default=1)
    submission_hash = Column(String(64), nullable=False, doc="SHA-256 of the canonical first submission.")
    totals_pending = Column(
        Boolean, nullable=False, default=False, server_default=false(),
        doc="True from filing until the report is added to the totals (``totals.settle``).",
    )
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)

    unit = relationship(Unit, lazy="joined", innerjoin=True)
    audiences = relationship("ReportAudience", cascade="all, delete-orphan", lazy="selectin")
    scam_types = relationship("ReportScamType", cascade="all, delete-orphan", lazy="selectin")
    media = relationship("ReportMedia", cascade="all, delete-orphan", lazy="selectin")
    photos = relationship("ReportPhoto", lazy="selectin", order_by="ReportPhoto.created_at")


class ReportAudience(Base):
    """The head count of one audience group at an activity."""

    __tablename__ = "report_audiences"

    report_id = Column(String(36), ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    group = Column(String(40), primary_key=True)
    count = Column(Integer, nullable=False)


class ReportScamType(Base):
    """A scam type an activity covered."""

    __tablename__ = "report_scam_types"
    __table_args__ = (Index("ix_report_scam_types_code", "code"),)

    report_id = Column(String(36), ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    code = Column(String(40), primary_key=True)


class ReportMedia(Base):
    """A media version used at an activity."""

    __tablename__ = "report_media"
    __table_args__ = (Index("ix_report_media_media", "media_id"),)

    report_id = Column(String(36), ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    media_id = Column(Integer, primary_key=True, autoincrement=False)
    version = Column(Integer, primary_key=True, autoincrement=False)


class ReportRevision(Base):
    """One state of a report: as filed, after an amendment, or as withdrawn."""

    __tablename__ = "report_revisions"
    __table_args__ = (UniqueConstraint("report_id", "revision", name="uq_report_revisions_report_revision"),)

    id = Column(Integer, primary_key=True)
    report_id = Column(String(36), ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True)
    revision = Column(Integer, nullable=False)
    action = Column(String(20), nullable=False, doc="filed, amended or withdrawn.")
    actor_id = Column(Integer, nullable=False)
    actor_username = Column(String(80), nullable=False, default="")
    reason = Column(Text, nullable=True)
    body = Column(JSON, nullable=False, doc="The report's fields at this revision.")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class ReportPhoto(Base):
    """A photo of a report: an upload slot until the original is in storage, then its display copies.

    Status moves uploading → processing → ready, or ends as rejected when
    the object is not an acceptable image.
    """

    __tablename__ = "report_photos"
    __table_args__ = (Index("ix_report_photos_status_claimed", "status", "claimed_at"),)

    id = Column(String(36), primary_key=True, doc="UUID chosen by the uploading device.")
    report_id = Column(String(36), ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True)
    status = Column(String(20), nullable=False, default="uploading")
    file_name = Column(String(255), nullable=False)
    content_type = Column(String(50), nullable=False)
    size_bytes = Column(BigInteger, nullable=False)
    sha256 = Column(String(64), nullable=True)
    part_size = Column(BigInteger, nullable=False)
    part_count = Column(Integer, nullable=False)
    multipart_upload_id = Column(String(500), nullable=True)
    original_key = Column(String(200), nullable=False)
    display_key = Column(String(200), nullable=True)
    thumbnail_key = Column(String(200), nullable=True)
    width = Column(Integer, nullable=True)
    height = Column(Integer, nullable=True)
    error_code = Column(String(60), nullable=True)
    attempts = Column(Integer, nullable=False, default=0)
    uploaded_by = Column(Integer, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    uploaded_at = Column(DateTime(timezone=True), nullable=True)
    claimed_at = Column(DateTime(timezone=True), nullable=True, doc="When a worker took the photo for resizing.")
    processed_at = Column(DateTime(timezone=True), nullable=True)


class ReportTotal(Base):
    """Counts of the active reports of a unit's whole subtree on one day, by one dimension.

    A report adds to the row of its own unit and of every unit above it, so
    a roll-up of any subtree reads only that subtree's root rows.
    ``dimension`` is ``all`` (key ""), ``activity_type``, ``audience``,
    ``scam_type``, ``media`` (the media item id, any version) or ``channel``.
    ``reports`` counts reports with that key. ``people`` is the head count of
    that audience group, and for the other dimensions the total head count of
    those reports.
    """

    __tablename__ = "report_totals"

    unit_id = Column(Integer, primary_key=True, autoincrement=False)
    day = Column(Date, primary_key=True)
    dimension = Column(String(20), primary_key=True)
    key = Column(String(80), primary_key=True)
    reports = Column(Integer, nullable=False, default=0)
    people = Column(BigInteger, nullable=False, default=0)


class ReportMonthTotal(Base):
    """The same counts as ``report_totals`` summed per calendar month (``month`` is its first day).

    Roll-ups read whole months here and only the days at the edges of a
    range from ``report_totals``, so a year of a whole country is a few
    thousand rows.
    """

    __tablename__ = "report_month_totals"

    unit_id = Column(Integer, primary_key=True, autoincrement=False)
    month = Column(Date, primary_key=True)
    dimension = Column(String(20), primary_key=True)
    key = Column(String(80), primary_key=True)
    reports = Column(Integer, nullable=False, default=0)
    people = Column(BigInteger, nullable=False, default=0)


class OutboxMessage(OutboxMessageMixin, Base):
    pass


class HandledEvent(HandledEventMixin, Base):
    pass
