"""Seed the directory: the unit tree, the scam taxonomy and the administrator account.

Seeding is idempotent: units and scam types that exist (by code) are left
as they are, and the administrator is created only once. New units are
announced with ``unit_changed`` through the outbox like any other change.
"""

import csv
import logging
import os
import secrets

from sqlalchemy import select

from cybervaccine import areas, auth, taxonomy
from cybervaccine.outbox import new_outbox_row
from services.directory import rules
from services.directory.models import Account, OutboxMessage, ScamType, Unit
from services.directory.operations import unit_event_fields

log = logging.getLogger(__name__)

SEED_BUREAUS = (
    ("MPB", "กองบัญชาการตำรวจนครบาล (บช.น.)", "Metropolitan Police Bureau"),
    *[
        ("PPR{}".format(number), "ตำรวจภูธรภาค {} (ภ.{})".format(number, number), "Provincial Police Region {}".format(number))
        for number in range(1, 10)
    ],
    ("CIB", "กองบัญชาการตำรวจสอบสวนกลาง (บช.ก.)", "Central Investigation Bureau"),
    ("CCIB", "กองบัญชาการตำรวจสืบสวนสอบสวนอาชญากรรมทางเทคโนโลยี (บช.สอท.)", "Cyber Crime Investigation Bureau"),
)
ADMIN_USERNAME = "admin"


def region_provinces():
    """Return which bureau covers each province, from the published regulation table."""
    with open(areas.REFERENCE / "rtp_police_region_provinces.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        region = row["region_abbr"]
        row["bureau_code"] = "MPB" if region == "บช.น." else "PPR" + region.split(".")[-1]
    return rows


def seed_units(session):
    """Insert missing seed units; return how many were added."""
    existing = {unit.code: unit for unit in session.scalars(select(Unit))}
    planned = rules.build_seed_units(SEED_BUREAUS, region_provinces(), areas.provinces(), areas.districts())
    added = 0

    for item in planned:
        if item["code"] in existing:
            continue
        parent = existing.get(item["parent_code"])
        unit = Unit(**{key: value for key, value in item.items() if key != "parent_code"})
        unit.parent_id = parent.id if parent else None
        unit.path = "/"
        session.add(unit)
        session.flush()
        unit.path = (parent.path if parent else "/") + "{}/".format(unit.id)
        session.add(new_outbox_row(OutboxMessage, "directory", "unit_changed", unit_event_fields(unit, "created")))
        existing[unit.code] = unit
        added += 1
    return added


def seed_scam_types(session):
    existing = set(session.scalars(select(ScamType.code)))
    added = 0
    for item in taxonomy.seed_scam_types():
        if item["code"] not in existing:
            session.add(ScamType(code=item["code"], name_th=item["name_th"], name_en=item["name_en"]))
            added += 1
    return added


def seed_administrator(session, password=None):
    """Create the ``admin`` account once; return the generated password, or None.

    The password comes from ``password`` (``CYBERVACCINE_ADMIN_PASSWORD``).
    Without it a random one is generated and returned so that the caller
    prints it once; it is stored only as a hash.
    """
    if session.scalar(select(Account).where(Account.username == ADMIN_USERNAME)) is not None:
        return None

    generated = None
    if not password:
        generated = password = secrets.token_urlsafe(12)
    rules.check_password_strength(password)

    root = session.scalar(select(Unit).where(Unit.code == "RTP"))
    session.add(
        Account(
            username=ADMIN_USERNAME,
            password_hash=rules.hash_password(password),
            display_name="ผู้ดูแลระบบ (Administrator)",
            unit_id=root.id,
            roles=",".join([auth.ADMINISTRATOR, auth.WORKING_GROUP]),
        )
    )
    return generated


def seed(session, admin_password=None):
    """Seed everything in one transaction; return (units added, scam types added, generated password)."""
    units = seed_units(session)
    scam_types = seed_scam_types(session)
    generated = seed_administrator(session, admin_password)
    session.commit()
    log.info("directory seeded: %d units, %d scam types added", units, scam_types)
    return units, scam_types, generated


def run_seed(session, config):
    """Seed the directory for ``manage seed``; return lines to show the operator."""
    units, scam_types, generated = seed(session, os.environ.get("CYBERVACCINE_ADMIN_PASSWORD"))
    lines = ["directory: {} units and {} scam types added".format(units, scam_types)]
    if generated:
        lines.append(
            "directory: administrator created. Username: admin  Password: {}  "
            "(shown once; set CYBERVACCINE_ADMIN_PASSWORD to choose it)".format(generated)
        )
    return lines
