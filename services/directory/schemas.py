"""Request and response schemas of the directory service.

The gateway validates HTTP bodies with the request schemas and documents
them in OpenAPI; the service loads its RPC arguments with the same schemas
and dumps its results with the response schemas.
"""

from marshmallow import Schema, fields, validate

from cybervaccine import auth
from cybervaccine.events.directory import DUTIES, UNIT_LEVELS

USERNAME = validate.Regexp(r"^[A-Za-z0-9_.-]{3,80}$", error="Use 3–80 letters, digits, dots, hyphens or underscores.")


class LoginRequest(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200), load_only=True)


class UnitResponse(Schema):
    id = fields.Integer()
    code = fields.String()
    name_th = fields.String()
    name_en = fields.String()
    level = fields.String(validate=validate.OneOf(UNIT_LEVELS))
    parent_id = fields.Integer(allow_none=True)
    path = fields.List(fields.Integer(), attribute="path_ids")
    province_code = fields.String(allow_none=True)
    district_code = fields.String(allow_none=True)
    stand_in = fields.Boolean()
    children = fields.Integer(dump_default=0)


class UnitQuery(Schema):
    parent_id = fields.Integer(load_default=None)
    level = fields.String(load_default=None, validate=validate.OneOf(UNIT_LEVELS))
    province_code = fields.String(load_default=None, validate=validate.Regexp(r"^TH-\d{2}$"))
    q = fields.String(load_default=None, validate=validate.Length(min=1, max=100))


class StationImportRequest(Schema):
    csv = fields.String(required=True, validate=validate.Length(min=1, max=5_000_000))


class AccountResponse(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    unit_id = fields.Integer()
    roles = fields.List(fields.String(), attribute="role_list")
    heavy_workload = fields.Boolean()
    workload_note = fields.String(allow_none=True)
    active = fields.Boolean()
    created_at = fields.AwareDateTime()


class AccountQuery(Schema):
    unit_id = fields.Integer(load_default=None, metadata={"description": "Defaults to the caller's whole subtree."})


class CreateAccountRequest(Schema):
    username = fields.String(required=True, validate=USERNAME)
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=200))
    display_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    unit_id = fields.Integer(required=True)
    roles = fields.List(
        fields.String(validate=validate.OneOf(auth.ROLES)), required=True, validate=validate.Length(min=1)
    )
    heavy_workload = fields.Boolean(load_default=False)
    workload_note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


class UpdateAccountRequest(Schema):
    password = fields.String(load_only=True, validate=validate.Length(max=200))
    display_name = fields.String(validate=validate.Length(min=1, max=200))
    roles = fields.List(fields.String(validate=validate.OneOf(auth.ROLES)), validate=validate.Length(min=1))
    active = fields.Boolean()
    heavy_workload = fields.Boolean()
    workload_note = fields.String(allow_none=True, validate=validate.Length(max=300))


class AssignDutyRequest(Schema):
    account_id = fields.Integer(required=True)
    unit_id = fields.Integer(load_default=None, metadata={"description": "Defaults to the officer's own unit."})
    duty = fields.String(required=True, validate=validate.OneOf(DUTIES))
    override = fields.Boolean(load_default=False, metadata={"description": "Confirm an extra duty for a heavy workload."})
    override_reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class DutyResponse(Schema):
    id = fields.Integer()
    account_id = fields.Integer()
    username = fields.String(attribute="account.username")
    display_name = fields.String(attribute="account.display_name")
    unit_id = fields.Integer()
    duty = fields.String()
    assigned_by = fields.Integer()
    workload_override = fields.Boolean()
    override_reason = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    ended_at = fields.AwareDateTime(allow_none=True)


class DutyQuery(Schema):
    unit_id = fields.Integer(load_default=None)
    account_id = fields.Integer(load_default=None)
    include_ended = fields.Boolean(load_default=False)


class ScamTypeResponse(Schema):
    code = fields.String()
    name_th = fields.String()
    name_en = fields.String()
    active = fields.Boolean()


class CreateScamTypeRequest(Schema):
    code = fields.String(required=True, validate=validate.Length(min=2, max=40))
    name_th = fields.String(required=True, validate=validate.Length(min=1, max=300))
    name_en = fields.String(required=True, validate=validate.Length(min=1, max=300))


class LoginResponse(Schema):
    token = fields.String()
    token_type = fields.String(dump_default="Bearer")
    expires_at = fields.AwareDateTime()
    account = fields.Nested(AccountResponse)
    unit = fields.Nested(UnitResponse)
