"""Report use cases: file, amend, withdraw, read, list and roll up.

Each function takes a SQLAlchemy session, the outbox writer (anything with
``add(session, event_type, fields)``), the caller and validated data. The
caller's transaction commits; nothing here imports nameko. Lookups that
need another service (reporting duties, the scam taxonomy) come in as a
``lookups`` object so that tests and benchmarks can pass their own.
"""

import base64
import binascii
import dataclasses
import datetime
import logging
import types
import uuid

from sqlalchemy import and_, bindparam, exists, func, or_, select
from sqlalchemy.exc import IntegrityError

from cybervaccine import bulk, errors
from services.reports import copies, rules, totals
from services.reports.messages import MESSAGES
from services.reports.models import (
    Report,
    ReportAudience,
    ReportMedia,
    ReportPhoto,
    ReportRevision,
    ReportScamType,
    Unit,
    path_ids,
    utcnow,
)

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Policy:
    """Limits set in configuration."""

    amend_window_days: int = 30
    max_age_days: int = 366


# Lookups

def parse_uuid(value, code="invalid_report_id"):
    """Return ``value`` as a canonical lower-case UUID string; raise InvalidInput otherwise."""
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        raise MESSAGES.invalid(code, details={"value": str(value)[:80]}, value=str(value)[:80])


def get_unit(session, unit_id):
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise unit_not_found(unit_id)
    return unit


def unit_not_found(unit_id):
    return MESSAGES.not_found("unit_not_found", details={"field": "unit_id", "unit_id": unit_id}, unit_id=unit_id)


def load_report(session, report_id, for_update=False):
    report = session.get(Report, report_id, with_for_update=for_update or None, populate_existing=for_update)
    if report is None:
        raise MESSAGES.not_found("report_not_found", details={"report_id": report_id}, report_id=report_id)
    return report


def check_references(session, data, lookups):
    """Reject scam type codes outside the taxonomy and media versions the library does not have."""
    codes = sorted(set(data["scam_types"]))
    unknown = rules.unknown_scam_types(codes, lookups.scam_type_codes())
    if unknown:
        unknown = rules.unknown_scam_types(unknown, lookups.scam_type_codes(refresh=True))
    if unknown:
        raise MESSAGES.invalid(
            "unknown_scam_type", details={"field": "scam_types", "value": unknown[0]}, code=unknown[0]
        )

    pairs = [(item["media_id"], item["version"]) for item in data.get("media") or []]
    missing = copies.missing_media_versions(session, pairs)
    if missing:
        media_id, version = missing[0]
        raise MESSAGES.invalid(
            "unknown_media_version",
            details={"field": "media", "media_id": media_id, "version": version},
            media_id=media_id,
            version=version,
        )


# Filing

@dataclasses.dataclass(frozen=True)
class UnitRef:
    """The unit a new report is filed for, as one query reads it (and the units cache keeps it)."""

    id: int
    code: str
    name_th: str
    name_en: str
    level: str
    province_code: str
    path_ids: list


@dataclasses.dataclass
class NewReport:
    """A checked new report, not stored yet.

    ``values`` is its ``reports`` row, and ``rows`` are its audience, scam
    type and media rows by table. ``report`` shows the same values as
    attributes, as a stored report has them. ``state`` is its content as
    ``report_state`` returns it.
    """

    values: dict
    rows: dict
    state: dict
    report: object
    unit: UnitRef
    caller: object

    @property
    def id(self):
        return self.values["id"]


UNIT_BY_ID = select(
    Unit.id, Unit.code, Unit.name_th, Unit.name_en, Unit.level, Unit.province_code, Unit.path,
).where(Unit.id == bindparam("unit_id"))


