"""Case statistics imports through the gateway: the real published file, bad files, re-imports, aliases."""

import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from services.analytics.models import CaseStatisticsRow
from tests import support
from tests.analytics.conftest import make_account

PUBLISHED = Path(__file__).resolve().parents[2] / "data" / "reference" / "thaipoliceonline_stats_by_type.csv"
IMPORTS = "/api/v1/analytics/case-statistics/imports"
HEADER = "period_start,period_end,area,scam_type,cases,damage_baht"


def upload(client, content, file_name="สถิติ.csv", **kwargs):
    return client.post(IMPORTS, params={"file_name": file_name}, data=content, **kwargs)


def current_rows(config):
    session = support.session_for(config, "analytics")
    try:
        return session.scalar(
            select(func.count(CaseStatisticsRow.id)).where(CaseStatisticsRow.replaced_by_import_id.is_(None))
        )
    finally:
        session.close()
        session.bind.dispose()


def test_published_file_imports(working_group, service_config):
    response = upload(working_group, PUBLISHED.read_bytes(), file_name=PUBLISHED.name)

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "active"
    assert body["row_count"] == 46
    assert body["skipped_line_count"] == 15
    assert body["skipped_lines"] == list(range(48, 63))
    assert body["period_start"] == "2022-03-01"
    assert body["period_end"] == "2024-11-30"
    assert current_rows(service_config) == 46


def test_reimport_replaces_and_keeps_history(working_group, service_config):
    first = upload(working_group, PUBLISHED.read_bytes(), file_name=PUBLISHED.name).json()
    second = upload(working_group, PUBLISHED.read_bytes(), file_name=PUBLISHED.name)

    assert second.status_code == 201, second.text
    assert second.json()["replaced_row_count"] == 46
    assert second.json()["replaced_import_ids"] == [first["id"]]
    assert current_rows(service_config) == 46

    history = {item["id"]: item["status"] for item in working_group.get(IMPORTS).json()}
    assert history == {first["id"]: "replaced", second.json()["id"]: "active"}


def test_partial_reimport_keeps_other_rows(working_group, service_config):
    january = "2024-01-01,2024-01-31,TH-50,shopping,{},1000"
    upload(working_group, "\n".join([HEADER, january.format(120), "2024-01-01,2024-01-31,TH-50,loan,7,"]).encode())
    second = upload(working_group, "\n".join([HEADER, january.format(130)]).encode())

    assert second.json()["replaced_row_count"] == 1
    assert second.json()["replaced_import_ids"] == []
    assert current_rows(service_config) == 2


def test_unknown_scam_type_names_import_nothing(working_group, service_config):
    content = "\n".join([
        HEADER,
        "2024-01-01,2024-01-31,TH-50,shopping,120,",
        "2024-01-01,2024-01-31,TH-50,แก๊งหลอกขายทุเรียน,5,",
        "2024-01-01,2024-01-31,TH-50,pig butchering,3,",
    ]).encode()
    response = upload(working_group, content)

    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "import_invalid"
    assert "ยังไม่ได้นำเข้าข้อมูลใด ๆ" in body["message"]
    errors = body["details"]["errors"]
    assert [(error["line"], error["field"], error["value"], error["code"]) for error in errors] == [
        (3, "scam_type", "แก๊งหลอกขายทุเรียน", "unknown_scam_type"),
        (4, "scam_type", "pig butchering", "unknown_scam_type"),
    ]
    assert errors[0]["message"].startswith("บรรทัดที่ 3")
    assert current_rows(service_config) == 0

    history = working_group.get(IMPORTS).json()
    assert [(item["status"], item["error_count"], item["row_count"]) for item in history] == [("rejected", 2, 0)]


def test_row_errors_in_english(working_group):
    english = support.ApiClient(working_group.base_url, working_group.token, language="en")
    content = "\n".join([HEADER, "2024-01-01,2024-01-31,TH-50,shopping,-4,"]).encode()
    response = upload(english, content)

    assert response.status_code == 400
    error = response.json()["details"]["errors"][0]
    assert error["code"] == "negative_count"
    assert error["message"] == 'Line 2: cases "-4" is negative. The number of cases must be 0 or more.'
    assert response.json()["message"].startswith("The file")


