"""Events emitted by the directory service (units, accounts and duties)."""

from marshmallow import fields, validate

from cybervaccine.events import EventEnvelope, register

UNIT_LEVELS = ("national", "bureau", "division", "station")
DUTIES = ("media_download", "outreach", "reporting")


@register(
    "directory",
    "unit_changed",
    1,
    example={
        "unit_id": 1204,
        "code": "ST-5001",
        "name_th": "สถานีตำรวจเมืองเชียงใหม่ (ตัวแทน)",
        "name_en": "Mueang Chiang Mai station (stand-in)",
        "level": "station",
        "parent_id": 112,
        "path": [1, 10, 112, 1204],
        "province_code": "TH-50",
        "district_code": "5001",
        "change": "created",
    },
)
class UnitChanged(EventEnvelope):
    """A unit was created, renamed or moved; carries the unit as it is now."""

    unit_id = fields.Integer(required=True)
    code = fields.String(required=True, metadata={"description": "Stable unit code."})
    name_th = fields.String(required=True)
    name_en = fields.String(required=True)
    level = fields.String(required=True, validate=validate.OneOf(UNIT_LEVELS))
    parent_id = fields.Integer(required=True, allow_none=True)
    path = fields.List(
        fields.Integer(), required=True, metadata={"description": "Unit ids from the national root down to this unit."}
    )
    province_code = fields.String(allow_none=True, load_default=None, metadata={"description": "ISO 3166-2:TH."})
    district_code = fields.String(allow_none=True, load_default=None, metadata={"description": "DOPA district code."})
    change = fields.String(required=True, validate=validate.OneOf(("created", "updated")))


@register(
    "directory",
    "duty_assigned",
    1,
    example={
        "assignment_id": 77,
        "account_id": 310,
        "unit_id": 1204,
        "duty": "outreach",
        "assigned_by": 12,
        "workload_override": False,
        "override_reason": None,
    },
)
class DutyAssigned(EventEnvelope):
    """A unit head gave an officer a duty (media download, outreach or reporting)."""

    assignment_id = fields.Integer(required=True)
    account_id = fields.Integer(required=True)
    unit_id = fields.Integer(required=True)
    duty = fields.String(required=True, validate=validate.OneOf(DUTIES))
    assigned_by = fields.Integer(required=True)
    workload_override = fields.Boolean(
        required=True, metadata={"description": "True when the officer carries a heavy main workload."}
    )
    override_reason = fields.String(allow_none=True, load_default=None)


@register(
    "directory",
    "duty_ended",
    1,
    example={
        "assignment_id": 77,
        "account_id": 310,
        "unit_id": 1204,
        "duty": "reporting",
        "ended_by": 12,
    },
)
class DutyEnded(EventEnvelope):
    """A unit head ended an officer's duty; emitted once per assignment."""

    assignment_id = fields.Integer(required=True)
    account_id = fields.Integer(required=True)
    unit_id = fields.Integer(required=True)
    duty = fields.String(required=True, validate=validate.OneOf(DUTIES))
    ended_by = fields.Integer(required=True, metadata={"description": "Account id of the unit head who ended it."})
