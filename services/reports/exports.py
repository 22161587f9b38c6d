"""Export of a filtered report list as CSV or XLSX.

The file is written to a spooled temporary file (memory up to a few MiB,
then disk), stored under ``exports/`` in object storage and handed out as a
short-lived presigned URL, so its bytes never travel over RabbitMQ. CSV
starts with a UTF-8 byte order mark, which makes Excel read the Thai text
as UTF-8. Text that an officer typed and that starts like a formula is
prefixed with an apostrophe so that spreadsheets show it as text.
"""

import csv
import datetime
import io
import logging
import tempfile
import uuid

from openpyxl import Workbook

from cybervaccine import areas
from cybervaccine.errors import TooLarge
from cybervaccine.i18n import format_thai_date
from services.reports import copies, operations, rules
from services.reports.messages import ACTIVITY_TYPE_LABELS, AUDIENCE_LABELS, CHANNEL_LABELS, MESSAGES, label
from services.reports.models import Report, ReportMedia
from services.reports.objects import EXPORTS_PREFIX

log = logging.getLogger(__name__)

BATCH_ROWS = 500
SPOOL_BYTES = 4 * 1024 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

COLUMNS = (
    ("รหัสรายงาน", "report id"),
    ("สถานะ", "status"),
    ("ฉบับที่", "revision"),
    ("วันที่จัดกิจกรรม", "activity date"),
    ("วันที่ (พ.ศ.)", "date (Buddhist era)"),
    ("เวลา", "time"),
    ("รหัสหน่วย", "unit code"),
    ("หน่วยงาน", "unit"),
    ("รหัสจังหวัด", "province code"),
    ("จังหวัด", "province"),
    ("รหัสอำเภอ", "district code"),
    ("อำเภอ/เขต", "district"),
    ("สถานที่", "place"),
    ("ละติจูด", "latitude"),
    ("ลองจิจูด", "longitude"),
    ("รหัสประเภทกิจกรรม", "activity type code"),
    ("ประเภทกิจกรรม", "activity type"),
    *[(AUDIENCE_LABELS[group][0], AUDIENCE_LABELS[group][1]) for group in rules.AUDIENCE_GROUPS],
    ("รวมผู้เข้าร่วม", "total people"),
    ("ประเภทภัย", "scam types"),
    ("สื่อที่ใช้", "media used"),
    ("ช่องทาง", "channels"),
    ("บันทึก", "note"),
    ("จำนวนรูป", "photos"),
    ("ครบถ้วน", "complete"),
    ("ผู้ส่ง", "filed by"),
    ("เวลาที่ส่ง", "filed at"),
)


def header():
    return ["{} ({})".format(thai, english) for thai, english in COLUMNS]


def as_text(value):
    """Return free text safe for a spreadsheet cell."""
    text = value or ""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def row_for(report, media_titles, language):
    """Return one export row; dates stay ``date`` objects for XLSX and become ISO text in CSV."""
    local = operations.as_aware(report.occurred_at).astimezone(rules.THAILAND_TIME)
    audiences = {row.group: row.count for row in report.audiences}
    province = _area_name(areas.provinces().get(report.province_code), language)
    district = _area_name(areas.districts().get(report.district_code or ""), language)
    complete = _yes_no(report.complete, language)
    media = [
        "{} v{} {}".format(row.media_id, row.version, _title(media_titles.get(row.media_id), language)).strip()
        for row in sorted(report.media, key=lambda row: (row.media_id, row.version))
    ]
    return [
        report.id,
        report.status,
        report.revision,
        report.activity_date,
        format_thai_date(report.activity_date),
        local.strftime("%H:%M"),
        report.unit.code,
        as_text(report.unit.name_th if language == "th" else report.unit.name_en),
        report.province_code,
        province,
        report.district_code or "",
        district,
        as_text(report.place),
        report.latitude,
        report.longitude,
        report.activity_type,
        label(ACTIVITY_TYPE_LABELS, report.activity_type, language),
        *[audiences.get(group, 0) for group in rules.AUDIENCE_GROUPS],
        report.total_people,
        ", ".join(sorted(row.code for row in report.scam_types)),
        as_text("; ".join(media)),
        ", ".join(label(CHANNEL_LABELS, code, language) for code in report.channels or []),
        as_text(report.note),
        report.photo_count,
        complete,
        as_text(report.filed_by_username),
        operations.as_aware(report.created_at).astimezone(rules.THAILAND_TIME).isoformat(timespec="seconds"),
    ]


