"""The area overview: case statistics with trends, quiz results, outreach and downloads.

Each section builder reads only aggregated tables for one area and period
and returns plain values (dates, numbers, lists) that the response schema
serialises. A section with no data carries a ``notice`` instead of figures,
so a dashboard draws an empty chart with a message.
"""

from services.analytics import aggregates, queries, rules, trends
from services.analytics.messages import notice
from services.analytics.reasons import thai_date

# A scam type is one of the "weakest" when its share of correct answers is
# among the WEAKEST_TYPES lowest of the area and below WEAK_CORRECT_SHARE.
WEAKEST_TYPES = 3
WEAK_CORRECT_SHARE = 0.7
TOP_MEDIA = 20


def area_overview(session, area, start, end):
    return {
        "area": area.as_dict(),
        "period": period_dict(start, end),
        "cases": case_section(session, area, start, end),
        "quiz": quiz_section(session, area, start, end),
        "outreach": outreach_section(session, area, start, end),
        "downloads": download_section(session, area, start, end),
    }


def period_dict(start, end):
    return {"start": start, "end": end, "days": (end - start).days + 1}


# Case statistics -------------------------------------------------------------------------

def case_section(session, area, start, end):
    used_area, intervals = queries.case_area(session, area)
    by_type = [
        case_type_entry(scam_type, measures, start, end)
        for scam_type, measures in sorted(intervals.items())
    ]
    by_type = [entry for entry in by_type if entry["latest_period_end"] is not None]

    latest_end = max((entry["latest_period_end"] for entry in by_type), default=None)
    in_period = any(entry["cases"] is not None or entry["damage_baht"] is not None for entry in by_type)
    by_type.sort(key=lambda entry: (-(entry["cases"] or 0), entry["scam_type"]))

    return {
        "area": used_area.as_dict(),
        "latest_period_end": latest_end,
        "in_period": in_period,
        "by_type": by_type,
        "rising_types": [entry["scam_type"] for entry in by_type if entry["rising"]],
        "caveat": dict(trends.TREND_CAVEAT),
        "notices": case_notices(area, used_area, latest_end, in_period, end),
    }


def case_type_entry(scam_type, measures, start, end):
    cases, cases_days = trends.total_within(measures["cases"], start, end)
    damage, damage_days = trends.total_within(measures["damage_baht"], start, end)
    case_trend = trends.latest_trend(measures["cases"], end)
    damage_trend = trends.latest_trend(measures["damage_baht"], end)
    # Only the case series is returned: the dashboard charts cases, and a damage
    # series would double the size of the response.
    series = trends.series(measures["cases"], end)
    ends = [item.end for item in series + trends.series(measures["damage_baht"], end, length=1)]

    return {
        "scam_type": scam_type,
        "cases": cases,
        "cases_covered_days": cases_days,
        "damage_baht": damage,
        "damage_covered_days": damage_days,
        "trend": case_trend.as_dict() if case_trend else None,
        "damage_trend": damage_trend.as_dict() if damage_trend else None,
        "rising": bool(case_trend and case_trend.rising),
        "series": [item.as_dict() for item in series],
        "latest_period_end": max(ends) if ends else None,
    }


def case_trends(session, area, end):
    """Return (area used, {scam type: Trend}) for the types whose case counts have a trend."""
    used_area, intervals = queries.case_area(session, area)
    found = {}
    for scam_type, measures in intervals.items():
        trend = trends.latest_trend(measures["cases"], end)
        if trend is not None:
            found[scam_type] = trend
    return used_area, found


def case_notices(area, used_area, latest_end, in_period, end):
    notices = []
    if latest_end is None:
        return [notice("no_case_statistics", end=thai_date(end))]
    if used_area.code != area.code:
        requested, used = area.as_dict(), used_area.as_dict()
        notices.append(
            notice(
                "case_statistics_broader_area",
                requested_th=requested["name_th"], used_th=used["name_th"],
                requested_en=requested["name_en"], used_en=used["name_en"],
            )
        )
    if not in_period:
        notices.append(notice("case_statistics_before_period", latest=thai_date(latest_end)))
    return notices


# Quiz ---------------------------------------------------------------------------------