def submit_report(session, outbox, caller, report_id, data, lookups, policy, now=None):
    """Store a report once per id in the caller's session; return (report, created).

    The service files through its group commit (``prepare_report``, then
    ``filing_rows``); this does both in one session, for tools and tests.
    """
    outcome, created = prepare_report(session, caller, report_id, data, lookups, policy, now)
    if not created:
        return outcome, False

    try:
        bulk.insert_rows(session.connection(), filing_rows([outcome]))
    except IntegrityError:
        session.rollback()
        return replay_after_race(session, outcome), False
    outbox.add(session, "outreach_reported", filed_event_fields(outcome))
    return load_report(session, outcome.id), True


def prepare_report(session, caller, report_id, data, lookups, policy, now=None, units=None):
    """Check a submission; return (stored report, False) for a repeated id, else (``NewReport``, True).

    The same id with the same content returns the stored report. The same
    id with other content is a conflict. A new id is the common case, so
    the stored copy is looked for only when a check fails. A repeated
    submission that passes every check fails on the primary key when it is
    written, and the caller replays it then (``replay_after_race``).
    ``units`` is an optional cache of units (``get``/``put`` by id).
    """
    now = now or utcnow()
    report_id = parse_uuid(report_id)
    digest = rules.body_hash(rules.canonical_body(data))

    unit = find_unit(session, data["unit_id"], units)
    try:
        _check_new_report(caller, unit, data, lookups, policy, now)
        check_references(session, data, lookups)
    except errors.ServiceError:
        stored = session.get(Report, report_id)
        if stored is None:
            raise
        return _replayed(caller, stored, digest), False
    return _new_report(report_id, unit, caller, digest, data, now), True


def find_unit(session, unit_id, units=None):
    """Return the ``UnitRef`` of a unit from ``units`` or the database, or None if there is no such unit."""
    unit = units.get(unit_id) if units is not None else None
    if unit is not None:
        return unit

    row = session.connection().execute(UNIT_BY_ID, {"unit_id": unit_id}).first()
    if row is None:
        return None
    unit = UnitRef(row.id, row.code, row.name_th, row.name_en, row.level, row.province_code, path_ids(row.path))
    if units is not None:
        units.put(unit_id, unit)
    return unit


def filing_rows(new_reports):
    """Return the rows that store new reports, as [(table, rows)] with parents first.

    The reports are stored with ``totals_pending`` set, and
    ``totals.settle`` adds them to the totals later. Two copies of one
    report that arrive at once both pass ``prepare_report``: the primary key
    lets one in, and the other's INSERT raises IntegrityError.
    """
    return [
        (Report.__table__, [item.values for item in new_reports]),
        (ReportAudience.__table__, [row for item in new_reports for row in item.rows["report_audiences"]]),
        (ReportScamType.__table__, [row for item in new_reports for row in item.rows["report_scam_types"]]),
        (ReportMedia.__table__, [row for item in new_reports for row in item.rows["report_media"]]),
        (ReportRevision.__table__, [_first_revision(item) for item in new_reports]),
    ]


def filed_event_fields(new_report):
    """Return the fields of the ``outreach_reported`` event of a new report."""
    return event_fields(new_report.report, new_report.unit, new_report.state)


def replay_after_race(session, new_report):
    """Return the copy another request stored first, or raise the conflict if its content differs."""
    report = session.get(Report, new_report.id, populate_existing=True)
    if report is None:
        raise MESSAGES.error(errors.Unavailable, "report_not_recorded")
    log.info("report %s arrived twice at once; comparing with the stored copy", report.id)
    return _replayed(new_report.caller, report, new_report.values["submission_hash"])


def _new_report(report_id, unit, caller, digest, data, now):
    values = dict(
        _field_values(data), id=report_id, unit_id=unit.id, filed_by=caller.account_id,
        filed_by_username=caller.username or "", status="active", revision=1, submission_hash=digest,
        totals_pending=True, created_at=now, updated_at=now,
    )
    rows = _row_values(report_id, data)
    state = _state(
        types.SimpleNamespace(**values),
        [(row["group"], row["count"]) for row in rows["report_audiences"]],
        [row["code"] for row in rows["report_scam_types"]],
        [(row["media_id"], row["version"]) for row in rows["report_media"]],
    )
    report = types.SimpleNamespace(**values, unit=unit, photos=[])
    return NewReport(values, rows, state, report, unit, caller)


