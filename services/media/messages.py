"""User-facing messages of the media service, Thai then English."""

from cybervaccine.i18n import Catalogue

MESSAGES = Catalogue(
    {
        "role_required": (
            "ท่านไม่มีสิทธิ์ทำรายการนี้ ต้องมีบทบาท {roles}",
            "You do not have permission for this. It needs the role {roles}.",
        ),
        "media_not_found": (
            "ไม่พบสื่อรหัส {media_id} กรุณาเลือกสื่อจากคลังสื่อ",
            "Media item {media_id} was not found. Choose an item from the catalogue.",
        ),
        "version_not_found": (
            "สื่อรหัส {media_id} ไม่มีฉบับที่ {version} (ฉบับล่าสุดคือ {current})",
            "Media item {media_id} has no version {version}; the newest is version {current}.",
        ),
        "media_archived": (
            "สื่อรหัส {media_id} ถูกเก็บเข้าคลังถาวรแล้ว จึงดาวน์โหลดไม่ได้",
            "Media item {media_id} has been archived and can no longer be downloaded.",
        ),
        "media_archived_locked": (
            "สื่อรหัส {media_id} ถูกเก็บเข้าคลังถาวรแล้ว จึงแก้ไขหรือเพิ่มฉบับใหม่ไม่ได้",
            "Media item {media_id} is archived, so it cannot be edited or get new versions.",
        ),
        "media_already_archived": (
            "สื่อรหัส {media_id} ถูกเก็บเข้าคลังถาวรไปแล้ว",
            "Media item {media_id} is already archived.",
        ),
        "upload_not_found": (
            "ไม่พบรายการอัปโหลด {upload_id}",
            "Upload {upload_id} was not found.",
        ),
        "upload_not_yours": (
            "รายการอัปโหลด {upload_id} เป็นของบัญชีอื่น",
            "Upload {upload_id} belongs to another account.",
        ),
        "upload_closed": (
            "รายการอัปโหลด {upload_id} สิ้นสุดแล้ว (สถานะ {status}) กรุณาเริ่มอัปโหลดใหม่",
            "Upload {upload_id} is already closed (status {status}). Start a new upload.",
        ),
        "upload_expired": (
            "รายการอัปโหลด {upload_id} หมดเวลาแล้ว กรุณาเริ่มอัปโหลดใหม่",
            "Upload {upload_id} has expired. Start a new upload.",
        ),
        "upload_incomplete": (
            "ไฟล์ยังอัปโหลดไม่ครบ ได้รับ {received} จาก {expected} ไบต์ (ส่วนที่ขาด: {missing}) "
            "กรุณาส่งส่วนที่ขาดแล้วกดยืนยันอีกครั้ง",
            "The file has not been fully uploaded: {received} of {expected} bytes arrived "
            "(missing parts: {missing}). Send the missing parts and complete the upload again.",
        ),
        "upload_part_size_wrong": (
            "ส่วนที่ {part} ของไฟล์มีขนาด {size} ไบต์ แต่ต้องเป็น {expected} ไบต์ กรุณาส่งส่วนนั้นใหม่",
            "Part {part} of the file is {size} bytes but must be {expected} bytes. Send that part again.",
        ),
        "file_empty": (
            "ไฟล์ว่างเปล่า (0 ไบต์) กรุณาเลือกไฟล์ที่มีเนื้อหา",
            "The file is empty (0 bytes). Choose a file with content.",
        ),
        "file_too_large": (
            "ไฟล์มีขนาด {size} ไบต์ เกินขีดจำกัด {limit} ไบต์",
            "The file is {size} bytes, over the limit of {limit} bytes.",
        ),
        "file_size_mismatch": (
            "ไฟล์ที่ได้รับมีขนาด {size} ไบต์ ไม่ตรงกับที่แจ้งไว้ {expected} ไบต์ กรุณาอัปโหลดใหม่",
            "The stored file is {size} bytes, not the {expected} bytes declared. Upload it again.",
        ),
        "file_name_invalid": (
            "ชื่อไฟล์ไม่ถูกต้อง กรุณาตั้งชื่อไฟล์ที่มีนามสกุล เช่น โปสเตอร์.png",
            "The file name is invalid. Use a name with an extension, for example poster.png.",
        ),
        "unsupported_file_type": (
            "ไม่รองรับไฟล์ประเภท {found} ไฟล์ที่รับได้คือ {allowed}",
            "Files of type {found} are not supported. Allowed types: {allowed}.",
        ),
        "kind_file_mismatch": (
            "สื่อประเภท {kind} ต้องเป็นไฟล์ {allowed} แต่ไฟล์นี้เป็น {found}",
            "A {kind} must be a {allowed} file, but this file is {found}.",
        ),
        "content_type_mismatch": (
            "เนื้อหาไฟล์เป็น {found} ไม่ตรงกับนามสกุล .{extension} ของชื่อไฟล์ {file_name}",
            "The file content is {found}, which does not match the extension .{extension} of {file_name}.",
        ),
        "content_type_unknown": (
            "ตรวจไม่พบชนิดไฟล์จากเนื้อหา ไฟล์นี้ไม่ใช่ {allowed} ที่ถูกต้อง",
            "The file content is not a valid {allowed} file.",
        ),
        "duplicate_file": (
            "มีไฟล์นี้ในคลังสื่ออยู่แล้ว คือสื่อรหัส {media_id} ฉบับที่ {version} ({title})",
            "This exact file is already in the library: media item {media_id}, version {version} ({title}).",
        ),
        "title_th_required": (
            "กรุณาใส่ชื่อสื่อภาษาไทย",
            "Enter the Thai title of the item.",
        ),
        "scam_types_required": (
            "กรุณาเลือกประเภทภัยอย่างน้อยหนึ่งประเภท",
            "Choose at least one scam type.",
        ),
        "unknown_scam_type": (
            "ไม่รู้จักประเภทภัย {code} กรุณาเลือกจากรายการประเภทภัย",
            "Unknown scam type {code}. Choose one from the scam type list.",
        ),
        "unknown_audience": (
            "ไม่รู้จักกลุ่มเป้าหมาย {code} กลุ่มที่ใช้ได้คือ {allowed}",
            "Unknown audience {code}. Allowed audiences: {allowed}.",
        ),
        "unknown_channel": (
            "ไม่รู้จักช่องทาง {code} ช่องทางที่ใช้ได้คือ {allowed}",
            "Unknown channel {code}. Allowed channels: {allowed}.",
        ),
        "unknown_kind": (
            "ไม่รู้จักประเภทสื่อ {kind} ประเภทที่ใช้ได้คือ {allowed}",
            "Unknown media kind {kind}. Allowed kinds: {allowed}.",
        ),
        "kind_change_not_allowed": (
            "เปลี่ยนประเภทสื่อเป็น {kind} ไม่ได้ เพราะไฟล์ปัจจุบันเป็น {found}",
            "The kind cannot change to {kind} because the current file is {found}.",
        ),
        "bundle_too_many": (
            "เลือกสื่อได้ไม่เกิน {limit} รายการต่อไฟล์ ZIP (เลือกไว้ {count} รายการ)",
            "A ZIP file can hold at most {limit} items; {count} were selected.",
        ),
        "bundle_ticket_invalid": (
            "ลิงก์ดาวน์โหลด ZIP ไม่ถูกต้องหรือหมดอายุแล้ว กรุณาสร้างลิงก์ใหม่",
            "The ZIP download link is invalid or has expired. Create a new link.",
        ),
        "storage_unavailable": (
            "ขณะนี้ไม่สามารถติดต่อที่เก็บไฟล์ได้ กรุณาลองใหม่อีกครั้ง",
            "The file storage cannot be reached right now. Try again shortly.",
        ),
        "scam_types_unavailable": (
            "ขณะนี้ตรวจสอบรายการประเภทภัยไม่ได้ กรุณาลองใหม่อีกครั้ง",
            "The scam type list cannot be checked right now. Try again shortly.",
        ),
        "download_not_recorded": (
            "ขณะนี้บันทึกการดาวน์โหลดไม่ได้ จึงยังไม่ส่งไฟล์ให้ กรุณาลองใหม่อีกครั้ง",
            "The download could not be recorded right now, so no file link was given. Try again shortly.",
        ),
    }
)
