"""Group commit for quiz submissions: concurrent submissions are stored together.

A worker hands the answers it received to this log and waits. The log
takes every submission waiting at that moment, reads their attempts with
one query, scores them and stores them (``attempts.write_submissions``:
each attempt's result columns and its ``quiz_completed`` outbox row). On
PostgreSQL that is one statement, committed on its own without BEGIN or
COMMIT. Elsewhere it is several statements, committed once
(``cybervaccine.groupcommit``). The worker answers after the commit.
"""

from prometheus_client import Histogram
from sqlalchemy.exc import IntegrityError

from cybervaccine import db
from cybervaccine.errors import Unavailable
from cybervaccine.groupcommit import GroupCommit
from services.quiz import attempts
from services.quiz.messages import MESSAGES

BATCH_SIZE = Histogram(
    "cybervaccine_quiz_submission_batch_size",
    "Quiz submissions stored together in one transaction.",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 200),
)


class SubmissionLog(GroupCommit):
    """Scores and stores submissions; injected as ``self.submissions``, a function of one ``SubmissionRequest``."""

    name = "submission log"
    batch_size_metric = BATCH_SIZE

    def write(self, connection, batch):
        db.statements_commit_alone(connection)
        for pending in batch:
            pending.values.headers = pending.headers
        requests = [pending.values for pending in batch]
        source = self.container.service_name
        return attempts.write_submissions(connection, requests, self.outbox.model.__table__, source)

    def failure(self, pending, error):
        if isinstance(error, IntegrityError):
            # The only unique column written is the submission key: another attempt used it.
            return MESSAGES.conflict("idempotency_key_reused", details={"idempotency_key": pending.values.key})
        return MESSAGES.error(Unavailable, "submission_not_recorded")
