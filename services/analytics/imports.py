"""Import case statistics files and manage the working group's scam type aliases.

A file is parsed with ``casestats`` against the seed alias table plus the
aliases stored here. A file with any error imports nothing: the import is
recorded as ``rejected`` with its first errors. A valid file's rows replace
the current rows with the same period, area and scam type. The replaced
rows stay, marked with the import that replaced them, and an import whose
rows were all replaced becomes ``replaced``. So importing the same figures
twice never counts them twice, and every earlier import stays in history.
"""

import json
import logging

from sqlalchemy import select

from cybervaccine import auth, taxonomy
from cybervaccine.events import analytics as analytics_events  # noqa: F401 (registers case_statistics_imported)
from services.analytics import casestats
from services.analytics.messages import MESSAGES
from services.analytics.models import CaseStatisticsImport, CaseStatisticsRow, ScamTypeAlias

log = logging.getLogger(__name__)

# Case statistics files are summaries (one row per period, area and type), so
# 5 MiB is room for far more rows than a year of district figures. Larger files
# are rejected with 413.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_STORED_ERRORS = 500
UPLOAD_PREFIX = "analytics/case-statistics/"

ACTIVE = "active"
REPLACED = "replaced"
REJECTED = "rejected"
WORKING_GROUP_ROLES = (auth.WORKING_GROUP, auth.ADMINISTRATOR)


def require_working_group(caller):
    if not caller.has_role(*WORKING_GROUP_ROLES):
        roles = " / ".join(WORKING_GROUP_ROLES)
        raise MESSAGES.denied("role_required", details={"roles": list(WORKING_GROUP_ROLES)}, roles=roles)


# Reference data --------------------------------------------------------------------------

def seed_aliases():
    return json.loads(casestats.ALIASES_PATH.read_text(encoding="utf-8"))


def stored_aliases(session):
    """Return {code: [name, ...]} of the aliases the working group added."""
    found = {}
    for alias in session.scalars(select(ScamTypeAlias).order_by(ScamTypeAlias.id)):
        found.setdefault(alias.scam_type, []).append(alias.name)
    return found


def reference_data(session, known_codes=()):
    """Build the parser's reference data: seed aliases, stored aliases and every known code."""
    merged = {code: [] for code in set(known_codes) | set(taxonomy.seed_codes())}
    for source in (seed_aliases(), stored_aliases(session)):
        for code, names in source.items():
            merged.setdefault(code, []).extend(names)
    return casestats.ReferenceData(aliases=casestats.AliasTable(merged), areas=casestats.load_area_codes())


# Imports ------------------------------------------------------------------------------------

def record_rejected(session, caller, file_name, result):
    """Store a rejected import with its first ``MAX_STORED_ERRORS`` errors; rows are not stored."""
    errors = [error.as_dict() for error in result.errors]
    record = CaseStatisticsImport(
        file_name=file_name,
        object_key=None,
        source="upload",
        status=REJECTED,
        error_count=len(errors),
        errors=json.dumps(errors[:MAX_STORED_ERRORS], ensure_ascii=False),
        skipped_line_count=len(result.skipped_lines),
        created_by_account_id=caller.account_id,
        created_by_username=caller.username,
    )
    session.add(record)
    session.flush()
    return record


def store_import(session, rows, file_name, object_key, source, caller=None, skipped_lines=()):
    """Store valid rows as a new import, replacing current rows with the same key.

    Returns (import, ids of earlier imports that this one replaced wholly).
    """
    record = CaseStatisticsImport(
        file_name=file_name,
        object_key=object_key,
        source=source,
        status=ACTIVE,
        row_count=len(rows),
        skipped_line_count=len(skipped_lines),
        period_start=min(row.period_start for row in rows),
        period_end=max(row.period_end for row in rows),
        created_by_account_id=caller.account_id if caller else None,
        created_by_username=caller.username if caller else None,
    )
    session.add(record)
    session.flush()

    replaced = _replace_current(session, rows, record.id)
    record.replaced_row_count = len(replaced)
    session.flush()

    session.add_all(
        CaseStatisticsRow(
            import_id=record.id,
            period_start=row.period_start,
            period_end=row.period_end,
            area_code=row.area_code,
            scam_type=row.scam_type,
            cases=row.cases,
            damage_baht=row.damage_baht,
            source_name=(row.source_name or "")[:2000] or None,
            line=row.line,
        )
        for row in rows
    )
    session.flush()

    retired = _retire_emptied_imports(session, {row.import_id for row in replaced})
    return record, retired


