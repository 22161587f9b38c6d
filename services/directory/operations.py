"""Directory use cases: load, check, change, record the event.

Each function takes a SQLAlchemy session, the outbox writer (anything with
``add(session, event_type, fields)``), the caller and validated data. The
caller's transaction commits; nothing here imports nameko.
"""

from sqlalchemy import func, or_, select

from cybervaccine import auth, taxonomy
from cybervaccine.errors import Unauthenticated
from services.directory import rules
from services.directory.messages import MESSAGES
from services.directory.models import Account, DutyAssignment, ScamType, Unit, utcnow

MAX_UNITS_PER_PAGE = 500


# Units

def unit_event_fields(unit, change):
    return {
        "unit_id": unit.id,
        "code": unit.code,
        "name_th": unit.name_th,
        "name_en": unit.name_en,
        "level": unit.level,
        "parent_id": unit.parent_id,
        "path": unit.path_ids,
        "province_code": unit.province_code,
        "district_code": unit.district_code,
        "change": change,
    }


def get_unit(session, unit_id):
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise MESSAGES.not_found("unit_not_found", details={"unit_id": unit_id}, unit_id=unit_id)
    return unit


def list_units(session, parent_id=None, level=None, province_code=None, query=None, limit=MAX_UNITS_PER_PAGE):
    """Return units filtered by parent, level, province or a name fragment, ordered by code."""
    statement = select(Unit)
    if parent_id is not None:
        get_unit(session, parent_id)
        statement = statement.where(Unit.parent_id == parent_id)
    if level:
        statement = statement.where(Unit.level == level)
    if province_code:
        statement = statement.where(Unit.province_code == province_code)
    if query:
        pattern = "%{}%".format(query)
        statement = statement.where(or_(Unit.name_th.like(pattern), Unit.name_en.ilike(pattern), Unit.code.ilike(pattern)))
    statement = statement.order_by(Unit.level != "national", Unit.code).limit(limit)
    return list(session.scalars(statement))


def count_children(session, unit_ids):
    rows = session.execute(
        select(Unit.parent_id, func.count(Unit.id)).where(Unit.parent_id.in_(unit_ids)).group_by(Unit.parent_id)
    )
    return dict(rows.all())


def import_stations(session, outbox, caller, text):
    """Create or update stations from a CSV list; import nothing if any row is wrong."""
    rules.require_role(caller, auth.ADMINISTRATOR, auth.WORKING_GROUP)

    units = {unit.code: unit for unit in session.scalars(select(Unit))}
    known = {code: {"level": unit.level, "province_code": unit.province_code} for code, unit in units.items()}
    rows, errors = rules.parse_station_csv(text, known)
    if errors:
        raise MESSAGES.invalid(
            "station_import_invalid", details={"errors": [error.to_dict() for error in errors]}, count=len(errors)
        )
    if not rows:
        raise MESSAGES.invalid("station_import_empty")

    created = updated = 0
    for row in rows:
        unit, is_new = _upsert_station(session, units, row)
        outbox.add(session, "unit_changed", unit_event_fields(unit, "created" if is_new else "updated"))
        created += is_new
        updated += not is_new
    return {"created": created, "updated": updated}


def _upsert_station(session, units, row):
    parent = units[row["parent_code"]]
    unit = units.get(row["code"])
    is_new = unit is None
    if is_new:
        unit = Unit(code=row["code"], level="station", path="/")
        session.add(unit)

    unit.name_th = row["name_th"]
    unit.name_en = row["name_en"]
    unit.parent_id = parent.id
    unit.province_code = row["province_code"]
    unit.district_code = row["district_code"] or None
    unit.stand_in = False
    session.flush()
    unit.path = "{}{}/".format(parent.path, unit.id)
    units[unit.code] = unit
    return unit, is_new


# Accounts

def login(session, username, password):
    """Return the account for valid credentials; the same error for any wrong pair."""
    account = session.scalar(select(Account).where(Account.username == username))
    if account is None or not rules.verify_password(account.password_hash, password):
        raise MESSAGES.error(Unauthenticated, "login_failed")
    if not account.active:
        raise MESSAGES.error(Unauthenticated, "account_disabled", username=username)
    return account


