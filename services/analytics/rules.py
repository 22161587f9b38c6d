"""Aggregation rules of the analytics service: events to increments, periods, privacy.

Pure functions with no nameko and no database. An event becomes a list of
``aggregates.Increment``s; the fold adds them to the daily and monthly
tables. Small quiz cells are suppressed here before anything leaves the
service.
"""

import datetime

from cybervaccine import areas
from services.analytics import aggregates
from services.analytics.aggregates import UNKNOWN_TEXT, increment

# Thailand keeps UTC+7 all year, so a fixed offset gives the local calendar day.
THAILAND = datetime.timezone(datetime.timedelta(hours=7), "Asia/Bangkok")

# Every cell (area × scam type × period) built from fewer quiz takers than
# this is suppressed: no counts, shares or averages are returned for it.
MIN_QUIZ_TAKERS = 10

RISK_LEVELS = ("low", "medium", "high")
RISK_VALUES = {"low": 1, "medium": 2, "high": 3}

MAX_PERIOD_DAYS = 3 * 366


# Time ---------------------------------------------------------------------------

def parse_timestamp(value):
    """Return an aware datetime from an ISO 8601 string (or pass a datetime through)."""
    if isinstance(value, datetime.datetime):
        timestamp = value
    else:
        timestamp = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if timestamp.tzinfo is None:
        timestamp = timestamp.replace(tzinfo=datetime.timezone.utc)
    return timestamp


def local_day(value):
    """Return the calendar day in Thailand of a timestamp."""
    return parse_timestamp(value).astimezone(THAILAND).date()


def month_start(day):
    return day.replace(day=1)


def next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_end(day):
    return next_month(day) - datetime.timedelta(days=1)


def split_period(start, end):
    """Split [start, end] into calendar months and day ranges to add or subtract.

    Returns (months, added_days, subtracted_days): the sum over the first
    day of each month in ``months`` plus the inclusive (first, last) day
    ranges in ``added_days`` minus those in ``subtracted_days`` covers
    exactly the period. A month more than half inside the period is taken
    whole with its outside days subtracted, so no more than half a month of
    daily rows is read at either edge.
    """
    months, added, subtracted = [], [], []
    cursor = month_start(start)
    while cursor <= end:
        first, last = cursor, month_end(cursor)
        inside_first, inside_last = max(first, start), min(last, end)
        inside_days = (inside_last - inside_first).days + 1
        month_days = (last - first).days + 1

        if inside_days * 2 > month_days:
            months.append(cursor)
            if first < inside_first:
                subtracted.append((first, inside_first - datetime.timedelta(days=1)))
            if inside_last < last:
                subtracted.append((inside_last + datetime.timedelta(days=1), last))
        else:
            added.append((inside_first, inside_last))
        cursor = next_month(cursor)
    return months, added, subtracted


# Areas ----------------------------------------------------------------------------

def clean_area(province_code, district_code):
    """Return (province, district) with unknown or inconsistent codes replaced by ""."""
    province = province_code if province_code and areas.is_province(province_code) else UNKNOWN_TEXT
    district = UNKNOWN_TEXT
    if district_code and areas.is_district(district_code, province or None):
        district = district_code
        province = province or areas.districts()[district_code].province_code
    return province, district


def area_codes(province, district):
    """Return the areas an event counts in: the whole country, then its province and district if known."""
    codes = [areas.NATIONAL]
    if province:
        codes.append(province)
    if district:
        codes.append(district)
    return codes


def unit_area(unit):
    """Return (province, district) of a unit copy, or unknown codes when the unit is not known yet."""
    if unit is None:
        return UNKNOWN_TEXT, UNKNOWN_TEXT
    return clean_area(unit.province_code, unit.district_code)


# Events to increments ---------------------------------------------------------------

# The two functions below run for every quiz result and download. For speed
# they build plain (aggregate, day, key, values) tuples laid out like
# ``Increment``, with the amounts in the order of each aggregate's
# ``measures``, instead of going through ``increment``.

