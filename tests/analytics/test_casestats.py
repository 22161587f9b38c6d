"""Tests for the case statistics parser (services/analytics/casestats.py)."""

import csv
import io
import json
import subprocess
import sys
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from services.analytics import casestats
from services.analytics.casestats import (
    ERROR_CODES,
    AliasTable,
    RowError,
    UploadDecodeError,
    decode_upload,
    load_reference_data,
    parse_csv,
    parse_upload,
    parse_xlsx,
)

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
PUBLISHED_CSV = REPOSITORY_ROOT / "data" / "reference" / "thaipoliceonline_stats_by_type.csv"
TAXONOMY_JSON = REPOSITORY_ROOT / "cybervaccine" / "data" / "scam_types.json"

IMPORT_HEADER = "period_start,period_end,area,scam_type,cases,damage_baht"
GOOD_ROW = "2024-01-01,2024-01-31,TH,shopping,120,3500000"

THAI_CSV = "\n".join([
    IMPORT_HEADER,
    "2024-01-01,2024-01-31,TH-50,หลอกลวงซื้อขายสินค้าหรือบริการ,120,3500000.50",
    "2024-01-01,2024-01-31,5001,ข่มขู่ทางโทรศัพท์,7,",
    "2024-01-01,2024-01-31,TH,หลอกให้รักแล้วโอนเงิน,,980000",
]) + "\n"


@pytest.fixture(scope="module")
def reference():
    return load_reference_data()


def csv_text(*lines):
    return "\n".join(lines) + "\n"


def error_keys(result):
    return [(error.line, error.field, error.code) for error in result.errors]