def _area_name(area, language):
    if area is None:
        return ""
    return area.name_en if language == "en" else area.name_th


def _yes_no(value, language):
    if language == "en":
        return "yes" if value else "no"
    return "ใช่" if value else "ไม่"


def _title(item, language):
    if item is None:
        return ""
    return as_text(item.title_en if language == "en" and item.title_en else item.title_th)


class CsvWriter:
    """CSV with a UTF-8 byte order mark and CRLF line ends, as Excel expects."""

    extension = "csv"

    def __init__(self, handle):
        self.text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.text)

    def write_rows(self, rows):
        for row in rows:
            self.writer.writerow(["" if value is None else _csv_value(value) for value in row])

    def close(self):
        self.text.flush()
        self.text.detach()


def _csv_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class XlsxWriter:
    """A write-only workbook: openpyxl keeps rows in its own temporary file until ``close``."""

    extension = "xlsx"

    def __init__(self, handle):
        self.handle = handle
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet("reports")

    def write_rows(self, rows):
        for row in rows:
            self.sheet.append(row)

    def close(self):
        self.workbook.save(self.handle)


WRITERS = {"csv": CsvWriter, "xlsx": XlsxWriter}


def export_reports(session, objects, caller, filters, file_format, language, max_rows, url_seconds, blocking):
    """Write the reports matching ``filters`` to a file in object storage; return its URL and row count."""
    count = operations.count_reports(session, caller, filters)
    if count > max_rows:
        raise MESSAGES.error(TooLarge, "export_too_large", details={"rows": count, "limit": max_rows}, count=count, limit=max_rows)

    statement = operations.filtered_reports(session, caller, filters).order_by(Report.occurred_at, Report.id)
    titles = copies.media_titles(session, _media_ids(session, statement))
    file_name = _file_name(filters, file_format)

    with tempfile.SpooledTemporaryFile(SPOOL_BYTES) as handle:
        writer = WRITERS[file_format](handle)
        blocking(writer.write_rows, [header()])
        batch = []
        for report in session.scalars(statement.execution_options(yield_per=BATCH_ROWS)):
            batch.append(row_for(report, titles, language))
            if len(batch) >= BATCH_ROWS:
                blocking(writer.write_rows, batch)
                batch = []
        blocking(writer.write_rows, batch)
        blocking(writer.close)

        size = handle.tell()
        key = "{}{}/{}".format(EXPORTS_PREFIX, uuid.uuid4().hex, file_name)
        objects.put_file(key, handle, size, CONTENT_TYPES[file_format])

    lifetime = datetime.timedelta(seconds=url_seconds)
    url = objects.get_url(key, lifetime, download_name=file_name, content_type=CONTENT_TYPES[file_format])
    log.info("exported %d reports as %s (%d bytes)", count, file_format, size)
    return {
        "url": url,
        "file_name": file_name,
        "rows": count,
        "expires_at": operations.utcnow() + lifetime,
    }


def _media_ids(session, statement):
    ids = statement.with_only_columns(ReportMedia.media_id).join(ReportMedia, ReportMedia.report_id == Report.id)
    return sorted(set(session.scalars(ids.distinct().order_by(None))))


def _file_name(filters, file_format):
    parts = ["outreach-reports"]
    if filters.get("date_from"):
        parts.append(filters["date_from"].strftime("%Y%m%d"))
    if filters.get("date_to"):
        parts.append(filters["date_to"].strftime("%Y%m%d"))
    return "{}.{}".format("-".join(parts), file_format)