def _first_revision(item):
    return {
        "report_id": item.id, "revision": 1, "action": "filed", "actor_id": item.caller.account_id,
        "actor_username": item.caller.username or "", "reason": None, "body": item.state, "created_at": utcnow(),
    }


def _check_new_report(caller, unit, data, lookups, policy, now):
    """Check a new report's content, its unit and the caller's right to file for it."""
    rules.check_report(data, now, policy.max_age_days)
    if unit is None:
        raise unit_not_found(data["unit_id"])

    rules.check_filing_rights(
        caller, unit.id, unit.path_ids, lambda: lookups.has_reporting_duty(caller.account_id, unit.id)
    )


def _replayed(caller, report, digest):
    """Return the stored report for a repeated submission, or raise a conflict when the content differs."""
    same = report.submission_hash == digest
    if same and rules.can_view_report(caller, report.filed_by, report.unit.path_ids):
        return report
    raise MESSAGES.conflict("report_id_conflict", details={"report_id": report.id}, report_id=report.id)


def _field_values(data):
    """Return the ``reports`` columns that a submission's body sets."""
    photo_count = data.get("photo_count", 0)
    return {
        # In UTC: SQLite keeps a time's clock reading and drops its offset.
        "occurred_at": data["occurred_at"].astimezone(datetime.timezone.utc),
        "activity_date": rules.local_date(data["occurred_at"]),
        "place": data["place"],
        "province_code": data["province_code"],
        "district_code": data.get("district_code"),
        "latitude": data.get("latitude"),
        "longitude": data.get("longitude"),
        "activity_type": data["activity_type"],
        "channels": sorted(set(data.get("channels") or []), key=rules.CHANNELS.index),
        "note": data.get("note") or "",
        "total_people": sum(entry["count"] for entry in data["audiences"]),
        "photo_count": photo_count,
        "complete": photo_count == 0,
    }


def _row_values(report_id, data):
    """Return a submission's audience, scam type and media rows by table name."""
    return {
        "report_audiences": [
            {"report_id": report_id, "group": entry["group"], "count": entry["count"]} for entry in data["audiences"]
        ],
        "report_scam_types": [{"report_id": report_id, "code": code} for code in sorted(set(data["scam_types"]))],
        "report_media": [
            {"report_id": report_id, "media_id": item["media_id"], "version": item["version"]}
            for item in data.get("media") or []
        ],
    }


def _set_fields(report, data):
    for name, value in _field_values(data).items():
        setattr(report, name, value)


def _set_rows(report, data):
    """Set the report's audience, scam type and media rows (replacing those of an amended report)."""
    rows = _row_values(report.id, data)
    report.audiences = [ReportAudience(**row) for row in rows["report_audiences"]]
    report.scam_types = [ReportScamType(**row) for row in rows["report_scam_types"]]
    report.media = [ReportMedia(**row) for row in rows["report_media"]]


def _record_revision(session, report, action, caller, reason):
    session.add(
        ReportRevision(
            report_id=report.id,
            revision=report.revision,
            action=action,
            actor_id=caller.account_id,
            actor_username=caller.username or "",
            reason=reason,
            body=report_state(report),
            created_at=utcnow(),
        )
    )


def _changes(report, unit, sign):
    return rules.total_changes(unit.path_ids, report.activity_date, rules.contributions(report_state(report)), sign)


# Amending and withdrawing

