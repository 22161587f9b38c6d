"""The pre-aggregated totals behind every roll-up.

Each active report adds to the ``report_totals`` (daily) and
``report_month_totals`` rows of its own unit and of every unit above it, in
the transaction that stores the report. Amendments and withdrawals subtract
and add in their own transactions. A roll-up of a subtree then reads only the rows
of the subtree's root, so its cost grows with periods × keys, not with the
number of reports.
"""

import datetime

from sqlalchemy import Date, cast, func, select
from sqlalchemy.dialects import postgresql, sqlite

from services.reports import rules
from services.reports.models import ReportMonthTotal, ReportTotal, Unit


def _upsert_statement(dialect, model):
    """Build the INSERT … ON CONFLICT that adds to a total row; compiled once per dialect and table."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = model.__table__
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=[column.name for column in table.primary_key.columns],
        set_={"reports": table.c.reports + statement.excluded.reports, "people": table.c.people + statement.excluded.people},
    )


_STATEMENTS = {}


def _upsert(connection, model, period_column, changes):
    key = (connection.dialect.name, model)
    if key not in _STATEMENTS:
        _STATEMENTS[key] = _upsert_statement(connection.dialect.name, model)
    rows = [
        {"unit_id": unit_id, period_column: start, "dimension": dimension, "key": key_, "reports": reports, "people": people}
        for (unit_id, start, dimension, key_), (reports, people) in sorted(changes.items())
    ]
    connection.execute(_STATEMENTS[key], rows)


def apply(session, changes):
    """Add ``changes`` ({(unit_id, day, dimension, key): (reports, people)}) to the daily and monthly totals.

    Rows go in key order in one executemany per table, which the drivers
    send as multi-row statements, so concurrent transactions that each
    change one report lock rows in the same order.
    """
    if not changes:
        return
    connection = session.connection()
    _upsert(connection, ReportTotal, "day", changes)
    _upsert(connection, ReportMonthTotal, "month", rules.month_changes(changes))


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
    apply(session, changes)


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
