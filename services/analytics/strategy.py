"""The strategy overview for the working group: each scam type nationwide.

For every scam type it returns national cases and damage with their trend,
the media available, downloads, outreach use and quiz results. It also
flags types that lack media and media that are rarely used, and compares
quiz results before and after outreach on the type in the provinces where
it happened.
"""

import datetime

from sqlalchemy import text

from cybervaccine import areas, taxonomy
from services.analytics import aggregates, overview, queries, reasons, rules, trends
from services.analytics.models import DAILY_TABLES

# An item is "rarely used" when it was in the library by the end of the
# period and fewer than this many outreach reports in the period name it.
# "Lacks media" looks at the library as it is now, whatever the period.
RARELY_USED_BELOW = 2
BEFORE_AFTER_DAYS = 30


def strategy_overview(session, start, end):
    national = queries.Area(areas.NATIONAL, queries.NATIONAL)
    cases = {entry["scam_type"]: entry for entry in overview.case_section(session, national, start, end)["by_type"]}
    use = queries.sum_aggregate(session, aggregates.TYPE_USE, start, end, group_by=("scam_type",))
    media_use = queries.sum_aggregate(session, aggregates.MEDIA_USE, start, end, group_by=("media_id",))
    library = queries.active_media(session)
    before_after = before_after_outreach(session, start, end)

    rows = []
    for scam_type in _scam_types(cases, use, library):
        rows.append(
            type_row(scam_type, cases.get(scam_type), use.get((scam_type,)), library, media_use,
                     before_after.get(scam_type), end)
        )

    media_rows = [media_row(item, media_use, end) for item in library]
    return {
        "period": overview.period_dict(start, end),
        "types": rows,
        "lacking_media": [row["scam_type"] for row in rows if row["lacks_media"]],
        "rarely_used_media": [row for row in media_rows if row["rarely_used"]],
        "media": media_rows,
        "before_after_days": BEFORE_AFTER_DAYS,
        "rarely_used_below": RARELY_USED_BELOW,
        "minimum_takers": rules.MIN_QUIZ_TAKERS,
        "caveats": {"trend": dict(trends.TREND_CAVEAT), "before_after": dict(reasons.BEFORE_AFTER_CAVEAT)},
    }


def _published_by(item, end):
    published_at = item.get("published_at")
    return published_at is not None and rules.local_day(published_at) <= end


def _scam_types(cases, use, library):
    codes = set(taxonomy.seed_codes()) | set(cases) | {key[0] for key in use}
    for item in library:
        codes.update(item["scam_types"])
    return sorted(codes)


def type_row(scam_type, case_entry, use, library, media_use, before_after, end):
    use = use or dict.fromkeys(aggregates.TYPE_USE.measures, 0)
    covering = [item for item in library if scam_type in item["scam_types"]]
    media = [media_row(item, media_use, end) for item in covering]
    quiz = rules.quiz_type_cell(use["quiz_takers"], use["quiz_correct"], use["quiz_questions"], use["quiz_score_sum"])
    names = {entry["code"]: entry for entry in taxonomy.seed_scam_types()}.get(scam_type, {})

    return {
        "scam_type": scam_type,
        "name_th": names.get("name_th", scam_type),
        "name_en": names.get("name_en", scam_type),
        "cases": case_entry["cases"] if case_entry else None,
        "damage_baht": case_entry["damage_baht"] if case_entry else None,
        "trend": case_entry["trend"] if case_entry else None,
        "rising": bool(case_entry and case_entry["rising"]),
        "media_count": len(covering),
        "downloads": use["downloads"],
        "outreach_activities": use["outreach_activities"],
        "outreach_people": use["outreach_people"],
        "outreach_media_uses": sum(row["outreach_uses"] for row in media),
        "quiz": quiz,
        "lacks_media": not covering,
        "rarely_used_media": [row["media_id"] for row in media if row["rarely_used"]],
        "before_after": before_after or before_after_cell(None),
    }


def media_row(item, media_use, end):
    """Return an item's use in the period; only items published by the period's end can be rarely used."""
    values = media_use.get((item["media_id"],), {})
    uses = values.get("outreach_uses", 0)
    return {
        "media_id": item["media_id"],
        "title_th": item["title_th"],
        "title_en": item["title_en"],
        "kind": item["kind"],
        "scam_types": item["scam_types"],
        "downloads": values.get("downloads", 0),
        "outreach_uses": uses,
        "rarely_used": uses < RARELY_USED_BELOW and _published_by(item, end),
    }