QUIZ_RISK_POSITION = {"low": 2, "medium": 3, "high": 4}
QUIZ_NAME = aggregates.QUIZ.name
QUIZ_TYPE_NAME = aggregates.QUIZ_TYPE.name
TYPE_USE_NAME = aggregates.TYPE_USE.name


def quiz_increments(payload):
    """Return the increments of one ``quiz.quiz_completed`` event.

    The attempt counts in ``quiz``, and per scam type in ``quiz_type``, for
    each of its areas. It also counts per scam type in the national
    ``type_use``. Repeated entries of one type are merged.
    """
    day = local_day(payload["completed_at"])
    codes = area_codes(*clean_area(payload.get("province_code"), payload.get("district_code")))

    # quiz: takers, score_sum, risk_low, risk_medium, risk_high
    totals = [1, int(payload["total_score"]), 0, 0, 0]
    totals[QUIZ_RISK_POSITION[payload["risk_level"]]] = 1
    totals = tuple(totals)
    result = [(QUIZ_NAME, day, (code,), totals) for code in codes]

    for scam_type, (correct, questions, score) in sorted(_merge_type_scores(payload["type_scores"]).items()):
        # quiz_type: takers, correct, questions, score_sum
        values = (1, correct, questions, score)
        for code in codes:
            result.append((QUIZ_TYPE_NAME, day, (code, scam_type), values))
        # type_use: downloads, outreach_activities, outreach_people, quiz_takers, quiz_correct,
        # quiz_questions, quiz_score_sum
        result.append((TYPE_USE_NAME, day, (scam_type,), (0, 0, 0, 1, correct, questions, score)))
    return result


def _merge_type_scores(type_scores):
    """Return {scam type: (correct, questions, score)}, averaging the scores of a type listed twice by question count."""
    merged = {}
    for entry in type_scores:
        correct, questions, weighted = merged.get(entry["scam_type"], (0, 0, 0))
        total = int(entry["total"])
        merged[entry["scam_type"]] = (
            correct + int(entry["correct"]), questions + total, weighted + int(entry["score"]) * total
        )
    return {
        scam_type: (correct, questions, round(weighted / questions) if questions else 0)
        for scam_type, (correct, questions, weighted) in merged.items()
    }


def download_increments(payload, unit):
    """Return the increments of one ``media.media_downloaded`` event.

    The areas are the downloading unit's, from the local copy of the units.
    For a unit not known yet they are the event's province, with no
    district. Downloads are not counted per unit.
    """
    day = local_day(payload["occurred_at"])
    province, district = unit_area(unit)
    if not province:
        province, district = clean_area(payload.get("province_code"), None)
    codes = area_codes(province, district)

    media_id = int(payload["media_id"])
    result = [(aggregates.DOWNLOADS.name, day, (code, media_id), (1,)) for code in codes]
    # media_use: downloads, outreach_uses, outreach_people
    result.append((aggregates.MEDIA_USE.name, day, (media_id,), (1, 0, 0)))
    for scam_type in sorted(set(payload.get("scam_types") or ())):
        for code in codes:
            result.append((aggregates.DOWNLOAD_TYPE.name, day, (code, scam_type), (1,)))
        result.append((TYPE_USE_NAME, day, (scam_type,), (1, 0, 0, 0, 0, 0, 0)))
    return result


