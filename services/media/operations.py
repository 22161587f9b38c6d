"""Media catalogue use cases: browse, edit, archive, authorise downloads.

Each function takes a SQLAlchemy session, the outbox writer (anything with
``add(session, event_type, fields)``), the caller and validated data, and
returns plain dicts shaped like the response schemas. The caller's
transaction commits; nothing here imports nameko. Uploads live in
``uploads.py``.
"""

import collections

from sqlalchemy import and_, exists, func, insert, select, update
from sqlalchemy.orm import joinedload

from cybervaccine.errors import Gone
from services.media import rules
from services.media.download_targets import DownloadTarget
from services.media.messages import MESSAGES
from services.media.models import Download, MediaItem, MediaTag, MediaVersion, utcnow

MAX_UNIT_DOWNLOADS = 500
COUNT_BATCH = 5000
METADATA_FIELDS = (
    "kind", "title_th", "title_en", "description_th", "description_en", "language", "scam_types", "audiences", "channels",
)


# Loading

def get_item(session, media_id, for_update=False):
    statement = select(MediaItem).where(MediaItem.id == media_id)
    if for_update:
        statement = statement.with_for_update()
    item = session.scalar(statement)
    if item is None:
        raise MESSAGES.not_found("media_not_found", details={"media_id": media_id}, media_id=media_id)
    return item


def get_version(session, item, version=None):
    number = version or item.current_version
    found = session.scalar(
        select(MediaVersion).where(MediaVersion.media_id == item.id, MediaVersion.version == number)
    )
    if found is None:
        raise MESSAGES.not_found(
            "version_not_found", details={"media_id": item.id, "version": number},
            media_id=item.id, version=number, current=item.current_version,
        )
    return found


def _item_and_version(session, media_id, version=None):
    """Load an item (with its tags) and one of its versions in one query; raise if either is missing."""
    number = version if version is not None else MediaItem.current_version
    row = session.execute(
        select(MediaItem, MediaVersion)
        .join(MediaVersion, and_(MediaVersion.media_id == MediaItem.id, MediaVersion.version == number))
        .where(MediaItem.id == media_id)
        .options(joinedload(MediaItem.tags))
    ).unique().first()
    if row is None:
        get_version(session, get_item(session, media_id), version)
    return row


def require_visible(caller, item):
    """Archived items are hidden from everyone but the working group."""
    if item.status == "archived" and not caller.has_role(*rules.MANAGE_ROLES):
        raise MESSAGES.error(Gone, "media_archived", details={"media_id": item.id}, media_id=item.id)


def require_not_archived(item):
    if item.status == "archived":
        raise MESSAGES.conflict("media_archived_locked", details={"media_id": item.id}, media_id=item.id)


# Presenting

def present_version(objects, settings, version):
    preview_url = None
    if version.preview_status == "ready" and version.preview_key:
        preview_url = objects.preview_url(version.preview_key, settings.preview_window_seconds)
    return {
        "version": version.version,
        "file_name": version.file_name,
        "file_type": version.file_type,
        "content_type": version.content_type,
        "size_bytes": version.size_bytes,
        "sha256": version.sha256,
        "note": version.note,
        "created_at": version.created_at,
        "preview_status": version.preview_status,
        "preview_url": preview_url,
    }


def present_item(objects, settings, item, current, unit_download=None, versions=None):
    data = {
        "id": item.id,
        "kind": item.kind,
        "status": item.status,
        "title_th": item.title_th,
        "title_en": item.title_en,
        "description_th": item.description_th,
        "description_en": item.description_en,
        "scam_types": item.scam_types,
        "audiences": item.audiences,
        "channels": item.channels,
        "language": item.language,
        "current_version": item.current_version,
        "download_count": item.download_count,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "published_at": item.published_at,
        "archived_at": item.archived_at,
        "file": present_version(objects, settings, current) if current is not None else None,
        "unit_download": _unit_download_summary(item, unit_download),
    }
    if versions is not None:
        data["versions"] = [present_version(objects, settings, version) for version in versions]
    return data


def _unit_download_summary(item, unit_download):
    if unit_download is None:
        return None
    version, downloaded_at = unit_download
    return {
        "version": version,
        "downloaded_at": downloaded_at,
        "newer_version_available": version < item.current_version,
    }


# Catalogue