def caller_for(account):
    return auth.Caller(
        account_id=account.id,
        username=account.username,
        unit_id=account.unit_id,
        unit_path=tuple(account.unit.path_ids),
        roles=tuple(account.role_list),
    )


def get_account(session, account_id):
    account = session.get(Account, account_id)
    if account is None:
        raise MESSAGES.not_found("account_not_found", details={"account_id": account_id}, account_id=account_id)
    return account


def create_account(session, caller, data):
    """Create an account in a unit the caller administers."""
    rules.require_role(caller, auth.ADMINISTRATOR, auth.UNIT_HEAD)
    unit = get_unit(session, data["unit_id"])
    rules.require_unit_in_scope(caller, unit.id, unit.path_ids)
    rules.check_roles(data["roles"])
    _check_role_grant(caller, data["roles"])
    rules.check_password_strength(data["password"])

    if session.scalar(select(Account.id).where(Account.username == data["username"])) is not None:
        raise MESSAGES.conflict(
            "duplicate_username", details={"field": "username", "value": data["username"]}, username=data["username"]
        )

    account = Account(
        username=data["username"],
        password_hash=rules.hash_password(data["password"]),
        display_name=data["display_name"],
        unit_id=unit.id,
        roles=",".join(data["roles"]),
        heavy_workload=data.get("heavy_workload", False),
        workload_note=data.get("workload_note"),
    )
    session.add(account)
    session.flush()
    return account


def _check_role_grant(caller, roles):
    """Unit heads may create officers and unit heads; other roles need an administrator."""
    if caller.has_role(auth.ADMINISTRATOR):
        return
    for role in roles:
        if role not in (auth.OFFICER, auth.UNIT_HEAD):
            raise MESSAGES.denied("role_required", details={"roles": [auth.ADMINISTRATOR]}, roles=auth.ADMINISTRATOR)


def update_account(session, caller, account_id, data):
    """Change roles, activity, workload or password of an account in the caller's subtree."""
    rules.require_role(caller, auth.ADMINISTRATOR, auth.UNIT_HEAD)
    account = get_account(session, account_id)
    rules.require_unit_in_scope(caller, account.unit_id, account.unit.path_ids)

    if "roles" in data:
        rules.check_roles(data["roles"])
        _check_role_grant(caller, data["roles"])
        account.roles = ",".join(data["roles"])
    if "password" in data:
        rules.check_password_strength(data["password"])
        account.password_hash = rules.hash_password(data["password"])
    for field in ("display_name", "active", "heavy_workload", "workload_note"):
        if field in data:
            setattr(account, field, data[field])
    session.flush()
    return account


def list_accounts(session, caller, unit_id=None):
    """Return accounts of one unit, or of the caller's whole subtree when no unit is given."""
    rules.require_role(caller, auth.ADMINISTRATOR, auth.UNIT_HEAD)
    root_id = unit_id if unit_id is not None else caller.unit_id
    root = get_unit(session, root_id)
    rules.require_unit_in_scope(caller, root.id, root.path_ids)

    statement = select(Account).join(Unit, Account.unit_id == Unit.id)
    if unit_id is not None:
        statement = statement.where(Account.unit_id == unit_id)
    else:
        statement = statement.where(Unit.path.like(root.path + "%"))
    return list(session.scalars(statement.order_by(Account.username).limit(1000)))


# Duties

def assign_duty(session, outbox, caller, data):
    """Give an officer a duty in a unit of the caller's subtree."""
    rules.require_role(caller, auth.UNIT_HEAD, auth.ADMINISTRATOR)
    officer = get_account(session, data["account_id"])
    unit = get_unit(session, data.get("unit_id") or officer.unit_id)
    rules.require_unit_in_scope(caller, unit.id, unit.path_ids)
    rules.require_unit_in_scope(caller, officer.unit_id, officer.unit.path_ids)

    override = rules.check_duty_assignment(officer, data["duty"], data.get("override"), data.get("override_reason"))
    _check_not_assigned(session, officer, unit, data["duty"])

    assignment = DutyAssignment(
        account_id=officer.id,
        unit_id=unit.id,
        duty=data["duty"],
        assigned_by=caller.account_id,
        workload_override=override,
        override_reason=(data.get("override_reason") or None) if override else None,
    )
    session.add(assignment)
    session.flush()

    outbox.add(
        session,
        "duty_assigned",
        {
            "assignment_id": assignment.id,
            "account_id": officer.id,
            "unit_id": unit.id,
            "duty": assignment.duty,
            "assigned_by": caller.account_id,
            "workload_override": override,
            "override_reason": assignment.override_reason,
        },
    )
    return assignment


