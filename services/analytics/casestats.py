"""Parse and validate case statistics uploads for the analytics service.

An upload is a CSV (UTF-8 or TIS-620/cp874) or an XLSX workbook with one row per
period, area and scam type. Two column layouts are accepted:

- the import format: period_start, period_end, area, scam_type, cases, damage_baht
- the published reference file (data/reference/thaipoliceonline_stats_by_type.csv):
  scam_type_th and/or scam_type_en in place of scam_type, no area column, so every
  row is for the whole country ("TH").

Header names are case-insensitive and other columns are ignored. Every problem is
reported as a RowError with its line number (the header is line 1), and a file with
any error must import nothing: callers check ParseResult.ok.

This module uses only the standard library and openpyxl, so that it can be tested
without nameko or SQLAlchemy.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
ALIASES_PATH = Path(__file__).resolve().parent / "data" / "scam_type_aliases.json"
PROVINCES_PATH = REPOSITORY_ROOT / "data" / "reference" / "th_provinces_iso3166_2.csv"
DISTRICTS_PATH = REPOSITORY_ROOT / "data" / "reference" / "th_districts_geothai.csv"

WHOLE_COUNTRY = "TH"
XLSX_MAGIC = b"PK\x03\x04"
# Excel 97-2003 (.xls) files are OLE2 compound documents.
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Years from 2400 on are Buddhist-era years (2400 BE is 1857 CE), which Thai users
# often type. Such dates are rejected with a hint instead of being converted.
BUDDHIST_ERA_MIN_YEAR = 2400

IMPORT_COLUMNS = ("period_start", "period_end", "area", "scam_type", "cases", "damage_baht")
PUBLISHED_TYPE_COLUMNS = ("scam_type_th", "scam_type_en")
KNOWN_COLUMNS = IMPORT_COLUMNS + PUBLISHED_TYPE_COLUMNS + ("source",)

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Plain digits or comma-grouped thousands ("1,234"), an optional sign and decimals.
_NUMBER = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?")
_SATANG = Decimal("0.01")
# Exceptions that openpyxl 3.1 raises for a damaged or non-workbook ZIP archive.
_XLSX_READ_ERRORS = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, ParseError)
_INVISIBLE_CHARACTERS = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


# Errors and their messages ---------------------------------------------------

# Thai and English templates per error code. Placeholders: line, field, value,
# related_line. File-level errors (line None) do not use {line}.
_MESSAGES: dict[str, tuple[str, str]] = {
    "encoding": (
        "ไฟล์ไม่ใช่ข้อความแบบ UTF-8 หรือ TIS-620 (cp874) เพราะพบไบต์ที่อ่านไม่ได้ที่ตำแหน่ง {value}"
        " กรุณาบันทึกเป็น \"CSV UTF-8\" หรือไฟล์ Excel (.xlsx) แล้วอัปโหลดใหม่",
        "The file is not UTF-8 or TIS-620 (cp874) text because the byte at offset {value}"
        " cannot be decoded. Save it as \"CSV UTF-8\" or as an Excel workbook (.xlsx)"
        " and upload it again.",
    ),
    "unsupported_format": (
        "ไฟล์เป็น Excel 97-2003 (.xls) ซึ่งระบบไม่รองรับ"
        " กรุณาบันทึกเป็น .xlsx หรือ \"CSV UTF-8\" แล้วอัปโหลดใหม่",
        "The file is an Excel 97-2003 workbook (.xls), which is not supported."
        " Save it as .xlsx or as \"CSV UTF-8\" and upload it again.",
    ),
    "invalid_xlsx": (
        "ไฟล์มีลักษณะเป็น XLSX แต่เปิดอ่านไม่ได้ ({value}) กรุณาเปิดด้วย Excel หรือ LibreOffice"
        " แล้วบันทึกเป็น .xlsx ใหม่ จากนั้นอัปโหลดอีกครั้ง",
        "The file starts like an XLSX workbook but cannot be read ({value})."
        " Open it in Excel or LibreOffice, save it as .xlsx again and upload it.",
    ),
    "invalid_csv": (
        "บรรทัดที่ {line}: อ่านข้อมูล CSV ไม่ได้ ({value})"
        " กรุณาตรวจสอบเครื่องหมายอัญประกาศ (\") ในบรรทัดนี้",
        "Line {line}: the CSV cannot be parsed ({value}). Check the quotes (\") in this line.",
    ),
    "empty_file": (
        "ไฟล์ไม่มีแถวหัวตาราง แถวแรกต้องระบุชื่อคอลัมน์"
        " period_start, period_end, area, scam_type, cases, damage_baht",
        "The file has no header row. The first row must name the columns"
        " period_start, period_end, area, scam_type, cases, damage_baht.",
    ),
    "no_rows": (
        "ไม่มีแถวข้อมูลให้นำเข้า เพราะไม่มีแถวใดระบุ cases หรือ damage_baht"
        " (ข้ามแถวที่ไม่มีตัวเลข {value} แถว) กรุณาเพิ่มแถวที่มีตัวเลขใต้แถวหัวตาราง",
        "The file has no rows to import because no data row gives cases or damage_baht"
        " ({value} rows without figures were skipped). Add rows with figures below the header.",
    ),
    "missing_column": (
        "บรรทัดที่ {line}: ไม่มีคอลัมน์ \"{field}\" ซึ่งจำเป็นต้องมี กรุณาเพิ่มในแถวหัวตาราง"
        " (คอลัมน์ที่ต้องมีคือ period_start, period_end, area, scam_type, cases, damage_baht)",
        "Line {line}: the required column \"{field}\" is missing. Add it to the header."
        " The required columns are period_start, period_end, area, scam_type, cases, damage_baht.",
    ),
    "duplicate_column": (
        "บรรทัดที่ {line}: มีคอลัมน์ \"{field}\" มากกว่าหนึ่งคอลัมน์ กรุณาเหลือไว้คอลัมน์เดียว",
        "Line {line}: the column \"{field}\" appears more than once. Keep only one of them.",
    ),
    "missing_value": (
        "บรรทัดที่ {line}: ช่อง {field} ว่างอยู่ กรุณากรอกข้อมูล",
        "Line {line}: {field} is empty. Fill it in.",
    ),
    "missing_figures": (
        "บรรทัดที่ {line}: ช่อง cases และ damage_baht ว่างทั้งคู่"
        " กรุณากรอกอย่างน้อยหนึ่งช่อง หรือลบแถวนี้",
        "Line {line}: cases and damage_baht are both empty."
        " Fill in at least one of them or remove the row.",
    ),
    "invalid_date": (
        "บรรทัดที่ {line}: {field} \"{value}\" ไม่ใช่วันที่ที่ถูกต้อง"
        " กรุณาเขียนในรูปแบบ YYYY-MM-DD เป็นปี ค.ศ. เช่น 2024-01-31",
        "Line {line}: {field} \"{value}\" is not a valid date."
        " Write it as YYYY-MM-DD with a Christian-era year, for example 2024-01-31.",
    ),
    "buddhist_era_year": (
        "บรรทัดที่ {line}: {field} \"{value}\" ใช้ปี พ.ศ."
        " กรุณาลบ 543 ให้เป็นปี ค.ศ. เช่น 2567 เป็น 2024",
        "Line {line}: {field} \"{value}\" has a Buddhist-era year."
        " Subtract 543 to get the Christian-era year, for example 2567 becomes 2024.",
    ),
    "period_reversed": (
        "บรรทัดที่ {line}: ช่วงเวลา {value} มีวันสิ้นสุดก่อนวันเริ่มต้น"
        " กรุณาตรวจสอบ period_start และ period_end",
        "Line {line}: the period {value} ends before it starts."
        " Check period_start and period_end.",
    ),
    "unknown_area": (
        "บรรทัดที่ {line}: ไม่พบรหัสพื้นที่ \"{value}\" กรุณาใช้ TH สำหรับทั้งประเทศ"
        " รหัสจังหวัด ISO 3166-2 เช่น TH-50 หรือรหัสอำเภอ 4 หลักของกรมการปกครอง เช่น 5001",
        "Line {line}: area \"{value}\" is not a known area code. Use TH for the whole country,"
        " an ISO 3166-2 province code such as TH-50, or a 4-digit DOPA district code such as 5001.",
    ),
    "unknown_scam_type": (
        "บรรทัดที่ {line}: ไม่รู้จักประเภทการหลอกลวง \"{value}\" ในช่อง {field}"
        " กรุณาใช้รหัสประเภท เช่น shopping หรือ call-center"
        " หรือแจ้งคณะทำงานให้เพิ่มชื่อนี้เป็นชื่อเรียกอื่น (alias)",
        "Line {line}: scam type \"{value}\" in {field} is not in the alias table."
        " Use a taxonomy code such as shopping or call-center,"
        " or ask the working group to add this name as an alias.",
    ),
    "conflicting_scam_type": (
        "บรรทัดที่ {line}: scam_type_th และ scam_type_en ระบุประเภทการหลอกลวงต่างกัน ({value})"
        " กรุณาแก้ไขช่องใดช่องหนึ่ง หรือเว้นว่างไว้หนึ่งช่อง",
        "Line {line}: scam_type_th and scam_type_en name different scam types ({value})."
        " Correct one of them or leave one empty.",
    ),
    "invalid_count": (
        "บรรทัดที่ {line}: จำนวนคดี (cases) \"{value}\" ไม่ใช่จำนวนเต็ม"
        " กรุณาใส่ตัวเลขเท่านั้น เช่น 1250",
        "Line {line}: cases \"{value}\" is not a whole number. Write digits only, for example 1250.",
    ),
    "negative_count": (
        "บรรทัดที่ {line}: จำนวนคดี (cases) \"{value}\" ติดลบ จำนวนคดีต้องเป็น 0 ขึ้นไป",
        "Line {line}: cases \"{value}\" is negative. The number of cases must be 0 or more.",
    ),
    "invalid_damage": (
        "บรรทัดที่ {line}: มูลค่าความเสียหาย (damage_baht) \"{value}\" ไม่ใช่จำนวนเงินบาท"
        " กรุณาใส่ตัวเลขที่มีทศนิยมไม่เกิน 2 ตำแหน่งและไม่มีสัญลักษณ์สกุลเงิน เช่น 1500000.50",
        "Line {line}: damage_baht \"{value}\" is not an amount in baht. Write a number with"
        " at most 2 decimal places and no currency sign, for example 1500000.50.",
    ),
    "negative_damage": (
        "บรรทัดที่ {line}: มูลค่าความเสียหาย (damage_baht) \"{value}\" ติดลบ"
        " มูลค่าความเสียหายต้องเป็น 0 ขึ้นไป",
        "Line {line}: damage_baht \"{value}\" is negative. The damage must be 0 or more.",
    ),
    "duplicate_row": (
        "บรรทัดที่ {line}: ช่วงเวลา พื้นที่ และประเภทการหลอกลวง ({value})"
        " ซ้ำกับบรรทัดที่ {related_line} กรุณารวมเป็นแถวเดียวหรือลบแถวใดแถวหนึ่ง",
        "Line {line} repeats the period, area and scam type of line {related_line} ({value})."
        " Merge the two rows into one or remove one of them.",
    ),
}


@dataclass(frozen=True)
class RowError:
    """One problem in an upload.

    line is the CSV line or worksheet row (the header is line 1), or None for a
    problem with the whole file. code is a stable machine code and a key of
    ERROR_CODES. related_line is the first line of a duplicate pair.
    """

    line: int | None
    field: str | None
    value: str
    code: str
    related_line: int | None = None

    @property
    def message_th(self) -> str:
        return self._format(_MESSAGES[self.code][0])

    @property
    def message_en(self) -> str:
        return self._format(_MESSAGES[self.code][1])

    def as_dict(self) -> dict[str, object]:
        """Return the error with both messages, ready for a JSON response."""
        return {
            "line": self.line,
            "field": self.field,
            "value": self.value,
            "code": self.code,
            "related_line": self.related_line,
            "message_th": self.message_th,
            "message_en": self.message_en,
        }

    def _format(self, template: str) -> str:
        return template.format(
            line=self.line,
            field=self.field,
            value=self.value,
            related_line=self.related_line,
        )


ERROR_CODES = frozenset(_MESSAGES)


class UploadDecodeError(ValueError):
    """Raised by decode_upload when the bytes are neither UTF-8 nor cp874 text."""

    def __init__(self, offset: int) -> None:
        self.error = RowError(None, None, str(offset), "encoding")
        super().__init__(self.error.message_en)


# Results ---------------------------------------------------------------------


@dataclass(frozen=True)
class CaseStatRow:
    """One validated row: reported cases and damage for a period, area and scam type.

    cases and damage_baht may each be None, but never both. source_name is the
    row's `source` cell when the file has that column, otherwise the upload's file
    name. line is where the row was in the file.
    """

    period_start: date
    period_end: date
    area_code: str
    scam_type: str
    cases: int | None
    damage_baht: Decimal | None
    source_name: str | None
    line: int


@dataclass
class ParseResult:
    """Rows and errors of one upload.

    rows may be filled even when there are errors, for a preview, but a caller must
    import nothing unless ok is true. skipped_lines lists published-layout rows that
    were skipped because they give neither cases nor damage.
    """

    rows: list[CaseStatRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped_lines: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# Reference data ---------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Return the lookup key of a scam type name.

    The key is NFKC-normalised and case-folded, with zero-width characters removed
    and whitespace collapsed. Nothing else is dropped, so a trailing "ฯ" or
    "(...)" matches only when that spelling is an alias itself.
    """
    text = unicodedata.normalize("NFKC", name).translate(_INVISIBLE_CHARACTERS)

    return " ".join(text.casefold().split())