def list_media(session, objects, settings, caller, query):
    """Return one page of the catalogue, filtered, searched and sorted.

    The anonymous public may list published items, because the quiz
    suggests awareness media to players. Other statuses need a managing
    role, and downloads still need an account.
    """
    if caller.is_authenticated:
        rules.require_role(caller, rules.BROWSE_ROLES)
    statement = _catalogue_filter(caller, query)

    total = session.scalar(select(func.count()).select_from(statement.subquery()))
    order = _catalogue_order(query["sort"])
    offset = (query["page"] - 1) * query["per_page"]
    items = list(session.scalars(statement.order_by(*order).limit(query["per_page"]).offset(offset)))

    ids = [item.id for item in items]
    currents = _current_versions(session, ids)
    unit_downloads = _unit_downloads(session, caller.unit_id, ids)
    return {
        "items": [
            present_item(objects, settings, item, currents.get(item.id), unit_downloads.get(item.id)) for item in items
        ],
        "total": total,
        "page": query["page"],
        "per_page": query["per_page"],
    }


def split_codes(value):
    return [code.strip() for code in (value or "").split(",") if code.strip()]


def _catalogue_filter(caller, query):
    statement = select(MediaItem)

    status = query.get("status") or "published"
    if status != "published":
        rules.require_role(caller, rules.MANAGE_ROLES)
    if status != "all":
        statement = statement.where(MediaItem.status == status)

    for facet, key in (("scam_type", "scam_type"), ("audience", "audience"), ("channel", "channel")):
        codes = split_codes(query.get(key))
        if codes:
            statement = statement.where(
                exists().where(MediaTag.media_id == MediaItem.id, MediaTag.facet == facet, MediaTag.code.in_(codes))
            )
    for column, key in ((MediaItem.kind, "kind"), (MediaItem.language, "language")):
        codes = split_codes(query.get(key))
        if codes:
            statement = statement.where(column.in_(codes))

    for pattern in rules.search_patterns(query.get("q")):
        statement = statement.where(MediaItem.search_text.like(pattern, escape="\\"))
    return statement


def _catalogue_order(sort):
    if sort == "downloads":
        return MediaItem.download_count.desc(), MediaItem.published_at.desc(), MediaItem.id.desc()
    return MediaItem.published_at.desc(), MediaItem.id.desc()


def _current_versions(session, media_ids):
    if not media_ids:
        return {}
    statement = (
        select(MediaVersion)
        .join(MediaItem, and_(MediaItem.id == MediaVersion.media_id, MediaItem.current_version == MediaVersion.version))
        .where(MediaItem.id.in_(media_ids))
    )
    return {version.media_id: version for version in session.scalars(statement)}


def _unit_downloads(session, unit_id, media_ids):
    """Return {media id: (newest version downloaded, last download time)} for one unit."""
    if unit_id is None or not media_ids:
        return {}
    rows = session.execute(
        select(Download.media_id, func.max(Download.version), func.max(Download.downloaded_at))
        .where(Download.unit_id == unit_id, Download.media_id.in_(media_ids))
        .group_by(Download.media_id)
    )
    return {media_id: (version, downloaded_at) for media_id, version, downloaded_at in rows}


def get_media(session, objects, settings, caller, media_id):
    """Return one item with all its versions."""
    rules.require_role(caller, rules.BROWSE_ROLES)
    item = get_item(session, media_id)
    require_visible(caller, item)

    versions = list(
        session.scalars(select(MediaVersion).where(MediaVersion.media_id == item.id).order_by(MediaVersion.version))
    )
    current = next((version for version in versions if version.version == item.current_version), None)
    unit_download = _unit_downloads(session, caller.unit_id, [item.id]).get(item.id)
    return present_item(objects, settings, item, current, unit_download, versions=versions)


# Editing

def update_media(session, outbox, caller, media_id, data, known_scam_types):
    """Change an item's metadata; emit ``media_updated`` if anything changed."""
    rules.require_role(caller, rules.MANAGE_ROLES)
    item = get_item(session, media_id, for_update=True)
    require_not_archived(item)

    data = rules.clean_metadata(data)
    rules.check_metadata(data, known_scam_types if "scam_types" in data else ())
    if "kind" in data and data["kind"] != item.kind:
        _check_kind_change(session, item, data["kind"])

    changed = _apply_metadata(item, data)
    if not changed:
        return item

    item.search_text = rules.search_text(item.title_th, item.title_en, item.description_th, item.description_en)
    item.updated_at = utcnow()
    session.flush()
    outbox.add(session, "media_updated", dict(metadata_event_fields(item), changed_fields=changed, updated_by=caller.account_id))
    return item