def quiz_section(session, area, start, end):
    where = queries.area_filter(area)
    totals = queries.sum_aggregate(session, aggregates.QUIZ, start, end, where).get((), {})
    risk_counts = {level: totals.get("risk_" + level, 0) for level in rules.RISK_LEVELS}
    total = rules.quiz_total_cell(totals.get("takers", 0), totals.get("score_sum", 0), risk_counts)

    by_type = [dict(scam_type=scam_type, **rules.quiz_type_cell(*values)) for scam_type, values in quiz_type_sums(
        session, area, start, end
    ).items()]
    by_type.sort(key=_weakest_first)

    notices = []
    if not totals.get("takers"):
        notices.append(notice("no_data"))
    elif total["suppressed"]:
        notices.append(notice("quiz_suppressed", minimum=rules.MIN_QUIZ_TAKERS))

    return {
        "minimum_takers": rules.MIN_QUIZ_TAKERS,
        "total": total,
        "by_type": by_type,
        "weakest_types": [entry["scam_type"] for entry in weakest(by_type)],
        "notices": notices,
    }


def quiz_type_sums(session, area, start, end):
    """Return {scam type: (takers, correct, questions, score sum)} for the area and period."""
    sums = queries.sum_aggregate(
        session, aggregates.QUIZ_TYPE, start, end, queries.area_filter(area), group_by=("scam_type",)
    )
    return {
        scam_type: (values["takers"], values["correct"], values["questions"], values["score_sum"])
        for (scam_type,), values in sorted(sums.items())
        if values["takers"] > 0
    }


def _weakest_first(entry):
    if entry["suppressed"] or entry["correct_share"] is None:
        return (1, 0.0, entry["scam_type"])
    return (0, entry["correct_share"], entry["scam_type"])


def weakest(by_type):
    """Return the weakest scam types: the lowest correct shares, below ``WEAK_CORRECT_SHARE``."""
    shown = [entry for entry in by_type if not entry["suppressed"] and entry["correct_share"] is not None]
    shown.sort(key=_weakest_first)
    return [entry for entry in shown[:WEAKEST_TYPES] if entry["correct_share"] < WEAK_CORRECT_SHARE]


# Outreach -------------------------------------------------------------------------------

def outreach_section(session, area, start, end):
    where = queries.area_filter(area)
    by_activity = queries.sum_aggregate(session, aggregates.OUTREACH, start, end, where, group_by=("activity_type",))
    activity_rows = [
        {"activity_type": key[0], "activities": values["activities"], "people": values["people"]}
        for key, values in sorted(by_activity.items())
        if values["activities"] > 0
    ]

    if area.level == queries.NATIONAL:
        sums = queries.sum_aggregate(session, aggregates.TYPE_USE, start, end, group_by=("scam_type",))
        type_rows = [
            {"scam_type": key[0], "activities": values["outreach_activities"], "people": values["outreach_people"]}
            for key, values in sums.items()
        ]
    else:
        sums = queries.sum_aggregate(session, aggregates.OUTREACH_TYPE, start, end, where, group_by=("scam_type",))
        type_rows = [{"scam_type": key[0], **values} for key, values in sums.items()]
    type_rows = sorted((row for row in type_rows if row["activities"] > 0), key=lambda row: (-row["activities"], row["scam_type"]))

    activities = sum(row["activities"] for row in activity_rows)
    return {
        "activities": activities,
        "people": sum(row["people"] for row in activity_rows),
        "by_activity_type": activity_rows,
        "by_type": type_rows,
        "notices": [] if activities else [notice("no_data")],
    }


# Downloads ------------------------------------------------------------------------------

def download_section(session, area, start, end):
    where = queries.area_filter(area)
    type_sums = queries.sum_aggregate(session, aggregates.DOWNLOAD_TYPE, start, end, where, group_by=("scam_type",))
    media_sums = queries.sum_aggregate(session, aggregates.DOWNLOADS, start, end, where, group_by=("media_id",))

    by_type = sorted(
        ({"scam_type": key[0], "downloads": values["downloads"]} for key, values in type_sums.items() if values["downloads"] > 0),
        key=lambda row: (-row["downloads"], row["scam_type"]),
    )
    counts = {key[0]: values["downloads"] for key, values in media_sums.items() if values["downloads"] > 0}
    total = sum(counts.values())
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_MEDIA]
    titles = queries.media_by_ids(session, [media_id for media_id, _ in top])

    by_media = []
    for media_id, downloads in top:
        item = titles.get(media_id, {})
        by_media.append(
            {
                "media_id": media_id,
                "title_th": item.get("title_th", ""),
                "title_en": item.get("title_en", ""),
                "kind": item.get("kind", ""),
                "downloads": downloads,
            }
        )

    return {
        "downloads": total,
        "by_type": by_type,
        "by_media": by_media,
        "notices": [] if total else [notice("no_data")],
    }
