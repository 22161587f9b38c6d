"""The directory service: units, accounts, roles, duty assignments and login.

It owns the unit tree and the accounts and is the only service that stores
password hashes. It emits ``unit_changed``, ``duty_assigned`` and ``duty_ended`` through its
outbox. Entrypoints validate, call ``operations``, commit and serialise.
"""

import logging

from cybervaccine.auth import Caller
from cybervaccine.db import Database
from cybervaccine.entrypoints import rpc
from cybervaccine.operations import OperationsMixin
from cybervaccine.outbox import Outbox
from cybervaccine.validation import cached, load
from services.directory import operations, schemas
from services.directory.dependencies import TokenIssuer
from services.directory.models import OutboxMessage

log = logging.getLogger(__name__)


class DirectoryService(OperationsMixin):
    name = "directory"

    db = Database()
    outbox = Outbox(OutboxMessage)
    issue_token = TokenIssuer()

    @rpc
    def login(self, credentials):
        """Check a username and password; return a signed token, the account and its unit."""
        data = load(schemas.LoginRequest, credentials)

        account = operations.login(self.db, data["username"], data["password"])
        token, expires_at = self.issue_token(operations.caller_for(account))

        log.info("account %s logged in", account.id)
        return cached(schemas.LoginResponse).dump(
            {"token": token, "expires_at": expires_at, "account": account, "unit": account.unit}
        )

    @rpc
    def get_account(self, caller, account_id):
        """Return an account: the caller's own, or one in a subtree the caller administers."""
        caller = Caller.from_dict(caller)
        account = operations.get_account(self.db, account_id)
        if account.id != caller.account_id:
            operations.rules.require_unit_in_scope(caller, account.unit_id, account.unit.path_ids)
        return cached(schemas.AccountResponse).dump(account)

    @rpc
    def get_unit(self, unit_id):
        unit = operations.get_unit(self.db, unit_id)
        children = operations.count_children(self.db, [unit.id])
        return self._dump_unit(unit, children)

    @rpc
    def list_units(self, query=None):
        """Return units filtered by parent, level, province or name (public reference data)."""
        filters = load(schemas.UnitQuery, query or {})

        units = operations.list_units(
            self.db, filters["parent_id"], filters["level"], filters["province_code"], filters["q"]
        )
        children = operations.count_children(self.db, [unit.id for unit in units])
        return [self._dump_unit(unit, children) for unit in units]

    @rpc
    def import_stations(self, caller, csv_text):
        """Create or update stations from a CSV list; all rows or none."""
        result = operations.import_stations(self.db, self.outbox, Caller.from_dict(caller), csv_text)
        self.db.commit()

        log.info("station list imported: %(created)d created, %(updated)d updated", result)
        return result

    @rpc
    def create_account(self, caller, data):
        data = load(schemas.CreateAccountRequest, data)

        account = operations.create_account(self.db, Caller.from_dict(caller), data)
        self.db.commit()

        log.info("account %s created in unit %s", account.id, account.unit_id)
        return cached(schemas.AccountResponse).dump(account)

    @rpc
    def update_account(self, caller, account_id, data):
        data = load(schemas.UpdateAccountRequest, data)

        account = operations.update_account(self.db, Caller.from_dict(caller), account_id, data)
        self.db.commit()

        log.info("account %s updated", account.id)
        return cached(schemas.AccountResponse).dump(account)

    @rpc
    def list_accounts(self, caller, unit_id=None):
        accounts = operations.list_accounts(self.db, Caller.from_dict(caller), unit_id)
        return cached(schemas.AccountResponse, many=True).dump(accounts)

    @rpc
    def assign_duty(self, caller, data):
        """Give an officer a duty; a heavy main workload needs an override with a reason."""
        data = load(schemas.AssignDutyRequest, data)

        assignment = operations.assign_duty(self.db, self.outbox, Caller.from_dict(caller), data)
        self.db.commit()

        log.info("duty %s assigned to account %s in unit %s", assignment.duty, assignment.account_id, assignment.unit_id)
        return cached(schemas.DutyResponse).dump(assignment)

    @rpc
    def end_duty(self, caller, assignment_id):
        assignment = operations.end_duty(self.db, self.outbox, Caller.from_dict(caller), assignment_id)
        self.db.commit()

        log.info("duty assignment %s ended", assignment.id)
        return cached(schemas.DutyResponse).dump(assignment)

    @rpc
    def list_duties(self, caller, query=None):
        filters = load(schemas.DutyQuery, query or {})
        assignments = operations.list_duties(
            self.db, Caller.from_dict(caller), filters["unit_id"], filters["account_id"], filters["include_ended"]
        )
        return cached(schemas.DutyResponse, many=True).dump(assignments)

    @rpc
    def has_duty(self, account_id, unit_id, duty):
        """Return True if the account currently has ``duty`` in the unit (for other services' checks)."""
        return operations.has_duty(self.db, account_id, unit_id, duty)

    @rpc
    def list_scam_types(self, include_inactive=False):
        return cached(schemas.ScamTypeResponse, many=True).dump(operations.list_scam_types(self.db, include_inactive))

    @rpc
    def create_scam_type(self, caller, data):
        data = load(schemas.CreateScamTypeRequest, data)

        scam_type = operations.create_scam_type(self.db, Caller.from_dict(caller), data)
        self.db.commit()

        log.info("scam type %s added", scam_type.code)
        return cached(schemas.ScamTypeResponse).dump(scam_type)

    def _dump_unit(self, unit, children):
        data = cached(schemas.UnitResponse).dump(unit)
        data["children"] = children.get(unit.id, 0)
        return data