def _check_kind_change(session, item, kind):
    current = get_version(session, item)
    file_type = rules.FILE_TYPES[current.file_type]
    if kind not in file_type.kinds:
        raise MESSAGES.invalid(
            "kind_change_not_allowed", details={"field": "kind", "value": kind}, kind=kind, found=file_type.label
        )


def _apply_metadata(item, data):
    """Set the given fields on ``item``; return the names of those that changed."""
    changed = []
    for field in METADATA_FIELDS:
        if field not in data:
            continue
        if field in ("scam_types", "audiences", "channels"):
            if _replace_tags(item, _facet_of(field), data[field]):
                changed.append(field)
        elif getattr(item, field) != data[field]:
            setattr(item, field, data[field])
            changed.append(field)
    return changed


def _facet_of(field):
    return {"scam_types": "scam_type", "audiences": "audience", "channels": "channel"}[field]


def _replace_tags(item, facet, codes):
    """Make the item's tags of one facet equal ``codes``; return True if they changed."""
    wanted = set(codes)
    current = {tag.code: tag for tag in item.tags if tag.facet == facet}
    if set(current) == wanted:
        return False
    for code, tag in current.items():
        if code not in wanted:
            item.tags.remove(tag)
    for code in sorted(wanted - set(current)):
        item.tags.append(MediaTag(facet=facet, code=code))
    return True


def set_tags(item, data):
    for field in ("scam_types", "audiences", "channels"):
        _replace_tags(item, _facet_of(field), data.get(field, ()))


def metadata_event_fields(item):
    return {
        "media_id": item.id,
        "kind": item.kind,
        "title_th": item.title_th,
        "title_en": item.title_en,
        "scam_types": item.scam_types,
        "audiences": item.audiences,
        "channels": item.channels,
        "language": item.language,
    }


def archive_media(session, outbox, caller, media_id, reason=None):
    """Hide an item from the catalogue, keeping its versions and download history."""
    rules.require_role(caller, rules.MANAGE_ROLES)
    item = get_item(session, media_id, for_update=True)
    if item.status == "archived":
        raise MESSAGES.conflict("media_already_archived", details={"media_id": item.id}, media_id=item.id)

    now = utcnow()
    item.status = "archived"
    item.archived_at = now
    item.archived_by = caller.account_id
    item.archive_reason = reason
    item.updated_at = now
    session.flush()

    outbox.add(
        session,
        "media_archived",
        {
            "media_id": item.id,
            "kind": item.kind,
            "scam_types": item.scam_types,
            "current_version": item.current_version,
            "reason": reason,
            "archived_by": caller.account_id,
        },
    )
    return item


# Downloads

def record_download(session, outbox, caller, item, version, province_code, via):
    """Log one download and emit ``media_downloaded``; ``count_downloads`` adds it to the item's counter later."""
    download_id = session.scalar(
        insert(Download)
        .values(
            media_id=item.id,
            version=version.version,
            account_id=caller.account_id,
            unit_id=caller.unit_id,
            province_code=province_code,
            via=via,
            downloaded_at=utcnow(),
        )
        .returning(Download.id)
    )

    outbox.add(
        session,
        "media_downloaded",
        {
            "download_id": download_id,
            "media_id": item.id,
            "media_version": version.version,
            "current_version": item.current_version,
            "kind": item.kind,
            "scam_types": item.scam_types,
            "account_id": caller.account_id,
            "unit_id": caller.unit_id,
            "province_code": province_code,
            "via": via,
        },
    )
    return download_id


