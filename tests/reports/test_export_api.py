"""Export of the filtered report list as CSV and XLSX, read back as a spreadsheet program would."""

import csv
import io

import pytest
import requests
from openpyxl import load_workbook

from tests.reports.conftest import new_id, report_body


@pytest.fixture
def filed(people):
    reports = []
    for place in ("ศาลาวัดพระสิงห์ ต.ศรีภูมิ", "=HYPERLINK(\"http://example.invalid\")"):
        body = report_body(people.station["id"], place=place)
        response = people.officer.request("PUT", "/api/v1/reports/" + new_id(), json=body)
        assert response.status_code == 201, response.text
        reports.append(response.json())
    return reports


def download(client, file_format):
    response = client.get("/api/v1/reports/export", params={"format": file_format})
    assert response.status_code == 200, response.text
    body = response.json()
    file_response = requests.get(body["url"], timeout=30)
    assert file_response.status_code == 200, file_response.text
    return body, file_response


def test_csv_keeps_thai_text_for_excel(people, filed):
    body, response = download(people.division_head, "csv")

    assert body["rows"] == 2
    assert body["file_name"].endswith(".csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "รหัสรายงาน (report id)"
    assert len(rows) == 3
    places = {row[12] for row in rows[1:]}
    assert "ศาลาวัดพระสิงห์ ต.ศรีภูมิ" in places
    assert "'=HYPERLINK(\"http://example.invalid\")" in places
    assert {row[0] for row in rows[1:]} == {report["id"] for report in filed}


def test_xlsx_keeps_thai_text(people, filed):
    _, response = download(people.division_head, "xlsx")

    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][7] == "หน่วยงาน (unit)"
    assert len(rows) == 3
    assert {row[12] for row in rows[1:]} == {"ศาลาวัดพระสิงห์ ต.ศรีภูมิ", "'=HYPERLINK(\"http://example.invalid\")"}
    assert all(row[16] == "วัด/ศาสนสถาน" for row in rows[1:])


def test_export_follows_filters_and_subtree(people, filed):
    response = people.bangkok_head.get("/api/v1/reports/export", params={"format": "csv"})

    assert response.status_code == 200
    assert response.json()["rows"] == 0


def test_export_redirects_when_asked(people, filed):
    response = people.division_head.get("/api/v1/reports/export", params={"format": "xlsx", "redirect": "true"})

    assert response.status_code == 302
    assert ".xlsx" in response.headers["Location"]


@pytest.fixture
def small_export_limit(service_config):
    service_config["REPORTS_EXPORT_MAX_ROWS"] = 1


def test_export_over_limit_is_rejected(small_export_limit, people, filed):
    response = people.division_head.get("/api/v1/reports/export", params={"format": "csv"})

    assert response.status_code == 413
    assert response.json()["error"] == "export_too_large"
