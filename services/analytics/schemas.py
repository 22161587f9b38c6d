"""Request and response schemas of the analytics service.

The gateway validates query strings with the request schemas and documents
the responses in OpenAPI. The service loads RPC arguments with the same
request schemas and dumps every result with a response schema.
"""

from marshmallow import Schema, fields, validate

AREA_CODE = validate.Regexp(r"^(TH|TH-\d{2}|\d{4})$", error="Use TH, a province code such as TH-50 or a 4-digit district code.")
SCAM_TYPE_CODE = validate.Regexp(r"^[a-z][a-z0-9-]{1,39}$", error="Use a scam type code such as call-center.")


# Requests -------------------------------------------------------------------------------

class PeriodRequest(Schema):
    period_start = fields.Date(load_default=None, metadata={"description": "First day, YYYY-MM-DD (Christian era)."})
    period_end = fields.Date(load_default=None, metadata={"description": "Last day, YYYY-MM-DD; defaults to today."})


class AreaOverviewRequest(PeriodRequest):
    area = fields.String(
        load_default=None, validate=AREA_CODE,
        metadata={"description": "TH, a province (TH-50) or a district (5001); defaults to the unit's province."},
    )
    unit_id = fields.Integer(load_default=None, metadata={"description": "Defaults to the caller's unit."})


class RecommendationRequest(PeriodRequest):
    unit_id = fields.Integer(load_default=None, metadata={"description": "Defaults to the caller's unit."})


class StrategyRequest(PeriodRequest):
    pass


class CaseStatisticsImportRequest(Schema):
    object_key = fields.String(required=True, validate=validate.Regexp(r"^analytics/case-statistics/[0-9a-f]{32}$"))
    file_name = fields.String(required=True, validate=validate.Length(min=1, max=300))


class CaseStatisticsImportListRequest(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class ScamTypeAliasRequest(Schema):
    scam_type = fields.String(required=True, validate=SCAM_TYPE_CODE)
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))


# Responses: shared parts -------------------------------------------------------------------

class AnalyticsNotice(Schema):
    code = fields.String()
    th = fields.String()
    en = fields.String()


class AnalyticsCaveat(Schema):
    th = fields.String()
    en = fields.String()


class AnalyticsAreaResponse(Schema):
    code = fields.String()
    level = fields.String(metadata={"description": "national, province or district"})
    name_th = fields.String()
    name_en = fields.String()
    province_code = fields.String()


class AnalyticsPeriod(Schema):
    start = fields.Date()
    end = fields.Date()
    days = fields.Integer()


class IntervalResponse(Schema):
    period_start = fields.Date()
    period_end = fields.Date()
    value = fields.Float()
    per_day = fields.Float()
    days = fields.Integer()
    derived = fields.Boolean(metadata={"description": "Computed as the difference of two running totals."})


class TrendResponse(Schema):
    change = fields.Float(allow_none=True, metadata={"description": "Relative change of the per-day figure; null after a zero."})
    rising = fields.Boolean()
    latest = fields.Nested(IntervalResponse)
    previous = fields.Nested(IntervalResponse)


class QuizTypeCell(Schema):
    scam_type = fields.String()
    suppressed = fields.Boolean(metadata={"description": "True when fewer than the minimum number of takers; no figures then."})
    takers = fields.Integer(allow_none=True)
    correct_share = fields.Float(allow_none=True)
    average_score = fields.Float(allow_none=True)


class RiskCounts(Schema):
    low = fields.Integer(allow_none=True)
    medium = fields.Integer(allow_none=True)
    high = fields.Integer(allow_none=True)


class QuizTotalCell(Schema):
    suppressed = fields.Boolean()
    takers = fields.Integer(allow_none=True)
    average_score = fields.Float(allow_none=True)
    average_risk = fields.Float(allow_none=True, metadata={"description": "low = 1, medium = 2, high = 3."})
    risk_counts = fields.Nested(RiskCounts, allow_none=True)


