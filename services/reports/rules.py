"""Rules of outreach reports that need no broker or database.

The module covers validation beyond the schema (dates, head counts, place)
and the canonical form that makes a resubmission comparable. It decides who
may file, amend and see reports. It also contains the roll-up arithmetic: what
one report adds to the totals, and how totals become a summary per period.
"""

import datetime
import hashlib
import json

from cybervaccine import areas, auth
from cybervaccine.events.reports import ACTIVITY_TYPES, AUDIENCE_GROUPS, CHANNELS
from services.reports.messages import MESSAGES

THAILAND_TIME = datetime.timezone(datetime.timedelta(hours=7), "ICT")
MAX_PHOTOS = 10
CLOCK_SKEW = datetime.timedelta(minutes=10)
LARGE_COUNT_THRESHOLD = 100_000
MAX_HEAD_COUNT = 10_000_000
# A box around Thailand's land and sea border, with a margin for GPS error.
THAILAND_LATITUDE = (5.0, 21.0)
THAILAND_LONGITUDE = (97.0, 106.0)
MAX_SUMMARY_DAYS = 3 * 366
VIEWER_ROLES = (auth.UNIT_HEAD, auth.WORKING_GROUP, auth.ADMINISTRATOR)


def local_date(moment):
    """Return the calendar day in Thailand (UTC+7, no daylight saving) of an aware datetime."""
    return moment.astimezone(THAILAND_TIME).date()


def thai_today(now):
    return local_date(now)


# Validation

def check_report(data, now, max_age_days):
    """Check what the schema cannot: time, head counts, place and media; raise on the first problem."""
    check_occurred_at(data["occurred_at"], now, max_age_days)
    check_audiences(data["audiences"], data.get("confirm_large_counts", False))
    check_place(data["province_code"], data.get("district_code"))
    check_coordinates(data.get("latitude"), data.get("longitude"))
    check_media_unique(data.get("media") or [])


def check_occurred_at(occurred_at, now, max_age_days):
    thai_time = occurred_at.astimezone(THAILAND_TIME).isoformat(timespec="minutes")
    if occurred_at > now + CLOCK_SKEW:
        raise MESSAGES.invalid(
            "occurred_at_in_future", details={"field": "occurred_at", "value": occurred_at.isoformat()}, value=thai_time
        )
    if occurred_at < now - datetime.timedelta(days=max_age_days):
        raise MESSAGES.invalid(
            "occurred_at_too_old",
            details={"field": "occurred_at", "value": occurred_at.isoformat(), "max_age_days": max_age_days},
            value=thai_time,
            days=max_age_days,
        )


def check_audiences(audiences, confirmed):
    """Reject missing, repeated, negative and implausible head counts.

    A group over ``LARGE_COUNT_THRESHOLD`` people needs the filer's explicit
    confirmation, because an online live can reach that many. A group over
    ``MAX_HEAD_COUNT`` is rejected as a typing error.
    """
    if not audiences:
        raise MESSAGES.invalid("audience_missing", details={"field": "audiences"})

    seen = set()
    for entry in audiences:
        group, count = entry["group"], entry["count"]
        details = {"field": "audiences", "group": group, "count": count}
        if group in seen:
            raise MESSAGES.invalid("audience_duplicate", details=details, group=group)
        seen.add(group)
        if count < 0:
            raise MESSAGES.invalid("head_count_negative", details=details, group=group, count=count)
        if count > MAX_HEAD_COUNT:
            raise MESSAGES.invalid(
                "head_count_too_large", details=details, group=group, count=count, maximum=MAX_HEAD_COUNT
            )
        if count > LARGE_COUNT_THRESHOLD and not confirmed:
            raise MESSAGES.invalid(
                "head_count_needs_confirmation",
                details=dict(details, threshold=LARGE_COUNT_THRESHOLD),
                group=group,
                count=count,
                threshold=LARGE_COUNT_THRESHOLD,
            )

    if sum(entry["count"] for entry in audiences) == 0:
        raise MESSAGES.invalid("audience_empty", details={"field": "audiences"})


def check_place(province_code, district_code):
    if not areas.is_province(province_code):
        raise MESSAGES.invalid(
            "unknown_province", details={"field": "province_code", "value": province_code}, value=province_code
        )
    if district_code and not areas.is_district(district_code, province_code):
        raise MESSAGES.invalid(
            "unknown_district",
            details={"field": "district_code", "value": district_code},
            value=district_code,
            province=province_code,
        )


