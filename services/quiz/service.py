"""The quiz service."""

import logging

from cybervaccine.db import Database
from cybervaccine.operations import OperationsMixin
from cybervaccine.outbox import Outbox
from services.quiz.models import OutboxMessage

log = logging.getLogger(__name__)


class QuizService(OperationsMixin):
    name = "quiz"

    db = Database()
    outbox = Outbox(OutboxMessage)