def count_downloads(session, limit=COUNT_BATCH):
    """Add uncounted downloads to their items' ``download_count``; return how many were added.

    Each download is marked counted in the same transaction as the counter
    update, so a download is counted once even with several copies of the
    service (rows locked by another copy are skipped). Items are updated in id
    order so that two copies never wait on each other in a cycle.
    """
    batch = (
        select(Download.id)
        .where(Download.counted.is_(False))
        .order_by(Download.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    media_ids = session.scalars(
        update(Download).where(Download.id.in_(batch)).values(counted=True).returning(Download.media_id)
    ).all()

    for media_id, count in sorted(collections.Counter(media_ids).items()):
        session.execute(
            update(MediaItem).where(MediaItem.id == media_id).values(download_count=MediaItem.download_count + count)
        )
    session.commit()
    return len(media_ids)


def load_download_target(session, media_id, version=None):
    """Return what a download needs of one item version; raise if either is unknown."""
    item, file = _item_and_version(session, media_id, version)
    return DownloadTarget.of(item, file)


def sign_download(objects, settings, target):
    """Return a short-lived URL for one version's file and the time it expires."""
    expires_at = utcnow() + settings.download_url_lifetime
    url = objects.download_url(
        target.object_key, settings.download_url_lifetime, target.file_name, target.content_type,
        "media-{}-v{}".format(target.id, target.version),
    )
    return url, expires_at


def download_answer(target, url, expires_at):
    """Return the URL of a download with what the caller shows about the file."""
    return {
        "url": url,
        "expires_at": expires_at,
        "media_id": target.id,
        "version": target.version,
        "current_version": target.current_version,
        "file_name": target.file_name,
        "content_type": target.content_type,
        "size_bytes": target.size_bytes,
        "scam_types": list(target.scam_types),
    }


def authorize_bundle(session, outbox, caller, requested, province_code=None, max_items=50):
    """Check and record the download of several items for one ZIP; return what the ZIP holds."""
    rules.require_role(caller, rules.BROWSE_ROLES)
    if len(requested) > max_items:
        raise MESSAGES.invalid(
            "bundle_too_many", details={"field": "items", "limit": max_items}, limit=max_items, count=len(requested)
        )

    files = []
    for entry in requested:
        item = get_item(session, entry["media_id"])
        require_visible(caller, item)
        files.append((item, get_version(session, item, entry.get("version"))))

    for item, file in files:
        record_download(session, outbox, caller, item, file, province_code, "bundle")
    return [_bundle_entry(item, file) for item, file in files]


def _bundle_entry(item, file):
    return {
        "media_id": item.id,
        "version": file.version,
        "current_version": item.current_version,
        "object_key": file.object_key,
        "file_name": file.file_name,
        "kind": item.kind,
        "title_th": item.title_th,
        "title_en": item.title_en,
        "description_th": item.description_th,
        "description_en": item.description_en,
        "scam_types": item.scam_types,
        "audiences": item.audiences,
        "channels": item.channels,
        "language": item.language,
        "content_type": file.content_type,
        "size_bytes": file.size_bytes,
        "sha256": file.sha256,
        "published_at": item.published_at,
    }


def list_unit_downloads(session, caller, newer_only=False):
    """Return the items the caller's unit downloaded, with whether a newer version exists."""
    rules.require_role(caller, rules.BROWSE_ROLES)
    if caller.unit_id is None:
        return []

    latest = (
        select(
            Download.media_id.label("media_id"),
            func.max(Download.version).label("version"),
            func.max(Download.downloaded_at).label("downloaded_at"),
        )
        .where(Download.unit_id == caller.unit_id)
        .group_by(Download.media_id)
        .subquery()
    )
    statement = select(MediaItem, latest.c.version, latest.c.downloaded_at).join(latest, latest.c.media_id == MediaItem.id)
    if newer_only:
        statement = statement.where(latest.c.version < MediaItem.current_version)
    statement = statement.order_by(
        (latest.c.version < MediaItem.current_version).desc(), latest.c.downloaded_at.desc()
    ).limit(MAX_UNIT_DOWNLOADS)

    return [
        {
            "media_id": item.id,
            "kind": item.kind,
            "status": item.status,
            "title_th": item.title_th,
            "title_en": item.title_en,
            "downloaded_version": version,
            "current_version": item.current_version,
            "newer_version_available": version < item.current_version,
            "last_downloaded_at": downloaded_at,
        }
        for item, version, downloaded_at in session.execute(statement)
    ]


def vocabulary(settings):
    """Return the codes a client needs to build upload and filter forms."""
    return {
        "kinds": list(rules.KINDS),
        "audiences": list(rules.AUDIENCES),
        "channels": list(rules.CHANNELS),
        "languages": list(rules.LANGUAGES),
        "file_types": {
            kind: [
                {"type": file_type.code, "label": file_type.label, "extensions": list(file_type.extensions)}
                for file_type in rules.FILE_TYPES.values()
                if kind in file_type.kinds
            ]
            for kind in rules.KINDS
        },
        "max_upload_bytes": settings.max_upload_bytes,
    }
