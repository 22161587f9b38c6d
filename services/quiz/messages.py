"""User-facing messages of the quiz service, Thai then English."""

from cybervaccine.i18n import Catalogue

MESSAGES = Catalogue(
    {
        # Playing
        "no_published_version": (
            "ยังไม่มีชุดคำถามที่เผยแพร่ กรุณาลองใหม่ภายหลัง",
            "No quiz version has been published yet. Try again later.",
        ),
        "attempt_not_found": (
            "ไม่พบการเล่นรหัส {attempt_id} กรุณาเริ่มเล่นใหม่",
            "Quiz attempt {attempt_id} was not found. Start a new game.",
        ),
        "attempt_finished": (
            "การเล่นนี้ส่งคำตอบไปแล้ว ผลลัพธ์ยังอยู่ที่เดิม หากต้องการเล่นอีกครั้งกรุณาเริ่มเกมใหม่",
            "This attempt has already been submitted, and its result is kept. Start a new game to play again.",
        ),
        "attempt_not_finished": (
            "การเล่นนี้ยังไม่ได้ส่งคำตอบ จึงยังไม่มีผลลัพธ์",
            "This attempt has not been submitted yet, so it has no result.",
        ),
        "attempt_expired": (
            "หมดเวลาเล่นแล้ว (เกิน {minutes} นาที) คำตอบนี้ไม่ถูกบันทึก กรุณาเริ่มเกมใหม่",
            "Time is up: the attempt expired after {minutes} minutes and these answers were not recorded. "
            "Start a new game.",
        ),
        "submission_not_recorded": (
            "ขณะนี้ยืนยันการบันทึกคำตอบไม่ได้ กรุณากดส่งอีกครั้งด้วยรหัสคำขอเดิม หากคำตอบถูกบันทึกไว้แล้ว จะได้ผลลัพธ์เดิมโดยไม่นับซ้ำ",
            "Your answers could not be confirmed as recorded right now. Send them again with the same "
            "Idempotency-Key: if they were recorded, you get the stored result and nothing is counted twice.",
        ),
        "idempotency_key_missing": (
            "กรุณาส่งรหัสคำขอ (ส่วนหัว Idempotency-Key) เพื่อป้องกันการบันทึกซ้ำ",
            "Send a request key in the Idempotency-Key header, so that a retried request is not recorded twice.",
        ),
        "idempotency_key_invalid": (
            "รหัสคำขอ (Idempotency-Key) ไม่ถูกต้อง ใช้ตัวอักษรภาษาอังกฤษ ตัวเลข - _ . : ความยาว 8–128 ตัว",
            "The Idempotency-Key is invalid. Use 8–128 letters, digits, '-', '_', '.' or ':'.",
        ),
        "idempotency_key_reused": (
            "รหัสคำขอ (Idempotency-Key) นี้ถูกใช้กับคำขออื่นแล้ว กรุณาสร้างรหัสใหม่สำหรับคำขอใหม่",
            "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
        ),
        "answers_not_in_attempt": (
            "คำตอบมีคำถามที่ไม่อยู่ในการเล่นนี้: {question_ids}",
            "The answers name questions that are not part of this attempt: {question_ids}.",
        ),
        "answers_duplicate": (
            "ตอบคำถามเดียวกันซ้ำ: {question_ids} กรุณาส่งคำตอบเดียวต่อคำถาม",
            "Questions answered more than once: {question_ids}. Send one answer per question.",
        ),
        "answers_missing": (
            "ยังไม่ได้ตอบคำถาม {count} ข้อ: {question_ids} กรุณาตอบให้ครบทุกข้อ",
            "{count} questions have no answer: {question_ids}. Answer every question.",
        ),
        "choice_unknown": (
            "ไม่มีตัวเลือก {choice_id} ในคำถาม {question_id}",
            "Question {question_id} has no choice {choice_id}.",
        ),
        "province_unknown": (
            "ไม่รู้จักรหัสจังหวัด {province_code} กรุณาเลือกจังหวัดจากรายการ",
            "Unknown province code {province_code}. Choose a province from the list.",
        ),
        "district_unknown": (
            "ไม่รู้จักรหัสอำเภอ/เขต {district_code} กรุณาเลือกจากรายการ",
            "Unknown district code {district_code}. Choose a district from the list.",
        ),
        "district_outside_province": (
            "อำเภอ/เขต {district_code} ไม่อยู่ในจังหวัด {province_code}",
            "District {district_code} is not in province {province_code}.",
        ),
        # Campaigns
        "campaign_code_invalid": (
            "รหัสลิงก์กิจกรรม {campaign_code} ไม่ถูกต้อง กรุณาสแกน QR หรือเปิดลิงก์จากสถานีอีกครั้ง",
            "The campaign code {campaign_code} is malformed. Scan the QR code or open the station's link again.",
        ),
        "campaign_not_found": (
            "ไม่พบลิงก์กิจกรรมรหัส {campaign_code}",
            "No campaign link has the code {campaign_code}.",
        ),
        "campaign_unit_without_area": (
            "หน่วยงาน {unit_id} ไม่มีจังหวัดกำกับ ลิงก์กิจกรรมต้องสร้างในนามสถานีหรือหน่วยที่มีพื้นที่",
            "Unit {unit_id} has no province. Create campaign links for a station or another unit with an area.",
        ),
        "unit_outside_subtree": (
            "หน่วยงาน {unit_id} ไม่อยู่ในสายงานของท่าน",
            "Unit {unit_id} is not in your part of the unit tree.",
        ),
        "role_required": (
            "ท่านไม่มีสิทธิ์ทำรายการนี้ ต้องมีบทบาท {roles}",
            "You do not have permission for this. It needs the role {roles}.",
        ),
        "directory_unavailable": (
            "ติดต่อบริการทะเบียนหน่วยงานไม่ได้ กรุณาลองใหม่อีกครั้ง",
            "The directory service cannot be reached. Try again shortly.",
        ),
        # Question bank
        "question_not_found": (
            "ไม่พบคำถามรหัส {question_id}",
            "Question {question_id} was not found.",
        ),
        "question_exists": (
            "มีคำถามรหัส {question_id} อยู่แล้ว กรุณาใช้รหัสอื่นหรือแก้ไขคำถามเดิม",
            "Question {question_id} already exists. Use another id or edit the existing question.",
        ),
        "question_revision_conflict": (
            "คำถาม {question_id} ถูกแก้ไขไปแล้ว (ฉบับที่ {current}) กรุณาโหลดใหม่แล้วแก้ไขอีกครั้ง",
            "Question {question_id} was changed meanwhile (now revision {current}). Reload it and edit again.",
        ),
        "question_invalid": (
            "คำถามมีข้อผิดพลาด {count} รายการ: {summary}",
            "The question has {count} problems: {summary}",
        ),
        "import_invalid": (
            "ไฟล์คลังคำถามมีข้อผิดพลาด {count} รายการ ยังไม่ได้นำเข้าข้อมูลใด ๆ กรุณาแก้ไขตามบรรทัดที่ระบุแล้วส่งใหม่",
            "The question file has {count} problems, so nothing was imported. Fix the listed lines and send it again.",
        ),
        "import_empty": (
            "ไฟล์คลังคำถามไม่มีคำถาม",
            "The question file contains no questions.",
        ),
        "publish_unchanged": (
            "คำถามที่ใช้งานอยู่ไม่เปลี่ยนจากชุดที่ {version} จึงไม่ต้องเผยแพร่ชุดใหม่",
            "The active questions are the same as in version {version}, so there is nothing new to publish.",
        ),
        "publish_empty": (
            "ไม่มีคำถามที่ใช้งานอยู่ จึงเผยแพร่ชุดคำถามไม่ได้",
            "There are no active questions, so no version can be published.",
        ),
        # Problems in one question or one line of an imported file
        "field_missing": (
            "ไม่มีข้อมูลช่อง {field}",
            "{field} is missing.",
        ),
        "field_unexpected": (
            "ไม่รู้จักช่อง {field}",
            "{field} is not a known field.",
        ),
        "question_id_invalid": (
            "รหัสคำถาม {value} ไม่ถูกต้อง ใช้ตัวอักษรภาษาอังกฤษตัวเล็กและตัวเลขคั่นด้วยขีด ขึ้นต้นด้วย q- เช่น q-shopping-01",
            "Question id {value} is invalid. Use lower-case words and digits joined by '-', starting with 'q-', "
            "like q-shopping-01.",
        ),
        "question_id_duplicate": (
            "รหัสคำถาม {value} ซ้ำกับบรรทัด {first_line}",
            "Question id {value} is repeated; it first appears on line {first_line}.",
        ),
        "scam_type_unknown": (
            "ไม่รู้จักประเภทภัย {value} ประเภทที่ใช้ได้คือ {allowed}",
            "Unknown scam type {value}. Allowed types: {allowed}.",
        ),
        "difficulty_invalid": (
            "ระดับความยาก {value} ไม่ถูกต้อง ต้องเป็น 1, 2 หรือ 3",
            "Difficulty {value} is invalid. Use 1, 2 or 3.",
        ),
        "weight_invalid": (
            "น้ำหนัก {value} ไม่ถูกต้อง ต้องเป็นตัวเลขตั้งแต่ {minimum} ถึง {maximum}",
            "Weight {value} is invalid. Use a number from {minimum} to {maximum}.",
        ),
        "text_missing": (
            "ช่อง {field} ว่างอยู่ กรุณาใส่ข้อความ",
            "{field} is empty. Enter the text.",
        ),
        "text_too_long": (
            "ช่อง {field} ยาวเกิน {maximum} ตัวอักษร",
            "{field} is longer than {maximum} characters.",
        ),
        "thai_text_without_thai": (
            "ช่อง {field} ต้องเป็นภาษาไทย แต่ไม่มีอักษรไทย",
            "{field} must be Thai text but contains no Thai characters.",
        ),
        "choice_count_invalid": (
            "คำถามมีตัวเลือก {count} ข้อ ต้องมี {minimum}–{maximum} ข้อ",
            "The question has {count} choices; it needs {minimum} to {maximum}.",
        ),
        "choice_id_invalid": (
            "ตัวเลือกลำดับที่ {position} ต้องใช้รหัส {expected} แต่พบ {value}",
            "Choice number {position} must have the id {expected}, not {value}.",
        ),
        "correct_count_invalid": (
            "คำถามมีคำตอบที่ถูกต้อง {count} ข้อ ต้องมีหนึ่งข้อพอดี",
            "The question has {count} correct choices; it needs exactly one.",
        ),
        "correct_value_invalid": (
            "ค่า correct {value} ไม่ถูกต้อง ใช้ true หรือ false",
            "The correct value {value} is invalid. Use true or false.",
        ),
        "csv_header_invalid": (
            "หัวตาราง CSV ไม่ครบ ขาดคอลัมน์ {columns}",
            "The CSV header lacks the columns {columns}.",
        ),
        "csv_rows_apart": (
            "แถวของคำถาม {value} ต้องอยู่ติดกัน แถวแรกอยู่บรรทัด {first_line}",
            "Rows of question {value} must be next to each other; the first is on line {first_line}.",
        ),
        "csv_value_differs": (
            "ช่อง {field} ของคำถาม {question_id} ({value}) ไม่ตรงกับบรรทัด {first_line} เว้นว่างไว้หรือใส่ค่าเดียวกัน",
            "{field} of question {question_id} ({value}) differs from line {first_line}. "
            "Leave it empty or repeat the same value.",
        ),
        "csv_unreadable": (
            "อ่านไฟล์ CSV ไม่ได้: {detail}",
            "The CSV file cannot be read: {detail}",
        ),
        "json_unreadable": (
            "ไฟล์ JSON ไม่ถูกต้อง: {detail}",
            "The JSON file is invalid: {detail}",
        ),
        "json_structure_invalid": (
            "ไฟล์ JSON ต้องเป็นออบเจ็กต์ที่มีรายการ questions",
            "The JSON file must be an object with a questions list.",
        ),
        "question_not_object": (
            "รายการคำถามต้องเป็นออบเจ็กต์ JSON",
            "Each question must be a JSON object.",
        ),
        "too_many_questions": (
            "ไฟล์มีคำถาม {count} ข้อ เกินขีดจำกัด {maximum} ข้อ",
            "The file has {count} questions, over the limit of {maximum}.",
        ),
    }
)
