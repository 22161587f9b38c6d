"""The reports service."""

import logging

from cybervaccine.db import Database
from cybervaccine.operations import OperationsMixin
from cybervaccine.outbox import Outbox
from services.reports.models import OutboxMessage

log = logging.getLogger(__name__)


class ReportsService(OperationsMixin):
    name = "reports"

    db = Database()
    outbox = Outbox(OutboxMessage)