def check_coordinates(latitude, longitude):
    if latitude is None and longitude is None:
        return
    if latitude is None or longitude is None:
        raise MESSAGES.invalid("coordinates_incomplete", details={"field": "latitude"})

    inside = THAILAND_LATITUDE[0] <= latitude <= THAILAND_LATITUDE[1] and (
        THAILAND_LONGITUDE[0] <= longitude <= THAILAND_LONGITUDE[1]
    )
    if not inside:
        raise MESSAGES.invalid(
            "coordinates_outside_thailand",
            details={"field": "latitude", "latitude": latitude, "longitude": longitude},
            latitude=latitude,
            longitude=longitude,
        )


def check_media_unique(media):
    seen = set()
    for item in media:
        pair = (item["media_id"], item["version"])
        if pair in seen:
            raise MESSAGES.invalid(
                "duplicate_media_version", details={"field": "media", "media_id": pair[0], "version": pair[1]},
                media_id=pair[0], version=pair[1],
            )
        seen.add(pair)


def unknown_scam_types(codes, known_codes):
    """Return the codes that are not in the taxonomy, in the order given."""
    return [code for code in codes if code not in known_codes]


# Canonical form

def canonical_body(data):
    """Return the report's content in one stable form: sorted lists, UTC time, no confirmation flags.

    Two submissions with the same content give equal canonical bodies even
    when their keys, list order or time zone differ.
    """
    return {
        "occurred_at": data["occurred_at"].astimezone(datetime.timezone.utc).isoformat(),
        "place": data["place"],
        "province_code": data["province_code"],
        "district_code": data.get("district_code"),
        "latitude": data.get("latitude"),
        "longitude": data.get("longitude"),
        "unit_id": data["unit_id"],
        "activity_type": data["activity_type"],
        "audiences": sorted(
            ({"group": entry["group"], "count": entry["count"]} for entry in data["audiences"]),
            key=lambda entry: AUDIENCE_GROUPS.index(entry["group"]),
        ),
        "media": sorted(
            ({"media_id": item["media_id"], "version": item["version"]} for item in data.get("media") or []),
            key=lambda item: (item["media_id"], item["version"]),
        ),
        "channels": sorted(set(data.get("channels") or []), key=CHANNELS.index),
        "scam_types": sorted(set(data["scam_types"])),
        "note": data.get("note") or "",
        "photo_count": data.get("photo_count", 0),
    }


def body_hash(canonical):
    encoded = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


# Permissions

def check_filing_rights(caller, unit_id, unit_path, has_reporting_duty):
    """Allow a unit head of the unit's subtree, or an officer with the unit's reporting duty.

    ``has_reporting_duty`` is called only when the role does not decide,
    because it calls the directory over RPC.
    """
    in_subtree = caller.unit_id is not None and caller.unit_id in tuple(unit_path)
    if caller.has_role(auth.UNIT_HEAD) and in_subtree:
        return
    if has_reporting_duty():
        return
    if not in_subtree:
        raise MESSAGES.denied("unit_outside_subtree", details={"unit_id": unit_id}, unit_id=unit_id)
    raise MESSAGES.denied("reporting_duty_required", details={"unit_id": unit_id, "duty": "reporting"}, unit_id=unit_id)


def amend_deadline(created_at, window_days):
    return created_at + datetime.timedelta(days=window_days)


def check_amend_rights(caller, report_id, unit_id, unit_path, status, created_at, now, window_days):
    """Allow a unit head of the report's unit or a unit above it, within the window after filing."""
    in_subtree = caller.unit_id is not None and caller.unit_id in tuple(unit_path)
    if not (caller.has_role(auth.UNIT_HEAD) and in_subtree):
        raise MESSAGES.denied("amend_not_allowed", details={"unit_id": unit_id}, unit_id=unit_id)
    if status == "withdrawn":
        raise MESSAGES.conflict("report_withdrawn", details={"report_id": report_id}, report_id=report_id)

    deadline = amend_deadline(created_at, window_days)
    if now > deadline:
        raise MESSAGES.denied(
            "amend_window_closed",
            details={"deadline": deadline.isoformat(), "window_days": window_days},
            days=window_days,
            deadline=deadline.astimezone(THAILAND_TIME).isoformat(timespec="minutes"),
        )


def check_revision(expected, current):
    if expected is not None and expected != current:
        raise MESSAGES.conflict("revision_conflict", details={"current": current, "expected": expected}, current=current)


def is_viewer(caller):
    """Return True if the caller may see other people's reports (within their subtree)."""
    return caller.has_role(*VIEWER_ROLES)


