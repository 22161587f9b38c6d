"""Read the pre-aggregated tables for an area and a period.

Every query here filters an aggregate by area and period and groups by a
few dimensions. Whole months come from the monthly tables and the days at
either edge of the period from the daily ones (``rules.split_period``), so
the rows read depend on areas, types and months, never on raw events.
"""

import dataclasses
import json

from sqlalchemy import and_, func, or_, select

from cybervaccine import areas
from services.analytics import rules, trends
from services.analytics.models import (
    DAILY_TABLES,
    MONTHLY_TABLES,
    CaseStatisticsImport,
    CaseStatisticsRow,
    MediaItem,
    Unit,
)

NATIONAL = "national"
PROVINCE = "province"
DISTRICT = "district"


@dataclasses.dataclass(frozen=True)
class Area:
    code: str
    level: str

    @property
    def province_code(self):
        if self.level == PROVINCE:
            return self.code
        if self.level == DISTRICT:
            return areas.districts()[self.code].province_code
        return None

    def broader(self):
        """Return the areas to try for case statistics, from this one up to the whole country."""
        chain = [self]
        if self.level == DISTRICT:
            chain.append(Area(self.province_code, PROVINCE))
        if self.level != NATIONAL:
            chain.append(Area(areas.NATIONAL, NATIONAL))
        return chain

    def as_dict(self):
        data = {"code": self.code, "level": self.level, "name_th": "ประเทศไทย", "name_en": "Thailand"}
        if self.level == PROVINCE:
            province = areas.provinces()[self.code]
            data.update(name_th=province.name_th, name_en=province.name_en)
        elif self.level == DISTRICT:
            district = areas.districts()[self.code]
            data.update(name_th=district.name_th, name_en=district.name_en, province_code=district.province_code)
        return data


def area_for_code(code):
    """Return the ``Area`` for "TH", a province code or a district code, or None if unknown."""
    if code == areas.NATIONAL:
        return Area(code, NATIONAL)
    if areas.is_province(code):
        return Area(code, PROVINCE)
    if areas.is_district(code):
        return Area(code, DISTRICT)
    return None


def area_of_unit(unit):
    """Return a unit's area for analytics: its province, or the whole country for units above provinces."""
    if unit.province_code and areas.is_province(unit.province_code):
        return Area(unit.province_code, PROVINCE)
    return Area(areas.NATIONAL, NATIONAL)


def area_filter(area):
    """Return a function giving a table's conditions for the area.

    Tables keyed by ``area_code`` hold a row for every level, the whole
    country included; the outreach tables are filtered by their province or
    district column.
    """
    def conditions(table):
        if "area_code" in table.c:
            return [table.c.area_code == area.code]
        if area.level == DISTRICT:
            return [table.c.district_code == area.code]
        if area.level == PROVINCE:
            return [table.c.province_code == area.code]
        return []

    return conditions


# Aggregates -----------------------------------------------------------------------

def sum_aggregate(session, aggregate, start, end, where=None, group_by=()):
    """Sum an aggregate's measures over [start, end]; return {group values: {measure: sum}}."""
    months, added_days, subtracted_days = rules.split_period(start, end)
    where = where or (lambda table: [])
    results = {}

    if months:
        table = MONTHLY_TABLES[aggregate.name]
        period = [table.c.month >= months[0], table.c.month <= months[-1]]
        _accumulate(session, table, period + where(table), group_by, aggregate.measures, results, 1)

    daily = DAILY_TABLES[aggregate.name]
    for ranges, sign in ((added_days, 1), (subtracted_days, -1)):
        if ranges:
            period = or_(*[and_(daily.c.day >= first, daily.c.day <= last) for first, last in ranges])
            _accumulate(session, daily, [period] + where(daily), group_by, aggregate.measures, results, sign)
    return results


def _accumulate(session, table, conditions, group_by, measures, results, sign):
    columns = [table.c[name] for name in group_by]
    sums = [func.coalesce(func.sum(table.c[name]), 0) for name in measures]
    query = select(*columns, *sums).where(*conditions)
    if columns:
        query = query.group_by(*columns)

    for row in session.execute(query):
        key = tuple(row[: len(group_by)])
        totals = results.setdefault(key, dict.fromkeys(measures, 0))
        for name, value in zip(measures, row[len(group_by):]):
            totals[name] += sign * int(value or 0)


# Case statistics ---------------------------------------------------------------------

def current_case_rows(session, area_code):
    """Return the current case statistics of one area: rows of (scam type, start, end, cases, damage)."""
    table = CaseStatisticsRow.__table__
    query = select(
        table.c.scam_type, table.c.period_start, table.c.period_end, table.c.cases, table.c.damage_baht
    ).where(table.c.area_code == area_code, table.c.replaced_by_import_id.is_(None))
    return session.execute(query).all()


def case_area(session, area):
    """Return (area, {scam type: {measure: [Interval]}}) for the most local area with case statistics.

    The intervals of an area change only with an import, so they are kept
    in memory per database, area and latest import, and a dashboard request
    reads one number instead of the area's rows.
    """
    version = (str(session.get_bind().url), session.scalar(select(func.max(CaseStatisticsImport.id))))
    # NOTE: a province without rows of its own falls back to the whole country.
    # Its districts' rows are not summed, because a file may cover only some districts.
    for candidate in area.broader():
        intervals = _cached_intervals(session, version, candidate.code)
        if intervals:
            return candidate, intervals
    return Area(areas.NATIONAL, NATIONAL), {}


_INTERVAL_CACHE = {}
INTERVAL_CACHE_SIZE = 2000


def _cached_intervals(session, version, area_code):
    key = (version, area_code)
    if key not in _INTERVAL_CACHE:
        if len(_INTERVAL_CACHE) >= INTERVAL_CACHE_SIZE:
            _INTERVAL_CACHE.clear()
        _INTERVAL_CACHE[key] = case_intervals(current_case_rows(session, area_code))
    return _INTERVAL_CACHE[key]


def case_intervals(rows):
    """Return {scam type: {"cases": [Interval], "damage_baht": [Interval]}} from case rows."""
    by_type = {}
    for row in rows:
        measures = by_type.setdefault(row.scam_type, {"cases": [], "damage_baht": []})
        measures["cases"].append((row.period_start, row.period_end, row.cases))
        measures["damage_baht"].append((row.period_start, row.period_end, row.damage_baht))
    return {
        scam_type: {name: trends.disjoint_intervals(values) for name, values in measures.items()}
        for scam_type, measures in by_type.items()
    }


# Copies of other services' data --------------------------------------------------------

def get_unit(session, unit_id):
    return session.get(Unit, unit_id)


MEDIA_COLUMNS = [MediaItem.__table__.c[name] for name in (
    "media_id", "title_th", "title_en", "kind", "scam_types", "archived", "published_at",
)]


def active_media(session):
    """Return the media items that are not archived, with their scam types decoded."""
    query = select(*MEDIA_COLUMNS).where(MediaItem.archived.is_(False)).order_by(MediaItem.media_id)
    return [media_dict(item) for item in session.execute(query)]


def media_by_ids(session, media_ids):
    if not media_ids:
        return {}
    query = select(*MEDIA_COLUMNS).where(MediaItem.media_id.in_(sorted(media_ids)))
    return {item.media_id: media_dict(item) for item in session.execute(query)}


def media_dict(item):
    return {
        "media_id": item.media_id,
        "title_th": item.title_th,
        "title_en": item.title_en,
        "kind": item.kind,
        "scam_types": json.loads(item.scam_types or "[]"),
        "archived": item.archived,
        "published_at": item.published_at,
    }
