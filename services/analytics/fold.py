"""The event log and the fold that turns it into read models.

Consumed events are only appended to ``event_log``, together with their
deduplication records in ``handled_events`` and in the same transaction
(``record_events``). That is cheap and never contends for aggregate rows.
The fold then takes pending log rows in batches and computes their
increments with ``rules``. It sums them per cell, adds them to the daily
and monthly tables with one upsert statement per table and marks the rows
applied, all in one transaction. Applying a row and marking it applied
commit together, so every event counts exactly once.

On PostgreSQL a transaction-level advisory lock lets one fold run at a
time across all copies of the service, so cells are never updated by two
folds at once and a rebuild excludes the live fold. SQLite has one writer
anyway.
"""

import datetime
import json
import logging

from sqlalchemy import func, select, text, update

from services.analytics import aggregates, rules
from services.analytics.aggregates import Increment
from services.analytics.models import (
    DAILY_TABLES,
    MONTHLY_TABLES,
    EventLog,
    HandledEvent,
    MediaItem,
    OutreachReportState,
    Unit,
    utcnow,
)

log = logging.getLogger(__name__)

FOLD_BATCH_SIZE = 10000
# Any fixed 64-bit number works; all copies of the service must use the same one.
FOLD_LOCK_KEY = 7_240_118_301

OUTREACH_EVENTS = ("outreach_reported", "outreach_amended", "outreach_withdrawn")
MEDIA_METADATA_EVENTS = ("media_published", "media_updated")


def record_events(session, items):
    """Record (source, event type, payload) items as handled and append the new ones to the log.

    Returns the set of event ids that were new. An id already in
    ``handled_events`` (a redelivery) or repeated within ``items`` is
    stored once. The caller commits, so the ids and the log rows are kept
    together or not at all.
    """
    unique = {}
    for source, event_type, payload in items:
        unique.setdefault(str(payload["event_id"]), (source, event_type, payload))
    if not unique:
        return set()

    now = utcnow()
    new_ids = _insert_handled(session, [(event_id, item[1]) for event_id, item in unique.items()], now)

    rows = [
        {
            "event_id": event_id,
            "source": source,
            "event_type": event_type,
            "occurred_at": rules.parse_timestamp(payload["occurred_at"]),
            "received_at": now,
            "payload": json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
            "applied": False,
        }
        for event_id, (source, event_type, payload) in unique.items()
        if event_id in new_ids
    ]
    if rows:
        session.execute(EventLog.__table__.insert(), rows)
    return new_ids


def _insert_handled(session, pairs, now):
    """Insert (event id, event type) pairs into ``handled_events`` unless present; return the new ids."""
    if is_postgresql(session):
        statement = text(
            "INSERT INTO handled_events (event_id, event_type, handled_at) "
            "SELECT unnest(CAST(:ids AS varchar[])), unnest(CAST(:types AS varchar[])), :now "
            "ON CONFLICT (event_id) DO NOTHING RETURNING event_id"
        )
        rows = session.execute(statement, {"ids": [pair[0] for pair in pairs], "types": [pair[1] for pair in pairs], "now": now})
        return {row[0] for row in rows}

    from sqlalchemy.dialects.sqlite import insert

    handled = HandledEvent.__table__
    statement = (
        insert(handled)
        .values([{"event_id": event_id, "event_type": event_type, "handled_at": now} for event_id, event_type in pairs])
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(handled.c.event_id)
    )
    return set(session.scalars(statement))


def pending_count(session):
    return session.scalar(select(func.count(EventLog.id)).where(EventLog.applied.is_(False)))


def is_postgresql(session):
    return session.get_bind().dialect.name == "postgresql"


def try_fold_lock(session):
    """Take the fold lock for this transaction; return False if another fold holds it."""
    if not is_postgresql(session):
        return True
    return bool(session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": FOLD_LOCK_KEY}))


def wait_for_fold_lock(session):
    """Take the fold lock for this transaction, waiting for a running fold to finish."""
    if is_postgresql(session):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FOLD_LOCK_KEY})


def fold_pending(session, batch_size=FOLD_BATCH_SIZE):
    """Apply up to ``batch_size`` pending log rows to the read models; return (count, types).

    ``types`` maps each event type to how many of its events were applied.
    The caller commits.
    """
    if not try_fold_lock(session):
        return 0, {}

    query = _log_rows().where(EventLog.applied.is_(False)).order_by(EventLog.id).limit(batch_size)
    if is_postgresql(session):
        query = query.with_for_update(skip_locked=True)
    return fold_rows(session, session.execute(query).all())


