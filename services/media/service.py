"""The media service."""

import logging

from cybervaccine.db import Database
from cybervaccine.operations import OperationsMixin
from cybervaccine.outbox import Outbox
from cybervaccine.storage import ObjectStorage
from services.media.models import OutboxMessage

log = logging.getLogger(__name__)


class MediaService(OperationsMixin):
    name = "media"

    db = Database()
    outbox = Outbox(OutboxMessage)
    storage = ObjectStorage()
