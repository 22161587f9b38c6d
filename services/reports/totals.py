"""The pre-aggregated totals behind every roll-up.

Each active report adds to the ``report_totals`` (daily) and
``report_month_totals`` rows of its own unit and of every unit above it.
A new report is stored with ``totals_pending`` set, and ``settle`` adds the
pending reports in batches: the service's timer every half second, and
every roll-up before it reads. Filing then locks no total row: every report
adds to the national unit's rows, which would make concurrent filings
wait for each other. Amendments and withdrawals subtract and add in their
own transactions. A roll-up of a subtree then reads only the rows of the
subtree's root, so its cost grows with periods × keys, not with the number
of reports.
"""

import datetime

import collections

from sqlalchemy import Date, cast, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from services.reports import rules
from services.reports.models import (
    Report,
    ReportAudience,
    ReportMedia,
    ReportMonthTotal,
    ReportScamType,
    ReportTotal,
    Unit,
    path_ids,
)


def _upsert_statement(dialect, model):
    """Build the INSERT … ON CONFLICT that adds to a total row; compiled once per dialect and table."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = model.__table__
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=[column.name for column in table.primary_key.columns],
        set_={"reports": table.c.reports + statement.excluded.reports, "people": table.c.people + statement.excluded.people},
    )


def _upsert_from_arrays(model, period_column):
    """Build PostgreSQL's upsert of total rows given as one array per column.

    SQLAlchemy compiles its ON CONFLICT constructs again for every
    execution, because they have no cache key. This text statement is
    compiled once and is the same for any number of rows. unnest returns
    the rows in array order, so they are locked in key order.
    """
    table = model.__tablename__
    return text(
        "INSERT INTO {table} (unit_id, {period}, dimension, key, reports, people) "
        "SELECT * FROM unnest(CAST(:unit_id AS integer[]), CAST(:period AS date[]), CAST(:dimension AS varchar[]), "
        "CAST(:key AS varchar[]), CAST(:reports AS integer[]), CAST(:people AS bigint[])) "
        "ON CONFLICT (unit_id, {period}, dimension, key) DO UPDATE SET "
        "reports = {table}.reports + excluded.reports, people = {table}.people + excluded.people".format(
            table=table, period=period_column
        )
    )


_STATEMENTS = {}
_ARRAY_STATEMENTS = {
    ReportTotal: _upsert_from_arrays(ReportTotal, "day"),
    ReportMonthTotal: _upsert_from_arrays(ReportMonthTotal, "month"),
}


def _upsert(connection, model, period_column, changes):
    ordered = sorted(changes.items())
    if connection.dialect.name == "postgresql":
        columns = list(zip(*(key + value for key, value in ordered)))
        names = ("unit_id", "period", "dimension", "key", "reports", "people")
        connection.execute(_ARRAY_STATEMENTS[model], {name: list(values) for name, values in zip(names, columns)})
        return

    key = (connection.dialect.name, model)
    if key not in _STATEMENTS:
        _STATEMENTS[key] = _upsert_statement(connection.dialect.name, model)
    rows = [
        {"unit_id": unit_id, period_column: start, "dimension": dimension, "key": key_, "reports": reports, "people": people}
        for (unit_id, start, dimension, key_), (reports, people) in ordered
    ]
    connection.execute(_STATEMENTS[key], rows)


def apply(connection, changes):
    """Add ``changes`` ({(unit_id, day, dimension, key): (reports, people)}) to the daily and monthly totals.

    Rows go in key order in one statement per table, so concurrent
    transactions lock the rows they share in the same order.
    """
    if not changes:
        return
    _upsert(connection, ReportTotal, "day", changes)
    _upsert(connection, ReportMonthTotal, "month", rules.month_changes(changes))


# A transaction-level advisory lock that settlings share and a unit move
# takes alone. Any fixed 64-bit number works; all copies of the service
# must use the same one.
UNIT_PATHS_LOCK_KEY = 7_240_118_417

# "WHERE totals_pending", not "IS true", which PostgreSQL does not match to the partial index.
PENDING_REPORTS = select(Report.id).where(Report.totals_pending).order_by(Report.id)
SETTLED_COLUMNS = (Report.id, Report.unit_id, Report.activity_date, Report.activity_type, Report.total_people,
                   Report.channels)


def settle(connection, limit=None, skip_locked=False):
    """Add pending reports to the totals and clear their mark; return how many were added.

    The reports are claimed by the UPDATE that clears their mark, so two
    settlings never add one report twice. On PostgreSQL they are locked in
    id order first: a roll-up that settles waits for a settling that holds
    some of them, then finds them settled. ``skip_locked`` passes over those
    instead, for the timer. A report amended or withdrawn while pending is
    settled by that change (``operations.amend_report``).
    """
    share_unit_paths(connection)
    statement = PENDING_REPORTS.limit(limit) if limit else PENDING_REPORTS
    ids = connection.execute(statement.with_for_update(skip_locked=skip_locked)).scalars().all()
    if not ids:
        return 0

    claim = update(Report).where(Report.id.in_(ids), Report.totals_pending).values(totals_pending=False)
    claimed = connection.execute(claim.returning(*SETTLED_COLUMNS)).all()
    if not claimed:
        return 0

    reports = sorted(claimed, key=lambda report: report.id)
    states = _pending_states(connection, reports, [report.id for report in reports])
    paths = dict(connection.execute(
        select(Unit.id, Unit.path).where(Unit.id.in_({report.unit_id for report in reports}))
    ).all())
    changes = {}
    for report, state in zip(reports, states):
        rules.add_changes(changes, path_ids(paths[report.unit_id]), report.activity_date, rules.contributions(state))
    apply(connection, changes)
    return len(reports)


def share_unit_paths(connection):
    """Keep unit moves waiting until the commit, for a change that reads unit paths to add to totals (PostgreSQL)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock_shared(:key)"), {"key": UNIT_PATHS_LOCK_KEY})


