"""Media recommendations for a unit: rising or weak scam types and the media that cover them.

A scam type is recommended when its case count is rising in the unit's
area (``trends.RISING_CHANGE``) or when quiz takers there are weakest on it
(``overview.weakest``). Each type comes with the library's media on it,
how often other units used each item in outreach and how often it was
downloaded in the period, and the reasons as Thai and English sentences.
"""

from services.analytics import aggregates, overview, queries, reasons, trends
from services.analytics.messages import notice

MAX_MEDIA_PER_TYPE = 5


def recommend_media(session, unit, start, end):
    area = queries.area_of_unit(unit)
    case_area, case_trends = overview.case_trends(session, area, end)
    quiz = overview.quiz_section(session, area, start, end)

    rising = {scam_type: trend for scam_type, trend in case_trends.items() if trend.rising}
    weak = {entry["scam_type"]: entry for entry in overview.weakest(quiz["by_type"])}
    quiz_by_type = {entry["scam_type"]: entry for entry in quiz["by_type"]}
    media_use = media_use_by_others(session, unit.unit_id, start, end)
    library = queries.active_media(session)

    items = []
    for scam_type in sorted(set(rising) | set(weak)):
        trend = case_trends.get(scam_type)
        item_reasons = []
        if scam_type in rising:
            item_reasons.append(reasons.rising_cases(trend, case_area.code))
        if scam_type in weak:
            cell = weak[scam_type]
            item_reasons.append(reasons.weak_quiz(cell["correct_share"], cell["takers"], area.code))

        media = media_for_type(library, scam_type, media_use)
        if not media:
            item_reasons.append(reasons.no_media())

        joined = reasons.join(item_reasons)
        items.append(
            {
                "scam_type": scam_type,
                "rising": scam_type in rising,
                "weak": scam_type in weak,
                "trend": trend.as_dict() if trend else None,
                "quiz": quiz_by_type.get(scam_type),
                "reasons": item_reasons,
                "reason_th": joined["th"],
                "reason_en": joined["en"],
                "media": media,
            }
        )
    items.sort(key=_priority)

    return {
        "unit": {"unit_id": unit.unit_id, "code": unit.code, "name_th": unit.name_th, "name_en": unit.name_en},
        "area": area.as_dict(),
        "case_area": case_area.as_dict(),
        "period": overview.period_dict(start, end),
        "items": items,
        "caveat": dict(trends.TREND_CAVEAT),
        "notices": [] if items else [notice("no_recommendation")],
    }


def _priority(item):
    """Sort key: types both rising and weak first, then the steepest rises, then the weakest quiz results.

    A rise from no cases has no percentage and counts as the steepest.
    """
    rise = 0.0
    if item["rising"]:
        change = item["trend"]["change"]
        rise = float("inf") if change is None else change
    share = item["quiz"]["correct_share"] if item["weak"] else 1.0
    return (-(item["rising"] + item["weak"]), -rise, share, item["scam_type"])


def media_use_by_others(session, unit_id, start, end):
    """Return {media id: (outreach uses by other units, downloads)} for the period, nationwide."""
    national = queries.sum_aggregate(session, aggregates.MEDIA_USE, start, end, group_by=("media_id",))
    own = queries.sum_aggregate(
        session, aggregates.OUTREACH_MEDIA, start, end,
        lambda table: [table.c.unit_id == unit_id], group_by=("media_id",),
    )
    result = {}
    for (media_id,), values in national.items():
        own_uses = own.get((media_id,), {}).get("uses", 0)
        result[media_id] = (values["outreach_uses"] - own_uses, values["downloads"])
    return result


def media_for_type(library, scam_type, media_use):
    """Return up to ``MAX_MEDIA_PER_TYPE`` items on a type: most used by others, then most downloaded, then newest."""
    found = []
    for item in library:
        if scam_type not in item["scam_types"]:
            continue
        uses, downloads = media_use.get(item["media_id"], (0, 0))
        found.append(
            {
                "media_id": item["media_id"],
                "title_th": item["title_th"],
                "title_en": item["title_en"],
                "kind": item["kind"],
                "scam_types": item["scam_types"],
                "outreach_uses_by_others": uses,
                "downloads": downloads,
            }
        )
    found.sort(key=lambda media: (-media["outreach_uses_by_others"], -media["downloads"], -media["media_id"]))
    return found[:MAX_MEDIA_PER_TYPE]
