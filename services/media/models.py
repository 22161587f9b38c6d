"""Tables of the media service: catalogue items, their versions, uploads and the download log.

An item's metadata lives on ``media_items``. Each file the working group
uploaded for it is one row of ``media_versions``, which keeps its object
key, original file name and SHA-256 for as long as the item exists, so old
versions stay downloadable.
Scam types, audiences and channels are rows of ``media_tags`` so that the
catalogue can filter on them with an index.
"""

import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
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


class MediaItem(Base):
    """One piece of outreach media in the catalogue, with its current version."""

    __tablename__ = "media_items"
    __table_args__ = (
        Index("ix_media_items_status_published", "status", "published_at"),
        Index("ix_media_items_status_downloads", "status", "download_count"),
    )

    id = Column(Integer, primary_key=True)
    kind = Column(String(20), nullable=False, index=True)
    status = Column(String(20), nullable=False, default="published", doc="published or archived.")
    title_th = Column(String(300), nullable=False)
    title_en = Column(String(300), nullable=False, default="")
    description_th = Column(Text, nullable=False, default="")
    description_en = Column(Text, nullable=False, default="")
    language = Column(String(10), nullable=False, index=True)
    search_text = Column(Text, nullable=False, default="", doc="Lower-cased titles and descriptions for LIKE search.")
    current_version = Column(Integer, nullable=False, default=1)
    download_count = Column(
        Integer, nullable=False, default=0,
        doc="Denormalised count of downloads of any version, a few seconds behind the download log.",
    )
    created_by = Column(Integer, nullable=True, doc="Account id; null for the seeded samples.")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    published_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    archived_at = Column(DateTime(timezone=True), nullable=True)
    archived_by = Column(Integer, nullable=True)
    archive_reason = Column(Text, nullable=True)

    tags = relationship("MediaTag", cascade="all, delete-orphan", lazy="selectin")
    versions = relationship("MediaVersion", order_by="MediaVersion.version", lazy="select", viewonly=True)

    def tag_codes(self, facet):
        return sorted(tag.code for tag in self.tags if tag.facet == facet)

    @property
    def scam_types(self):
        return self.tag_codes("scam_type")

    @property
    def audiences(self):
        return self.tag_codes("audience")

    @property
    def channels(self):
        return self.tag_codes("channel")


class MediaTag(Base):
    """One label of an item: a scam type, an audience or a channel."""

    __tablename__ = "media_tags"
    __table_args__ = (Index("ix_media_tags_facet_code", "facet", "code", "media_id"),)

    media_id = Column(Integer, ForeignKey("media_items.id", ondelete="CASCADE"), primary_key=True)
    facet = Column(String(20), primary_key=True, doc="scam_type, audience or channel.")
    code = Column(String(40), primary_key=True)


class MediaVersion(Base):
    """One uploaded file of an item; never overwritten or deleted while the item exists."""

    __tablename__ = "media_versions"
    __table_args__ = (
        UniqueConstraint("media_id", "version", name="uq_media_versions_media_version"),
        UniqueConstraint("sha256", name="uq_media_versions_sha256"),
        Index("ix_media_versions_preview_status", "preview_status"),
    )

    id = Column(Integer, primary_key=True)
    media_id = Column(Integer, ForeignKey("media_items.id"), nullable=False, index=True)
    version = Column(Integer, nullable=False)
    object_key = Column(String(200), nullable=False, unique=True)
    file_name = Column(String(255), nullable=False, doc="The original file name, often Thai.")
    file_type = Column(String(10), nullable=False, doc="Type found in the content: png, jpeg, webp, pdf, mp4, mp3, m4a.")
    content_type = Column(String(100), nullable=False)
    size_bytes = Column(BigInteger, nullable=False)
    sha256 = Column(String(64), nullable=False)
    note = Column(Text, nullable=True, doc="What changed in this version.")
    uploaded_by = Column(Integer, nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    preview_status = Column(String(20), nullable=False, default="pending", doc="pending, running, ready or failed.")
    preview_key = Column(String(200), nullable=True)
    preview_attempts = Column(Integer, nullable=False, default=0)
    preview_claimed_at = Column(DateTime(timezone=True), nullable=True)
    preview_error = Column(Text, nullable=True)


class Upload(Base):
    """A file on its way into the library: from the presigned part URLs to a published version.

    Status moves pending → verifying → published, or ends as rejected,
    cancelled or expired. The object of an upload that did not publish is
    removed, by the sweeper if not at once (``object_removed_at``).
    """

    __tablename__ = "uploads"
    __table_args__ = (Index("ix_uploads_status_created", "status", "created_at"),)

    id = Column(String(36), primary_key=True)
    media_id = Column(Integer, ForeignKey("media_items.id"), nullable=True, doc="Set for a new version of an item.")
    status = Column(String(20), nullable=False, default="pending")
    kind = Column(String(20), nullable=False)
    object_key = Column(String(200), nullable=False, unique=True)
    multipart_upload_id = Column(String(500), nullable=True)
    file_name = Column(String(255), nullable=False)
    size_bytes = Column(BigInteger, nullable=False)
    part_size = Column(BigInteger, nullable=False)
    part_count = Column(Integer, nullable=False)
    metadata_json = Column(Text, nullable=True, doc="Validated item metadata for a new item, as JSON.")
    note = Column(Text, nullable=True)
    created_by = Column(Integer, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    expires_at = Column(DateTime(timezone=True), nullable=False)
    claimed_at = Column(DateTime(timezone=True), nullable=True, doc="When a verifier took the upload.")
    finished_at = Column(DateTime(timezone=True), nullable=True)
    version_id = Column(Integer, ForeignKey("media_versions.id"), nullable=True)
    error_code = Column(String(60), nullable=True)
    error_status = Column(Integer, nullable=True, doc="HTTP status of the rejection.")
    error_message_th = Column(Text, nullable=True)
    error_message_en = Column(Text, nullable=True)
    error_details = Column(Text, nullable=True, doc="JSON details of the rejection.")
    object_removed_at = Column(DateTime(timezone=True), nullable=True)


class Download(Base):
    """One download: the account, the item version, the unit and the time.

    ``counted`` turns true when a background pass has added the download to
    its item's ``download_count``. The download request itself does not
    update the item's row, so it does not wait on that row's lock.
    """

    __tablename__ = "downloads"
    __table_args__ = (
        Index("ix_downloads_unit_media", "unit_id", "media_id"),
        Index("ix_downloads_media", "media_id"),
        Index(
            "ix_downloads_uncounted", "id",
            postgresql_where=text("NOT counted"), sqlite_where=text("NOT counted"),
        ),
    )

    id = Column(Integer, primary_key=True)
    media_id = Column(Integer, ForeignKey("media_items.id"), nullable=False)
    version = Column(Integer, nullable=False)
    account_id = Column(Integer, nullable=False)
    unit_id = Column(Integer, nullable=True)
    province_code = Column(String(10), nullable=True)
    via = Column(String(10), nullable=False, default="direct", doc="direct (one file) or bundle (ZIP).")
    downloaded_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    counted = Column(Boolean, nullable=False, default=False, server_default=false())


class SeedMarker(Base):
    """A one-time job (seeding the samples) that one copy of the service claims."""

    __tablename__ = "seed_markers"

    name = Column(String(60), primary_key=True)
    started_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    finished_at = Column(DateTime(timezone=True), nullable=True)


class OutboxMessage(OutboxMessageMixin, Base):
    pass


class HandledEvent(HandledEventMixin, Base):
    pass
