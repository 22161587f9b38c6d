"""Request and response schemas of the quiz service.

The gateway validates HTTP bodies with the request schemas and documents
them in OpenAPI; the service loads its RPC arguments with the same schemas
and dumps its results with the response schemas. Question content is only
type-checked here: ``bank_rules.check_question`` reports missing or wrong
content in Thai and English.
"""

from marshmallow import Schema, fields, validate

from cybervaccine.events.quiz import AGE_GROUPS, RISK_LEVELS

QUESTION_STATUSES = ("active", "retired")
FILE_FORMATS = ("csv", "json")
MAX_ANSWERS = 100
MAX_IMPORT_CHARACTERS = 5_000_000


# Playing

class StartAttemptRequest(Schema):
    province_code = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=10),
        metadata={"description": "ISO 3166-2:TH code, as TH-50 (optional)."},
    )
    district_code = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=10),
        metadata={"description": "Four-digit DOPA district code (optional)."},
    )
    age_group = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(AGE_GROUPS))
    campaign_code = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=64),
        metadata={"description": "The code from a station's campaign link (/quiz?c=CODE)."},
    )


class PublicChoice(Schema):
    id = fields.String()
    text_th = fields.String()
    text_en = fields.String()


class PublicQuestion(Schema):
    id = fields.String()
    scam_type = fields.String()
    scam_type_name_th = fields.String()
    scam_type_name_en = fields.String()
    text_th = fields.String()
    text_en = fields.String()
    choices = fields.List(fields.Nested(PublicChoice))


class CampaignSummary(Schema):
    code = fields.String()
    title = fields.String()
    unit_name_th = fields.String()
    unit_name_en = fields.String()
    event_date = fields.String()


class AttemptResponse(Schema):
    attempt_id = fields.String()
    quiz_version = fields.Integer()
    started_at = fields.AwareDateTime()
    expires_at = fields.AwareDateTime()
    province_code = fields.String(allow_none=True)
    district_code = fields.String(allow_none=True)
    age_group = fields.String(allow_none=True)
    campaign = fields.Nested(CampaignSummary, allow_none=True)
    questions = fields.List(fields.Nested(PublicQuestion), metadata={"description": "One question per scam type."})


class AnswerItem(Schema):
    question_id = fields.String(required=True, validate=validate.Length(min=1, max=60))
    choice_id = fields.String(required=True, validate=validate.Length(min=1, max=4))


class SubmitAnswersRequest(Schema):
    answers = fields.List(fields.Nested(AnswerItem), required=True, validate=validate.Length(max=MAX_ANSWERS))
    idempotency_key = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=128),
        metadata={"description": "Used when the Idempotency-Key header is absent."},
    )


class NamedScamType(Schema):
    scam_type = fields.String()
    name_th = fields.String()
    name_en = fields.String()


class TypeScoreResponse(NamedScamType):
    correct = fields.Integer()
    total = fields.Integer()
    score = fields.Integer(metadata={"description": "0–100."})


class ChoiceFeedback(Schema):
    id = fields.String()
    text_th = fields.String()
    text_en = fields.String()
    explanation_th = fields.String()
    explanation_en = fields.String()


class QuestionFeedback(Schema):
    question_id = fields.String()
    scam_type = fields.String()
    text_th = fields.String()
    text_en = fields.String()
    correct = fields.Boolean()
    chosen = fields.Nested(ChoiceFeedback)
    correct_choice = fields.Nested(ChoiceFeedback)


class ActionResponse(Schema):
    scam_type = fields.String(metadata={"description": "The scam type the advice is for, or 'general'."})
    th = fields.String()
    en = fields.String()


class HotlineResponse(Schema):
    number = fields.String()
    name_th = fields.String()
    name_en = fields.String()


class ResultResponse(Schema):
    attempt_id = fields.String()
    quiz_version = fields.Integer()
    completed_at = fields.String()
    total_score = fields.Integer(metadata={"description": "0–100."})
    risk_level = fields.String(validate=validate.OneOf(RISK_LEVELS))
    type_scores = fields.List(fields.Nested(TypeScoreResponse))
    weakest_types = fields.List(fields.Nested(NamedScamType))
    feedback = fields.List(fields.Nested(QuestionFeedback))
    actions = fields.List(fields.Nested(ActionResponse), metadata={"description": "At most three."})
    hotlines = fields.List(fields.Nested(HotlineResponse))
    campaign = fields.Nested(CampaignSummary, allow_none=True)
    card_url = fields.String(metadata={"description": "Shareable result card (PNG) without personal data."})
    media = fields.List(
        fields.Dict(), metadata={"description": "Media suggested for the weakest types; empty when media is unavailable."}
    )
    replayed = fields.Boolean(metadata={"description": "True when a retried submission returned the stored result."})


