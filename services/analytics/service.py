"""The analytics service."""

import logging

from cybervaccine.db import Database
from cybervaccine.operations import OperationsMixin
from cybervaccine.outbox import Outbox
from services.analytics.models import OutboxMessage

log = logging.getLogger(__name__)


class AnalyticsService(OperationsMixin):
    name = "analytics"

    db = Database()
    outbox = Outbox(OutboxMessage)
