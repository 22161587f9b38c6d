"""User-facing messages of the directory service, Thai then English."""

from cybervaccine.i18n import Catalogue

MESSAGES = Catalogue(
    {
        "login_failed": (
            "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง กรุณาตรวจสอบแล้วลองอีกครั้ง",
            "The username or password is wrong. Check them and try again.",
        ),
        "account_disabled": (
            "บัญชี {username} ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบ",
            "Account {username} is disabled. Contact an administrator.",
        ),
        "unit_not_found": (
            "ไม่พบหน่วยงานรหัส {unit_id} กรุณาเลือกหน่วยงานจากรายการ",
            "Unit {unit_id} was not found. Choose a unit from the list.",
        ),
        "account_not_found": (
            "ไม่พบบัญชีผู้ใช้รหัส {account_id}",
            "Account {account_id} was not found.",
        ),
        "assignment_not_found": (
            "ไม่พบการมอบหมายหน้าที่รหัส {assignment_id}",
            "Duty assignment {assignment_id} was not found.",
        ),
        "duplicate_username": (
            "ชื่อผู้ใช้ {username} มีอยู่แล้ว กรุณาเลือกชื่ออื่น",
            "The username {username} is already taken. Choose another one.",
        ),
        "weak_password": (
            "รหัสผ่านต้องยาวอย่างน้อย {minimum} ตัวอักษร",
            "The password must be at least {minimum} characters long.",
        ),
        "unknown_role": (
            "ไม่รู้จักบทบาท {role} บทบาทที่ใช้ได้คือ {allowed}",
            "Unknown role {role}. Allowed roles: {allowed}.",
        ),
        "unit_outside_subtree": (
            "หน่วยงาน {unit_id} ไม่อยู่ในสายงานของท่าน",
            "Unit {unit_id} is not in your part of the unit tree.",
        ),
        "role_required": (
            "ท่านไม่มีสิทธิ์ทำรายการนี้ ต้องมีบทบาท {roles}",
            "You do not have permission for this. It needs the role {roles}.",
        ),
        "override_required": (
            "เจ้าหน้าที่ {username} มีภาระงานหลักมาก ({note}) การมอบหน้าที่เพิ่มต้องยืนยันพร้อมระบุเหตุผล",
            "Officer {username} carries a heavy main workload ({note}). "
            "Assigning an extra duty needs an explicit override with a reason.",
        ),
        "override_reason_missing": (
            "กรุณาระบุเหตุผลของการมอบหน้าที่เพิ่มแก่เจ้าหน้าที่ที่มีภาระงานมาก",
            "Give the reason for assigning an extra duty to an officer with a heavy workload.",
        ),
        "duty_already_assigned": (
            "เจ้าหน้าที่ {username} มีหน้าที่ {duty} ในหน่วยนี้อยู่แล้ว",
            "Officer {username} already has the duty {duty} in this unit.",
        ),
        "unknown_duty": (
            "ไม่รู้จักหน้าที่ {duty} หน้าที่ที่ใช้ได้คือ {allowed}",
            "Unknown duty {duty}. Allowed duties: {allowed}.",
        ),
        "station_import_invalid": (
            "ไฟล์รายชื่อสถานีมีข้อผิดพลาด {count} รายการ ยังไม่ได้นำเข้าข้อมูลใด ๆ กรุณาแก้ไขตามรายการแล้วส่งใหม่",
            "The station list has {count} errors, so nothing was imported. Fix the listed rows and send it again.",
        ),
        "station_import_empty": (
            "ไฟล์รายชื่อสถานีไม่มีข้อมูล",
            "The station list contains no rows.",
        ),
        "scam_type_exists": (
            "รหัสประเภทภัย {code} มีอยู่แล้ว",
            "The scam type code {code} already exists.",
        ),
        "scam_type_code_invalid": (
            "รหัสประเภทภัย {code} ไม่ถูกต้อง ใช้ตัวอักษรภาษาอังกฤษตัวเล็ก ตัวเลข และขีด (-) 2–40 ตัว",
            "The scam type code {code} is invalid. Use 2–40 lower-case letters, digits and hyphens.",
        ),
        "invalid_input": (
            "ข้อมูลไม่ถูกต้อง: {summary}",
            "Invalid input: {summary}",
        ),
    }
)
