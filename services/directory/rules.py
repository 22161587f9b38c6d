"""Directory rules that need no broker or database: passwords, duties, the seed tree, station imports."""

import csv
import io

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from cybervaccine import areas, auth
from cybervaccine.events.directory import DUTIES
from services.directory.exceptions import RowError
from services.directory.messages import MESSAGES

MINIMUM_PASSWORD_LENGTH = 10
UNIT_LEVELS = ("national", "bureau", "division", "station")
STATION_COLUMNS = ("code", "name_th", "name_en", "parent_code", "province_code", "district_code")
MAX_STATION_ROWS = 5000

_hasher = PasswordHasher()


# Passwords

def hash_password(password):
    return _hasher.hash(password)


def verify_password(password_hash, password):
    """Return True if ``password`` matches ``password_hash`` (argon2id)."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_strength(password):
    if len(password or "") < MINIMUM_PASSWORD_LENGTH:
        raise MESSAGES.invalid("weak_password", details={"field": "password"}, minimum=MINIMUM_PASSWORD_LENGTH)


def check_roles(roles):
    for role in roles:
        if role not in auth.ROLES:
            raise MESSAGES.invalid(
                "unknown_role", details={"field": "roles", "value": role}, role=role, allowed=", ".join(auth.ROLES)
            )


# Permissions

def require_role(caller, *roles):
    if not caller.has_role(*roles):
        raise MESSAGES.denied("role_required", details={"roles": list(roles)}, roles=" / ".join(roles))


def require_unit_in_scope(caller, unit_id, unit_path):
    if not caller.can_see_unit(unit_path):
        raise MESSAGES.denied("unit_outside_subtree", details={"unit_id": unit_id}, unit_id=unit_id)


# Duties

def check_duty_assignment(officer, duty, override, reason):
    """Decide whether ``officer`` may get ``duty``; return True when it needs the workload override.

    ``officer`` has ``username``, ``heavy_workload`` and ``workload_note``.
    An officer with a heavy main workload (say an investigator with many
    open case files) gets an extra duty only with an explicit override and
    a reason, which the caller records.
    """
    if duty not in DUTIES:
        raise MESSAGES.invalid(
            "unknown_duty", details={"field": "duty", "value": duty}, duty=duty, allowed=", ".join(DUTIES)
        )

    if not officer.heavy_workload:
        return False

    if not override:
        raise MESSAGES.conflict(
            "override_required",
            details={"account_id": officer.id, "workload_note": officer.workload_note},
            username=officer.username,
            note=officer.workload_note or "-",
        )
    if not (reason or "").strip():
        raise MESSAGES.invalid("override_reason_missing", details={"field": "override_reason"})
    return True


# Seed tree

def build_seed_units(bureaus, region_provinces, province_table, district_table):
    """Return the seed unit tree as dicts, each parent before its children.

    The tree is national → bureaus → one provincial division per province
    (Bangkok: one stand-in metropolitan division) → one stand-in station per
    district. No complete public station list exists, so the stations are
    labelled stand-ins until a real list is imported.
    """
    units = [_unit("RTP", "สำนักงานตำรวจแห่งชาติ", "Royal Thai Police", "national", None)]
    units += [_unit(code, name_th, name_en, "bureau", "RTP") for code, name_th, name_en in bureaus]

    for row in region_provinces:
        province = province_table[row["iso_3166_2"]]
        units.append(_division(row["bureau_code"], province))

    for district in sorted(district_table.values(), key=lambda item: item.code):
        units.append(_stand_in_station(district, province_table[district.province_code]))
    return units


def _unit(code, name_th, name_en, level, parent_code, province=None, district=None, stand_in=False):
    return {
        "code": code,
        "name_th": name_th,
        "name_en": name_en,
        "level": level,
        "parent_code": parent_code,
        "province_code": province,
        "district_code": district,
        "stand_in": stand_in,
    }


def _division(bureau_code, province):
    if province.code == "TH-10":
        return _unit(
            "DIV-TH-10",
            "กองบังคับการตำรวจนครบาล (หน่วยตัวแทนสำหรับสถานีที่ยังไม่นำเข้า)",
            "Metropolitan Police Division (stand-in for stations not yet imported)",
            "division",
            bureau_code,
            province=province.code,
            stand_in=True,
        )
    return _unit(
        "DIV-" + province.code,
        "ตำรวจภูธรจังหวัด" + province.name_th,
        "{} Provincial Police".format(province.name_en),
        "division",
        bureau_code,
        province=province.code,
    )


def _stand_in_station(district, province):
    name_th = district.name_th
    if name_th.startswith("เขต"):
        name_th = name_th[len("เขต"):]
    return _unit(
        "ST-" + district.code,
        "สถานีตำรวจ{} (ตัวแทน)".format(name_th),
        "{} station (stand-in)".format(district.name_en),
        "station",
        "DIV-" + province.code,
        province=province.code,
        district=district.code,
        stand_in=True,
    )


# Station import

def parse_station_csv(text, existing_units):
    """Validate a station list; return (rows, errors) with line numbers.

    ``existing_units`` maps unit code to a dict with ``level`` and
    ``province_code``. Parents may be existing units or stations' divisions
    listed elsewhere in the file. Callers import nothing when errors is not
    empty.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [column for column in STATION_COLUMNS if column not in header]
    if missing:
        return [], [_row_error(1, "header", ",".join(header), "missing_column", ", ".join(missing))]

    reader.fieldnames = header
    rows, errors, seen = [], [], {}
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_STATION_ROWS:
            errors.append(_row_error(line, "file", str(line - 1), "too_many_rows", str(MAX_STATION_ROWS)))
            break
        row = {column: (raw.get(column) or "").strip() for column in STATION_COLUMNS}
        row_errors = _check_station_row(line, row, existing_units, seen)
        errors.extend(row_errors)
        if not row_errors:
            seen[row["code"]] = line
            rows.append(row)
    return rows, errors