# Before and after outreach -----------------------------------------------------------------

def first_outreach(session, start, end):
    """Return {(province, scam type): first day in the period with outreach on that type there}."""
    table = DAILY_TABLES[aggregates.OUTREACH_TYPE.name]
    query = text(
        "SELECT province_code, scam_type, MIN(day) FROM {} "
        "WHERE day >= :start AND day <= :end AND province_code <> '' AND activities > 0 "
        "GROUP BY province_code, scam_type".format(table.name)
    )
    found = {}
    for province, scam_type, day in session.execute(query, {"start": start, "end": end}):
        found[(province, scam_type)] = day if isinstance(day, datetime.date) else datetime.date.fromisoformat(day)
    return found


def before_after_outreach(session, start, end, days=BEFORE_AFTER_DAYS):
    """Compare quiz results in the ``days`` before and after the first outreach on each type in each province.

    "Before" is the ``days`` days up to the day before the first activity,
    "after" the ``days`` days from that day on. Results are pooled per scam
    type over the provinces, and each side is suppressed below
    ``rules.MIN_QUIZ_TAKERS`` takers.
    """
    windows = first_outreach(session, start, end)
    if not windows:
        return {}

    values_sql, parameters = [], {}
    for number, ((province, scam_type), day) in enumerate(sorted(windows.items())):
        values_sql.append("(:p{0}, :t{0}, :b{0}, :d{0}, :a{0})".format(number))
        parameters.update(
            {
                "p{}".format(number): province,
                "t{}".format(number): scam_type,
                "b{}".format(number): day - datetime.timedelta(days=days),
                "d{}".format(number): day,
                "a{}".format(number): day + datetime.timedelta(days=days - 1),
            }
        )

    query = text(
        "WITH windows (province_code, scam_type, before_start, first_day, after_end) AS (VALUES {values}) "
        "SELECT w.scam_type, COUNT(DISTINCT w.province_code), "
        "SUM(CASE WHEN q.day < w.first_day THEN q.takers ELSE 0 END), "
        "SUM(CASE WHEN q.day < w.first_day THEN q.correct ELSE 0 END), "
        "SUM(CASE WHEN q.day < w.first_day THEN q.questions ELSE 0 END), "
        "SUM(CASE WHEN q.day >= w.first_day THEN q.takers ELSE 0 END), "
        "SUM(CASE WHEN q.day >= w.first_day THEN q.correct ELSE 0 END), "
        "SUM(CASE WHEN q.day >= w.first_day THEN q.questions ELSE 0 END) "
        "FROM windows w JOIN {table} q ON q.area_code = w.province_code AND q.scam_type = w.scam_type "
        "AND q.day >= w.before_start AND q.day <= w.after_end "
        "GROUP BY w.scam_type".format(values=", ".join(values_sql), table=DAILY_TABLES[aggregates.QUIZ_TYPE.name].name)
    )

    provinces = {}
    for province, scam_type in windows:
        provinces[scam_type] = provinces.get(scam_type, 0) + 1

    result = {}
    for row in session.execute(query, parameters):
        scam_type, _, *sums = row
        result[scam_type] = before_after_cell([int(value or 0) for value in sums], provinces.get(scam_type, 0))
    for scam_type, count in provinces.items():
        result.setdefault(scam_type, before_after_cell([0] * 6, count))
    return result


def before_after_cell(sums, provinces=0):
    """Return the before and after quiz cells of one type and the change of the correct share."""
    if sums is None:
        return {"provinces": 0, "before": None, "after": None, "change": None}

    before_takers, before_correct, before_questions, after_takers, after_correct, after_questions = sums
    before = _side(before_takers, before_correct, before_questions)
    after = _side(after_takers, after_correct, after_questions)
    change = None
    if before["correct_share"] is not None and after["correct_share"] is not None:
        change = after["correct_share"] - before["correct_share"]
    return {"provinces": provinces, "before": before, "after": after, "change": change}


def _side(takers, correct, questions):
    if rules.is_suppressed(takers):
        return {"suppressed": True, "takers": None, "correct_share": None}
    return {"suppressed": False, "takers": takers, "correct_share": rules.share(correct, questions)}