def fold_after(session, after_id, batch_size):
    """Apply the next ``batch_size`` log rows after ``after_id``, applied or not; return (count, last id).

    For a rebuild, which holds the fold lock and has emptied the read models.
    """
    query = _log_rows().where(EventLog.id > after_id).order_by(EventLog.id).limit(batch_size)
    rows = session.execute(query).all()
    count, _ = fold_rows(session, rows)
    return count, rows[-1].id if rows else after_id


def _log_rows():
    return select(EventLog.id, EventLog.source, EventLog.event_type, EventLog.payload)


def fold_rows(session, rows):
    """Apply log rows (id, source, event type, payload) and mark them applied; return (count, types)."""
    if not rows:
        return 0, {}

    events = [(source, event_type, json.loads(payload)) for _, source, event_type, payload in rows]
    folder = Folder(session, events)
    for source, event_type, payload in events:
        folder.apply(source, event_type, payload)
    folder.write()

    ids = [row.id for row in rows]
    session.execute(update(EventLog).where(EventLog.id.in_(ids), EventLog.applied.is_(False)).values(applied=True))

    types = {}
    for _, event_type, _ in events:
        types[event_type] = types.get(event_type, 0) + 1
    return len(rows), types


class Folder:
    """Apply one batch of events: collect increments and update units, media and reports."""

    def __init__(self, session, events):
        self.session = session
        self.increments = []
        self.units = self._load(Unit, Unit.unit_id, self._ids(events, "unit_id", int))
        self.media = self._load(MediaItem, MediaItem.media_id, self._media_ids(events))
        self.reports = self._load(
            OutreachReportState, OutreachReportState.report_id, self._ids(events, "report_id", str, OUTREACH_EVENTS)
        )

    @staticmethod
    def _ids(events, field, convert, event_types=None):
        return {
            convert(payload[field])
            for _, event_type, payload in events
            if payload.get(field) is not None and (event_types is None or event_type in event_types)
        }

    @staticmethod
    def _media_ids(events):
        return {int(payload["media_id"]) for _, event_type, payload in events if event_type.startswith("media_")}

    def _load(self, model, key_column, keys):
        found = {}
        keys = sorted(keys)
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            for item in self.session.scalars(select(model).where(key_column.in_(chunk))):
                found[getattr(item, key_column.key)] = item
        return found

    def apply(self, source, event_type, payload):
        handler = getattr(self, "_apply_" + event_type, None)
        if handler is None:
            log.warning("no fold rule for %s.%s; event %s left out", source, event_type, payload.get("event_id"))
            return
        handler(payload)

    # Directory

    def _apply_unit_changed(self, payload):
        unit_id = int(payload["unit_id"])
        unit = self.units.get(unit_id)
        if unit is None:
            unit = Unit(unit_id=unit_id)
            self.session.add(unit)
            self.units[unit_id] = unit

        unit.code = payload["code"]
        unit.name_th = payload["name_th"]
        unit.name_en = payload["name_en"]
        unit.level = payload["level"]
        unit.parent_id = payload.get("parent_id")
        unit.path = "/" + "".join("{}/".format(part) for part in payload["path"])
        unit.province_code = payload.get("province_code")
        unit.district_code = payload.get("district_code")
        unit.updated_at = rules.parse_timestamp(payload["occurred_at"])

    # Media

    def _media_item(self, payload):
        media_id = int(payload["media_id"])
        item = self.media.get(media_id)
        if item is None:
            item = MediaItem(media_id=media_id, title_th="", title_en="", kind="", scam_types="[]", archived=False,
                             changed_at=datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc))
            self.session.add(item)
            self.media[media_id] = item
        return item

    def _set_media_metadata(self, item, payload, with_titles):
        changed_at = rules.parse_timestamp(payload["occurred_at"])
        if changed_at < rules.parse_timestamp(item.changed_at):
            return
        item.changed_at = changed_at
        item.kind = payload.get("kind") or item.kind
        item.scam_types = json.dumps(sorted(set(payload.get("scam_types") or ())))
        if with_titles:
            item.title_th = payload.get("title_th") or ""
            item.title_en = payload.get("title_en") or ""

    def _set_version(self, item, version):
        if version is not None:
            item.latest_version = max(item.latest_version or 0, int(version))

    def _apply_media_published(self, payload):
        item = self._media_item(payload)
        self._set_media_metadata(item, payload, with_titles=True)
        self._set_version(item, payload.get("media_version"))
        item.published_at = item.published_at or rules.parse_timestamp(payload["occurred_at"])

    def _apply_media_updated(self, payload):
        self._set_media_metadata(self._media_item(payload), payload, with_titles=True)

    def _apply_media_version_added(self, payload):
        item = self._media_item(payload)
        self._set_media_metadata(item, payload, with_titles=False)
        self._set_version(item, payload.get("media_version"))

    def _apply_media_archived(self, payload):
        item = self._media_item(payload)
        item.archived = True
        self._set_version(item, payload.get("current_version"))

    def _apply_media_downloaded(self, payload):
        unit = self.units.get(payload.get("unit_id"))
        self.increments.extend(rules.download_increments(payload, unit))

    # Quiz

    def _apply_quiz_completed(self, payload):
        self.increments.extend(rules.quiz_increments(payload))

    # Reports

    def _apply_outreach_reported(self, payload):
        self._set_report(payload, withdrawn=False)

    def _apply_outreach_amended(self, payload):
        self._set_report(payload, withdrawn=False)

    def _apply_outreach_withdrawn(self, payload):
        self._set_report(payload, withdrawn=True)

    def _set_report(self, payload, withdrawn):
        """Replace a report's contribution with its new state, unless a newer revision was applied."""
        report_id = str(payload["report_id"])
        revision = int(payload["revision"])
        state = self.reports.get(report_id)

        if state is not None and state.revision >= revision:
            log.info("outreach report %s revision %d is older than %d; ignored", report_id, revision, state.revision)
            return

        if state is None:
            state = OutreachReportState(report_id=report_id, contribution="[]", withdrawn=False)
            self.session.add(state)
            self.reports[report_id] = state
        elif not state.withdrawn:
            old = [Increment.from_list(item) for item in json.loads(state.contribution)]
            self.increments.extend(item.negated() for item in old)

        contribution = [] if withdrawn else rules.outreach_contribution(payload)
        self.increments.extend(contribution)

        state.unit_id = int(payload["unit_id"])
        state.revision = revision
        state.withdrawn = withdrawn
        state.contribution = json.dumps([item.as_list() for item in contribution], ensure_ascii=False)
        state.changed_at = rules.parse_timestamp(payload["occurred_at"])

    # Writing

    def write(self):
        """Add the collected increments to the daily and monthly tables and flush the copies."""
        self.session.flush()
        daily = rules.combine(self.increments)
        for period_column, tables, cells in (
            ("day", DAILY_TABLES, daily),
            ("month", MONTHLY_TABLES, rules.by_month(daily)),
        ):
            for name, rows in _rows_by_aggregate(cells).items():
                add_cells(self.session, tables[name], period_column, aggregates.BY_NAME[name], rows)
        self.session.expunge_all()


