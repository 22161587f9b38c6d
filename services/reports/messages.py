"""User-facing messages and labels of the reports service, Thai then English."""

from cybervaccine.i18n import Catalogue

MESSAGES = Catalogue(
    {
        "invalid_input": (
            "ข้อมูลรายงานไม่ถูกต้อง กรุณาแก้ไข: {summary}",
            "The report is not valid. Fix these fields: {summary}",
        ),
        "invalid_report_id": (
            "รหัสรายงาน {value} ไม่ใช่ UUID กรุณาให้แอปสร้างรหัสใหม่",
            "The report id {value} is not a UUID. Let the app create a new one.",
        ),
        "invalid_photo_id": (
            "รหัสรูปภาพ {value} ไม่ใช่ UUID",
            "The photo id {value} is not a UUID.",
        ),
        "report_not_recorded": (
            "ขณะนี้ยืนยันการบันทึกรายงานไม่ได้ กรุณาส่งอีกครั้งด้วยรหัสรายงานเดิม หากรายงานถูกบันทึกไว้แล้ว จะได้รายงานเดิมโดยไม่บันทึกซ้ำ",
            "The report could not be confirmed as recorded right now. Send it again with the same report id: "
            "if it was recorded, you get the stored report and nothing is stored twice.",
        ),
        "report_id_conflict": (
            "รหัสรายงาน {report_id} ถูกใช้กับรายงานที่มีข้อมูลต่างกันแล้ว ระบบเก็บรายงานเดิมไว้ ไม่ได้บันทึกซ้ำ "
            "หากเป็นกิจกรรมใหม่ กรุณาสร้างรายงานใหม่",
            "Report id {report_id} was already used for a report with different content. The stored report is "
            "unchanged. If this is another activity, create a new report.",
        ),
        "report_not_found": (
            "ไม่พบรายงานรหัส {report_id}",
            "Report {report_id} was not found.",
        ),
        "unit_not_found": (
            "ไม่พบหน่วยงานรหัส {unit_id} กรุณาเลือกหน่วยงานจากรายการ",
            "Unit {unit_id} was not found. Choose a unit from the list.",
        ),
        "unit_outside_subtree": (
            "หน่วยงาน {unit_id} ไม่อยู่ในสายงานของท่าน จึงรายงานหรือดูข้อมูลแทนไม่ได้",
            "Unit {unit_id} is not in your part of the unit tree, so you cannot report for it or see its data.",
        ),
        "reporting_duty_required": (
            "ท่านยังไม่ได้รับมอบหมายหน้าที่รายงานผลของหน่วย {unit_id} กรุณาติดต่อหัวหน้าหน่วย",
            "You do not have the reporting duty for unit {unit_id}. Ask your unit head to assign it.",
        ),
        "role_required": (
            "ท่านไม่มีสิทธิ์ทำรายการนี้ ต้องมีบทบาท {roles}",
            "You do not have permission for this. It needs the role {roles}.",
        ),
        "occurred_at_in_future": (
            "วันเวลาที่จัดกิจกรรม ({value}) อยู่ในอนาคต กรุณาตรวจสอบวันที่และเวลาในเครื่อง",
            "The activity time ({value}) is in the future. Check the date and the device clock.",
        ),
        "occurred_at_too_old": (
            "วันเวลาที่จัดกิจกรรม ({value}) เก่ากว่า {days} วัน ซึ่งรายงานไม่ได้ กรุณาตรวจสอบปีที่กรอก (ใช้ปี พ.ศ. หรือ ค.ศ.)",
            "The activity time ({value}) is more than {days} days ago and cannot be reported. Check the year.",
        ),
        "audience_missing": (
            "กรุณาระบุจำนวนผู้เข้าร่วมอย่างน้อยหนึ่งกลุ่ม",
            "Give the head count of at least one audience group.",
        ),
        "audience_duplicate": (
            "กลุ่มผู้เข้าร่วม {group} ถูกกรอกซ้ำ กรุณารวมเป็นรายการเดียว",
            "The audience group {group} appears twice. Combine it into one entry.",
        ),
        "head_count_negative": (
            "จำนวนผู้เข้าร่วมกลุ่ม {group} ต้องไม่ติดลบ (กรอกมา {count})",
            "The head count of {group} cannot be negative (got {count}).",
        ),
        "head_count_too_large": (
            "จำนวนผู้เข้าร่วมกลุ่ม {group} ({count}) เกิน {maximum} คน ซึ่งไม่น่าเป็นไปได้ กรุณาตรวจสอบ",
            "The head count of {group} ({count}) is over {maximum}, which cannot be right. Check it.",
        ),
        "head_count_needs_confirmation": (
            "จำนวนผู้เข้าร่วมกลุ่ม {group} ({count}) เกิน {threshold} คน หากถูกต้อง กรุณายืนยันจำนวนที่สูงผิดปกติแล้วส่งอีกครั้ง",
            "The head count of {group} ({count}) is over {threshold}. If it is right, confirm the large count and "
            "send again.",
        ),
        "audience_empty": (
            "จำนวนผู้เข้าร่วมรวมเป็นศูนย์ กรุณากรอกจำนวนอย่างน้อยหนึ่งคน",
            "The total head count is zero. Give at least one person.",
        ),
        "unknown_province": (
            "ไม่รู้จักรหัสจังหวัด {value} ใช้รหัส ISO 3166-2 เช่น TH-50",
            "Unknown province code {value}. Use an ISO 3166-2 code such as TH-50.",
        ),
        "unknown_district": (
            "ไม่พบรหัสอำเภอ {value} ในจังหวัด {province}",
            "District {value} is not in province {province}.",
        ),
        "coordinates_incomplete": (
            "ต้องระบุทั้งละติจูดและลองจิจูด หรือไม่ระบุทั้งคู่",
            "Give both latitude and longitude, or neither.",
        ),
        "coordinates_outside_thailand": (
            "พิกัด {latitude}, {longitude} อยู่นอกประเทศไทย กรุณาตรวจสอบ",
            "The coordinates {latitude}, {longitude} are outside Thailand. Check them.",
        ),
        "unknown_scam_type": (
            "ไม่รู้จักประเภทภัย {code} กรุณาเลือกจากรายการประเภทภัย",
            "Unknown scam type {code}. Choose one from the scam type list.",
        ),
        "unknown_media_version": (
            "ไม่พบสื่อรหัส {media_id} ฉบับที่ {version} ในคลังสื่อ กรุณาเลือกจากคลังสื่อ",
            "Media item {media_id} version {version} is not in the media library. Choose it from the library.",
        ),
        "duplicate_media_version": (
            "สื่อรหัส {media_id} ฉบับที่ {version} ถูกเลือกซ้ำ",
            "Media item {media_id} version {version} is listed twice.",
        ),
        "report_withdrawn": (
            "รายงาน {report_id} ถูกถอนแล้ว แก้ไขหรือถอนซ้ำไม่ได้",
            "Report {report_id} was withdrawn; it cannot be amended or withdrawn again.",
        ),
        "amend_not_allowed": (
            "เฉพาะหัวหน้าหน่วยของหน่วย {unit_id} หรือหน่วยเหนือขึ้นไปเท่านั้นที่แก้ไขหรือถอนรายงานได้",
            "Only the head of unit {unit_id} or of a unit above it can amend or withdraw this report.",
        ),
        "amend_window_closed": (
            "พ้นกำหนดแก้ไขหรือถอนรายงานแล้ว (ภายใน {days} วันหลังส่ง ครบกำหนดเมื่อ {deadline})",
            "The time to amend or withdraw this report has passed ({days} days after filing, ended {deadline}).",
        ),
        "revision_conflict": (
            "รายงานถูกแก้ไขไปแล้ว (ฉบับที่ {current}) กรุณาโหลดรายงานล่าสุดแล้วแก้ไขอีกครั้ง",
            "The report was changed in the meantime (it is at revision {current}). Reload it and amend again.",
        ),
        "unit_cannot_change": (
            "แก้ไขหน่วยงานของรายงานไม่ได้ หากรายงานผิดหน่วย กรุณาถอนรายงานแล้วให้หน่วยที่ถูกต้องส่งใหม่",
            "The unit of a report cannot change. If it is the wrong unit, withdraw it and file it for the right one.",
        ),
        "photo_count_below_uploaded": (
            "จำนวนรูปที่ระบุ ({count}) น้อยกว่ารูปที่อัปโหลดแล้ว ({uploaded})",
            "The photo count ({count}) is lower than the photos already uploaded ({uploaded}).",
        ),
        "photo_count_reached": (
            "รายงานนี้มีรูปครบ {count} รูปตามที่ระบุแล้ว หากต้องการเพิ่มรูป กรุณาให้หัวหน้าหน่วยแก้ไขจำนวนรูป",
            "This report already has the {count} photos it declared. To add more, a unit head must amend the count.",
        ),
        "photo_not_allowed": (
            "เฉพาะผู้ส่งรายงานหรือหัวหน้าหน่วยเท่านั้นที่อัปโหลดรูปของรายงานนี้ได้",
            "Only the officer who filed the report or a unit head can upload its photos.",
        ),
        "photo_type_not_allowed": (
            "ไฟล์ชนิด {content_type} ไม่รองรับ กรุณาใช้รูป JPEG, PNG หรือ WebP",
            "Files of type {content_type} are not accepted. Use a JPEG, PNG or WebP photo.",
        ),
        "photo_too_large": (
            "รูปมีขนาด {size} ไบต์ เกินขีดจำกัด {limit} ไบต์ กรุณาลดขนาดรูปแล้วลองใหม่",
            "The photo is {size} bytes, over the limit of {limit} bytes. Make it smaller and try again.",
        ),
        "photo_not_image": (
            "ไฟล์ {file_name} ไม่ใช่รูปภาพที่เปิดได้ กรุณาเลือกไฟล์รูปภาพ",
            "The file {file_name} is not an image that can be opened. Choose a photo.",
        ),
        "photo_checksum_mismatch": (
            "ไฟล์ที่อัปโหลดไม่ตรงกับไฟล์ต้นฉบับ (SHA-256 ไม่ตรง) กรุณาอัปโหลดใหม่",
            "The uploaded file does not match the original (SHA-256 differs). Upload it again.",
        ),
        "photo_upload_incomplete": (
            "ยังอัปโหลดรูปไม่ครบ ขาดส่วนที่ {missing} กรุณาอัปโหลดส่วนที่ขาดแล้วลองอีกครั้ง",
            "The photo upload is not finished: parts {missing} are missing. Upload them and try again.",
        ),
        "photo_size_mismatch": (
            "ไฟล์ที่อัปโหลดมีขนาด {received} ไบต์ ไม่ตรงกับที่แจ้งไว้ {declared} ไบต์ กรุณาอัปโหลดรูปใหม่ด้วยรหัสใหม่",
            "The uploaded file is {received} bytes, not the {declared} bytes declared. Upload the photo again "
            "with a new id.",
        ),
        "photo_parts_invalid": (
            "ที่เก็บไฟล์ไม่สามารถรวมส่วนของรูปที่อัปโหลดได้ ทุกส่วนยกเว้นส่วนสุดท้ายต้องมีขนาดตามที่ระบบกำหนด "
            "กรุณาอัปโหลดใหม่ตาม URL ที่ได้รับ",
            "The storage could not join the uploaded parts. Every part but the last must have the given part size. "
            "Upload the parts again with the URLs you received.",
        ),
        "photo_id_conflict": (
            "รหัสรูป {photo_id} ถูกใช้กับไฟล์อื่นแล้ว",
            "Photo id {photo_id} is already used for another file.",
        ),
        "photo_not_found": (
            "ไม่พบรูปรหัส {photo_id} ในรายงานนี้",
            "Photo {photo_id} was not found in this report.",
        ),
        "photo_rejected": (
            "รูปนี้ถูกปฏิเสธแล้ว ({code}) กรุณาอัปโหลดรูปใหม่ด้วยรหัสใหม่",
            "This photo was rejected ({code}). Upload the photo again with a new id.",
        ),
        "photo_not_ready": (
            "รูปนี้ยังประมวลผลไม่เสร็จ",
            "This photo is not processed yet.",
        ),
        "export_too_large": (
            "รายการที่เลือกมี {count} รายงาน เกินขีดจำกัดการส่งออก {limit} รายงาน กรุณาเลือกช่วงเวลาให้แคบลง",
            "The filter matches {count} reports, over the export limit of {limit}. Choose a shorter period.",
        ),
        "invalid_cursor": (
            "ตัวชี้หน้าถัดไปไม่ถูกต้อง กรุณาเริ่มจากหน้าแรก",
            "The page cursor is invalid. Start again from the first page.",
        ),
        "invalid_period_range": (
            "วันเริ่มต้น ({start}) ต้องไม่อยู่หลังวันสิ้นสุด ({end})",
            "The start date ({start}) must not be after the end date ({end}).",
        ),
        "period_range_too_long": (
            "ช่วงเวลาที่เลือกยาวเกิน {days} วัน กรุณาเลือกช่วงให้สั้นลง",
            "The chosen period is longer than {days} days. Choose a shorter one.",
        ),
        "directory_unavailable": (
            "ขณะนี้ตรวจสอบข้อมูลกับบริการทะเบียนหน่วยงานไม่ได้ รายงานยังไม่ถูกบันทึก กรุณาส่งอีกครั้งภายหลัง",
            "The directory service cannot be reached right now, so the report was not stored. Send it again later.",
        ),
        "storage_unavailable": (
            "ขณะนี้ติดต่อที่เก็บไฟล์ไม่ได้ กรุณาลองใหม่อีกครั้ง",
            "The file storage cannot be reached right now. Try again shortly.",
        ),
    }
)