class AliasTable:
    """Scam type names mapped to taxonomy codes by exact normalised match.

    Each code is also an alias of itself. Building the table raises ValueError when
    one name maps to two codes, or when an extra alias names an unknown code.
    """

    def __init__(self, aliases: Mapping[str, Iterable[str]]) -> None:
        self._codes = frozenset(aliases)
        self._code_by_name: dict[str, str] = {}

        for code, names in aliases.items():
            self._add(code, [code, *names])

    @classmethod
    def from_json(
        cls,
        path: Path = ALIASES_PATH,
        extra: Mapping[str, Iterable[str]] | None = None,
    ) -> AliasTable:
        """Load the {code: [alias, ...]} file, then add the working group's extra aliases."""
        aliases = json.loads(Path(path).read_text(encoding="utf-8"))
        table = cls(aliases)

        return table.with_aliases(extra) if extra else table

    @property
    def codes(self) -> frozenset[str]:
        return self._codes

    def with_aliases(self, extra: Mapping[str, Iterable[str]]) -> AliasTable:
        """Return a copy of the table with more aliases for existing codes."""
        unknown_codes = sorted(set(extra) - self._codes)
        if unknown_codes:
            raise ValueError(f"extra aliases name unknown scam type codes: {unknown_codes}")

        table = AliasTable.__new__(AliasTable)
        table._codes = self._codes
        table._code_by_name = dict(self._code_by_name)

        for code, names in extra.items():
            table._add(code, names)

        return table

    def resolve(self, name: str) -> str | None:
        """Return the taxonomy code for a name, or None when the name is not an alias."""
        return self._code_by_name.get(normalise_name(name))

    def _add(self, code: str, names: Iterable[str]) -> None:
        for name in names:
            key = normalise_name(name)
            known_code = self._code_by_name.setdefault(key, code)

            if known_code != code:
                raise ValueError(f"scam type alias {name!r} maps to both {known_code!r} and {code!r}")