def test_duplicate_rows_are_rejected(working_group, service_config):
    row = "2024-01-01,2024-01-31,TH-50,shopping,120,"
    response = upload(working_group, "\n".join([HEADER, row, row]).encode())

    assert response.status_code == 400
    error = response.json()["details"]["errors"][0]
    assert (error["line"], error["code"], error["related_line"]) == (3, "duplicate_row", 2)
    assert current_rows(service_config) == 0


@pytest.mark.parametrize("encode", [
    lambda text: text.encode("cp874"),
    lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
], ids=["tis-620", "utf-8-bom"])
def test_thai_encodings_import(working_group, service_config, encode):
    content = "\n".join([HEADER, "2024-01-01,2024-01-31,TH-50,หลอกให้กู้เงิน,45,120000.50"])
    response = upload(working_group, encode(content))

    assert response.status_code == 201, response.text
    assert response.json()["row_count"] == 1


def test_wrong_encoding_is_rejected(working_group):
    response = upload(working_group, "\n".join([HEADER, "2024-01-01,2024-01-31,TH,loan,1,"]).encode("utf-16"))
    assert response.status_code == 400
    assert response.json()["details"]["errors"][0]["code"] == "encoding"


def test_xlsx_form_upload(working_group):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["2024-02-01", "2024-02-29", "TH-10", "call-center", 88, 2500000])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = working_group.post(IMPORTS, files={"file": ("สถิติ กุมภาพันธ์.xlsx", buffer.getvalue())})

    assert response.status_code == 201, response.text
    assert response.json()["file_name"] == "สถิติ กุมภาพันธ์.xlsx"
    assert response.json()["row_count"] == 1


def test_too_large_file_is_413(working_group):
    content = (HEADER + "\n").encode() + b"x" * (5 * 1024 * 1024 + 1)
    response = upload(working_group, content)
    assert response.status_code == 413
    assert response.json()["details"]["limit"] == 5 * 1024 * 1024


def test_raw_upload_needs_file_name(working_group):
    response = working_group.post(IMPORTS, data=b"period_start\n")
    assert response.status_code == 400
    assert response.json()["error"] == "upload_file_name_required"


def test_officer_cannot_import(analytics_api, admin, station):
    officer = make_account(analytics_api, admin, station["id"], ["officer"])
    response = upload(officer, PUBLISHED.read_bytes())
    assert response.status_code == 403


def test_alias_extends_the_importer(working_group):
    content = "\n".join([HEADER, "2024-03-01,2024-03-31,TH,หลอกขายทุเรียนออนไลน์,12,"]).encode()
    assert upload(working_group, content).status_code == 400

    added = working_group.post("/api/v1/analytics/scam-type-aliases",
                               json={"scam_type": "shopping", "name": "หลอกขายทุเรียนออนไลน์"})
    assert added.status_code == 201, added.text
    assert added.json()["source"] == "working_group"

    imported = upload(working_group, content)
    assert imported.status_code == 201, imported.text

    aliases = working_group.get("/api/v1/analytics/scam-type-aliases").json()
    assert {"scam_type": "shopping", "name": "หลอกขายทุเรียนออนไลน์", "source": "working_group"}.items() <= [
        alias for alias in aliases if alias["source"] == "working_group"
    ][0].items()


def test_alias_conflict_and_unknown_code(working_group):
    conflict = working_group.post("/api/v1/analytics/scam-type-aliases",
                                  json={"scam_type": "loan", "name": "Online shopping fraud"})
    assert conflict.status_code == 409
    assert conflict.json()["details"]["scam_type"] == "shopping"

    unknown = working_group.post("/api/v1/analytics/scam-type-aliases",
                                 json={"scam_type": "no-such-type", "name": "อะไรก็ได้"})
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "unknown_scam_type"


def test_alias_delete(working_group):
    added = working_group.post("/api/v1/analytics/scam-type-aliases", json={"scam_type": "job", "name": "งานพับถุง"})
    alias_id = added.json()["id"]

    assert working_group.delete("/api/v1/analytics/scam-type-aliases/{}".format(alias_id)).status_code == 200
    assert working_group.delete("/api/v1/analytics/scam-type-aliases/{}".format(alias_id)).status_code == 404