def _check_station_row(line, row, existing_units, seen):
    errors = []
    for column in ("code", "name_th", "name_en", "parent_code", "province_code"):
        if not row[column]:
            errors.append(_row_error(line, column, "", "missing_value", column))
    if errors:
        return errors

    if row["code"] in seen:
        errors.append(_row_error(line, "code", row["code"], "duplicate_code", str(seen[row["code"]])))

    parent = existing_units.get(row["parent_code"])
    if parent is None:
        errors.append(_row_error(line, "parent_code", row["parent_code"], "unknown_parent", row["parent_code"]))
    elif parent["level"] not in ("division", "bureau"):
        errors.append(_row_error(line, "parent_code", row["parent_code"], "parent_not_division", parent["level"]))

    if not areas.is_province(row["province_code"]):
        errors.append(_row_error(line, "province_code", row["province_code"], "unknown_province", ""))
    elif row["district_code"] and not areas.is_district(row["district_code"], row["province_code"]):
        errors.append(_row_error(line, "district_code", row["district_code"], "unknown_district", ""))
    return errors


ROW_MESSAGES = {
    "missing_column": ("ไม่มีคอลัมน์ {detail}", "Missing columns: {detail}"),
    "missing_value": ("ไม่มีค่าในคอลัมน์ {detail}", "The column {detail} is empty"),
    "duplicate_code": ("รหัส {value} ซ้ำกับบรรทัด {detail}", "The code {value} repeats line {detail}"),
    "unknown_parent": (
        "ไม่พบหน่วยต้นสังกัดรหัส {value} ใช้รหัสหน่วยที่มีในระบบ",
        "Parent unit {value} was not found. Use the code of a unit in the directory",
    ),
    "parent_not_division": (
        "หน่วยต้นสังกัด {value} เป็นระดับ {detail} ต้องเป็นกองบังคับการหรือกองบัญชาการ",
        "Parent unit {value} is a {detail}; it must be a division or bureau",
    ),
    "unknown_province": (
        "ไม่รู้จักรหัสจังหวัด {value} ใช้รหัส ISO 3166-2 เช่น TH-50",
        "Unknown province code {value}. Use an ISO 3166-2 code such as TH-50",
    ),
    "unknown_district": (
        "ไม่พบรหัสอำเภอ {value} ในจังหวัดที่ระบุ ใช้รหัสอำเภอ 4 หลักของกรมการปกครอง",
        "District {value} is not in the given province. Use the four-digit DOPA district code",
    ),
    "too_many_rows": (
        "ไฟล์มีเกิน {detail} แถว กรุณาแบ่งไฟล์",
        "The file has more than {detail} rows. Split it",
    ),
}


def _row_error(line, field, value, code, detail):
    thai, english = ROW_MESSAGES[code]
    return RowError(
        line=line,
        field=field,
        value=value,
        code=code,
        message_th=thai.format(value=value, detail=detail),
        message_en=english.format(value=value, detail=detail),
    )
