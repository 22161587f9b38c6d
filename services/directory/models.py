"""Tables of the directory service: units, accounts, duties and the scam taxonomy."""

import datetime

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base, relationship

from cybervaccine.outbox import HandledEventMixin, OutboxMessageMixin

Base = declarative_base()


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


class Unit(Base):
    """A police unit in the tree national → bureau → division → station."""

    __tablename__ = "units"

    id = Column(Integer, primary_key=True)
    code = Column(String(40), nullable=False, unique=True)
    name_th = Column(String(200), nullable=False)
    name_en = Column(String(200), nullable=False)
    level = Column(String(20), nullable=False, index=True)
    parent_id = Column(Integer, ForeignKey("units.id"), nullable=True, index=True)
    path = Column(String(200), nullable=False, index=True, doc="Ids from the root, as '/1/10/112/'.")
    province_code = Column(String(10), nullable=True, index=True)
    district_code = Column(String(10), nullable=True)
    stand_in = Column(Boolean, nullable=False, default=False, doc="Seeded placeholder, not a real station.")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)

    parent = relationship("Unit", remote_side=[id])

    @property
    def path_ids(self):
        return [int(part) for part in self.path.strip("/").split("/") if part]


class Account(Base):
    """A person who signs in: an officer, unit head, working group member or administrator."""

    __tablename__ = "accounts"

    id = Column(Integer, primary_key=True)
    username = Column(String(80), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    display_name = Column(String(200), nullable=False)
    unit_id = Column(Integer, ForeignKey("units.id"), nullable=False, index=True)
    roles = Column(String(200), nullable=False, doc="Comma-separated role names.")
    heavy_workload = Column(Boolean, nullable=False, default=False)
    workload_note = Column(String(300), nullable=True)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)

    unit = relationship(Unit)

    @property
    def role_list(self):
        return [role for role in self.roles.split(",") if role]


class DutyAssignment(Base):
    """An officer's duty in a unit; ended assignments stay as history."""

    __tablename__ = "duty_assignments"

    id = Column(Integer, primary_key=True)
    account_id = Column(Integer, ForeignKey("accounts.id"), nullable=False, index=True)
    unit_id = Column(Integer, ForeignKey("units.id"), nullable=False, index=True)
    duty = Column(String(40), nullable=False)
    assigned_by = Column(Integer, ForeignKey("accounts.id"), nullable=False)
    workload_override = Column(Boolean, nullable=False, default=False)
    override_reason = Column(Text, nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    ended_at = Column(DateTime(timezone=True), nullable=True)
    ended_by = Column(Integer, ForeignKey("accounts.id"), nullable=True)

    account = relationship(Account, foreign_keys=[account_id])


class ScamType(Base):
    """One entry of the scam taxonomy that tags media, questions, statistics and reports."""

    __tablename__ = "scam_types"
    __table_args__ = (UniqueConstraint("code"),)

    id = Column(Integer, primary_key=True)
    code = Column(String(40), nullable=False)
    name_th = Column(String(300), nullable=False)
    name_en = Column(String(300), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class OutboxMessage(OutboxMessageMixin, Base):
    pass


class HandledEvent(HandledEventMixin, Base):
    pass