def _rows_by_aggregate(cells):
    """Return {aggregate name: [(period, key, amounts)]}, each list in key order."""
    grouped = {}
    for (name, period, key), values in cells.items():
        grouped.setdefault(name, []).append((period, key, values))
    for rows in grouped.values():
        # A fixed order makes concurrent upserts lock cells in the same order.
        rows.sort(key=lambda row: (row[0], row[1]))
    return grouped


SQL_TYPES = {"day": "date", "month": "date", "unit_id": "integer", "media_id": "integer"}


def add_cells(session, table, period_column, aggregate, rows):
    """Upsert (period, key, amounts) rows of one aggregate, adding each amount to what the cell holds."""
    if not rows:
        return
    if is_postgresql(session):
        _add_cells_postgresql(session, table, period_column, aggregate, rows)
    else:
        _add_cells_generic(session, table, period_column, aggregate, rows)


def _add_cells_postgresql(session, table, period_column, aggregate, rows):
    """Upsert all rows with one statement that reads them from arrays (``unnest``)."""
    columns = [period_column, *aggregate.dimensions, *aggregate.measures]
    arrays = [list(column) for column in zip(*[(period, *key, *values) for period, key, values in rows])]
    casts = ", ".join(
        "CAST(:c{} AS {}[])".format(index, SQL_TYPES.get(name, "bigint" if name in aggregate.measures else "text"))
        for index, name in enumerate(columns)
    )
    updates = ", ".join("{0} = {1}.{0} + EXCLUDED.{0}".format(name, table.name) for name in aggregate.measures)
    statement = text(
        "INSERT INTO {table} ({columns}) SELECT * FROM unnest({casts}) "
        "ON CONFLICT ({keys}) DO UPDATE SET {updates}".format(
            table=table.name,
            columns=", ".join(columns),
            casts=casts,
            keys=", ".join([period_column, *aggregate.dimensions]),
            updates=updates,
        )
    )
    session.execute(statement, {"c{}".format(index): values for index, values in enumerate(arrays)})


def _add_cells_generic(session, table, period_column, aggregate, rows):
    from sqlalchemy.dialects.sqlite import insert

    dictionaries = [
        {period_column: period, **dict(zip(aggregate.dimensions, key)), **dict(zip(aggregate.measures, values))}
        for period, key, values in rows
    ]
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=[period_column, *aggregate.dimensions],
        set_={measure: table.c[measure] + statement.excluded[measure] for measure in aggregate.measures},
    )
    session.execute(statement, dictionaries)