# Labels shown in forms, lists and exports: code → (Thai, English).
ACTIVITY_TYPE_LABELS = {
    "community-meeting": ("ประชุมประชาคม/ชุมชน", "Community meeting"),
    "school": ("สถานศึกษา", "School"),
    "temple": ("วัด/ศาสนสถาน", "Temple"),
    "market": ("ตลาด", "Market"),
    "village-broadcast": ("หอกระจายข่าวหมู่บ้าน", "Village broadcast"),
    "door-to-door": ("เดินเคาะประตูบ้าน", "Door to door"),
    "online": ("โพสต์หรือไลฟ์ออนไลน์", "Online post or live"),
    "radio": ("วิทยุ", "Radio"),
    "other": ("อื่น ๆ", "Other"),
}

AUDIENCE_LABELS = {
    "general-public": ("ประชาชนทั่วไป", "General public"),
    "elderly": ("ผู้สูงอายุ", "Elderly people"),
    "students": ("นักเรียน นักศึกษา", "Students"),
    "farmers": ("เกษตรกร", "Farmers"),
    "online-sellers": ("ผู้ค้าออนไลน์", "Online sellers"),
    "migrant-workers": ("แรงงานข้ามชาติ", "Migrant workers"),
    "other": ("กลุ่มอื่น ๆ", "Other groups"),
}

