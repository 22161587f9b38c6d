"""Request and response schemas of the reports service.

The gateway validates HTTP bodies and queries with the request schemas and
documents them in OpenAPI; the service loads its RPC arguments with the same
schemas. A request schema that fails raises the platform's ``InvalidInput``
itself, with every field named in Thai and English, so the caller sees the
same error from the gateway and from the service.
"""

import re

from marshmallow import Schema, fields, post_load, pre_load, validate

from cybervaccine.errors import InvalidInput
from cybervaccine.events.reports import ACTIVITY_TYPES, AUDIENCE_GROUPS, CHANNELS
from services.reports.messages import FIELD_ERRORS_TH, FIELD_LABELS, MESSAGES
from services.reports.rules import MAX_PHOTOS, THAILAND_TIME

SHA256_HEX = validate.Regexp(r"^[0-9a-f]{64}$", error="Use the 64 lower-case hex digits of the SHA-256.")
PERIODS = ("day", "week", "month")
STATUSES = ("active", "withdrawn", "all")
EXPORT_FORMATS = ("csv", "xlsx")


def _thai_reason(text):
    """Translate one of marshmallow's standard field errors into Thai; keep other texts as they are."""
    if text in FIELD_ERRORS_TH:
        return FIELD_ERRORS_TH[text]

    patterns = (
        (r"^Must be one of: (.*)\.$", "ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: {0}"),
        (r"^Length must be between (\d+) and (\d+)\.$", "ความยาวต้องอยู่ระหว่าง {0} ถึง {1}"),
        (r"^Longer than maximum length (\d+)\.$", "ยาวเกิน {0}"),
        (r"^Shorter than minimum length (\d+)\.$", "สั้นกว่า {0}"),
        (r"^Must be greater than or equal to (\S+) and less than or equal to (\S+)\.$", "ต้องอยู่ระหว่าง {0} ถึง {1}"),
        (r"^Must be greater than or equal to (\S+)\.$", "ต้องไม่น้อยกว่า {0}"),
        (r"^Must be less than or equal to (\S+)\.$", "ต้องไม่มากกว่า {0}"),
    )
    for pattern, thai in patterns:
        match = re.match(pattern, text)
        if match:
            return thai.format(*match.groups())
    return text


def _field_errors(messages, prefix=""):
    """Flatten marshmallow's nested messages into (path, last field name, text) triples."""
    found = []
    for field, problem in sorted(messages.items(), key=lambda item: str(item[0])):
        path = "{}{}".format(prefix, field)
        if isinstance(problem, dict):
            found.extend(_field_errors(problem, path + "."))
            continue
        texts = problem if isinstance(problem, list) else [problem]
        for text in texts:
            if isinstance(text, dict):
                found.extend(_field_errors(text, path + "."))
            else:
                found.append((path, str(field), str(text)))
    return found


def invalid_input(messages):
    """Build an ``InvalidInput`` that names every failed field in both languages."""
    thai_parts, english_parts = [], []
    for path, field, text in _field_errors(messages):
        thai_label, english_label = FIELD_LABELS.get(field, (field, field))
        thai_parts.append("{} ({}): {}".format(thai_label, path, _thai_reason(text)))
        english_parts.append("{} ({}): {}".format(english_label, path, text))

    return InvalidInput(
        "invalid_input",
        MESSAGES.text("invalid_input", "th", summary="; ".join(thai_parts)),
        MESSAGES.text("invalid_input", "en", summary="; ".join(english_parts)),
        details={"fields": messages},
    )


class RequestSchema(Schema):
    """A request schema whose failures become the platform's bilingual ``InvalidInput``."""

    def handle_error(self, error, data, *, many, **kwargs):
        raise invalid_input(error.normalized_messages())


def _strip(data, names):
    if not isinstance(data, dict):
        return data
    data = dict(data)
    for name in names:
        if isinstance(data.get(name), str):
            data[name] = data[name].strip()
    return data


class AudienceCountSchema(Schema):
    group = fields.String(required=True, validate=validate.OneOf(AUDIENCE_GROUPS))
    count = fields.Integer(required=True, strict=True, metadata={"description": "Head count; over 100,000 needs confirmation."})


class MediaUsedSchema(Schema):
    media_id = fields.Integer(required=True, strict=True)
    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))