def outreach_contribution(payload):
    """Return what one outreach report adds: the activity, its scam types and the media used.

    ``activity_date`` is already the day in Thailand. The activity counts
    once per scam type and once per media item, with its people each time,
    so per-type sums are not a total of activities.
    """
    day = datetime.date.fromisoformat(str(payload["activity_date"]))
    province, district = clean_area(payload.get("province_code"), payload.get("district_code"))
    where = {"unit_id": int(payload["unit_id"]), "province_code": province, "district_code": district}
    measures = {"activities": 1, "people": int(payload.get("total_people") or 0)}

    national = {"outreach_" + name: amount for name, amount in measures.items()}

    result = [increment(aggregates.OUTREACH, day, measures, activity_type=payload["activity_type"], **where)]
    for scam_type in sorted(set(payload.get("scam_types") or ())):
        result.append(increment(aggregates.OUTREACH_TYPE, day, measures, scam_type=scam_type, **where))
        result.append(increment(aggregates.TYPE_USE, day, national, scam_type=scam_type))

    uses = {"uses": 1, "people": measures["people"]}
    national_uses = {"outreach_uses": 1, "outreach_people": measures["people"]}
    for media_id in sorted({int(item["media_id"]) for item in payload.get("media") or ()}):
        result.append(increment(aggregates.OUTREACH_MEDIA, day, uses, media_id=media_id, **where))
        result.append(increment(aggregates.MEDIA_USE, day, national_uses, media_id=media_id))
    return result


def combine(increments):
    """Sum increments that hit the same cell; return {(aggregate, day, key): [amounts]}.

    The amounts are in the order of the aggregate's measures.
    """
    cells = {}
    for aggregate, day, key, values in increments:
        cell = (aggregate, day, key)
        totals = cells.get(cell)
        if totals is None:
            cells[cell] = list(values)
        else:
            for index, amount in enumerate(values):
                totals[index] += amount
    return cells


def by_month(cells):
    """Sum daily cells into monthly ones: {(aggregate, first day of month, key): [amounts]}."""
    months = {}
    for (aggregate, day, key), values in cells.items():
        cell = (aggregate, day.replace(day=1), key)
        totals = months.get(cell)
        if totals is None:
            months[cell] = list(values)
        else:
            for index, amount in enumerate(values):
                totals[index] += amount
    return months


def named(cells):
    """Return cells with their amounts as {measure name: amount}, for reading and tests."""
    return {
        cell: dict(zip(aggregates.BY_NAME[cell[0]].measures, values))
        for cell, values in cells.items()
    }


# Privacy ----------------------------------------------------------------------------

def is_suppressed(takers):
    return takers < MIN_QUIZ_TAKERS


def share(part, whole):
    """Return part / whole, or None when whole is 0."""
    return part / whole if whole else None


def quiz_type_cell(takers, correct, questions, score_sum):
    """Return a scam type's quiz figures, or only ``suppressed: true`` for too few takers."""
    if is_suppressed(takers):
        return {"suppressed": True, "takers": None, "correct_share": None, "average_score": None}
    return {
        "suppressed": False,
        "takers": takers,
        "correct_share": share(correct, questions),
        "average_score": share(score_sum, takers),
    }


def quiz_total_cell(takers, score_sum, risk_counts):
    """Return an area's quiz takers, average score and risk, with small counts suppressed.

    The average risk maps low, medium and high to 1, 2 and 3. Risk-level
    counts of 1 to 9 are suppressed, and so is the next smallest count
    when exactly one is, so that no suppressed count follows from the total.
    """
    if is_suppressed(takers):
        return {"suppressed": True, "takers": None, "average_score": None, "average_risk": None, "risk_counts": None}
    weighted = sum(RISK_VALUES[level] * risk_counts.get(level, 0) for level in RISK_LEVELS)
    return {
        "suppressed": False,
        "takers": takers,
        "average_score": share(score_sum, takers),
        "average_risk": share(weighted, takers),
        "risk_counts": suppress_counts(risk_counts),
    }


def suppress_counts(counts):
    """Hide counts below ``MIN_QUIZ_TAKERS`` (zeros stay), with one secondary suppression."""
    shown = {name: (None if 0 < value < MIN_QUIZ_TAKERS else value) for name, value in counts.items()}
    hidden = [name for name, value in shown.items() if value is None]
    if len(hidden) == 1:
        candidates = [name for name, value in shown.items() if value]
        if candidates:
            shown[min(candidates, key=lambda name: counts[name])] = None
    return shown