CHANNEL_LABELS = {
    "in-person": ("บรรยาย/พูดคุยต่อหน้า", "In person"),
    "print": ("สื่อสิ่งพิมพ์ แผ่นพับ โปสเตอร์", "Print: leaflets, posters"),
    "loudspeaker": ("เสียงตามสาย/เครื่องขยายเสียง", "Loudspeaker"),
    "screen": ("จอภาพ/โปรเจกเตอร์", "Screen or projector"),
    "social": ("สื่อสังคมออนไลน์", "Social media"),
    "messaging": ("กลุ่มแชท เช่น LINE", "Chat groups such as LINE"),
    "radio": ("วิทยุชุมชน", "Community radio"),
    "other": ("อื่น ๆ", "Other"),
}

# Field names in validation messages: field → (Thai, English).
FIELD_LABELS = {
    "occurred_at": ("วันและเวลาที่จัดกิจกรรม", "date and time of the activity"),
    "place": ("สถานที่", "place"),
    "province_code": ("จังหวัด", "province"),
    "district_code": ("อำเภอ/เขต", "district"),
    "latitude": ("ละติจูด", "latitude"),
    "longitude": ("ลองจิจูด", "longitude"),
    "unit_id": ("หน่วยงาน", "unit"),
    "activity_type": ("ประเภทกิจกรรม", "activity type"),
    "audiences": ("กลุ่มผู้เข้าร่วม", "audience groups"),
    "group": ("กลุ่ม", "group"),
    "count": ("จำนวนคน", "head count"),
    "media": ("สื่อที่ใช้", "media used"),
    "media_id": ("รหัสสื่อ", "media id"),
    "version": ("ฉบับของสื่อ", "media version"),
    "channels": ("ช่องทาง", "channels"),
    "scam_types": ("ประเภทภัยที่ให้ความรู้", "scam types covered"),
    "note": ("บันทึกสั้น", "note"),
    "photo_count": ("จำนวนรูป", "photo count"),
    "confirm_large_counts": ("ยืนยันจำนวนที่สูงผิดปกติ", "large count confirmation"),
    "reason": ("เหตุผล", "reason"),
    "revision": ("ฉบับของรายงาน", "report revision"),
    "report": ("รายงาน", "report"),
    "id": ("รหัสรายงาน", "report id"),
    "photo_id": ("รหัสรูป", "photo id"),
    "file_name": ("ชื่อไฟล์", "file name"),
    "content_type": ("ชนิดไฟล์", "file type"),
    "size": ("ขนาดไฟล์", "file size"),
    "sha256": ("ค่า SHA-256", "SHA-256"),
}