# Area overview ---------------------------------------------------------------------------

class CaseTypeResponse(Schema):
    scam_type = fields.String()
    cases = fields.Integer(allow_none=True, metadata={"description": "Cases in periods wholly inside the requested period."})
    cases_covered_days = fields.Integer()
    damage_baht = fields.Float(allow_none=True)
    damage_covered_days = fields.Integer()
    trend = fields.Nested(TrendResponse, allow_none=True)
    damage_trend = fields.Nested(TrendResponse, allow_none=True)
    rising = fields.Boolean()
    series = fields.List(fields.Nested(IntervalResponse))
    latest_period_end = fields.Date(allow_none=True)


class CaseSection(Schema):
    area = fields.Nested(AnalyticsAreaResponse)
    latest_period_end = fields.Date(allow_none=True)
    in_period = fields.Boolean()
    by_type = fields.List(fields.Nested(CaseTypeResponse))
    rising_types = fields.List(fields.String())
    caveat = fields.Nested(AnalyticsCaveat)
    notices = fields.List(fields.Nested(AnalyticsNotice))


class QuizSection(Schema):
    minimum_takers = fields.Integer()
    total = fields.Nested(QuizTotalCell)
    by_type = fields.List(fields.Nested(QuizTypeCell))
    weakest_types = fields.List(fields.String())
    notices = fields.List(fields.Nested(AnalyticsNotice))


class ActivityRow(Schema):
    activity_type = fields.String()
    activities = fields.Integer()
    people = fields.Integer()


class OutreachTypeRow(Schema):
    scam_type = fields.String()
    activities = fields.Integer()
    people = fields.Integer()


class OutreachSection(Schema):
    activities = fields.Integer()
    people = fields.Integer()
    by_activity_type = fields.List(fields.Nested(ActivityRow))
    by_type = fields.List(fields.Nested(OutreachTypeRow))
    notices = fields.List(fields.Nested(AnalyticsNotice))


class DownloadTypeRow(Schema):
    scam_type = fields.String()
    downloads = fields.Integer()


class DownloadMediaRow(Schema):
    media_id = fields.Integer()
    title_th = fields.String()
    title_en = fields.String()
    kind = fields.String()
    downloads = fields.Integer()


class DownloadSection(Schema):
    downloads = fields.Integer()
    by_type = fields.List(fields.Nested(DownloadTypeRow))
    by_media = fields.List(fields.Nested(DownloadMediaRow))
    notices = fields.List(fields.Nested(AnalyticsNotice))


class AreaOverviewResponse(Schema):
    area = fields.Nested(AnalyticsAreaResponse)
    period = fields.Nested(AnalyticsPeriod)
    cases = fields.Nested(CaseSection)
    quiz = fields.Nested(QuizSection)
    outreach = fields.Nested(OutreachSection)
    downloads = fields.Nested(DownloadSection)


# Recommendation ------------------------------------------------------------------------------

class RecommendationReason(Schema):
    code = fields.String()
    th = fields.String()
    en = fields.String()


class RecommendedMedia(Schema):
    media_id = fields.Integer()
    title_th = fields.String()
    title_en = fields.String()
    kind = fields.String()
    scam_types = fields.List(fields.String())
    outreach_uses_by_others = fields.Integer(metadata={"description": "Outreach reports of other units that used it in the period."})
    downloads = fields.Integer(metadata={"description": "Downloads nationwide in the period."})


class RecommendationItem(Schema):
    scam_type = fields.String()
    rising = fields.Boolean()
    weak = fields.Boolean()
    trend = fields.Nested(TrendResponse, allow_none=True)
    quiz = fields.Nested(QuizTypeCell, allow_none=True)
    reasons = fields.List(fields.Nested(RecommendationReason))
    reason_th = fields.String()
    reason_en = fields.String()
    media = fields.List(fields.Nested(RecommendedMedia))