class ReportBodySchema(RequestSchema):
    """The fields of a report as the filing device sends them."""

    occurred_at = fields.AwareDateTime(
        required=True,
        default_timezone=THAILAND_TIME,
        metadata={"description": "When the activity took place, ISO 8601; without an offset it is Thai time."},
    )
    place = fields.String(required=True, validate=validate.Length(min=1, max=300))
    province_code = fields.String(required=True, validate=validate.Length(min=1, max=10))
    district_code = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10))
    latitude = fields.Float(load_default=None, allow_none=True, validate=validate.Range(min=-90, max=90))
    longitude = fields.Float(load_default=None, allow_none=True, validate=validate.Range(min=-180, max=180))
    unit_id = fields.Integer(required=True, strict=True)
    activity_type = fields.String(required=True, validate=validate.OneOf(ACTIVITY_TYPES))
    audiences = fields.List(
        fields.Nested(AudienceCountSchema), required=True, validate=validate.Length(max=len(AUDIENCE_GROUPS))
    )
    media = fields.List(fields.Nested(MediaUsedSchema), load_default=list, validate=validate.Length(max=30))
    channels = fields.List(
        fields.String(validate=validate.OneOf(CHANNELS)), load_default=list, validate=validate.Length(max=len(CHANNELS))
    )
    scam_types = fields.List(
        fields.String(validate=validate.Length(min=1, max=40)), required=True, validate=validate.Length(min=1, max=20)
    )
    note = fields.String(load_default="", validate=validate.Length(max=1000))
    photo_count = fields.Integer(
        load_default=0, strict=True, validate=validate.Range(min=0, max=MAX_PHOTOS),
        metadata={"description": "Photos that will be uploaded for the report (0–10)."},
    )
    confirm_large_counts = fields.Boolean(
        load_default=False, metadata={"description": "Confirms head counts over 100,000 in one group."}
    )

    @pre_load
    def strip_text(self, data, **kwargs):
        data = _strip(data, ("place", "province_code", "district_code", "note"))
        if isinstance(data, dict) and data.get("district_code") == "":
            data["district_code"] = None
        return data


class SubmitReportRequest(ReportBodySchema):
    id = fields.UUID(required=True, metadata={"description": "The report id, a UUID made on the filing device."})


class AmendReportRequest(RequestSchema):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=1000))
    revision = fields.Integer(
        required=True, strict=True, metadata={"description": "The revision being amended; a newer one is a conflict."}
    )
    report = fields.Nested(ReportBodySchema, required=True)

    @pre_load
    def strip_text(self, data, **kwargs):
        return _strip(data, ("reason",))


class WithdrawReportRequest(RequestSchema):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=1000))
    revision = fields.Integer(load_default=None, allow_none=True, strict=True)

    @pre_load
    def strip_text(self, data, **kwargs):
        return _strip(data, ("reason",))


class CreatePhotoRequest(RequestSchema):
    photo_id = fields.UUID(required=True, metadata={"description": "Id chosen by the device, so a retry finds the same slot."})
    file_name = fields.String(required=True, validate=validate.Length(min=1, max=255))
    content_type = fields.String(required=True, validate=validate.Length(min=1, max=50))
    size = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    sha256 = fields.String(load_default=None, allow_none=True, validate=SHA256_HEX)

    @post_load
    def lower_type(self, data, **kwargs):
        data["content_type"] = data["content_type"].lower().split(";")[0].strip()
        return data


class ListQuery(RequestSchema):
    unit_id = fields.Integer(load_default=None, metadata={"description": "Root of the subtree; defaults to the caller's unit."})
    date_from = fields.Date(load_default=None, data_key="from")
    date_to = fields.Date(load_default=None, data_key="to")
    activity_type = fields.String(load_default=None, validate=validate.OneOf(ACTIVITY_TYPES))
    scam_type = fields.String(load_default=None, validate=validate.Length(max=40))
    media_id = fields.Integer(load_default=None)
    audience = fields.String(load_default=None, validate=validate.OneOf(AUDIENCE_GROUPS))
    province_code = fields.String(load_default=None, validate=validate.Length(max=10))
    status = fields.String(load_default="active", validate=validate.OneOf(STATUSES))
    mine = fields.Boolean(load_default=False, metadata={"description": "Only reports the caller filed."})
    cursor = fields.String(load_default=None, validate=validate.Length(max=200))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class ExportQuery(ListQuery):
    format = fields.String(load_default="csv", validate=validate.OneOf(EXPORT_FORMATS))
    redirect = fields.Boolean(load_default=False, metadata={"description": "Answer 302 to the file instead of JSON."})


class SummaryQuery(RequestSchema):
    unit_id = fields.Integer(load_default=None, metadata={"description": "Root of the subtree; defaults to the caller's unit."})
    date_from = fields.Date(
        load_default=None, data_key="from",
        metadata={"description": "Defaults to 12 months (month), 13 weeks (week) or 31 days (day) back."},
    )
    date_to = fields.Date(load_default=None, data_key="to", metadata={"description": "Defaults to today (Thai time)."})
    period = fields.String(load_default="month", validate=validate.OneOf(PERIODS))


class AreaQuery(RequestSchema):
    province_code = fields.String(load_default=None, validate=validate.Length(max=10),
                                  metadata={"description": "Give it to get that province's districts."})