# Thai for marshmallow's standard field errors; other texts are shown as they are.
FIELD_ERRORS_TH = {
    "Missing data for required field.": "ต้องระบุ",
    "Field may not be null.": "ต้องระบุ",
    "Not a valid integer.": "ต้องเป็นจำนวนเต็ม",
    "Not a valid number.": "ต้องเป็นตัวเลข",
    "Not a valid string.": "ต้องเป็นข้อความ",
    "Not a valid boolean.": "ต้องเป็นจริงหรือเท็จ",
    "Not a valid list.": "ต้องเป็นรายการ",
    "Not a valid datetime.": "วันเวลาไม่ถูกต้อง",
    "Not a valid date.": "วันที่ไม่ถูกต้อง",
    "Not a valid UUID.": "ต้องเป็น UUID",
    "Invalid input type.": "ชนิดข้อมูลไม่ถูกต้อง",
    "Unknown field.": "ไม่รู้จักช่องนี้",
    "Not a valid datetime with a timezone.": "วันเวลาต้องระบุเขตเวลา",
    "Not a valid aware datetime.": "วันเวลาต้องระบุเขตเวลา",
}


def label(table, code, language):
    """Return the Thai or English label of ``code``; the code itself when it has none."""
    pair = table.get(code)
    if pair is None:
        return code
    return pair[1] if language == "en" else pair[0]