def workbook_bytes(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active

    for row in rows:
        sheet.append(row)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# The real published file --------------------------------------------------------


@pytest.fixture(scope="module")
def published(reference):
    return parse_upload(PUBLISHED_CSV.name, PUBLISHED_CSV.read_bytes(), reference)


def test_published_file_has_no_errors(published):
    assert published.errors == []
    assert published.ok


def test_published_file_row_count(published):
    # 61 data rows, of which the 15 share-only rows (lines 48-62) carry no figures.
    assert len(published.rows) == 46
    assert published.skipped_lines == list(range(48, 63))


def test_published_shopping_row(published):
    shopping = [
        row for row in published.rows
        if row.scam_type == "shopping" and row.period_end == date(2023, 9, 30)
    ]

    assert len(shopping) == 1
    assert shopping[0].period_start == date(2022, 3, 1)
    assert shopping[0].cases == 100694
    assert shopping[0].damage_baht == Decimal("1900000000")
    assert shopping[0].area_code == "TH"
    assert shopping[0].line == 2
    assert shopping[0].source_name.startswith("https://www.bangkokpost.com/")


def test_published_damage_only_row(published):
    job = [
        row for row in published.rows
        if row.scam_type == "job" and row.period_end == date(2024, 10, 31)
    ]

    assert len(job) == 1
    assert job[0].cases is None
    assert job[0].damage_baht == Decimal("11349462554")


def test_published_rows_are_whole_country(published):
    assert {row.area_code for row in published.rows} == {"TH"}


def test_published_cases_match_reference_file(published):
    with open(PUBLISHED_CSV, encoding="utf-8", newline="") as handle:
        expected = sorted(int(row["cases"]) for row in csv.DictReader(handle) if row["cases"])

    assert sorted(row.cases for row in published.rows if row.cases is not None) == expected


# Alias table -------------------------------------------------------------------


def published_type_names():
    with open(PUBLISHED_CSV, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    names = {row["scam_type_th"] for row in rows} | {row["scam_type_en"] for row in rows}
    return sorted(name for name in names if name)


@pytest.mark.parametrize("name", published_type_names())
def test_every_published_name_resolves(reference, name):
    assert reference.aliases.resolve(name) is not None


# Names whose code needs a judgement call. The 2022 blog list follows the official
# ranking, where the type after impersonation is the prize/other-purpose transfer,
# and it already lists shopping and organised shopping on their own lines.
@pytest.mark.parametrize("name, code", [
    ("หลอกให้โอนเงินแบบไม่เป็นขบวนการ", "reward"),
    ("หลอกให้รักแล้วลงทุน (romance)", "romance"),
    ("เงินกู้ออนไลน์", "loan"),
    ("lending frauds", "loan"),
    ("digital asset investment", "digital-asset"),
    ("bogus product/service vendors", "shopping"),
    ("consumer fraud (buy goods/services)", "shopping"),
    ("purchase of products and services", "shopping"),
    ("หลอกลวงซื้อขายสินค้าและบริการ", "shopping"),
    ("หลอกลวงซื้อสินค้าแบบเป็นขบวนการ", "shopping-organised"),
    ("call-centre threat scams", "call-center"),
    ("ข่มขู่ทางโทรศัพท์ (Call center)", "call-center"),
    ("หลอกลวงทางโทรศัพท์ (call center)", "call-center"),
    ("call (call-centre) scams", "call-center"),
    ("หลอกให้โอนเงินเพื่อทำงานฯ", "job"),
    ("หลอกให้โอนเงินเพื่อหารายได้จากการทำกิจกรรม", "job"),
    ("หลอกให้ติดตั้งโปรแกรมควบคุมระบบฯ", "remote-access"),
    ("fund transfers for prizes/other", "reward"),
])
def test_published_name_maps_to_code(reference, name, code):
    assert reference.aliases.resolve(name) == code


def test_alias_file_covers_taxonomy():
    taxonomy = json.loads(TAXONOMY_JSON.read_text(encoding="utf-8"))
    aliases = json.loads(casestats.ALIASES_PATH.read_text(encoding="utf-8"))

    assert set(aliases) == {entry["code"] for entry in taxonomy}
    assert all(aliases[code] for code in aliases)


def test_taxonomy_names_resolve(reference):
    taxonomy = json.loads(TAXONOMY_JSON.read_text(encoding="utf-8"))

    for entry in taxonomy:
        assert reference.aliases.resolve(entry["name_th"]) == entry["code"]
        assert reference.aliases.resolve(entry["name_en"]) == entry["code"]
        assert reference.aliases.resolve(entry["code"]) == entry["code"]


def test_resolve_normalises_case_and_spaces(reference):
    assert reference.aliases.resolve("  LOAN \t  Scams ") == "loan"
    assert reference.aliases.resolve("ข่มขู่ทางโทรศัพท์\u00a0(CALL  CENTER)") == "call-center"
    assert reference.aliases.resolve("หลอกให้\u200bกู้เงิน") == "loan"


@pytest.mark.parametrize("name", [
    "หลอกให้โอนเงินเพื่อรับรางวัล",
    "หลอกให้ติดตั้งโปรแกรมควบคุมระบบ",
    "call-centre threat scam",
    "ข่มขู่ทางโทรศัพท์(call center)",
    "shoping",
    "",
])
def test_resolve_never_guesses(reference, name):
    assert reference.aliases.resolve(name) is None


def test_extra_alias_makes_name_import():
    row = "2024-01-01,2024-01-31,TH,pig butchering,40,"
    text = csv_text(IMPORT_HEADER, row)

    base = parse_csv(text, load_reference_data())
    extended = parse_csv(text, load_reference_data({"investment": ["Pig Butchering"]}))

    assert error_keys(base) == [(2, "scam_type", "unknown_scam_type")]
    assert extended.ok
    assert extended.rows[0].scam_type == "investment"


def test_extra_alias_rejects_unknown_code(reference):
    with pytest.raises(ValueError, match="unknown scam type codes"):
        reference.aliases.with_aliases({"pyramid": ["pyramid scheme"]})


def test_extra_alias_rejects_conflict(reference):
    with pytest.raises(ValueError, match="maps to both"):
        reference.aliases.with_aliases({"investment": ["Loan Scams"]})


def test_extra_alias_leaves_base_table(reference):
    reference.aliases.with_aliases({"investment": ["pig butchering"]})

    assert reference.aliases.resolve("pig butchering") is None


def test_alias_table_from_mapping():
    table = AliasTable({"loan": ["หลอกให้กู้เงิน"], "other": []})

    assert table.codes == frozenset({"loan", "other"})
    assert table.resolve("หลอกให้กู้เงิน") == "loan"
    assert table.resolve("other") == "other"


# Import format --------------------------------------------------------------------


def test_import_format_rows(reference):
    result = parse_csv(csv_text(IMPORT_HEADER, GOOD_ROW), reference, file_name="jan.csv")

    assert result.ok
    assert result.rows == [
        casestats.CaseStatRow(
            period_start=date(2024, 1, 1),
            period_end=date(2024, 1, 31),
            area_code="TH",
            scam_type="shopping",
            cases=120,
            damage_baht=Decimal("3500000"),
            source_name="jan.csv",
            line=2,
        )
    ]


def test_header_case_bom_and_extra_columns(reference):
    text = csv_text(
        "\ufeffNote, Scam_Type ,AREA,Period_Start,PERIOD_END,Damage_Baht,Cases",
        "checked,loan,TH-10,2024-01-01,2024-03-31,,15",
    )

    result = parse_csv(text, reference)

    assert result.ok
    assert result.rows[0].scam_type == "loan"
    assert result.rows[0].area_code == "TH-10"
    assert result.rows[0].cases == 15
    assert result.rows[0].damage_baht is None


@pytest.mark.parametrize("area, expected", [
    ("TH", "TH"),
    ("th", "TH"),
    ("TH-50", "TH-50"),
    ("th-50", "TH-50"),
    ("TH-S", "TH-S"),
    ("5001", "5001"),
    ("1001", "1001"),
])
def test_known_area_codes(reference, area, expected):
    row = f"2024-01-01,2024-01-31,{area},loan,1,"

    result = parse_csv(csv_text(IMPORT_HEADER, row), reference)

    assert result.ok
    assert result.rows[0].area_code == expected


@pytest.mark.parametrize("text, expected", [
    ('"1,234"', 1234),
    ("100694.0", 100694),
    ("0", 0),
    ("+5", 5),
])
def test_case_counts_accepted(reference, text, expected):
    row = f"2024-01-01,2024-01-31,TH,loan,{text},"

    result = parse_csv(csv_text(IMPORT_HEADER, row), reference)

    assert result.ok
    assert result.rows[0].cases == expected


@pytest.mark.parametrize("text, expected", [
    ('"1,500,000.50"', Decimal("1500000.50")),
    ("1900000000.0", Decimal("1900000000")),
    ("0.5", Decimal("0.5")),
    ("12.300", Decimal("12.3")),
])
def test_damage_amounts_accepted(reference, text, expected):
    row = f"2024-01-01,2024-01-31,TH,loan,,{text}"

    result = parse_csv(csv_text(IMPORT_HEADER, row), reference)

    assert result.ok
    assert result.rows[0].damage_baht == expected


def test_one_day_period_accepted(reference):
    row = "2024-01-31,2024-01-31,TH,loan,3,"

    assert parse_csv(csv_text(IMPORT_HEADER, row), reference).ok


# Bad input: each row is line 3, after a good row on line 2.
BAD_ROWS = [
    ("2024-01-01,2024-01-31,TH,shopping,,", "cases", "missing_figures"),
    (",2024-01-31,TH,shopping,5,", "period_start", "missing_value"),
    ("2024-01-01,,TH,shopping,5,", "period_end", "missing_value"),
    ("2024-01-01,2024/01/31,TH,shopping,5,", "period_end", "invalid_date"),
    ("01/01/2024,2024-01-31,TH,shopping,5,", "period_start", "invalid_date"),
    ("2024-02-30,2024-03-31,TH,shopping,5,", "period_start", "invalid_date"),
    ("20240101,2024-01-31,TH,shopping,5,", "period_start", "invalid_date"),
    ("2567-01-01,2024-01-31,TH,shopping,5,", "period_start", "buddhist_era_year"),
    ("2024-02-01,2024-01-31,TH,shopping,5,", "period_end", "period_reversed"),
    ("2024-01-01,2024-01-31,,shopping,5,", "area", "missing_value"),
    ("2024-01-01,2024-01-31,TH-99,shopping,5,", "area", "unknown_area"),
    ("2024-01-01,2024-01-31,9999,shopping,5,", "area", "unknown_area"),
    ("2024-01-01,2024-01-31,50,shopping,5,", "area", "unknown_area"),
    ("2024-01-01,2024-01-31,Bangkok,shopping,5,", "area", "unknown_area"),
    ("2024-01-01,2024-01-31,TH,,5,", "scam_type", "missing_value"),
    ("2024-01-01,2024-01-31,TH,pyramid scheme,5,", "scam_type", "unknown_scam_type"),
    ("2024-01-01,2024-01-31,TH,shopping,-3,", "cases", "negative_count"),
    ("2024-01-01,2024-01-31,TH,shopping,12.5,", "cases", "invalid_count"),
    ("2024-01-01,2024-01-31,TH,shopping,many,", "cases", "invalid_count"),
    ("2024-01-01,2024-01-31,TH,shopping,1e3,", "cases", "invalid_count"),
    ("2024-01-01,2024-01-31,TH,shopping,5,-100", "damage_baht", "negative_damage"),
    ("2024-01-01,2024-01-31,TH,shopping,5,12.345", "damage_baht", "invalid_damage"),
    ("2024-01-01,2024-01-31,TH,shopping,5,฿100", "damage_baht", "invalid_damage"),
    ("2024-01-01,2024-01-31,TH,shopping,5,NaN", "damage_baht", "invalid_damage"),
]


@pytest.mark.parametrize("row, field, code", BAD_ROWS)
def test_bad_row_reports_code_and_line(reference, row, field, code):
    result = parse_csv(csv_text(IMPORT_HEADER, GOOD_ROW, row), reference)

    assert not result.ok
    assert error_keys(result) == [(3, field, code)]
    assert [row.line for row in result.rows] == [2]


def test_bad_row_error_keeps_value(reference):
    row = "2024-01-01,2024-01-31,TH,pyramid scheme,5,"

    result = parse_csv(csv_text(IMPORT_HEADER, row), reference)

    assert result.errors[0].value == "pyramid scheme"


def test_row_reports_every_bad_field(reference):
    row = "2024-13-01,2024-01-31,TH-00,nonsense,-1,-2"

    result = parse_csv(csv_text(IMPORT_HEADER, row), reference)

    assert [error.code for error in result.errors] == [
        "invalid_date",
        "unknown_area",
        "unknown_scam_type",
        "negative_count",
        "negative_damage",
    ]
    assert {error.line for error in result.errors} == {2}


def test_duplicate_rows_name_both_lines(reference):
    text = csv_text(
        IMPORT_HEADER,
        "2024-01-01,2024-01-31,TH,shopping,5,",
        "2024-01-01,2024-01-31,TH-50,shopping,6,",
        "2024-01-01,2024-01-31,TH,หลอกลวงซื้อขายสินค้าหรือบริการ,7,",
    )

    result = parse_csv(text, reference)

    assert error_keys(result) == [(4, "scam_type", "duplicate_row")]
    assert result.errors[0].related_line == 2
    assert "2" in result.errors[0].message_en
    assert "4" in result.errors[0].message_en
    assert "บรรทัดที่ 2" in result.errors[0].message_th


def test_duplicate_needs_same_period(reference):
    text = csv_text(
        IMPORT_HEADER,
        "2024-01-01,2024-01-31,TH,shopping,5,",
        "2024-01-01,2024-02-29,TH,shopping,9,",
    )

    assert parse_csv(text, reference).ok


def test_published_layout_duplicate_names(reference):
    text = csv_text(
        "period_start,period_end,scam_type_th,scam_type_en,cases,damage_baht",
        "2024-01-01,2024-03-31,,loan scams,5,",
        "2024-01-01,2024-03-31,เงินกู้ออนไลน์,,6,",
    )

    result = parse_csv(text, reference)

    assert error_keys(result) == [(3, "scam_type", "duplicate_row")]
    assert result.errors[0].related_line == 2


def test_conflicting_thai_and_english_names(reference):
    text = csv_text(
        "period_start,period_end,scam_type_th,scam_type_en,cases,damage_baht",
        "2024-01-01,2024-03-31,หลอกให้กู้เงิน,romance scams,5,",
        "2024-01-01,2024-03-31,หลอกให้ลงทุน,investment scams,5,",
    )

    result = parse_csv(text, reference)

    assert error_keys(result) == [(2, "scam_type_en", "conflicting_scam_type")]
    assert result.rows[0].scam_type == "investment"


def test_published_layout_skips_share_only_rows(reference):
    text = csv_text(
        "period_start,period_end,scam_type_th,scam_type_en,cases,damage_baht,share_pct",
        "2024-01-01,2024-03-31,,loan scams,5,,",
        "2022,2022,,loan scams,,,12.02",
    )

    result = parse_csv(text, reference)

    assert result.ok
    assert result.skipped_lines == [3]
    assert len(result.rows) == 1


def test_published_layout_without_any_figures(reference):
    text = csv_text(
        "period_start,period_end,scam_type_en,cases,damage_baht",
        "2022,2022,loan scams,,",
    )

    result = parse_csv(text, reference)

    assert error_keys(result) == [(None, None, "no_rows")]
    assert result.errors[0].value == "1"


def test_published_layout_accepts_area_column(reference):
    text = csv_text(
        "period_start,period_end,area,scam_type_en,cases,damage_baht",
        "2024-01-01,2024-03-31,TH-50,loan scams,5,",
    )

    result = parse_csv(text, reference)

    assert result.rows[0].area_code == "TH-50"


def test_published_layout_requires_a_name(reference):
    text = csv_text(
        "period_start,period_end,scam_type_th,scam_type_en,cases,damage_baht",
        "2024-01-01,2024-03-31,,,5,",
    )

    result = parse_csv(text, reference)

    assert error_keys(result) == [(2, "scam_type_th", "missing_value")]


def test_source_column_becomes_source_name(reference):
    text = csv_text(
        IMPORT_HEADER + ",source",
        GOOD_ROW + ",ThaiPoliceOnline weekly report",
        "2024-01-01,2024-01-31,TH,loan,3,,",
    )

    result = parse_csv(text, reference, file_name="upload.csv")

    assert [row.source_name for row in result.rows] == ["ThaiPoliceOnline weekly report", "upload.csv"]


# Header and file-level errors ---------------------------------------------------


@pytest.mark.parametrize("header, missing", [
    ("period_start,period_end,scam_type,cases,damage_baht", "area"),
    ("period_start,period_end,area,cases,damage_baht", "scam_type"),
    ("period_start,area,scam_type,cases,damage_baht", "period_end"),
    ("period_start,period_end,area,scam_type,damage_baht", "cases"),
    ("period_start,period_end,area,scam_type,cases", "damage_baht"),
])
def test_missing_column(reference, header, missing):
    result = parse_csv(csv_text(header, GOOD_ROW), reference)

    assert error_keys(result) == [(1, missing, "missing_column")]
    assert result.rows == []


def test_missing_columns_all_reported(reference):
    result = parse_csv(csv_text("date,type,count", "2024-01-01,loan,5"), reference)

    assert [error.field for error in result.errors] == [
        "period_start", "period_end", "area", "scam_type", "cases", "damage_baht",
    ]
    assert {error.code for error in result.errors} == {"missing_column"}


def test_duplicate_column(reference):
    result = parse_csv(csv_text(IMPORT_HEADER + ",Cases", GOOD_ROW + ",4"), reference)

    assert error_keys(result) == [(1, "cases", "duplicate_column")]


def test_empty_file(reference):
    assert error_keys(parse_csv("", reference)) == [(None, None, "empty_file")]
    assert error_keys(parse_csv("\n,,,\n", reference)) == [(None, None, "empty_file")]


def test_header_only_file(reference):
    result = parse_csv(csv_text(IMPORT_HEADER), reference)

    assert error_keys(result) == [(None, None, "no_rows")]
    assert result.errors[0].value == "0"


def test_line_numbers_count_blank_and_multiline(reference):
    text = (
        IMPORT_HEADER + "\r\n"
        "\r\n"
        '2024-01-01,2024-01-31,TH,"หลอกให้\nกู้เงิน",5,\r\n'
        ",,,,,\r\n"
        "2024-01-01,2024-01-31,TH,shopping,-1,\r\n"
    )

    result = parse_csv(text, reference)

    assert error_keys(result) == [(3, "scam_type", "unknown_scam_type"), (6, "cases", "negative_count")]


def test_short_row_is_missing_cells(reference):
    result = parse_csv(csv_text(IMPORT_HEADER, "2024-01-01,2024-01-31,TH"), reference)

    assert error_keys(result) == [(2, "scam_type", "missing_value"), (2, "cases", "missing_figures")]


def test_oversized_field_is_invalid_csv(reference):
    previous_limit = csv.field_size_limit(100)
    try:
        result = parse_csv(csv_text(IMPORT_HEADER, GOOD_ROW, "x" * 200), reference)
    finally:
        csv.field_size_limit(previous_limit)

    assert error_keys(result) == [(3, None, "invalid_csv")]


# Encodings --------------------------------------------------------------------------


def test_utf8_bom_and_cp874_give_same_rows(reference):
    plain = parse_upload("thai.csv", THAI_CSV.encode("utf-8"), reference)
    with_bom = parse_upload("thai.csv", THAI_CSV.encode("utf-8-sig"), reference)
    thai_codepage = parse_upload("thai.csv", THAI_CSV.encode("cp874"), reference)

    assert plain.ok
    assert [row.scam_type for row in plain.rows] == ["shopping", "call-center", "romance"]
    assert with_bom.rows == plain.rows
    assert thai_codepage.rows == plain.rows
    assert thai_codepage.errors == []


def test_published_file_as_cp874(reference):
    data = PUBLISHED_CSV.read_text(encoding="utf-8").encode("cp874")

    result = parse_upload(PUBLISHED_CSV.name, data, reference)

    assert result.ok
    assert len(result.rows) == 46


def test_decode_upload_strips_bom():
    assert decode_upload("\ufeffหลอกให้กู้เงิน".encode("utf-8")) == "หลอกให้กู้เงิน"


def test_decode_upload_reads_tis620():
    assert decode_upload("หลอกให้กู้เงิน".encode("tis-620")) == "หลอกให้กู้เงิน"


def test_decode_upload_rejects_undecodable_bytes():
    with pytest.raises(UploadDecodeError) as raised:
        decode_upload(b"period_start\xff\xfe")

    assert raised.value.error.code == "encoding"
    assert raised.value.error.value == "12"


def test_decode_upload_bom_means_utf8():
    data = b"\xef\xbb\xbfperiod_start," + "หลอก".encode("cp874")

    with pytest.raises(UploadDecodeError) as raised:
        decode_upload(data)

    assert raised.value.error.value == "16"


def test_decode_upload_rejects_utf16():
    with pytest.raises(UploadDecodeError):
        decode_upload(THAI_CSV.encode("utf-16-le"))


def test_upload_encoding_error(reference):
    result = parse_upload("stats.csv", THAI_CSV.encode("utf-16"), reference)

    assert error_keys(result) == [(None, None, "encoding")]
    assert "UTF-8" in result.errors[0].message_en
    assert "UTF-8" in result.errors[0].message_th


# XLSX ----------------------------------------------------------------------------------

XLSX_HEADER = ["period_start", "period_end", "area", "scam_type", "cases", "damage_baht"]


def test_xlsx_parses_typed_cells(reference):
    data = workbook_bytes([
        XLSX_HEADER,
        [datetime(2024, 1, 1), datetime(2024, 1, 31), "TH-50", "หลอกให้กู้เงิน", 120, 3500000.5],
        ["2024-01-01", "2024-01-31", 5001, "investment scams", 7.0, None],
        [date(2024, 1, 1), date(2024, 1, 31), "TH", "romance", None, 980000],
    ])

    result = parse_xlsx(data, reference, file_name="jan.xlsx")

    assert result.ok
    assert [(row.line, row.area_code, row.scam_type) for row in result.rows] == [
        (2, "TH-50", "loan"),
        (3, "5001", "investment"),
        (4, "TH", "romance"),
    ]
    assert result.rows[0].period_start == date(2024, 1, 1)
    assert result.rows[0].damage_baht == Decimal("3500000.5")
    assert result.rows[1].cases == 7
    assert result.rows[2].cases is None
    assert result.rows[2].source_name == "jan.xlsx"


def test_xlsx_and_csv_give_same_rows(reference):
    rows = list(csv.reader(io.StringIO(THAI_CSV)))
    data = workbook_bytes(rows)

    from_xlsx = parse_upload("thai.xlsx", data, reference)
    from_csv = parse_upload("thai.xlsx", THAI_CSV.encode("utf-8"), reference)

    assert from_xlsx.ok
    assert from_xlsx.rows == from_csv.rows


def test_upload_detects_xlsx_by_content(reference):
    data = workbook_bytes([XLSX_HEADER, ["2024-01-01", "2024-01-31", "TH", "loan", 5, None]])

    result = parse_upload("stats.csv", data, reference)

    assert result.ok
    assert result.rows[0].scam_type == "loan"


def test_xlsx_error_lines_are_sheet_rows(reference):
    data = workbook_bytes([
        XLSX_HEADER,
        ["2024-01-01", "2024-01-31", "TH", "loan", 5, None],
        [None, None, None, None, None, None],
        [datetime(2024, 1, 1, 9, 30), "2024-01-31", "TH", "loan", -2, None],
    ])

    result = parse_xlsx(data, reference)

    assert error_keys(result) == [(4, "period_start", "invalid_date"), (4, "cases", "negative_count")]
    assert result.errors[0].value == "2024-01-01T09:30:00"


def test_xlsx_fractional_cases_rejected(reference):
    data = workbook_bytes([XLSX_HEADER, ["2024-01-01", "2024-01-31", "TH", "loan", 2.5, None]])

    result = parse_xlsx(data, reference)

    assert error_keys(result) == [(2, "cases", "invalid_count")]


def test_xlsx_empty_workbook(reference):
    assert error_keys(parse_xlsx(workbook_bytes([]), reference)) == [(None, None, "empty_file")]


def test_corrupt_xlsx(reference):
    result = parse_upload("stats.xlsx", b"PK\x03\x04 not really a zip archive", reference)

    assert error_keys(result) == [(None, None, "invalid_xlsx")]


def test_zip_without_workbook(reference):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")

    result = parse_upload("stats.xlsx", buffer.getvalue(), reference)

    assert error_keys(result) == [(None, None, "invalid_xlsx")]


def test_corrupt_sheet_xml(reference):
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([XLSX_HEADER])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            content = b"<worksheet><sheetData><row" if name.endswith("sheet1.xml") else source.read(name)
            archive.writestr(name, content)

    result = parse_upload("stats.xlsx", buffer.getvalue(), reference)

    assert error_keys(result) == [(None, None, "invalid_xlsx")]
    assert result.errors[0].value.startswith("ParseError")


def test_old_xls_rejected(reference):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64

    result = parse_upload("stats.xls", data, reference)

    assert error_keys(result) == [(None, None, "unsupported_format")]
    assert ".xlsx" in result.errors[0].message_en


# Messages -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(ERROR_CODES))
def test_every_code_has_both_messages(code):
    error = RowError(7, "cases", "-5", code, related_line=3)

    assert error.message_en
    assert any("\u0e00" <= char <= "\u0e7f" for char in error.message_th)


FILE_ERROR_CODES = {"encoding", "unsupported_format", "invalid_xlsx", "empty_file", "no_rows"}


@pytest.mark.parametrize("code", sorted(ERROR_CODES - FILE_ERROR_CODES))
def test_row_messages_name_the_line(code):
    error = RowError(7, "cases", "-5", code, related_line=3)

    assert "7" in error.message_en
    assert "บรรทัดที่ 7" in error.message_th


def test_unknown_scam_type_message(reference):
    row = "2024-01-01,2024-01-31,TH,แชร์ลูกโซ่,5,"

    error = parse_csv(csv_text(IMPORT_HEADER, row), reference).errors[0]

    assert error.message_en.startswith("Line 2:")
    assert '"แชร์ลูกโซ่"' in error.message_en
    assert "alias" in error.message_en
    assert error.message_th.startswith("บรรทัดที่ 2:")
    assert '"แชร์ลูกโซ่"' in error.message_th


def test_error_as_dict(reference):
    error = RowError(4, "area", "TH-99", "unknown_area")

    payload = error.as_dict()

    assert payload["line"] == 4
    assert payload["code"] == "unknown_area"
    assert payload["value"] == "TH-99"
    assert payload["related_line"] is None
    assert "TH-99" in payload["message_en"]
    assert "TH-99" in payload["message_th"]


# Module boundaries -----------------------------------------------------------------------


def test_module_imports_no_service_framework():
    script = (
        "import sys\n"
        "import services.analytics.casestats\n"
        "frameworks = ('nameko', 'sqlalchemy', 'eventlet')\n"
        "loaded = [name for name in sys.modules if name.split('.')[0] in frameworks]\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )

    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
