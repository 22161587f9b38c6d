"""User-facing messages of the analytics service, Thai then English.

Errors are raised through ``MESSAGES``; ``notice`` builds the notes that a
dashboard shows in place of an empty chart, in both languages.
"""

from cybervaccine.i18n import Catalogue

MESSAGES = Catalogue(
    {
        # Errors
        "area_not_found": (
            "ไม่พบพื้นที่รหัส {area} กรุณาใช้ TH สำหรับทั้งประเทศ รหัสจังหวัด เช่น TH-50 หรือรหัสอำเภอ 4 หลัก เช่น 5001",
            "Area {area} was not found. Use TH for the whole country, a province code such as TH-50"
            " or a 4-digit district code such as 5001.",
        ),
        "unit_not_found": (
            "ไม่พบหน่วยงานรหัส {unit_id} ในข้อมูลวิเคราะห์ กรุณาเลือกหน่วยงานจากรายการ",
            "Unit {unit_id} was not found in the analytics data. Choose a unit from the list.",
        ),
        "caller_unit_unknown": (
            "บัญชีของท่านยังไม่มีหน่วยงานในข้อมูลวิเคราะห์ กรุณาระบุพื้นที่ (area) หรือหน่วยงาน (unit_id)",
            "Your account's unit is not in the analytics data yet. Give an area or a unit_id.",
        ),
        "unit_outside_subtree": (
            "หน่วยงาน {unit_id} ไม่อยู่ในสายงานของท่าน",
            "Unit {unit_id} is not in your part of the unit tree.",
        ),
        "role_required": (
            "ท่านไม่มีสิทธิ์ทำรายการนี้ ต้องมีบทบาท {roles}",
            "You do not have permission for this. It needs the role {roles}.",
        ),
        "period_reversed": (
            "ช่วงเวลาไม่ถูกต้อง วันเริ่มต้น {start} อยู่หลังวันสิ้นสุด {end}",
            "The period is invalid: it starts on {start}, after its end on {end}.",
        ),
        "buddhist_era_date": (
            "{field} {value} ใช้ปี พ.ศ. กรุณาใช้ปี ค.ศ. (ลบ 543) เช่น {year}",
            "{field} {value} has a Buddhist-era year. Use the Christian-era year (subtract 543), for example {year}.",
        ),
        "period_too_long": (
            "ช่วงเวลายาว {days} วัน เกินกว่าที่รองรับ ({maximum} วัน) กรุณาเลือกช่วงที่สั้นลง",
            "The period is {days} days long, more than the maximum of {maximum} days. Choose a shorter period.",
        ),
        "upload_missing": (
            "ไม่พบไฟล์ที่อัปโหลด ({object_key}) กรุณาอัปโหลดใหม่",
            "The uploaded file ({object_key}) was not found. Upload it again.",
        ),
        "upload_too_large": (
            "ไฟล์สถิติคดีมีขนาด {size} ไบต์ เกินขีดจำกัด {limit} ไบต์ กรุณาแบ่งไฟล์ตามช่วงเวลา",
            "The case statistics file is {size} bytes, over the limit of {limit} bytes. Split it by period.",
        ),
        "import_invalid": (
            "ไฟล์ {file_name} มีข้อผิดพลาด {count} รายการ จึงยังไม่ได้นำเข้าข้อมูลใด ๆ"
            " กรุณาแก้ไขตามรายการแล้วอัปโหลดใหม่",
            "The file {file_name} has {count} errors, so nothing was imported."
            " Fix the listed rows and upload it again.",
        ),
        "upload_empty": (
            "ไม่พบไฟล์ในคำขอ กรุณาส่งไฟล์ CSV หรือ XLSX เป็นเนื้อหาของคำขอ หรือในช่องฟอร์มชื่อ file",
            "The request has no file. Send the CSV or XLSX file as the request body or in a form field named file.",
        ),
        "upload_file_name_required": (
            "กรุณาระบุชื่อไฟล์ในพารามิเตอร์ file_name เมื่อส่งไฟล์เป็นเนื้อหาของคำขอ",
            "Give the file name in the file_name parameter when the file is the request body.",
        ),
        "export_table_required": (
            "กรุณาเลือกตาราง (table) สำหรับไฟล์ CSV จากรายการ: {tables}",
            "Choose the table for the CSV file (table) from: {tables}.",
        ),
        "alias_exists": (
            "ชื่อ \"{name}\" เป็นชื่อเรียกของประเภท {scam_type} อยู่แล้ว",
            "The name \"{name}\" is already an alias of the scam type {scam_type}.",
        ),
        "alias_not_found": (
            "ไม่พบชื่อเรียกรหัส {alias_id} (ลบได้เฉพาะชื่อที่คณะทำงานเพิ่มเอง)",
            "Alias {alias_id} was not found. Only aliases added by the working group can be deleted.",
        ),
        "unknown_scam_type": (
            "ไม่รู้จักประเภทการหลอกลวงรหัส {scam_type} กรุณาเพิ่มในรายการประเภทก่อน",
            "Unknown scam type code {scam_type}. Add it to the scam type list first.",
        ),
        "taxonomy_unavailable": (
            "ตรวจสอบรายการประเภทการหลอกลวงไม่ได้ในขณะนี้ กรุณาลองใหม่",
            "The scam type list cannot be checked right now. Try again shortly.",
        ),
        # Notices shown in place of empty charts
        "no_data": (
            "ไม่มีข้อมูลในช่วงเวลานี้",
            "No data for this period.",
        ),
        "no_case_statistics": (
            "ยังไม่มีสถิติคดีของพื้นที่นี้ถึงวันที่ {end}",
            "There are no case statistics for this area up to {end}.",
        ),
        "case_statistics_before_period": (
            "ไม่มีสถิติคดีในช่วงเวลานี้ แสดงข้อมูลล่าสุดที่มี ซึ่งสิ้นสุดวันที่ {latest}",
            "No case statistics fall in this period. The latest available, shown here, end on {latest}.",
        ),
        "case_statistics_broader_area": (
            "ยังไม่มีสถิติคดีระดับ{requested_th} จึงแสดงสถิติของ{used_th}",
            "There are no case statistics for {requested_en}, so those of {used_en} are shown.",
        ),
        "quiz_suppressed": (
            "ผู้เล่นเกมในพื้นที่และช่วงเวลานี้มีน้อยกว่า {minimum} คน จึงไม่แสดงตัวเลขเพื่อคุ้มครองความเป็นส่วนตัว",
            "Fewer than {minimum} quiz takers in this area and period, so no figures are shown to protect privacy.",
        ),
        "no_recommendation": (
            "ยังไม่พบประเภทภัยที่คดีเพิ่มขึ้นหรือผู้เล่นเกมตอบผิดมากในพื้นที่และช่วงเวลานี้",
            "No scam type is rising or weak among quiz takers in this area and period.",
        ),
    }
)


def notice(code, **params):
    """Return a dashboard notice in both languages: {"code", "th", "en"}."""
    return {"code": code, "th": MESSAGES.text(code, "th", **params), "en": MESSAGES.text(code, "en", **params)}