def amend_report(session, outbox, caller, report_id, data, lookups, policy, now=None):
    """Replace a report's content as its unit head, keeping the previous state in the history."""
    now = now or utcnow()
    report_id = parse_uuid(report_id)
    totals.share_unit_paths(session.connection())
    report = load_report(session, report_id, for_update=True)
    unit = report.unit
    _check_amendable(caller, report, policy, now)
    rules.check_revision(data["revision"], report.revision)

    body = data["report"]
    if body["unit_id"] != report.unit_id:
        raise MESSAGES.invalid("unit_cannot_change", details={"field": "unit_id", "unit_id": report.unit_id})
    rules.check_report(body, now, policy.max_age_days)
    check_references(session, body, lookups)
    _check_photo_count(session, report, body.get("photo_count", 0))

    removed = _settled_changes(report, unit)
    _set_fields(report, body)
    _set_rows(report, body)
    session.flush()
    report.complete = _photos_complete(session, report)
    report.revision += 1
    report.updated_at = now

    totals.apply(session.connection(), rules.merge_changes(removed, _changes(report, unit, 1)))
    _record_revision(session, report, "amended", caller, data["reason"])
    fields = dict(event_fields(report, unit), reason=data["reason"], changed_by=caller.account_id)
    outbox.add(session, "outreach_amended", fields)
    return report


def withdraw_report(session, outbox, caller, report_id, data, policy, now=None):
    """Withdraw a report as its unit head; it stays stored but no longer counts."""
    now = now or utcnow()
    report_id = parse_uuid(report_id)
    totals.share_unit_paths(session.connection())
    report = load_report(session, report_id, for_update=True)
    unit = report.unit
    _check_amendable(caller, report, policy, now)
    rules.check_revision(data.get("revision"), report.revision)

    totals.apply(session.connection(), _settled_changes(report, unit))
    report.status = "withdrawn"
    report.revision += 1
    report.updated_at = now

    _record_revision(session, report, "withdrawn", caller, data["reason"])
    fields = dict(event_fields(report, unit), reason=data["reason"], changed_by=caller.account_id)
    outbox.add(session, "outreach_withdrawn", fields)
    return report


def _settled_changes(report, unit):
    """Return the changes that take a report's current state out of the totals, and settle it.

    A report still pending was never added, so there is nothing to take
    out. The change that follows adds its new state (or nothing, when it
    is withdrawn), and the report is no longer pending.
    """
    if report.totals_pending:
        report.totals_pending = False
        return {}
    return _changes(report, unit, -1)


def _check_amendable(caller, report, policy, now):
    rules.check_amend_rights(
        caller, report.id, report.unit_id, report.unit.path_ids, report.status,
        as_aware(report.created_at), now, policy.amend_window_days,
    )


def _check_photo_count(session, report, count):
    uploaded = live_photo_count(session, report.id)
    if count < uploaded:
        raise MESSAGES.invalid(
            "photo_count_below_uploaded", details={"field": "photo_count", "uploaded": uploaded},
            count=count, uploaded=uploaded,
        )


def live_photo_count(session, report_id):
    return session.scalar(
        select(func.count(ReportPhoto.id)).where(ReportPhoto.report_id == report_id, ReportPhoto.status != "rejected")
    )


def _photos_complete(session, report):
    ready = session.scalar(
        select(func.count(ReportPhoto.id)).where(ReportPhoto.report_id == report.id, ReportPhoto.status == "ready")
    )
    return ready >= report.photo_count


def mark_complete_if_ready(session, report):
    """Set ``complete`` once every declared photo is ready; return True if it changed."""
    if report.complete or not _photos_complete(session, report):
        return False
    report.complete = True
    return True


# Reading

def get_report(session, caller, report_id):
    report = load_report(session, parse_uuid(report_id))
    if not rules.can_view_report(caller, report.filed_by, report.unit.path_ids):
        raise MESSAGES.not_found("report_not_found", details={"report_id": report.id}, report_id=report.id)
    return report


def report_history(session, caller, report_id):
    report = get_report(session, caller, report_id)
    statement = select(ReportRevision).where(ReportRevision.report_id == report.id).order_by(ReportRevision.revision)
    return list(session.scalars(statement))