def _check_not_assigned(session, officer, unit, duty):
    current = session.scalar(
        select(DutyAssignment.id).where(
            DutyAssignment.account_id == officer.id,
            DutyAssignment.unit_id == unit.id,
            DutyAssignment.duty == duty,
            DutyAssignment.ended_at.is_(None),
        )
    )
    if current is not None:
        raise MESSAGES.conflict(
            "duty_already_assigned", details={"assignment_id": current}, username=officer.username, duty=duty
        )


def end_duty(session, outbox, caller, assignment_id):
    """End a duty assignment and emit ``duty_ended``; ending it again changes nothing."""
    rules.require_role(caller, auth.UNIT_HEAD, auth.ADMINISTRATOR)
    assignment = session.get(DutyAssignment, assignment_id)
    if assignment is None:
        raise MESSAGES.not_found(
            "assignment_not_found", details={"assignment_id": assignment_id}, assignment_id=assignment_id
        )
    unit = get_unit(session, assignment.unit_id)
    rules.require_unit_in_scope(caller, unit.id, unit.path_ids)
    if assignment.ended_at is not None:
        return assignment

    assignment.ended_at = utcnow()
    assignment.ended_by = caller.account_id
    outbox.add(
        session,
        "duty_ended",
        {
            "assignment_id": assignment.id,
            "account_id": assignment.account_id,
            "unit_id": assignment.unit_id,
            "duty": assignment.duty,
            "ended_by": caller.account_id,
        },
    )
    return assignment


def list_duties(session, caller, unit_id=None, account_id=None, include_ended=False):
    """Return duty assignments in a unit, or an account's own duties."""
    statement = select(DutyAssignment)
    if account_id is not None and account_id == caller.account_id:
        statement = statement.where(DutyAssignment.account_id == account_id)
    else:
        rules.require_role(caller, auth.UNIT_HEAD, auth.ADMINISTRATOR)
        unit = get_unit(session, unit_id if unit_id is not None else caller.unit_id)
        rules.require_unit_in_scope(caller, unit.id, unit.path_ids)
        statement = statement.where(DutyAssignment.unit_id == unit.id)
        if account_id is not None:
            statement = statement.where(DutyAssignment.account_id == account_id)
    if not include_ended:
        statement = statement.where(DutyAssignment.ended_at.is_(None))
    return list(session.scalars(statement.order_by(DutyAssignment.created_at.desc()).limit(1000)))


def has_duty(session, account_id, unit_id, duty):
    """Return True if the account currently has ``duty`` in ``unit_id``."""
    found = session.scalar(
        select(DutyAssignment.id).where(
            DutyAssignment.account_id == account_id,
            DutyAssignment.unit_id == unit_id,
            DutyAssignment.duty == duty,
            DutyAssignment.ended_at.is_(None),
        )
    )
    return found is not None


# Scam taxonomy

def list_scam_types(session, include_inactive=False):
    statement = select(ScamType).order_by(ScamType.id)
    if not include_inactive:
        statement = statement.where(ScamType.active.is_(True))
    return list(session.scalars(statement))


def create_scam_type(session, caller, data):
    rules.require_role(caller, auth.WORKING_GROUP, auth.ADMINISTRATOR)
    if not taxonomy.is_valid_code(data["code"]):
        raise MESSAGES.invalid("scam_type_code_invalid", details={"field": "code", "value": data["code"]}, code=data["code"])
    if session.scalar(select(ScamType.id).where(ScamType.code == data["code"])) is not None:
        raise MESSAGES.conflict("scam_type_exists", details={"field": "code", "value": data["code"]}, code=data["code"])

    scam_type = ScamType(code=data["code"], name_th=data["name_th"], name_en=data["name_en"])
    session.add(scam_type)
    session.flush()
    return scam_type
