"""Analytics use cases: check the caller, resolve the area and period, build the result.

Each function takes a SQLAlchemy session, the caller and validated data.
Nothing here imports nameko.
"""

import datetime

from cybervaccine import auth
from services.analytics import imports, overview, queries, recommendation, rules, strategy
from services.analytics.messages import MESSAGES

DEFAULT_PERIOD_MONTHS = 3
# Dates from the year 2400 on are taken as Buddhist-era years typed by mistake (2400 BE is 1857 CE).
BUDDHIST_ERA_MIN_YEAR = 2400
STAFF_ROLES = auth.ROLES


def today():
    return datetime.datetime.now(rules.THAILAND).date()


def resolve_period(data, current_day=None):
    """Return (start, end); by default the current month and the two before it, up to today."""
    for field in ("period_start", "period_end"):
        value = data.get(field)
        if value is not None and value.year >= BUDDHIST_ERA_MIN_YEAR:
            raise MESSAGES.invalid(
                "buddhist_era_date", details={"field": field, "value": value.isoformat()},
                field=field, value=value.isoformat(), year=value.year - 543,
            )

    end = data.get("period_end") or current_day or today()
    start = data.get("period_start")
    if start is None:
        start = rules.month_start(end)
        for _ in range(DEFAULT_PERIOD_MONTHS - 1):
            start = rules.month_start(start - datetime.timedelta(days=1))

    if start > end:
        raise MESSAGES.invalid(
            "period_reversed", details={"field": "period_start", "value": start.isoformat()},
            start=start.isoformat(), end=end.isoformat(),
        )
    days = (end - start).days + 1
    if days > rules.MAX_PERIOD_DAYS:
        raise MESSAGES.invalid(
            "period_too_long", details={"field": "period_start", "days": days, "maximum": rules.MAX_PERIOD_DAYS},
            days=days, maximum=rules.MAX_PERIOD_DAYS,
        )
    return start, end


def require_staff(caller):
    if not caller.has_role(*STAFF_ROLES):
        raise MESSAGES.denied("role_required", details={"roles": list(STAFF_ROLES)}, roles=" / ".join(STAFF_ROLES))


def unit_in_scope(session, caller, unit_id):
    """Return the analytics copy of a unit the caller may see; raise if unknown or outside the subtree."""
    unit = queries.get_unit(session, unit_id)
    if unit is None:
        raise MESSAGES.not_found("unit_not_found", details={"unit_id": unit_id}, unit_id=unit_id)
    if not caller.can_see_unit(unit.path_ids):
        raise MESSAGES.denied("unit_outside_subtree", details={"unit_id": unit_id}, unit_id=unit_id)
    return unit


def caller_unit(session, caller):
    unit = queries.get_unit(session, caller.unit_id) if caller.unit_id is not None else None
    if unit is None:
        raise MESSAGES.not_found("caller_unit_unknown", details={"unit_id": caller.unit_id})
    return unit


def resolve_area(session, caller, data):
    """Return the area asked for, else the given unit's area, else the caller's unit's area."""
    code = data.get("area")
    if code:
        area = queries.area_for_code(code)
        if area is None:
            raise MESSAGES.not_found("area_not_found", details={"field": "area", "value": code}, area=code)
        return area

    unit_id = data.get("unit_id")
    unit = unit_in_scope(session, caller, unit_id) if unit_id is not None else caller_unit(session, caller)
    return queries.area_of_unit(unit)


def area_overview(session, caller, data):
    require_staff(caller)
    start, end = resolve_period(data)
    if data.get("unit_id") is not None:
        unit_in_scope(session, caller, data["unit_id"])
    area = resolve_area(session, caller, data)
    return overview.area_overview(session, area, start, end)


def recommend_media(session, caller, data):
    require_staff(caller)
    start, end = resolve_period(data)
    unit_id = data.get("unit_id")
    unit = unit_in_scope(session, caller, unit_id) if unit_id is not None else caller_unit(session, caller)
    return recommendation.recommend_media(session, unit, start, end)


def strategy_overview(session, caller, data):
    imports.require_working_group(caller)
    start, end = resolve_period(data)
    return strategy.strategy_overview(session, start, end)


def list_imports(session, caller, limit):
    imports.require_working_group(caller)
    return imports.list_imports(session, limit)