def filtered_reports(session, caller, filters):
    """Build the query of reports a caller may see that match the list filters (without order or limit)."""
    statement = select(Report).join(Unit, Unit.id == Report.unit_id)

    if rules.is_viewer(caller):
        root = get_unit(session, filters.get("unit_id") or caller.unit_id)
        rules.require_unit_visible(caller, root.id, root.path_ids)
        statement = statement.where(Unit.path.like(root.path + "%"))
    else:
        statement = statement.where(Report.filed_by == caller.account_id)
        if filters.get("unit_id"):
            statement = statement.where(Report.unit_id == filters["unit_id"])

    return statement.where(*_filter_conditions(caller, filters))


def _filter_conditions(caller, filters):
    conditions = []
    if filters.get("mine"):
        conditions.append(Report.filed_by == caller.account_id)
    if filters.get("status", "active") != "all":
        conditions.append(Report.status == filters.get("status", "active"))
    if filters.get("date_from"):
        conditions.append(Report.activity_date >= filters["date_from"])
    if filters.get("date_to"):
        conditions.append(Report.activity_date <= filters["date_to"])
    if filters.get("activity_type"):
        conditions.append(Report.activity_type == filters["activity_type"])
    if filters.get("province_code"):
        conditions.append(Report.province_code == filters["province_code"])
    if filters.get("scam_type"):
        conditions.append(
            exists().where(ReportScamType.report_id == Report.id, ReportScamType.code == filters["scam_type"])
        )
    if filters.get("media_id") is not None:
        conditions.append(exists().where(ReportMedia.report_id == Report.id, ReportMedia.media_id == filters["media_id"]))
    if filters.get("audience"):
        conditions.append(
            exists().where(
                ReportAudience.report_id == Report.id,
                ReportAudience.group == filters["audience"],
                ReportAudience.count > 0,
            )
        )
    return conditions


def list_reports(session, caller, filters):
    """Return (reports, next cursor), newest activity first, one page at a time."""
    limit = filters.get("limit", 50)
    statement = filtered_reports(session, caller, filters)
    if filters.get("cursor"):
        occurred_at, report_id = decode_cursor(filters["cursor"])
        statement = statement.where(
            or_(Report.occurred_at < occurred_at, and_(Report.occurred_at == occurred_at, Report.id < report_id))
        )
    statement = statement.order_by(Report.occurred_at.desc(), Report.id.desc()).limit(limit + 1)

    reports = list(session.scalars(statement))
    next_cursor = encode_cursor(reports[limit - 1]) if len(reports) > limit else None
    return reports[:limit], next_cursor


def count_reports(session, caller, filters):
    statement = filtered_reports(session, caller, filters).with_only_columns(func.count(Report.id))
    return session.scalar(statement.order_by(None))


def encode_cursor(report):
    text = "{}|{}".format(as_aware(report.occurred_at).isoformat(), report.id)
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii")


def decode_cursor(cursor):
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8")
        moment, report_id = text.split("|")
        return datetime.datetime.fromisoformat(moment), parse_uuid(report_id)
    except (ValueError, UnicodeError, binascii.Error):
        raise MESSAGES.invalid("invalid_cursor", details={"field": "cursor"})


# Roll-ups

def summarize(session, caller, query, now=None):
    """Return the totals of a subtree for a date range, per period and by dimension, with its sub-units.

    Reports stored but not yet in the totals are added first, so a report
    counts in every roll-up read after its filing returned.
    """
    rules.require_viewer(caller)
    root = get_unit(session, query.get("unit_id") or caller.unit_id)
    rules.require_unit_visible(caller, root.id, root.path_ids)
    totals.settle(session.connection())

    today = rules.local_date(now or utcnow())
    period = query.get("period", "month")
    date_from, date_to = rules.summary_range(query.get("date_from"), query.get("date_to"), today, period)
    rows = totals.period_rows(session, root.id, date_from, date_to, period)

    summary = rules.build_summary(rows, period, date_from, date_to)
    summary["unit"] = root
    summary["units"] = [
        {"unit": child, "reports": reports, "people": people}
        for child, reports, people in totals.child_rows(session, root.id, date_from, date_to)
    ]
    return summary


