"""Events emitted by the quiz service.

``quiz_completed`` is the only one: a player submitted all answers of an
attempt and the service scored it. It carries no personal data: the area is
what the player chose to give (or the campaign station's area), and the
attempt id is a random UUID that links to nothing else about the player.
"""

from marshmallow import Schema, fields, validate

from cybervaccine.events import EventEnvelope, register

RISK_LEVELS = ("low", "medium", "high")
AGE_GROUPS = ("under-18", "18-24", "25-34", "35-44", "45-59", "60-plus")


class TypeScore(Schema):
    """The player's result for one scam type of the attempt."""

    scam_type = fields.String(required=True, metadata={"description": "Scam type code from the shared taxonomy."})
    correct = fields.Integer(
        required=True, validate=validate.Range(min=0), metadata={"description": "Questions of this type answered correctly."}
    )
    total = fields.Integer(
        required=True, validate=validate.Range(min=1), metadata={"description": "Questions of this type in the attempt."}
    )
    score = fields.Integer(
        required=True,
        validate=validate.Range(min=0, max=100),
        metadata={"description": "Weighted share of correct answers for this type, 0–100."},
    )


@register(
    "quiz",
    "quiz_completed",
    1,
    example={
        "attempt_id": "5b0e7d1c-3f7a-4c55-9a53-0d3f0a8c2e11",
        "quiz_version": 3,
        "province_code": "TH-50",
        "district_code": "5001",
        "age_group": "45-59",
        "station_unit_id": 1204,
        "campaign_code": "k3Jd9_xQ2a",
        "total_score": 71,
        "risk_level": "medium",
        "type_scores": [
            {"scam_type": "shopping", "correct": 1, "total": 1, "score": 100},
            {"scam_type": "call-center", "correct": 0, "total": 1, "score": 0},
        ],
        "completed_at": "2026-12-04T09:15:02.123456+00:00",
    },
)
class QuizCompleted(EventEnvelope):
    """A player finished a quiz attempt; carries the scores and the area, never who the player is."""

    attempt_id = fields.UUID(required=True, metadata={"description": "Random id of the attempt."})
    quiz_version = fields.Integer(
        required=True,
        validate=validate.Range(min=1),
        metadata={"description": "Published question bank version the attempt was drawn from and scored against."},
    )
    province_code = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "ISO 3166-2:TH province the player gave, else the campaign station's; null if neither."},
    )
    district_code = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Four-digit DOPA district code, when known; null otherwise."},
    )
    age_group = fields.String(
        required=True,
        allow_none=True,
        validate=validate.OneOf(AGE_GROUPS),
        metadata={"description": "Age group the player chose to give, or null."},
    )
    station_unit_id = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "Directory unit id of the station whose campaign link started the attempt, or null."},
    )
    campaign_code = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Code of the campaign link that started the attempt, or null."},
    )
    total_score = fields.Integer(
        required=True,
        validate=validate.Range(min=0, max=100),
        metadata={"description": "Weighted share of correct answers over the whole attempt, 0–100."},
    )
    risk_level = fields.String(
        required=True,
        validate=validate.OneOf(RISK_LEVELS),
        metadata={"description": "low, medium or high; the rule is services.quiz.rules.risk_level."},
    )
    type_scores = fields.List(
        fields.Nested(TypeScore),
        required=True,
        metadata={"description": "One entry per scam type in the attempt."},
    )
    completed_at = fields.AwareDateTime(required=True, metadata={"description": "When the answers were scored, UTC."})
