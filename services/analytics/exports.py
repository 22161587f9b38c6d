"""Tables of the analytics results, and their CSV and XLSX files.

``tables_for(kind, result, language, type_names)`` flattens a result of
the service (area overview, recommendation, strategy overview or import
list) into named tables with headers in the reader's language. A CSV file
contains one table and starts with a UTF-8 byte order mark, so that Excel
opens Thai text correctly. An XLSX workbook contains every table, one sheet
each. Suppressed quiz cells stay empty, and a column marks them.
"""

import csv
import dataclasses
import io

import openpyxl

from services.analytics.reasons import percent

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
KINDS = ("overview", "recommendation", "strategy", "imports")


@dataclasses.dataclass
class Table:
    name: str
    title_th: str
    title_en: str
    columns: list
    rows: list

    def title(self, language):
        return self.title_en if language == "en" else self.title_th

    def headers(self, language):
        return [english if language == "en" else thai for _, thai, english in self.columns]

    def values(self):
        for row in self.rows:
            yield [row.get(key) for key, _, _ in self.columns]


def _yes(value, language):
    if value is None:
        return None
    if language == "en":
        return "yes" if value else "no"
    return "ใช่" if value else "ไม่ใช่"


def _pct(value):
    """Return a share or change as a signed whole percentage, or None."""
    if value is None:
        return None
    sign = 1 if value >= 0 else -1
    return sign * percent(value)


def _name(type_names, code, language):
    names = type_names.get(code) or {}
    return names.get("name_en" if language == "en" else "name_th") or code


def _title(record, language):
    return (record.get("title_en") if language == "en" else None) or record.get("title_th") or record.get("title_en")


SCAM_TYPE = ("scam_type", "รหัสประเภท", "Scam type code")
SCAM_TYPE_NAME = ("scam_type_name", "ประเภทการหลอกลวง", "Scam type")


# Area overview ------------------------------------------------------------------------

def overview_tables(result, language, type_names):
    cases = result["cases"]
    return [
        _case_table(cases, language, type_names),
        _case_series_table(cases, language, type_names),
        _quiz_table(result["quiz"], language, type_names),
        Table(
            "outreach_activities", "กิจกรรมตามประเภทกิจกรรม", "Outreach by activity type",
            [("activity_type", "ประเภทกิจกรรม", "Activity type"), ("activities", "จำนวนกิจกรรม", "Activities"),
             ("people", "ผู้เข้าร่วม (คน)", "People reached")],
            result["outreach"]["by_activity_type"],
        ),
        Table(
            "outreach_types", "กิจกรรมตามประเภทการหลอกลวง", "Outreach by scam type",
            [SCAM_TYPE, SCAM_TYPE_NAME, ("activities", "จำนวนกิจกรรม", "Activities"), ("people", "ผู้เข้าร่วม (คน)", "People reached")],
            [dict(row, scam_type_name=_name(type_names, row["scam_type"], language)) for row in result["outreach"]["by_type"]],
        ),
        Table(
            "download_types", "การดาวน์โหลดตามประเภทการหลอกลวง", "Downloads by scam type",
            [SCAM_TYPE, SCAM_TYPE_NAME, ("downloads", "ดาวน์โหลด (ครั้ง)", "Downloads")],
            [dict(row, scam_type_name=_name(type_names, row["scam_type"], language)) for row in result["downloads"]["by_type"]],
        ),
        Table(
            "download_media", "สื่อที่ดาวน์โหลดมากที่สุด", "Most downloaded media",
            [("media_id", "รหัสสื่อ", "Media id"), ("title", "ชื่อสื่อ", "Title"), ("kind", "ชนิดสื่อ", "Kind"),
             ("downloads", "ดาวน์โหลด (ครั้ง)", "Downloads")],
            [dict(row, title=_title(row, language)) for row in result["downloads"]["by_media"]],
        ),
    ]