# Serialising

def as_aware(moment):
    """Return a stored time in UTC; SQLite gives naive datetimes back, PostgreSQL the session's zone."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc)


def report_state(report):
    """Return the report's content as plain JSON-safe data (the revision history stores it)."""
    return _state(
        report,
        [(row.group, row.count) for row in report.audiences],
        [row.code for row in report.scam_types],
        [(row.media_id, row.version) for row in report.media],
    )


def _state(report, audiences, codes, media):
    """Return ``report_state`` of a report's columns (as attributes) and its rows as plain pairs and codes."""
    return {
        "occurred_at": as_aware(report.occurred_at).isoformat(),
        "place": report.place,
        "province_code": report.province_code,
        "district_code": report.district_code,
        "latitude": report.latitude,
        "longitude": report.longitude,
        "unit_id": report.unit_id,
        "activity_type": report.activity_type,
        "audiences": sorted(
            ({"group": group, "count": count} for group, count in audiences),
            key=lambda entry: rules.AUDIENCE_GROUPS.index(entry["group"]),
        ),
        "total_people": report.total_people,
        "scam_types": sorted(codes),
        "media": [{"media_id": media_id, "version": version} for media_id, version in sorted(media)],
        "channels": list(report.channels or []),
        "note": report.note,
        "photo_count": report.photo_count,
        "status": report.status,
    }


def event_fields(report, unit, state=None):
    """Return the fields of an outreach event for the report as it is now (``state`` if known already)."""
    state = state or report_state(report)
    return {
        "report_id": report.id,
        "revision": report.revision,
        "unit_id": unit.id,
        "unit_path": unit.path_ids,
        "province_code": report.province_code,
        "district_code": report.district_code,
        "activity_type": report.activity_type,
        "activity_at": state["occurred_at"],
        "activity_date": report.activity_date.isoformat(),
        "audience": {entry["group"]: entry["count"] for entry in state["audiences"]},
        "total_people": report.total_people,
        "scam_types": state["scam_types"],
        "media": state["media"],
        "channels": state["channels"],
        "photo_count": report.photo_count,
        "filed_at": as_aware(report.created_at).isoformat(),
    }


def media_titles_of(session, reports):
    """Return {media_id: item} for every media item the reports name, in one query."""
    return copies.media_titles(session, sorted({row.media_id for report in reports for row in report.media}))


def present_report(session, report, policy, photo_urls, titles=None, state=None):
    """Return the report as the response schema expects it.

    ``photo_urls(photo)`` returns a photo's display URLs; ``titles`` maps
    media ids to items and is looked up when not given; ``state`` is the
    report's ``report_state`` when known already.
    """
    state = state or report_state(report)
    if titles is None:
        titles = copies.media_titles(session, sorted({item["media_id"] for item in state["media"]}))
    media = []
    for item in state["media"]:
        known = titles.get(item["media_id"])
        media.append(dict(item, title_th=known.title_th if known else "", title_en=known.title_en if known else ""))

    return dict(
        state,
        id=report.id,
        unit=report.unit,
        occurred_at=as_aware(report.occurred_at),
        activity_date=report.activity_date,
        media=media,
        photos=[dict(photo_fields(photo), **photo_urls(photo)) for photo in report.photos],
        complete=report.complete,
        revision=report.revision,
        filed_by=report.filed_by,
        filed_by_username=report.filed_by_username,
        created_at=as_aware(report.created_at),
        updated_at=as_aware(report.updated_at),
        amend_until=rules.amend_deadline(as_aware(report.created_at), policy.amend_window_days),
    )


def photo_fields(photo):
    return {
        "id": photo.id,
        "status": photo.status,
        "file_name": photo.file_name,
        "content_type": photo.content_type,
        "size_bytes": photo.size_bytes,
        "width": photo.width,
        "height": photo.height,
        "error_code": photo.error_code,
    }
