"""Messages of errors that the gateway itself raises, Thai then English."""

from cybervaccine.i18n import Catalogue

MESSAGES = Catalogue(
    {
        "unauthenticated": (
            "กรุณาเข้าสู่ระบบก่อน (ไม่พบโทเค็นในส่วนหัว Authorization)",
            "Log in first: the Authorization header has no bearer token.",
        ),
        "token_expired": (
            "การเข้าสู่ระบบหมดอายุแล้ว กรุณาเข้าสู่ระบบใหม่",
            "Your login has expired. Log in again.",
        ),
        "token_invalid": (
            "โทเค็นไม่ถูกต้อง กรุณาเข้าสู่ระบบใหม่",
            "The token is invalid. Log in again.",
        ),
        "forbidden": (
            "ท่านไม่มีสิทธิ์ใช้งานส่วนนี้ ต้องมีบทบาท {roles}",
            "You do not have permission for this. It needs the role {roles}.",
        ),
        "route_not_found": (
            "ไม่พบที่อยู่ {path} กรุณาตรวจสอบ URL",
            "No route matches {path}. Check the URL.",
        ),
        "method_not_allowed": (
            "ที่อยู่ {path} ไม่รองรับคำขอแบบ {method}",
            "{path} does not accept {method} requests.",
        ),
        "payload_too_large": (
            "ข้อมูลที่ส่งมีขนาด {size} ไบต์ เกินขีดจำกัด {limit} ไบต์",
            "The request body is {size} bytes, over the limit of {limit} bytes.",
        ),
        "invalid_json": (
            "ข้อมูลที่ส่งไม่ใช่ JSON ที่ถูกต้อง: {detail}",
            "The request body is not valid JSON: {detail}",
        ),
        "json_object_required": (
            "ข้อมูลที่ส่งต้องเป็นออบเจ็กต์ JSON",
            "The request body must be a JSON object.",
        ),
        "service_timeout": (
            "บริการ {service} ไม่ตอบสนองภายใน {seconds} วินาที กรุณาลองใหม่อีกครั้ง",
            "The {service} service did not answer within {seconds} seconds. Try again shortly.",
        ),
        "service_unavailable": (
            "ขณะนี้ไม่สามารถติดต่อบริการ {service} ได้ กรุณาลองใหม่อีกครั้ง",
            "The {service} service cannot be reached right now. Try again shortly.",
        ),
        "internal_error": (
            "ระบบขัดข้อง กรุณาลองใหม่อีกครั้ง หากยังไม่ได้ให้แจ้งผู้ดูแลระบบพร้อมรหัสคำขอ {request_id}",
            "Something went wrong. Try again; if it persists, tell an administrator request id {request_id}.",
        ),
        "rate_limited": (
            "มีคำขอมากเกินไป กรุณารอ {retry_after} วินาทีแล้วลองใหม่",
            "Too many requests. Wait {retry_after} seconds and try again.",
        ),
    }
)