def _case_table(cases, language, type_names):
    rows = []
    for entry in cases["by_type"]:
        trend = entry.get("trend") or {}
        rows.append(
            {
                "area": cases["area"]["code"],
                "scam_type": entry["scam_type"],
                "scam_type_name": _name(type_names, entry["scam_type"], language),
                "cases": entry["cases"],
                "damage_baht": entry["damage_baht"],
                "change_pct": _pct(trend.get("change")),
                "rising": _yes(entry["rising"], language),
                "latest_start": (trend.get("latest") or {}).get("period_start"),
                "latest_end": (trend.get("latest") or {}).get("period_end"),
                "previous_start": (trend.get("previous") or {}).get("period_start"),
                "previous_end": (trend.get("previous") or {}).get("period_end"),
            }
        )
    return Table(
        "cases", "สถิติคดีตามประเภท", "Cases by scam type",
        [("area", "พื้นที่", "Area"), SCAM_TYPE, SCAM_TYPE_NAME,
         ("cases", "จำนวนคดีในช่วงเวลา", "Cases in period"), ("damage_baht", "ความเสียหาย (บาท)", "Damage (baht)"),
         ("change_pct", "เปลี่ยนแปลงต่อวัน (%)", "Per-day change (%)"), ("rising", "เพิ่มขึ้น", "Rising"),
         ("latest_start", "ช่วงล่าสุด เริ่ม", "Latest period start"), ("latest_end", "ช่วงล่าสุด สิ้นสุด", "Latest period end"),
         ("previous_start", "ช่วงก่อนหน้า เริ่ม", "Previous period start"),
         ("previous_end", "ช่วงก่อนหน้า สิ้นสุด", "Previous period end")],
        rows,
    )


def _case_series_table(cases, language, type_names):
    rows = []
    for entry in cases["by_type"]:
        for item in entry["series"]:
            rows.append(
                dict(item, scam_type=entry["scam_type"], scam_type_name=_name(type_names, entry["scam_type"], language),
                     derived=_yes(item["derived"], language))
            )
    return Table(
        "case_series", "จำนวนคดีรายช่วงเวลา", "Cases by period",
        [SCAM_TYPE, SCAM_TYPE_NAME, ("period_start", "เริ่ม", "Start"), ("period_end", "สิ้นสุด", "End"),
         ("value", "จำนวนคดี", "Cases"), ("per_day", "เฉลี่ยต่อวัน", "Per day"),
         ("derived", "คำนวณจากยอดสะสม", "From running totals")],
        rows,
    )


def _quiz_table(quiz, language, type_names):
    rows = [
        {
            "scam_type": entry["scam_type"],
            "scam_type_name": _name(type_names, entry["scam_type"], language),
            "takers": entry["takers"],
            "correct_pct": _pct(entry["correct_share"]),
            "average_score": None if entry["average_score"] is None else round(entry["average_score"], 1),
            "suppressed": _yes(entry["suppressed"], language),
        }
        for entry in quiz["by_type"]
    ]
    return Table(
        "quiz", "ผลเกมตามประเภทการหลอกลวง", "Quiz results by scam type",
        [SCAM_TYPE, SCAM_TYPE_NAME, ("takers", "ผู้เล่น (ครั้ง)", "Takers"),
         ("correct_pct", "ตอบถูก (%)", "Correct (%)"), ("average_score", "คะแนนเฉลี่ย", "Average score"),
         ("suppressed", "ปกปิดเพราะผู้เล่นน้อยกว่า 10", "Suppressed (fewer than 10 takers)")],
        rows,
    )


# Recommendation ------------------------------------------------------------------------

def recommendation_tables(result, language, type_names):
    reason_key = "reason_en" if language == "en" else "reason_th"
    items = [
        {
            "scam_type": item["scam_type"],
            "scam_type_name": _name(type_names, item["scam_type"], language),
            "rising": _yes(item["rising"], language),
            "weak": _yes(item["weak"], language),
            "reason": item[reason_key],
        }
        for item in result["items"]
    ]
    media = [
        dict(media, scam_type=item["scam_type"], title=_title(media, language))
        for item in result["items"]
        for media in item["media"]
    ]
    return [
        Table(
            "recommendations", "ประเภทภัยที่แนะนำ", "Recommended scam types",
            [SCAM_TYPE, SCAM_TYPE_NAME, ("rising", "คดีเพิ่มขึ้น", "Cases rising"),
             ("weak", "ผู้เล่นตอบผิดมาก", "Weak in quiz"), ("reason", "เหตุผล", "Reason")],
            items,
        ),
        Table(
            "recommended_media", "สื่อที่แนะนำ", "Recommended media",
            [SCAM_TYPE, ("media_id", "รหัสสื่อ", "Media id"), ("title", "ชื่อสื่อ", "Title"), ("kind", "ชนิดสื่อ", "Kind"),
             ("outreach_uses_by_others", "หน่วยอื่นนำไปใช้ (ครั้ง)", "Used in outreach by others"),
             ("downloads", "ดาวน์โหลด (ครั้ง)", "Downloads")],
            media,
        ),
    ]


# Strategy overview -----------------------------------------------------------------------