def _replace_current(session, rows, import_id):
    """Mark current rows with the same period, area and type as the new rows replaced; return them."""
    keys = {_key(row) for row in rows}
    area_codes = sorted({row.area_code for row in rows})
    current = []
    for start in range(0, len(area_codes), 500):
        query = select(CaseStatisticsRow).where(
            CaseStatisticsRow.replaced_by_import_id.is_(None),
            CaseStatisticsRow.area_code.in_(area_codes[start:start + 500]),
        )
        current.extend(row for row in session.scalars(query) if _key(row) in keys)

    for row in current:
        row.replaced_by_import_id = import_id
    return current


def _key(row):
    return (row.period_start, row.period_end, row.area_code, row.scam_type)


def _retire_emptied_imports(session, import_ids):
    """Mark imports that have no current row left as replaced; return their ids."""
    retired = []
    for import_id in sorted(import_ids):
        remaining = session.scalar(
            select(CaseStatisticsRow.id).where(
                CaseStatisticsRow.import_id == import_id, CaseStatisticsRow.replaced_by_import_id.is_(None)
            ).limit(1)
        )
        if remaining is None:
            session.get(CaseStatisticsImport, import_id).status = REPLACED
            retired.append(import_id)
    return retired


def event_fields(record, rows, replaced_import_ids):
    """Return the fields of ``case_statistics_imported`` for a stored import."""
    return {
        "import_id": record.id,
        "file_name": record.file_name,
        "source": record.source,
        "row_count": record.row_count,
        "replaced_row_count": record.replaced_row_count,
        "replaced_import_ids": list(replaced_import_ids),
        "period_start": record.period_start.isoformat(),
        "period_end": record.period_end.isoformat(),
        "area_codes": sorted({row.area_code for row in rows}),
        "scam_types": sorted({row.scam_type for row in rows}),
        "imported_by": record.created_by_account_id,
    }


def list_imports(session, limit):
    query = select(CaseStatisticsImport).order_by(CaseStatisticsImport.id.desc()).limit(limit)
    return list(session.scalars(query))


# Aliases ----------------------------------------------------------------------------------

def list_aliases(session):
    """Return the seed aliases and the stored ones, each with its code and where it comes from."""
    result = [
        {"id": None, "scam_type": code, "name": name, "source": "seed"}
        for code, names in sorted(seed_aliases().items())
        for name in names
    ]
    for alias in session.scalars(select(ScamTypeAlias).order_by(ScamTypeAlias.scam_type, ScamTypeAlias.id)):
        result.append(
            {
                "id": alias.id,
                "scam_type": alias.scam_type,
                "name": alias.name,
                "source": "working_group",
                "created_by_username": alias.created_by_username,
                "created_at": alias.created_at,
            }
        )
    return result


def add_alias(session, caller, scam_type, name, known_codes):
    """Store a new alias for a known scam type code; a name may map to one code only."""
    require_working_group(caller)
    if scam_type not in set(known_codes) | set(taxonomy.seed_codes()):
        raise MESSAGES.invalid(
            "unknown_scam_type", details={"field": "scam_type", "value": scam_type}, scam_type=scam_type
        )

    existing = reference_data(session, known_codes).aliases.resolve(name)
    if existing is not None:
        raise MESSAGES.conflict(
            "alias_exists", details={"field": "name", "value": name, "scam_type": existing}, name=name, scam_type=existing
        )

    alias = ScamTypeAlias(
        scam_type=scam_type,
        name=name.strip(),
        normalized_name=casestats.normalise_name(name),
        created_by_account_id=caller.account_id,
        created_by_username=caller.username,
    )
    session.add(alias)
    session.flush()
    return alias


def delete_alias(session, caller, alias_id):
    require_working_group(caller)
    alias = session.get(ScamTypeAlias, alias_id)
    if alias is None:
        raise MESSAGES.not_found("alias_not_found", details={"alias_id": alias_id}, alias_id=alias_id)
    session.delete(alias)
    session.flush()
    return alias
