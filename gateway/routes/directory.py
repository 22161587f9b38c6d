"""Routes for login, units, accounts, duties and the scam taxonomy."""

from cybervaccine import auth
from gateway.http import route
from services.directory import schemas

ADMINS = (auth.ADMINISTRATOR,)
HEADS = (auth.UNIT_HEAD, auth.ADMINISTRATOR)
SIGNED_IN = ()


class DirectoryRoutes:
    @route("POST", "/auth/login", summary="Log in and receive an access token", tag="auth",
           body=schemas.LoginRequest, response=schemas.LoginResponse)
    def login(self, context):
        return self.rpc.directory.login(context.body)

    @route("GET", "/me", summary="The signed-in account, its unit and current duties", tag="auth",
           roles=SIGNED_IN, response=schemas.AccountResponse)
    def me(self, context):
        caller = context.caller
        account = self.rpc.directory.get_account(context.caller_dict, caller.account_id)
        account["unit"] = self.rpc.directory.get_unit(caller.unit_id)
        account["duties"] = self.rpc.directory.list_duties(context.caller_dict, {"account_id": caller.account_id})
        return account

    @route("GET", "/units", summary="Units, filtered by parent, level, province or name", tag="units",
           query=schemas.UnitQuery, response=schemas.UnitResponse, many=True)
    def list_units(self, context):
        query = {key: value for key, value in context.query.items() if value is not None}
        return self.rpc.directory.list_units(query)

    @route("GET", "/units/<int:unit_id>", summary="One unit", tag="units", response=schemas.UnitResponse)
    def get_unit(self, context, unit_id):
        return self.rpc.directory.get_unit(unit_id)

    @route("POST", "/units/import", summary="Import a station list (CSV); all rows or none", tag="units",
           roles=(auth.ADMINISTRATOR, auth.WORKING_GROUP), body=schemas.StationImportRequest,
           max_bytes=6 * 1024 * 1024)
    def import_stations(self, context):
        return self.rpc.directory.import_stations(context.caller_dict, context.body["csv"])

    @route("GET", "/scam-types", summary="The scam taxonomy", tag="taxonomy",
           response=schemas.ScamTypeResponse, many=True)
    def list_scam_types(self, context):
        return self.rpc.directory.list_scam_types()

    @route("POST", "/scam-types", summary="Add a scam type", tag="taxonomy",
           roles=(auth.WORKING_GROUP, auth.ADMINISTRATOR), body=schemas.CreateScamTypeRequest,
           response=schemas.ScamTypeResponse)
    def create_scam_type(self, context):
        return 201, self.rpc.directory.create_scam_type(context.caller_dict, context.body)

    @route("GET", "/accounts", summary="Accounts of a unit or of the caller's subtree", tag="accounts",
           roles=HEADS, query=schemas.AccountQuery, response=schemas.AccountResponse, many=True)
    def list_accounts(self, context):
        return self.rpc.directory.list_accounts(context.caller_dict, context.query["unit_id"])

    @route("POST", "/accounts", summary="Create an account", tag="accounts", roles=HEADS,
           body=schemas.CreateAccountRequest, response=schemas.AccountResponse)
    def create_account(self, context):
        return 201, self.rpc.directory.create_account(context.caller_dict, context.body)

    @route("PATCH", "/accounts/<int:account_id>", summary="Change an account", tag="accounts", roles=HEADS,
           body=schemas.UpdateAccountRequest, response=schemas.AccountResponse)
    def update_account(self, context, account_id):
        return self.rpc.directory.update_account(context.caller_dict, account_id, context.body)

    @route("GET", "/duties", summary="Duty assignments of a unit, or the caller's own", tag="duties",
           roles=SIGNED_IN, query=schemas.DutyQuery, response=schemas.DutyResponse, many=True)
    def list_duties(self, context):
        return self.rpc.directory.list_duties(context.caller_dict, _present(context.query))

    @route("POST", "/duties", summary="Assign a duty to an officer", tag="duties", roles=HEADS,
           body=schemas.AssignDutyRequest, response=schemas.DutyResponse)
    def assign_duty(self, context):
        return 201, self.rpc.directory.assign_duty(context.caller_dict, _present(context.body))

    @route("DELETE", "/duties/<int:assignment_id>", summary="End a duty assignment", tag="duties", roles=HEADS,
           response=schemas.DutyResponse)
    def end_duty(self, context, assignment_id):
        return self.rpc.directory.end_duty(context.caller_dict, assignment_id)


def _present(data):
    """Drop keys whose value is None so that the service applies its own defaults."""
    return {key: value for key, value in (data or {}).items() if value is not None}


