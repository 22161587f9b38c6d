"""Tables of the quiz service: the question bank, published versions, campaigns and attempts.

Questions are edited in place with a revision counter. A published version
stores a JSON snapshot of every active question as it was at publishing,
with its choices, correct answers and explanations, so an attempt is always
scored against the version it was drawn from, whatever changes later.
"""

import datetime

from sqlalchemy import (
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
)
from sqlalchemy.orm import declarative_base, deferred, relationship

from cybervaccine.outbox import HandledEventMixin, OutboxMessageMixin

Base = declarative_base()

ACTIVE = "active"
RETIRED = "retired"


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


class Question(Base):
    """A question of the bank; ``revision`` grows with every edit."""

    __tablename__ = "questions"

    id = Column(Integer, primary_key=True)
    code = Column(String(60), nullable=False, unique=True, doc="Stable id shown to authors, as 'q-shopping-01'.")
    scam_type = Column(String(40), nullable=False, index=True)
    difficulty = Column(Integer, nullable=False)
    weight = Column(Float, nullable=False)
    text_th = Column(Text, nullable=False)
    text_en = Column(Text, nullable=False)
    status = Column(String(10), nullable=False, default=ACTIVE, index=True)
    revision = Column(Integer, nullable=False, default=1)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_by = Column(Integer, nullable=True, doc="Directory account id of the last editor; null for the seed.")

    choices = relationship(
        "Choice", order_by="Choice.position", cascade="all, delete-orphan", back_populates="question", lazy="selectin"
    )


class Choice(Base):
    """One answer of a question, with the explanation shown after answering."""

    __tablename__ = "choices"
    __table_args__ = (UniqueConstraint("question_id", "letter"),)

    id = Column(Integer, primary_key=True)
    question_id = Column(Integer, ForeignKey("questions.id", ondelete="CASCADE"), nullable=False, index=True)
    letter = Column(String(1), nullable=False)
    position = Column(Integer, nullable=False)
    text_th = Column(Text, nullable=False)
    text_en = Column(Text, nullable=False)
    correct = Column(Boolean, nullable=False, default=False)
    explanation_th = Column(Text, nullable=False)
    explanation_en = Column(Text, nullable=False)

    question = relationship(Question, back_populates="choices")


class QuizVersion(Base):
    """A published snapshot of the active questions; never changed after publishing."""

    __tablename__ = "quiz_versions"

    number = Column(Integer, primary_key=True, autoincrement=False)
    published_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    published_by = Column(Integer, nullable=True, doc="Directory account id; null for the seed.")
    note = Column(String(500), nullable=True)
    question_count = Column(Integer, nullable=False)
    scam_type_count = Column(Integer, nullable=False)
    checksum = Column(String(64), nullable=False, doc="SHA-256 of the snapshot text; processes cache snapshots by it.")
    snapshot = deferred(Column(Text, nullable=False, doc="JSON: questions with choices, and scam type names."))


class Campaign(Base):
    """A link (and QR code) a station hands out at an outreach event; attempts from it count for the station."""

    __tablename__ = "campaigns"

    code = Column(String(12), primary_key=True)
    unit_id = Column(Integer, nullable=False, index=True)
    unit_path = Column(String(200), nullable=False, doc="Directory unit ids from the root, as '/1/10/112/1204/'.")
    unit_name_th = Column(String(200), nullable=False)
    unit_name_en = Column(String(200), nullable=False)
    province_code = Column(String(10), nullable=True)
    district_code = Column(String(10), nullable=True)
    title = Column(String(200), nullable=False)
    event_date = Column(Date, nullable=False)
    created_by = Column(Integer, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class Attempt(Base):
    """One play of the quiz: the drawn questions, the area the player gave and, once submitted, the result.

    Nothing here identifies the player: no name, contact, id card number or
    IP address is stored.
    """

    __tablename__ = "attempts"

    id = Column(String(36), primary_key=True)
    quiz_version = Column(Integer, ForeignKey("quiz_versions.number"), nullable=False, index=True)
    question_codes = Column(Text, nullable=False, doc="JSON list of the drawn question codes, in the order shown.")
    started_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    expires_at = Column(DateTime(timezone=True), nullable=False)
    completed_at = Column(DateTime(timezone=True), nullable=True, index=True)
    province_code = Column(String(10), nullable=True, index=True)
    district_code = Column(String(10), nullable=True)
    age_group = Column(String(10), nullable=True)
    campaign_code = Column(String(12), ForeignKey("campaigns.code"), nullable=True)
    station_unit_id = Column(Integer, nullable=True, index=True)
    start_key = Column(String(128), nullable=True, unique=True, doc="Idempotency key of the start request.")
    start_fingerprint = Column(String(64), nullable=True, doc="SHA-256 of the start request body.")
    submission_key = Column(String(128), nullable=True, unique=True, doc="Idempotency key of the submission.")
    submission_fingerprint = Column(String(64), nullable=True, doc="SHA-256 of the submitted answers.")
    total_score = Column(Integer, nullable=True)
    risk_level = Column(String(10), nullable=True)
    # Written once with the result and always read whole, so one short
    # string instead of a row per answer. Scam type and correctness follow
    # from the version's snapshot.
    choices = Column(String(60), nullable=True,
                     doc="The letter chosen for each drawn question, in the order of question_codes: 'abca…'.")


Index("ix_attempts_campaign_completed", Attempt.campaign_code, Attempt.completed_at)


class OutboxMessage(OutboxMessageMixin, Base):
    pass


class HandledEvent(HandledEventMixin, Base):
    pass
