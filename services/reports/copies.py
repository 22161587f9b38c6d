"""Local copies of other services' data, kept from their events.

Units come from ``directory.unit_changed`` and media items and versions from
the media service's events. Every event carries the whole current state of
its record, so applying one is an upsert. An event older than the stored
state (by envelope time) changes nothing, which makes late redeliveries
harmless.
"""

import datetime
import logging

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from services.reports import totals
from services.reports.models import MediaItem, MediaVersion, Unit

log = logging.getLogger(__name__)

EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)


def path_text(path_ids):
    """Return a path of unit ids as stored: '/1/10/112/'."""
    return "/" + "".join("{}/".format(unit_id) for unit_id in path_ids)


def apply_unit_changed(session, event):
    """Insert or update a unit; when its path changed, move its subtree and its totals with it."""
    unit = session.get(Unit, event["unit_id"])
    changed_at = event["occurred_at"]
    if unit is not None and unit.changed_at is not None and as_aware(unit.changed_at) > changed_at:
        log.info("unit %s: ignoring an event older than the stored state", unit.id)
        return unit

    new_path = path_text(event["path"])
    if unit is None:
        unit = Unit(id=event["unit_id"], path=new_path)
        session.add(unit)
    elif unit.path != new_path:
        _move_unit(session, unit, new_path)

    unit.code = event["code"]
    unit.name_th = event["name_th"]
    unit.name_en = event["name_en"]
    unit.level = event["level"]
    unit.parent_id = event["parent_id"]
    unit.path = new_path
    unit.province_code = event.get("province_code")
    unit.district_code = event.get("district_code")
    unit.changed_at = changed_at
    session.flush()
    return unit


def _move_unit(session, unit, new_path):
    old_path = unit.path
    log.info("unit %s moved from %s to %s", unit.id, old_path, new_path)
    # Reports still pending in the subtree are settled after the commit, with the new paths.
    totals.lock_unit_paths(session.connection())
    totals.move_subtree(session, unit.id, _ids(old_path), _ids(new_path))

    # Descendants keep their place under the unit, so only the prefix of their path changes.
    session.execute(
        update(Unit)
        .where(Unit.path.like(old_path + "%"), Unit.id != unit.id)
        .values(path=new_path + func.substr(Unit.path, len(old_path) + 1))
        .execution_options(synchronize_session=False)
    )


def _ids(path):
    return [int(part) for part in path.strip("/").split("/") if part]


def as_aware(moment):
    """SQLite returns naive datetimes for stored UTC values; give them back their zone."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.timezone.utc)
    return moment


def _item(session, media_id):
    """Return the item's row, locked; events of one item may arrive at once, so it is inserted with an upsert."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        insert(MediaItem)
        .values(media_id=media_id, title_th="", title_en="", kind="", current_version=1, archived=False,
                changed_at=EARLIEST)
        .on_conflict_do_nothing(index_elements=["media_id"])
    )
    return session.get(MediaItem, media_id, with_for_update=True, populate_existing=True)


def _add_version(session, media_id, version, added_at):
    if session.get(MediaVersion, (media_id, version)) is None:
        session.add(MediaVersion(media_id=media_id, version=version, added_at=added_at))


def apply_media_published(session, event):
    item = _item(session, event["media_id"])
    if as_aware(item.changed_at) <= event["occurred_at"]:
        _set_metadata(item, event)
    item.current_version = max(item.current_version or 1, event["media_version"])
    _add_version(session, event["media_id"], event["media_version"], event["occurred_at"])
    session.flush()


def apply_media_version_added(session, event):
    item = _item(session, event["media_id"])
    item.kind = event["kind"]
    item.current_version = max(item.current_version or 1, event["media_version"])
    _add_version(session, event["media_id"], event["media_version"], event["occurred_at"])
    session.flush()


def apply_media_updated(session, event):
    item = _item(session, event["media_id"])
    if as_aware(item.changed_at) > event["occurred_at"]:
        return
    _set_metadata(item, event)
    session.flush()


def apply_media_archived(session, event):
    item = _item(session, event["media_id"])
    item.kind = event["kind"]
    item.archived = True
    session.flush()


def _set_metadata(item, event):
    item.title_th = event["title_th"]
    item.title_en = event["title_en"] or ""
    item.kind = event["kind"]
    item.changed_at = event["occurred_at"]


def missing_media_versions(session, pairs):
    """Return the (media_id, version) pairs that the local copy does not know, in the order given."""
    if not pairs:
        return []
    media_ids = sorted({media_id for media_id, _ in pairs})
    known = set(
        session.execute(
            select(MediaVersion.media_id, MediaVersion.version).where(MediaVersion.media_id.in_(media_ids))
        ).all()
    )
    return [pair for pair in pairs if pair not in known]


def media_titles(session, media_ids):
    """Return {media_id: item} for the given ids."""
    if not media_ids:
        return {}
    return {item.media_id: item for item in session.scalars(select(MediaItem).where(MediaItem.media_id.in_(media_ids)))}


def media_options(session):
    """Return every version of the items that are not archived, newest item first."""
    statement = (
        select(MediaItem, MediaVersion.version)
        .join(MediaVersion, MediaVersion.media_id == MediaItem.media_id)
        .where(MediaItem.archived.is_(False))
        .order_by(MediaItem.media_id.desc(), MediaVersion.version.desc())
    )
    return [
        {"media_id": item.media_id, "version": version, "title_th": item.title_th, "title_en": item.title_en, "kind": item.kind}
        for item, version in session.execute(statement)
    ]