class AnalyticsUnit(Schema):
    unit_id = fields.Integer()
    code = fields.String()
    name_th = fields.String()
    name_en = fields.String()


class RecommendationResponse(Schema):
    unit = fields.Nested(AnalyticsUnit)
    area = fields.Nested(AnalyticsAreaResponse)
    case_area = fields.Nested(AnalyticsAreaResponse)
    period = fields.Nested(AnalyticsPeriod)
    items = fields.List(fields.Nested(RecommendationItem))
    caveat = fields.Nested(AnalyticsCaveat)
    notices = fields.List(fields.Nested(AnalyticsNotice))


# Strategy overview ---------------------------------------------------------------------------

class BeforeAfterSide(Schema):
    suppressed = fields.Boolean()
    takers = fields.Integer(allow_none=True)
    correct_share = fields.Float(allow_none=True)


class BeforeAfter(Schema):
    provinces = fields.Integer(metadata={"description": "Provinces with outreach on the type in the period."})
    before = fields.Nested(BeforeAfterSide, allow_none=True)
    after = fields.Nested(BeforeAfterSide, allow_none=True)
    change = fields.Float(allow_none=True, metadata={"description": "After minus before, in correct share."})


class StrategyMedia(Schema):
    media_id = fields.Integer()
    title_th = fields.String()
    title_en = fields.String()
    kind = fields.String()
    scam_types = fields.List(fields.String())
    downloads = fields.Integer()
    outreach_uses = fields.Integer()
    rarely_used = fields.Boolean()


class StrategyType(Schema):
    scam_type = fields.String()
    name_th = fields.String()
    name_en = fields.String()
    cases = fields.Integer(allow_none=True)
    damage_baht = fields.Float(allow_none=True)
    trend = fields.Nested(TrendResponse, allow_none=True)
    rising = fields.Boolean()
    media_count = fields.Integer()
    downloads = fields.Integer()
    outreach_activities = fields.Integer()
    outreach_people = fields.Integer()
    outreach_media_uses = fields.Integer()
    quiz = fields.Nested(QuizTypeCell)
    lacks_media = fields.Boolean()
    rarely_used_media = fields.List(fields.Integer())
    before_after = fields.Nested(BeforeAfter)


class StrategyCaveats(Schema):
    trend = fields.Nested(AnalyticsCaveat)
    before_after = fields.Nested(AnalyticsCaveat)


class StrategyResponse(Schema):
    period = fields.Nested(AnalyticsPeriod)
    types = fields.List(fields.Nested(StrategyType))
    lacking_media = fields.List(fields.String())
    rarely_used_media = fields.List(fields.Nested(StrategyMedia))
    media = fields.List(fields.Nested(StrategyMedia))
    before_after_days = fields.Integer()
    rarely_used_below = fields.Integer()
    minimum_takers = fields.Integer()
    caveats = fields.Nested(StrategyCaveats)


# Imports and aliases -------------------------------------------------------------------------

class CaseStatisticsImportResponse(Schema):
    id = fields.Integer()
    file_name = fields.String()
    source = fields.String()
    status = fields.String(metadata={"description": "active, replaced or rejected"})
    row_count = fields.Integer()
    replaced_row_count = fields.Integer()
    skipped_line_count = fields.Integer()
    error_count = fields.Integer()
    period_start = fields.Date(allow_none=True)
    period_end = fields.Date(allow_none=True)
    created_by_username = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()


class CaseStatisticsImportResult(CaseStatisticsImportResponse):
    replaced_import_ids = fields.List(fields.Integer())
    skipped_lines = fields.List(fields.Integer())


class ScamTypeAliasResponse(Schema):
    id = fields.Integer(allow_none=True)
    scam_type = fields.String()
    name = fields.String()
    source = fields.String(metadata={"description": "seed (shipped with the platform) or working_group"})
    created_by_username = fields.String(allow_none=True)
    created_at = fields.AwareDateTime(allow_none=True)