def strategy_tables(result, language, type_names):
    rows = []
    for entry in result["types"]:
        before_after = entry["before_after"]
        rows.append(
            {
                "scam_type": entry["scam_type"],
                "scam_type_name": _name(type_names, entry["scam_type"], language)
                if entry["scam_type"] in type_names else entry["name_en" if language == "en" else "name_th"],
                "cases": entry["cases"],
                "damage_baht": entry["damage_baht"],
                "change_pct": _pct((entry["trend"] or {}).get("change")),
                "rising": _yes(entry["rising"], language),
                "media_count": entry["media_count"],
                "lacks_media": _yes(entry["lacks_media"], language),
                "downloads": entry["downloads"],
                "outreach_activities": entry["outreach_activities"],
                "outreach_people": entry["outreach_people"],
                "outreach_media_uses": entry["outreach_media_uses"],
                "quiz_takers": entry["quiz"]["takers"],
                "quiz_correct_pct": _pct(entry["quiz"]["correct_share"]),
                "before_pct": _pct((before_after["before"] or {}).get("correct_share")),
                "after_pct": _pct((before_after["after"] or {}).get("correct_share")),
                "before_after_provinces": before_after["provinces"],
            }
        )
    media = [dict(item, title=_title(item, language), scam_types=" ".join(item["scam_types"]),
                  rarely_used=_yes(item["rarely_used"], language)) for item in result["media"]]
    return [
        Table(
            "types", "ภาพรวมตามประเภทการหลอกลวง", "Overview by scam type",
            [SCAM_TYPE, SCAM_TYPE_NAME, ("cases", "คดีทั่วประเทศในช่วงเวลา", "National cases in period"),
             ("damage_baht", "ความเสียหาย (บาท)", "Damage (baht)"), ("change_pct", "เปลี่ยนแปลงต่อวัน (%)", "Per-day change (%)"),
             ("rising", "เพิ่มขึ้น", "Rising"), ("media_count", "จำนวนสื่อ", "Media available"),
             ("lacks_media", "ขาดสื่อ", "Lacks media"), ("downloads", "ดาวน์โหลด (ครั้ง)", "Downloads"),
             ("outreach_activities", "กิจกรรม", "Outreach activities"), ("outreach_people", "ผู้เข้าร่วม (คน)", "People reached"),
             ("outreach_media_uses", "ใช้สื่อในกิจกรรม (ครั้ง)", "Media uses in outreach"),
             ("quiz_takers", "ผู้เล่น (ครั้ง)", "Quiz takers"), ("quiz_correct_pct", "ตอบถูก (%)", "Correct (%)"),
             ("before_pct", "ตอบถูกก่อนกิจกรรม (%)", "Correct before outreach (%)"),
             ("after_pct", "ตอบถูกหลังกิจกรรม (%)", "Correct after outreach (%)"),
             ("before_after_provinces", "จังหวัดที่มีกิจกรรม", "Provinces with outreach")],
            rows,
        ),
        Table(
            "media", "การใช้สื่อ", "Media use",
            [("media_id", "รหัสสื่อ", "Media id"), ("title", "ชื่อสื่อ", "Title"), ("kind", "ชนิดสื่อ", "Kind"),
             ("scam_types", "ประเภทการหลอกลวง", "Scam types"), ("downloads", "ดาวน์โหลด (ครั้ง)", "Downloads"),
             ("outreach_uses", "ใช้ในกิจกรรม (ครั้ง)", "Outreach uses"), ("rarely_used", "ใช้น้อย", "Rarely used")],
            media,
        ),
    ]


def import_tables(result, language, type_names):
    return [
        Table(
            "imports", "ประวัติการนำเข้าสถิติคดี", "Case statistics imports",
            [("id", "รหัส", "Id"), ("file_name", "ชื่อไฟล์", "File name"), ("status", "สถานะ", "Status"),
             ("row_count", "จำนวนแถว", "Rows"), ("replaced_row_count", "แทนที่แถวเดิม", "Rows replaced"),
             ("error_count", "ข้อผิดพลาด", "Errors"), ("period_start", "เริ่ม", "Start"), ("period_end", "สิ้นสุด", "End"),
             ("created_by_username", "ผู้นำเข้า", "Imported by"), ("created_at", "เวลา", "Time")],
            result,
        )
    ]


BUILDERS = {
    "overview": overview_tables,
    "recommendation": recommendation_tables,
    "strategy": strategy_tables,
    "imports": import_tables,
}


def tables_for(kind, result, language, type_names=None):
    return BUILDERS[kind](result, language, type_names or {})


# Files -----------------------------------------------------------------------------------

def csv_bytes(table, language):
    """Return one table as CSV, UTF-8 with a byte order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.headers(language))
    for values in table.values():
        writer.writerow(["" if value is None else value for value in values])
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")


def xlsx_bytes(tables, language):
    """Return every table in one workbook, one sheet each, named by the table."""
    workbook = openpyxl.Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(title=table.name[:31])
        sheet.append(table.headers(language))
        for values in table.values():
            sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