@dataclass(frozen=True)
class AreaCodes:
    """Valid area codes: ISO 3166-2 province codes and 4-digit DOPA district codes.

    The whole country ("TH") is always valid. TH-S (Pattaya) is accepted because the
    province file lists it as an ISO 3166-2 subdivision.
    """

    provinces: frozenset[str]
    districts: frozenset[str]

    def __contains__(self, code: object) -> bool:
        return code == WHOLE_COUNTRY or code in self.provinces or code in self.districts


def load_area_codes(
    provinces_path: Path = PROVINCES_PATH,
    districts_path: Path = DISTRICTS_PATH,
) -> AreaCodes:
    """Read province codes (column iso_3166_2) and district codes (column district_code)."""
    return AreaCodes(
        provinces=_read_column(provinces_path, "iso_3166_2"),
        districts=_read_column(districts_path, "district_code"),
    )


def _read_column(path: Path, column: str) -> frozenset[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        values = [row[column].strip() for row in csv.DictReader(handle)]

    return frozenset(value for value in values if value)


@dataclass(frozen=True)
class ReferenceData:
    """Alias table and area codes, loaded once and passed to each parse call."""

    aliases: AliasTable
    areas: AreaCodes


def load_reference_data(extra_aliases: Mapping[str, Iterable[str]] | None = None) -> ReferenceData:
    """Load the seed alias table (plus extra aliases) and the area code files."""
    return ReferenceData(
        aliases=AliasTable.from_json(ALIASES_PATH, extra_aliases),
        areas=load_area_codes(),
    )


# Decoding ---------------------------------------------------------------------


def decode_upload(data: bytes) -> str:
    """Decode CSV bytes as UTF-8 (with or without BOM), else as Thai TIS-620/cp874.

    UTF-8 is tried first because Thai text in cp874 is practically never valid
    UTF-8. cp874 is a superset of TIS-620. A file that starts with the UTF-8 BOM is
    only decoded as UTF-8. Raises UploadDecodeError with the offset of the first
    byte that cannot be decoded, and for NUL bytes, which no CSV text contains
    (UTF-16 files do).
    """
    nul_offset = data.find(b"\x00")
    if nul_offset >= 0:
        raise UploadDecodeError(nul_offset)

    if data.startswith(codecs.BOM_UTF8):
        return _decode_utf8(data[len(codecs.BOM_UTF8):], offset_shift=len(codecs.BOM_UTF8))

    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        first_bad_offset = utf8_error.start

    try:
        return data.decode("cp874")
    except UnicodeDecodeError:
        raise UploadDecodeError(first_bad_offset) from None


def _decode_utf8(data: bytes, offset_shift: int) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UploadDecodeError(error.start + offset_shift) from None


# Column layout ------------------------------------------------------------------


@dataclass(frozen=True)
class _RawRecord:
    """The cells of one data row, by canonical column name, stripped of whitespace."""

    line: int
    cells: Mapping[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass(frozen=True)
class _ColumnLayout:
    """Positions of the known columns, and the columns that name the scam type.

    published is true for the reference file's layout (scam_type_th/scam_type_en
    in place of scam_type). A missing area column then means the whole country.
    """

    positions: Mapping[str, int]
    scam_type_columns: tuple[str, ...]
    published: bool

    def read(self, line: int, cells: list[str]) -> _RawRecord:
        values = {
            column: cells[index] if index < len(cells) else ""
            for column, index in self.positions.items()
        }
        return _RawRecord(line, values)


def _read_header(line: int, cells: list[str]) -> tuple[_ColumnLayout | None, list[RowError]]:
    names = [_normalise_header(cell) for cell in cells]
    errors = [
        RowError(line, name, "", "duplicate_column")
        for name in KNOWN_COLUMNS
        if names.count(name) > 1
    ]
    positions = {name: index for index, name in enumerate(names) if name in KNOWN_COLUMNS}

    if "scam_type" in positions:
        scam_type_columns, published = ("scam_type",), False
    else:
        scam_type_columns = tuple(c for c in PUBLISHED_TYPE_COLUMNS if c in positions)
        published = bool(scam_type_columns)

    errors += _missing_columns(line, positions, published)
    if errors:
        return None, errors

    return _ColumnLayout(positions, scam_type_columns, published), []


def _missing_columns(line: int, positions: Mapping[str, int], published: bool) -> list[RowError]:
    required = ["period_start", "period_end", "cases", "damage_baht"]
    if not published:
        required += ["area", "scam_type"]

    return [
        RowError(line, column, "", "missing_column")
        for column in IMPORT_COLUMNS
        if column in required and column not in positions
    ]


def _normalise_header(cell: str) -> str:
    return cell.replace("\ufeff", "").strip().casefold()


# Field parsing -----------------------------------------------------------------
# Each parser appends its errors to `errors` and returns None for an invalid or
# empty cell.


def _parse_date(record: _RawRecord, column: str, errors: list[RowError]) -> date | None:
    text = record.get(column)

    if not text:
        errors.append(RowError(record.line, column, text, "missing_value"))
        return None

    match = _ISO_DATE.fullmatch(text)
    if match is None:
        errors.append(RowError(record.line, column, text, "invalid_date"))
        return None

    if int(match.group(1)) >= BUDDHIST_ERA_MIN_YEAR:
        errors.append(RowError(record.line, column, text, "buddhist_era_year"))
        return None

    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append(RowError(record.line, column, text, "invalid_date"))
        return None


def _parse_area(
    record: _RawRecord, layout: _ColumnLayout, areas: AreaCodes, errors: list[RowError]
) -> str | None:
    if "area" not in layout.positions:
        return WHOLE_COUNTRY

    text = record.get("area")
    if not text:
        errors.append(RowError(record.line, "area", text, "missing_value"))
        return None

    code = text.upper()
    if code not in areas:
        errors.append(RowError(record.line, "area", text, "unknown_area"))
        return None

    return code


def _resolve_scam_type(
    record: _RawRecord, layout: _ColumnLayout, aliases: AliasTable, errors: list[RowError]
) -> str | None:
    """Resolve every non-empty scam type cell of the row, which must agree on one code."""
    named = [
        (column, record.get(column))
        for column in layout.scam_type_columns
        if record.get(column)
    ]

    if not named:
        errors.append(RowError(record.line, layout.scam_type_columns[0], "", "missing_value"))
        return None

    codes = set()
    for column, name in named:
        code = aliases.resolve(name)
        if code is None:
            errors.append(RowError(record.line, column, name, "unknown_scam_type"))
        codes.add(code)

    if None in codes:
        return None

    if len(codes) > 1:
        value = " / ".join(name for _, name in named)
        errors.append(RowError(record.line, "scam_type_en", value, "conflicting_scam_type"))
        return None

    return codes.pop()


def _parse_number(text: str) -> Decimal | None:
    if _NUMBER.fullmatch(text) is None:
        return None

    return Decimal(text.replace(",", ""))


def _parse_cases(record: _RawRecord, errors: list[RowError]) -> int | None:
    text = record.get("cases")
    if not text:
        return None

    number = _parse_number(text)
    if number is None or number != number.to_integral_value():
        errors.append(RowError(record.line, "cases", text, "invalid_count"))
        return None

    if number < 0:
        errors.append(RowError(record.line, "cases", text, "negative_count"))
        return None

    return int(number)


def _parse_damage(record: _RawRecord, errors: list[RowError]) -> Decimal | None:
    text = record.get("damage_baht")
    if not text:
        return None

    number = _parse_number(text)
    if number is None:
        errors.append(RowError(record.line, "damage_baht", text, "invalid_damage"))
        return None

    if number < 0:
        errors.append(RowError(record.line, "damage_baht", text, "negative_damage"))
        return None

    if number != number.quantize(_SATANG):
        errors.append(RowError(record.line, "damage_baht", text, "invalid_damage"))
        return None

    return number


# Row validation ------------------------------------------------------------------


def _validate_record(
    record: _RawRecord,
    layout: _ColumnLayout,
    reference: ReferenceData,
    file_name: str | None,
) -> tuple[CaseStatRow | None, list[RowError]]:
    """Check every field of one data row and build the row when all are valid."""
    errors: list[RowError] = []

    period_start = _parse_date(record, "period_start", errors)
    period_end = _parse_date(record, "period_end", errors)
    if period_start and period_end and period_end < period_start:
        value = f"{period_start.isoformat()}..{period_end.isoformat()}"
        errors.append(RowError(record.line, "period_end", value, "period_reversed"))

    area_code = _parse_area(record, layout, reference.areas, errors)
    scam_type = _resolve_scam_type(record, layout, reference.aliases, errors)

    # Cases and damage are each optional because published figures often give only
    # one of them. A row with neither carries nothing to store.
    cases = _parse_cases(record, errors)
    damage_baht = _parse_damage(record, errors)
    if _is_without_figures(record):
        errors.append(RowError(record.line, "cases", "", "missing_figures"))

    if errors:
        return None, errors

    row = CaseStatRow(
        period_start=period_start,
        period_end=period_end,
        area_code=area_code,
        scam_type=scam_type,
        cases=cases,
        damage_baht=damage_baht,
        source_name=record.get("source") or file_name,
        line=record.line,
    )
    return row, []


def _find_duplicates(rows: Iterable[CaseStatRow]) -> list[RowError]:
    """Report each row whose period, area and scam type appeared on an earlier line."""
    first_line: dict[tuple, int] = {}
    errors = []

    for row in rows:
        key = (row.period_start, row.period_end, row.area_code, row.scam_type)

        if key in first_line:
            period = f"{row.period_start.isoformat()}..{row.period_end.isoformat()}"
            value = f"{period} {row.area_code} {row.scam_type}"
            errors.append(
                RowError(row.line, "scam_type", value, "duplicate_row", related_line=first_line[key])
            )
        else:
            first_line[key] = row.line

    return errors


def _is_blank(cells: list[str]) -> bool:
    return all(not cell for cell in cells)


def _is_without_figures(record: _RawRecord) -> bool:
    return not record.get("cases") and not record.get("damage_baht")


def _parse_records(
    records: Iterable[tuple[int, list[str]]],
    reference: ReferenceData,
    file_name: str | None,
) -> ParseResult:
    """Validate (line, cells) records, the first non-blank one being the header."""
    result = ParseResult()
    layout = None

    for line, cells in records:
        if _is_blank(cells):
            continue

        if layout is None:
            layout, header_errors = _read_header(line, cells)
            if header_errors:
                result.errors = header_errors
                return result
            continue

        _add_record(result, layout.read(line, cells), layout, reference, file_name)

    if layout is None:
        result.errors.append(RowError(None, None, "", "empty_file"))
        return result

    result.errors += _find_duplicates(result.rows)
    if not result.rows and not result.errors:
        result.errors.append(RowError(None, None, str(len(result.skipped_lines)), "no_rows"))

    result.errors.sort(key=lambda error: error.line or 0)
    return result


def _add_record(
    result: ParseResult,
    record: _RawRecord,
    layout: _ColumnLayout,
    reference: ReferenceData,
    file_name: str | None,
) -> None:
    # The published file also quotes sources that gave only a percentage share
    # (share_pct), some with year-only periods such as "2022". Those rows have
    # nothing to store, so they are skipped unchecked and listed in skipped_lines.
    # In the import format the same row is a missing_figures error.
    if layout.published and _is_without_figures(record):
        result.skipped_lines.append(record.line)
        return

    row, errors = _validate_record(record, layout, reference, file_name)
    if row is not None:
        result.rows.append(row)
    result.errors += errors


# CSV and XLSX readers -------------------------------------------------------------


def parse_csv(text: str, reference: ReferenceData, file_name: str | None = None) -> ParseResult:
    """Parse and validate decoded CSV text.

    file_name becomes the source_name of rows that have no `source` cell.
    """
    records, errors = _read_csv_records(text)
    if errors:
        return ParseResult(errors=errors)

    return _parse_records(records, reference, file_name)


def _read_csv_records(text: str) -> tuple[list[tuple[int, list[str]]], list[RowError]]:
    """Split CSV text into (first line number, stripped cells) per record.

    A quoted cell may span lines, so a record's number is the line it starts on.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []

    while True:
        start_line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return records, []
        except csv.Error as error:
            return [], [RowError(start_line, None, str(error), "invalid_csv")]

        records.append((start_line, [cell.strip() for cell in cells]))


def parse_xlsx(data: bytes, reference: ReferenceData, file_name: str | None = None) -> ParseResult:
    """Parse and validate the first worksheet of an XLSX workbook.

    Line numbers are worksheet row numbers. file_name becomes the source_name of
    rows that have no `source` cell.
    """
    records, errors = _read_xlsx_records(data)
    if errors:
        return ParseResult(errors=errors)

    return _parse_records(records, reference, file_name)


def _read_xlsx_records(data: bytes) -> tuple[list[tuple[int, list[str]]], list[RowError]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _XLSX_READ_ERRORS as error:
        return [], [RowError(None, None, _describe(error), "invalid_xlsx")]

    try:
        return _read_first_worksheet(workbook), []
    except _XLSX_READ_ERRORS as error:
        return [], [RowError(None, None, _describe(error), "invalid_xlsx")]
    finally:
        workbook.close()


def _read_first_worksheet(workbook) -> list[tuple[int, list[str]]]:
    if not workbook.worksheets:
        return []

    sheet = workbook.worksheets[0]
    # A read-only sheet trusts the size stored in the file, which some writers
    # get wrong. Resetting it makes openpyxl read every stored row.
    sheet.reset_dimensions()

    return [
        (row_number, [_cell_text(value) for value in values])
        for row_number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]


def _cell_text(value: object) -> str:
    """Convert a worksheet cell value to the text a CSV cell would contain."""
    if value is None:
        return ""

    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()

    if isinstance(value, date):
        return value.isoformat()

    # Some writers save whole numbers as "100694.0", which openpyxl returns as a float.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))

    return str(value).strip()


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def parse_upload(file_name: str, data: bytes, reference: ReferenceData) -> ParseResult:
    """Parse an uploaded file as XLSX or CSV, chosen by its content, not its name."""
    if data.startswith(XLSX_MAGIC):
        return parse_xlsx(data, reference, file_name)

    if data.startswith(XLS_MAGIC):
        return ParseResult(errors=[RowError(None, None, file_name, "unsupported_format")])

    try:
        text = decode_upload(data)
    except UploadDecodeError as error:
        return ParseResult(errors=[error.error])

    return parse_csv(text, reference, file_name)