# Responses

class ReportUnitSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name_th = fields.String()
    name_en = fields.String()
    level = fields.String()
    province_code = fields.String(allow_none=True)


class MediaUsedResponse(Schema):
    media_id = fields.Integer()
    version = fields.Integer()
    title_th = fields.String()
    title_en = fields.String()


class PhotoResponse(Schema):
    id = fields.String()
    status = fields.String(metadata={"description": "uploading, processing, ready or rejected."})
    file_name = fields.String()
    content_type = fields.String()
    size_bytes = fields.Integer()
    width = fields.Integer(allow_none=True)
    height = fields.Integer(allow_none=True)
    error_code = fields.String(allow_none=True)
    display_url = fields.String(allow_none=True, metadata={"description": "Short-lived URL of the resized copy without location data."})
    thumbnail_url = fields.String(allow_none=True)


class ReportResponse(Schema):
    id = fields.String()
    unit = fields.Nested(ReportUnitSchema)
    occurred_at = fields.AwareDateTime()
    activity_date = fields.Date()
    place = fields.String()
    province_code = fields.String()
    district_code = fields.String(allow_none=True)
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    activity_type = fields.String()
    audiences = fields.List(fields.Nested(AudienceCountSchema))
    total_people = fields.Integer()
    scam_types = fields.List(fields.String())
    media = fields.List(fields.Nested(MediaUsedResponse))
    channels = fields.List(fields.String())
    note = fields.String()
    photo_count = fields.Integer()
    photos = fields.List(fields.Nested(PhotoResponse))
    complete = fields.Boolean()
    status = fields.String()
    revision = fields.Integer()
    filed_by = fields.Integer()
    filed_by_username = fields.String()
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    amend_until = fields.AwareDateTime(metadata={"description": "Last moment a unit head can amend or withdraw it."})


class ReportPageResponse(Schema):
    items = fields.List(fields.Nested(ReportResponse))
    next_cursor = fields.String(allow_none=True)


class RevisionResponse(Schema):
    revision = fields.Integer()
    action = fields.String()
    actor_id = fields.Integer()
    actor_username = fields.String()
    reason = fields.String(allow_none=True)
    body = fields.Dict()
    created_at = fields.AwareDateTime()


class PartUrlSchema(Schema):
    part_number = fields.Integer()
    url = fields.String()
    size = fields.Integer()


class PhotoUploadResponse(Schema):
    photo = fields.Nested(PhotoResponse)
    part_size = fields.Integer()
    part_count = fields.Integer()
    uploaded_parts = fields.List(fields.Integer())
    parts = fields.List(fields.Nested(PartUrlSchema), metadata={"description": "Presigned PUT URLs of the parts still missing."})
    expires_at = fields.AwareDateTime()


class TotalSchema(Schema):
    key = fields.String()
    reports = fields.Integer()
    people = fields.Integer()


class PeriodSummarySchema(Schema):
    period = fields.Date(metadata={"description": "First day of the period."})
    reports = fields.Integer()
    people = fields.Integer()
    by = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(TotalSchema)))


class UnitTotalSchema(Schema):
    unit = fields.Nested(ReportUnitSchema)
    reports = fields.Integer()
    people = fields.Integer()


class SummaryResponse(Schema):
    unit = fields.Nested(ReportUnitSchema)
    date_from = fields.Date(data_key="from")
    date_to = fields.Date(data_key="to")
    period = fields.String()
    reports = fields.Integer()
    people = fields.Integer()
    by = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(TotalSchema)))
    periods = fields.List(fields.Nested(PeriodSummarySchema))
    units = fields.List(fields.Nested(UnitTotalSchema), metadata={"description": "Direct sub-units in code order."})


class ExportResponse(Schema):
    url = fields.String()
    file_name = fields.String()
    rows = fields.Integer()
    expires_at = fields.AwareDateTime()


class OptionSchema(Schema):
    code = fields.String()
    name_th = fields.String()
    name_en = fields.String()


class MediaOptionSchema(Schema):
    media_id = fields.Integer()
    version = fields.Integer()
    title_th = fields.String()
    title_en = fields.String()
    kind = fields.String()


class AreaSchema(Schema):
    code = fields.String()
    name_th = fields.String()
    name_en = fields.String()


class OptionsResponse(Schema):
    activity_types = fields.List(fields.Nested(OptionSchema))
    audience_groups = fields.List(fields.Nested(OptionSchema))
    channels = fields.List(fields.Nested(OptionSchema))
    scam_types = fields.List(fields.Nested(OptionSchema))
    media = fields.List(fields.Nested(MediaOptionSchema))
    max_photos = fields.Integer()
    max_photo_bytes = fields.Integer()
    large_count_threshold = fields.Integer()
    amend_window_days = fields.Integer()