# Campaigns

class CreateCampaignRequest(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    event_date = fields.Date(required=True)
    unit_id = fields.Integer(load_default=None, metadata={"description": "Defaults to the caller's own unit."})


class CampaignResponse(Schema):
    code = fields.String()
    link = fields.String(metadata={"description": "Path of the game page for this campaign."})
    unit_id = fields.Integer()
    unit_name_th = fields.String()
    unit_name_en = fields.String()
    province_code = fields.String(allow_none=True)
    district_code = fields.String(allow_none=True)
    title = fields.String()
    event_date = fields.Date()
    created_by = fields.Integer()
    created_at = fields.AwareDateTime()
    completed_attempts = fields.Integer(dump_default=0)


class PublicCampaignResponse(Schema):
    code = fields.String()
    title = fields.String()
    unit_name_th = fields.String()
    unit_name_en = fields.String()
    province_code = fields.String(allow_none=True)
    event_date = fields.Date()


# Question bank

class ChoiceInput(Schema):
    id = fields.String(validate=validate.Length(max=4))
    text_th = fields.String(allow_none=True)
    text_en = fields.String(allow_none=True)
    correct = fields.Boolean(allow_none=True)
    explanation_th = fields.String(allow_none=True)
    explanation_en = fields.String(allow_none=True)


class QuestionContent(Schema):
    scam_type = fields.String(validate=validate.Length(max=40))
    difficulty = fields.Integer(strict=True, metadata={"description": "1 (easy) to 3 (hard)."})
    weight = fields.Float(metadata={"description": "1.0 to 3.0; higher for scams that cost victims more."})
    text_th = fields.String(allow_none=True)
    text_en = fields.String(allow_none=True)
    choices = fields.List(fields.Nested(ChoiceInput), validate=validate.Length(max=10))


class CreateQuestionRequest(QuestionContent):
    id = fields.String(validate=validate.Length(max=60), metadata={"description": "Stable id, as q-shopping-05."})


class UpdateQuestionRequest(QuestionContent):
    revision = fields.Integer(
        load_default=None, metadata={"description": "The revision being edited; a newer one is a conflict."}
    )


class ChoiceResponse(Schema):
    id = fields.String()
    text_th = fields.String()
    text_en = fields.String()
    correct = fields.Boolean()
    explanation_th = fields.String()
    explanation_en = fields.String()


class QuestionResponse(Schema):
    id = fields.String()
    scam_type = fields.String()
    difficulty = fields.Integer()
    weight = fields.Float()
    text_th = fields.String()
    text_en = fields.String()
    choices = fields.List(fields.Nested(ChoiceResponse))
    status = fields.String(validate=validate.OneOf(QUESTION_STATUSES))
    revision = fields.Integer()
    updated_at = fields.AwareDateTime()
    updated_by = fields.Integer(allow_none=True)


class QuestionQuery(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(QUESTION_STATUSES))
    scam_type = fields.String(load_default=None, validate=validate.Length(max=40))


class ImportRequest(Schema):
    format = fields.String(required=True, validate=validate.OneOf(FILE_FORMATS))
    content = fields.String(required=True, validate=validate.Length(min=1, max=MAX_IMPORT_CHARACTERS))


class ImportResponse(Schema):
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()


class ExportQuery(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(FILE_FORMATS))


class PublishRequest(Schema):
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class VersionResponse(Schema):
    number = fields.Integer()
    published_at = fields.AwareDateTime()
    published_by = fields.Integer(allow_none=True)
    note = fields.String(allow_none=True)
    question_count = fields.Integer()
    scam_type_count = fields.Integer()
    uncovered_scam_types = fields.List(
        fields.String(), metadata={"description": "Active scam types with no question in this version (on publish)."}
    )


# Areas

class AreaQuery(Schema):
    province = fields.String(load_default=None, validate=validate.Length(max=10))


class AreaResponse(Schema):
    code = fields.String()
    name_th = fields.String()
    name_en = fields.String()
