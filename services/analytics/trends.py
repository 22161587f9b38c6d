"""Trends of imported case statistics: disjoint periods, per-day rates, rising types.

Case statistics come in periods of any length. Monthly files give one row
per month, but published national figures are often running totals from a
fixed start date (cases since 1 March 2022 as of several dates) and
quarters or single months from other reports. To compare such figures:

1. Rows that share a start date are treated as running totals: the
   shortest is a period of its own, and each longer one minus the previous
   gives the figure for the days in between. A running total that goes
   down is inconsistent, and that difference is dropped.
2. Overlapping periods are resolved by keeping the shortest ones, so that
   months win over quarters and quarters over running totals.
3. Periods of different length are compared by their figure per day. The
   trend is the change of the per-day figure from the previous period to
   the latest one that ends by the end of the requested period. For
   monthly data this is month over month.

Per-day figures assume that cases spread evenly over each period, and
figures of different sources may count differently. ``TREND_CAVEAT``
states this wherever a trend is shown.
"""

import dataclasses
import datetime
from decimal import Decimal

# A scam type is "rising" when its per-day figure grew by at least this share
# and its latest period counted at least MIN_RISING_CASES cases, so that a
# rise from 1 to 2 cases does not count.
RISING_CHANGE = 0.10
MIN_RISING_CASES = 10
SERIES_LENGTH = 12

TREND_CAVEAT = {
    "th": (
        "แนวโน้มเปรียบเทียบค่าเฉลี่ยต่อวันของช่วงเวลาล่าสุดกับช่วงก่อนหน้า ซึ่งอาจยาวไม่เท่ากัน"
        " โดยถือว่าคดีกระจายเท่า ๆ กันในแต่ละช่วง และตัวเลขจากต่างแหล่งอาจนับต่างกัน"
    ),
    "en": (
        "Trends compare the per-day figure of the latest period with the period before it,"
        " which may differ in length. They assume cases spread evenly over each period,"
        " and figures from different sources may be counted differently."
    ),
}


@dataclasses.dataclass(frozen=True)
class Interval:
    """A figure (cases or damage) for the inclusive days start..end."""

    start: datetime.date
    end: datetime.date
    value: object
    derived: bool = False

    @property
    def days(self):
        return (self.end - self.start).days + 1

    @property
    def per_day(self):
        return float(self.value) / self.days

    def overlaps(self, other):
        return self.start <= other.end and other.start <= self.end

    def as_dict(self):
        value = float(self.value) if isinstance(self.value, Decimal) else self.value
        return {
            "period_start": self.start,
            "period_end": self.end,
            "value": value,
            "per_day": self.per_day,
            "days": self.days,
            "derived": self.derived,
        }


@dataclasses.dataclass(frozen=True)
class Trend:
    latest: Interval
    previous: Interval

    @property
    def change(self):
        """Relative change of the per-day figure, or None when the previous figure was 0."""
        if self.previous.per_day == 0:
            return None
        return (self.latest.per_day - self.previous.per_day) / self.previous.per_day

    @property
    def rising(self):
        change = self.change
        if change is None:
            return self.previous.value == 0 and self.latest.value >= MIN_RISING_CASES
        return change >= RISING_CHANGE and self.latest.value >= MIN_RISING_CASES

    def as_dict(self):
        return {
            "change": self.change,
            "rising": self.rising,
            "latest": self.latest.as_dict(),
            "previous": self.previous.as_dict(),
        }


def disjoint_intervals(rows):
    """Turn (start, end, value) rows of one area, type and measure into disjoint intervals, by start."""
    candidates = _running_total_intervals(row for row in rows if row[2] is not None)

    chosen = []
    for candidate in sorted(candidates, key=lambda item: (item.days, item.derived, -item.end.toordinal())):
        if not any(candidate.overlaps(other) for other in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda item: item.start)


def _running_total_intervals(rows):
    by_start = {}
    for start, end, value in rows:
        by_start.setdefault(start, []).append((end, value))

    intervals = []
    for start, ends in by_start.items():
        ends.sort()
        previous_end, previous_value = ends[0]
        intervals.append(Interval(start, previous_end, previous_value))
        for end, value in ends[1:]:
            if value >= previous_value:
                intervals.append(Interval(previous_end + datetime.timedelta(days=1), end, value - previous_value, True))
            previous_end, previous_value = end, value
    return intervals


def latest_trend(intervals, period_end):
    """Return the ``Trend`` of the two latest intervals ending by ``period_end``, or None."""
    eligible = [item for item in intervals if item.end <= period_end]
    if len(eligible) < 2:
        return None
    return Trend(latest=eligible[-1], previous=eligible[-2])


def series(intervals, period_end, length=SERIES_LENGTH):
    """Return the latest ``length`` intervals ending by ``period_end``, oldest first."""
    eligible = [item for item in intervals if item.end <= period_end]
    return eligible[-length:]


def total_within(intervals, period_start, period_end):
    """Return (sum, covered days) of the intervals that lie wholly inside the period."""
    inside = [item for item in intervals if item.start >= period_start and item.end <= period_end]
    if not inside:
        return None, 0
    return sum(item.value for item in inside), sum(item.days for item in inside)