def can_view_report(caller, filed_by, unit_path):
    if caller.account_id is not None and caller.account_id == filed_by:
        return True
    return is_viewer(caller) and caller.can_see_unit(unit_path)


def require_viewer(caller):
    if not is_viewer(caller):
        raise MESSAGES.denied("role_required", details={"roles": list(VIEWER_ROLES)}, roles=" / ".join(VIEWER_ROLES))


def require_unit_visible(caller, unit_id, unit_path):
    if not caller.can_see_unit(unit_path):
        raise MESSAGES.denied("unit_outside_subtree", details={"unit_id": unit_id}, unit_id=unit_id)


# Roll-up arithmetic

def contributions(state):
    """Return what one report adds to the totals: (dimension, key, reports, people) tuples.

    ``state`` has activity_type, audiences, scam_types, media, channels and
    total_people. Audience rows count that group's head count; the other
    dimensions count the report's total head count.
    """
    people = state["total_people"]
    rows = [("all", "", 1, people), ("activity_type", state["activity_type"], 1, people)]
    rows += [("audience", entry["group"], 1, entry["count"]) for entry in state["audiences"] if entry["count"] > 0]
    rows += [("scam_type", code, 1, people) for code in sorted(set(state["scam_types"]))]
    rows += [("media", str(media_id), 1, people) for media_id in sorted({item["media_id"] for item in state["media"]})]
    rows += [("channel", code, 1, people) for code in sorted(set(state["channels"]))]
    return rows


def total_changes(unit_path, day, rows, sign):
    """Return {(unit_id, day, dimension, key): (reports, people)} for every unit on ``unit_path``.

    ``sign`` is 1 to add a report and -1 to take it away. Keys are sorted so
    that concurrent transactions lock total rows in the same order.
    """
    changes = {}
    for unit_id in unit_path:
        for dimension, key, reports, people in rows:
            changes[(unit_id, day, dimension, key)] = (sign * reports, sign * people)
    return dict(sorted(changes.items()))


def add_changes(changes, unit_path, day, rows, sign=1):
    """Add one report's contributions to ``changes`` for every unit on ``unit_path``, in place; return ``changes``.

    ``total_changes`` and ``merge_changes`` give the same sums, sorted. This
    skips their sorting of every report's changes, for batches of hundreds.
    """
    for unit_id in unit_path:
        for dimension, key, reports, people in rows:
            change_key = (unit_id, day, dimension, key)
            old_reports, old_people = changes.get(change_key, (0, 0))
            changes[change_key] = (old_reports + sign * reports, old_people + sign * people)
    return changes


def merge_changes(*change_sets):
    """Add change sets together and drop entries that cancel out."""
    merged = {}
    for changes in change_sets:
        for key, (reports, people) in changes.items():
            old_reports, old_people = merged.get(key, (0, 0))
            merged[key] = (old_reports + reports, old_people + people)
    return {key: value for key, value in sorted(merged.items()) if value != (0, 0)}


def month_changes(changes):
    """Sum daily total changes into monthly ones: {(unit_id, first day of month, dimension, key): (reports, people)}."""
    months = {}
    for (unit_id, day, dimension, key), (reports, people) in changes.items():
        month_key = (unit_id, day.replace(day=1), dimension, key)
        old_reports, old_people = months.get(month_key, (0, 0))
        months[month_key] = (old_reports + reports, old_people + people)
    return {key: value for key, value in sorted(months.items()) if value != (0, 0)}


def split_range(date_from, date_to):
    """Split a range of days into whole calendar months and the days left at either edge.

    Returns ((first month, last month) or None, [(first day, last day), ...]):
    the months as their first days, and up to two day ranges.
    """
    first_whole = date_from if date_from.day == 1 else _next_period(date_from.replace(day=1), "month")
    last_day_of_month = _next_period(date_to.replace(day=1), "month") - datetime.timedelta(days=1)
    if date_to == last_day_of_month:
        end_of_last_whole = date_to
    else:
        end_of_last_whole = date_to.replace(day=1) - datetime.timedelta(days=1)

    if first_whole > end_of_last_whole:
        return None, [(date_from, date_to)]

    edges = []
    if date_from < first_whole:
        edges.append((date_from, first_whole - datetime.timedelta(days=1)))
    if end_of_last_whole < date_to:
        edges.append((end_of_last_whole + datetime.timedelta(days=1), date_to))
    return (first_whole, end_of_last_whole.replace(day=1)), edges


