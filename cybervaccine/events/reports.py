"""Events emitted by the reports service about outreach activities.

A unit files one report per activity; every level above it reads roll-ups of
the same records. Each event carries the report's whole state after the
change, so a consumer can keep its own totals without asking for the report:

- ``outreach_reported``: a report was filed (revision 1).
- ``outreach_amended``: a unit head corrected a report; the payload is the
  new state, with the reason and the new revision. Consumers subtract what
  they counted for the earlier revision and add this one.
- ``outreach_withdrawn``: a unit head withdrew a report; the payload is the
  state that no longer counts, with the reason.

``revision`` grows by one with every change of a report, so a consumer that
receives an older revision after a newer one can ignore it. Events carry no
personal data: no names, no photos, no free-text note, and only the
account id of who made a change.
"""

from marshmallow import Schema, fields, validate

from cybervaccine.events import EventEnvelope, register

ACTIVITY_TYPES = (
    "community-meeting",
    "school",
    "temple",
    "market",
    "village-broadcast",
    "door-to-door",
    "online",
    "radio",
    "other",
)
AUDIENCE_GROUPS = (
    "general-public",
    "elderly",
    "students",
    "farmers",
    "online-sellers",
    "migrant-workers",
    "other",
)
CHANNELS = (
    "in-person",
    "print",
    "loudspeaker",
    "screen",
    "social",
    "messaging",
    "radio",
    "other",
)


class MediaUsed(Schema):
    """A version of a media library item shown or handed out at the activity."""

    media_id = fields.Integer(required=True, metadata={"description": "Media item id in the media service."})
    version = fields.Integer(
        required=True, validate=validate.Range(min=1), metadata={"description": "Version number of the item."}
    )


class OutreachState(EventEnvelope):
    """The fields every outreach event carries: the report as it is after the change."""

    report_id = fields.UUID(required=True, metadata={"description": "Report id, chosen by the filing device."})
    revision = fields.Integer(
        required=True,
        validate=validate.Range(min=1),
        metadata={"description": "1 when filed, one more for every amendment or withdrawal."},
    )
    unit_id = fields.Integer(required=True, metadata={"description": "The unit the activity is reported for."})
    unit_path = fields.List(
        fields.Integer(),
        required=True,
        metadata={"description": "Unit ids from the national root down to the unit, at the time of the change."},
    )
    province_code = fields.String(required=True, metadata={"description": "ISO 3166-2:TH code of the activity's place."})
    district_code = fields.String(
        required=True, allow_none=True, metadata={"description": "Four-digit DOPA district code, or null."}
    )
    activity_type = fields.String(required=True, validate=validate.OneOf(ACTIVITY_TYPES))
    activity_at = fields.AwareDateTime(
        required=True, metadata={"description": "When the activity took place, UTC (the envelope's occurred_at is the change)."}
    )
    activity_date = fields.Date(
        required=True, metadata={"description": "Calendar day of the activity in Thailand (UTC+7)."}
    )
    audience = fields.Dict(
        keys=fields.String(validate=validate.OneOf(AUDIENCE_GROUPS)),
        values=fields.Integer(validate=validate.Range(min=0)),
        required=True,
        metadata={"description": "Head count per audience group; groups not present were not counted."},
    )
    total_people = fields.Integer(
        required=True, validate=validate.Range(min=0), metadata={"description": "Sum of the audience head counts."}
    )
    scam_types = fields.List(
        fields.String(), required=True, metadata={"description": "Scam type codes (shared taxonomy) the activity covered."}
    )
    media = fields.List(fields.Nested(MediaUsed), required=True)
    channels = fields.List(fields.String(validate=validate.OneOf(CHANNELS)), required=True)
    photo_count = fields.Integer(
        required=True, validate=validate.Range(min=0, max=10), metadata={"description": "Photos declared for the report."}
    )
    filed_at = fields.AwareDateTime(required=True, metadata={"description": "When the service received the report."})


EXAMPLE_STATE = {
    "report_id": "0b6f1c9e-5d1a-4f7e-9d43-6f0e2a9b8c11",
    "revision": 1,
    "unit_id": 1204,
    "unit_path": [1, 10, 112, 1204],
    "province_code": "TH-50",
    "district_code": "5001",
    "activity_type": "temple",
    "activity_at": "2026-11-28T03:00:00+00:00",
    "activity_date": "2026-11-28",
    "audience": {"elderly": 45, "farmers": 20},
    "total_people": 65,
    "scam_types": ["call-center", "loan"],
    "media": [{"media_id": 17, "version": 2}],
    "channels": ["in-person", "print"],
    "photo_count": 2,
    "filed_at": "2026-11-28T05:12:40+00:00",
}


@register("reports", "outreach_reported", 1, example=EXAMPLE_STATE)
class OutreachReported(OutreachState):
    """A unit filed a report of an outreach activity."""


@register(
    "reports",
    "outreach_amended",
    1,
    example={
        **EXAMPLE_STATE,
        "revision": 2,
        "audience": {"elderly": 54, "farmers": 20},
        "total_people": 74,
        "reason": "นับผู้สูงอายุผิด / the elderly head count was mistyped",
        "changed_by": 12,
    },
)
class OutreachAmended(OutreachState):
    """A unit head corrected a report; carries the whole new state."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    changed_by = fields.Integer(required=True, metadata={"description": "Account id of the unit head."})


@register(
    "reports",
    "outreach_withdrawn",
    1,
    example={
        **EXAMPLE_STATE,
        "revision": 2,
        "reason": "รายงานซ้ำกับกิจกรรมเดียวกัน / the same activity was reported twice",
        "changed_by": 12,
    },
)
class OutreachWithdrawn(OutreachState):
    """A unit head withdrew a report; carries the state that no longer counts."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    changed_by = fields.Integer(required=True, metadata={"description": "Account id of the unit head."})
