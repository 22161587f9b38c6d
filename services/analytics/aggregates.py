"""The pre-aggregated read models: their dimensions and measures.

Each aggregate exists twice, per day (``<name>_daily``, keyed by ``day``)
and per calendar month (``<name>_monthly``, keyed by ``month``, the first
day of the month). The fold adds every increment to both. A query for a
period reads whole months from the monthly table and the days at either
edge from the daily one. Its cost therefore depends on the number of areas,
types and months, not on the number of raw events.

The quiz and download aggregates are keyed by ``area_code``: every event
counts once for the whole country ("TH"), once for its province and once
for its district when those are known. A query for any area then reads one
row per day or month and key, never the rows of the areas inside it. The
outreach aggregates are few enough to keep the unit with its province and
district instead.

Days are calendar days in Thailand (UTC+7, no daylight saving time).
An unknown province or district is stored as "", so that every key column
can be part of the primary key.
"""

import dataclasses
import datetime
import typing


@dataclasses.dataclass(frozen=True)
class Aggregate:
    name: str
    dimensions: tuple
    measures: tuple

    @property
    def daily_table(self):
        return self.name + "_daily"

    @property
    def monthly_table(self):
        return self.name + "_monthly"


QUIZ = Aggregate(
    "quiz",
    ("area_code",),
    ("takers", "score_sum", "risk_low", "risk_medium", "risk_high"),
)
QUIZ_TYPE = Aggregate(
    "quiz_type",
    ("area_code", "scam_type"),
    ("takers", "correct", "questions", "score_sum"),
)
OUTREACH = Aggregate(
    "outreach",
    ("unit_id", "province_code", "district_code", "activity_type"),
    ("activities", "people"),
)
OUTREACH_TYPE = Aggregate(
    "outreach_type",
    ("unit_id", "province_code", "district_code", "scam_type"),
    ("activities", "people"),
)
OUTREACH_MEDIA = Aggregate(
    "outreach_media",
    ("unit_id", "province_code", "district_code", "media_id"),
    ("uses", "people"),
)
DOWNLOADS = Aggregate(
    "downloads",
    ("area_code", "media_id"),
    ("downloads",),
)
DOWNLOAD_TYPE = Aggregate(
    "download_type",
    ("area_code", "scam_type"),
    ("downloads",),
)

# National roll-ups across event kinds: downloads and outreach per media item,
# and downloads, outreach and quiz results per scam type, which the
# recommendation and the strategy overview read in one query each.
MEDIA_USE = Aggregate(
    "media_use",
    ("media_id",),
    ("downloads", "outreach_uses", "outreach_people"),
)
TYPE_USE = Aggregate(
    "type_use",
    ("scam_type",),
    (
        "downloads", "outreach_activities", "outreach_people",
        "quiz_takers", "quiz_correct", "quiz_questions", "quiz_score_sum",
    ),
)

AGGREGATES = (
    QUIZ, QUIZ_TYPE, OUTREACH, OUTREACH_TYPE, OUTREACH_MEDIA, DOWNLOADS, DOWNLOAD_TYPE, MEDIA_USE, TYPE_USE,
)
BY_NAME = {aggregate.name: aggregate for aggregate in AGGREGATES}

UNKNOWN_TEXT = ""


class Increment(typing.NamedTuple):
    """Add ``values`` to one daily cell (and so to its month) of an aggregate.

    ``key`` contains the dimension values and ``values`` the amounts, both
    in the aggregate's order.
    """

    aggregate: str
    day: datetime.date
    key: tuple
    values: tuple

    @property
    def measures(self):
        """Return {measure name: amount}."""
        return dict(zip(BY_NAME[self.aggregate].measures, self.values))

    def negated(self):
        return self._replace(values=tuple(-amount for amount in self.values))

    def as_list(self):
        """Return a JSON-safe form, for storing a report's contribution."""
        return [self.aggregate, self.day.isoformat(), list(self.key), list(self.values)]

    @classmethod
    def from_list(cls, data):
        aggregate, day, key, values = data
        return cls(aggregate, datetime.date.fromisoformat(day), tuple(key), tuple(values))


def increment(aggregate, day, measures, **dimensions):
    """Build an ``Increment`` from measure and dimension names; missing measures are 0."""
    if len(dimensions) != len(aggregate.dimensions):
        raise ValueError("{} needs the dimensions {}".format(aggregate.name, aggregate.dimensions))
    key = tuple(dimensions[name] for name in aggregate.dimensions)
    values = tuple(measures.get(name, 0) for name in aggregate.measures)
    return Increment(aggregate.name, day, key, values)