def period_start(day, period):
    """Return the first day of the day, ISO week (Monday) or month that contains ``day``."""
    if period == "day":
        return day
    if period == "week":
        return day - datetime.timedelta(days=day.weekday())
    return day.replace(day=1)


def period_starts(date_from, date_to, period):
    """Return the first day of every period that overlaps the range, in order."""
    starts = []
    current = period_start(date_from, period)
    while current <= date_to:
        starts.append(current)
        current = _next_period(current, period)
    return starts


def _next_period(start, period):
    if period == "day":
        return start + datetime.timedelta(days=1)
    if period == "week":
        return start + datetime.timedelta(days=7)
    if start.month == 12:
        return start.replace(year=start.year + 1, month=1)
    return start.replace(month=start.month + 1)


DEFAULT_WEEKS = 13
DEFAULT_DAYS = 31


def summary_range(date_from, date_to, today, period="month"):
    """Fill in a default range that ends today and check the range.

    The default is twelve calendar months for monthly periods, thirteen
    weeks (from a Monday) for weekly ones and 31 days for daily ones.
    """
    date_to = date_to or today
    if date_from is None:
        date_from = _default_start(date_to, period)
    if date_from > date_to:
        raise MESSAGES.invalid(
            "invalid_period_range", details={"from": date_from.isoformat(), "to": date_to.isoformat()},
            start=date_from.isoformat(), end=date_to.isoformat(),
        )
    if (date_to - date_from).days > MAX_SUMMARY_DAYS:
        raise MESSAGES.invalid("period_range_too_long", details={"max_days": MAX_SUMMARY_DAYS}, days=MAX_SUMMARY_DAYS)
    return date_from, date_to


def _default_start(date_to, period):
    if period == "week":
        return period_start(date_to, "week") - datetime.timedelta(weeks=DEFAULT_WEEKS - 1)
    if period == "day":
        return date_to - datetime.timedelta(days=DEFAULT_DAYS - 1)
    return _months_back(date_to.replace(day=1), 11)


def _months_back(first_of_month, months):
    month_index = first_of_month.year * 12 + first_of_month.month - 1 - months
    return datetime.date(month_index // 12, month_index % 12 + 1, 1)


DIMENSION_ORDER = {
    "activity_type": ACTIVITY_TYPES,
    "audience": AUDIENCE_GROUPS,
    "channel": CHANNELS,
}
SUMMARY_DIMENSIONS = ("activity_type", "audience", "scam_type", "media", "channel")


def _key_order(dimension, key):
    """Sort keys in a fixed order (the code lists, or by id), never by their counts."""
    if dimension in DIMENSION_ORDER:
        order = DIMENSION_ORDER[dimension]
        return (order.index(key) if key in order else len(order), key)
    if dimension == "media":
        return (int(key), "")
    return (0, key)


def build_summary(rows, period, date_from, date_to):
    """Turn total rows into the totals of the range and of every period.

    ``rows`` are (period start, dimension, key, reports, people) with the
    period computed by the database. Every period of the range is present,
    with zeros when nothing was reported.
    """
    periods = {start: _empty_totals() for start in period_starts(date_from, date_to, period)}
    overall = _empty_totals()

    for start, dimension, key, reports, people in rows:
        if start not in periods:
            periods[start] = _empty_totals()
        _add(periods[start], dimension, key, reports, people)
        _add(overall, dimension, key, reports, people)

    return {
        "period": period,
        "date_from": date_from,
        "date_to": date_to,
        **_as_lists(overall),
        "periods": [dict(period=start, **_as_lists(totals)) for start, totals in sorted(periods.items())],
    }


def _empty_totals():
    return {"reports": 0, "people": 0, "by": {dimension: {} for dimension in SUMMARY_DIMENSIONS}}


def _add(totals, dimension, key, reports, people):
    if dimension == "all":
        totals["reports"] += int(reports)
        totals["people"] += int(people)
        return
    if dimension not in totals["by"]:
        return
    current = totals["by"][dimension].setdefault(key, [0, 0])
    current[0] += int(reports)
    current[1] += int(people)


def _as_lists(totals):
    by = {}
    for dimension, values in totals["by"].items():
        keys = sorted((key for key, value in values.items() if value != [0, 0]), key=lambda key: _key_order(dimension, key))
        by[dimension] = [{"key": key, "reports": values[key][0], "people": values[key][1]} for key in keys]
    return {"reports": totals["reports"], "people": totals["people"], "by": by}