def lock_unit_paths(connection):
    """Wait until no change that shares the unit paths is running, and keep new ones waiting (PostgreSQL).

    A unit move holds this lock until its commit, so a settling, an
    amendment or a withdrawal never adds or subtracts with the path a unit
    had before a move that commits meanwhile.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UNIT_PATHS_LOCK_KEY})


def _pending_states(connection, reports, ids):
    """Return what ``rules.contributions`` needs of each report, read in one query per row table."""
    audiences = _rows_by_report(connection, ids, ReportAudience, ReportAudience.group, ReportAudience.count)
    codes = _rows_by_report(connection, ids, ReportScamType, ReportScamType.code)
    media = _rows_by_report(connection, ids, ReportMedia, ReportMedia.media_id)
    return [
        {
            "total_people": report.total_people,
            "activity_type": report.activity_type,
            "audiences": [{"group": group, "count": count} for group, count in audiences[report.id]],
            "scam_types": [code for (code,) in codes[report.id]],
            "media": [{"media_id": media_id} for (media_id,) in media[report.id]],
            "channels": report.channels or [],
        }
        for report in reports
    ]


def _rows_by_report(connection, ids, model, *columns):
    rows = collections.defaultdict(list)
    for report_id, *values in connection.execute(select(model.report_id, *columns).where(model.report_id.in_(ids))):
        rows[report_id].append(values)
    return rows


def move_subtree(session, unit_id, old_path, new_path):
    """Move a unit's subtree totals from its old ancestors to its new ones.

    A unit's own rows already include its whole subtree, so the ancestors
    that it left lose exactly those rows and the ones it joined gain them.
    """
    old_ancestors = [ancestor for ancestor in old_path if ancestor != unit_id and ancestor not in new_path]
    new_ancestors = [ancestor for ancestor in new_path if ancestor != unit_id and ancestor not in old_path]
    if not old_ancestors and not new_ancestors:
        return

    own_rows = session.execute(
        select(ReportTotal.day, ReportTotal.dimension, ReportTotal.key, ReportTotal.reports, ReportTotal.people).where(
            ReportTotal.unit_id == unit_id
        )
    ).all()

    changes = {}
    for day, dimension, key, reports, people in own_rows:
        for ancestor in old_ancestors:
            changes[(ancestor, day, dimension, key)] = (-reports, -people)
        for ancestor in new_ancestors:
            changes[(ancestor, day, dimension, key)] = (reports, people)
    apply(session.connection(), changes)


def _day_period(dialect, period):
    day = ReportTotal.day
    if period == "day":
        return day
    if dialect == "postgresql":
        return cast(func.date_trunc(period, day), Date)
    if period == "week":
        return func.date(day, "weekday 0", "-6 days")
    return func.strftime("%Y-%m-01", day)


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value


def _sum_by(session, columns, model, conditions):
    statement = (
        select(*columns, func.sum(model.reports), func.sum(model.people)).where(*conditions).group_by(*columns)
    )
    return [tuple(row) for row in session.execute(statement)]


def _day_rows(session, unit_condition, first, last, period, dimension=None):
    period_column = _day_period(session.get_bind().dialect.name, period).label("period")
    conditions = [unit_condition(ReportTotal), ReportTotal.day >= first, ReportTotal.day <= last]
    if dimension:
        conditions.append(ReportTotal.dimension == dimension)
    return _sum_by(session, [period_column, ReportTotal.dimension, ReportTotal.key], ReportTotal, conditions)


def _month_rows(session, unit_condition, first_month, last_month, dimension=None):
    conditions = [unit_condition(ReportMonthTotal), ReportMonthTotal.month >= first_month,
                  ReportMonthTotal.month <= last_month]
    if dimension:
        conditions.append(ReportMonthTotal.dimension == dimension)
    return _sum_by(
        session, [ReportMonthTotal.month, ReportMonthTotal.dimension, ReportMonthTotal.key], ReportMonthTotal, conditions
    )


def period_rows(session, unit_id, date_from, date_to, period):
    """Return (period start, dimension, key, reports, people) of a subtree for the days in the range.

    Monthly periods read whole months from the monthly totals and only the
    days at the edges of the range from the daily ones.
    """
    def of_unit(model):
        return model.unit_id == unit_id

    if period != "month":
        rows = _day_rows(session, of_unit, date_from, date_to, period)
    else:
        months, edges = rules.split_range(date_from, date_to)
        rows = _month_rows(session, of_unit, *months) if months else []
        for first, last in edges:
            rows += _day_rows(session, of_unit, first, last, "month")

    merged = {}
    for start, dimension, key, reports, people in rows:
        row_key = (_as_date(start), dimension, key)
        old_reports, old_people = merged.get(row_key, (0, 0))
        merged[row_key] = (old_reports + int(reports or 0), old_people + int(people or 0))
    return [(*row_key, reports, people) for row_key, (reports, people) in merged.items()]


def child_rows(session, parent_id, date_from, date_to):
    """Return (unit, reports, people) for every direct sub-unit of ``parent_id``, in code order."""
    children = list(session.scalars(select(Unit).where(Unit.parent_id == parent_id).order_by(Unit.code)))
    if not children:
        return []

    child_ids = [child.id for child in children]
    months, edges = rules.split_range(date_from, date_to)
    sums = {}
    parts = []
    if months:
        parts.append((ReportMonthTotal, ReportMonthTotal.month, months))
    parts += [(ReportTotal, ReportTotal.day, edge) for edge in edges]
    for model, period_column, (first, last) in parts:
        rows = _sum_by(
            session, [model.unit_id], model,
            [model.unit_id.in_(child_ids), model.dimension == "all", period_column >= first, period_column <= last],
        )
        for unit_id, reports, people in rows:
            old_reports, old_people = sums.get(unit_id, (0, 0))
            sums[unit_id] = (old_reports + int(reports or 0), old_people + int(people or 0))
    return [(child, *sums.get(child.id, (0, 0))) for child in children]
