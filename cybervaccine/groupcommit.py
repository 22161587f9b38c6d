"""Group commit: the writes of concurrent requests share one transaction.

A request prepares what it will write, hands it to the service's group
commit and waits. A writer thread takes every write waiting at that moment,
runs them on one connection and commits once, and only then releases the
requests with their results. (A log whose batch is one statement may let
that statement commit on its own, ``db.statements_commit_alone``.) A request gets its reply only after its write
is committed, as with a transaction of its own, but ten requests arriving
together cost one commit instead of ten.

A subclass names itself and implements two methods. ``write(connection,
batch)`` returns one result per pending write, in order. An exception
returned as a result is raised in its request, and the batch still
commits. ``failure(pending, error)`` turns the error of a write tried
alone into the exception its request gets.
"""

import logging

from eventlet.event import Event
from nameko.extensions import DependencyProvider
from sqlalchemy.exc import DBAPIError

from cybervaccine.db import Database
from cybervaccine.extensions import find_dependency
from cybervaccine.outbox import Outbox, propagated_headers

log = logging.getLogger(__name__)

MAX_BATCH = 200


class Pending:
    """One write waiting for the next commit; ``done`` receives its result or its error.

    ``headers`` are the headers its worker passes on to the events it emits.
    """

    __slots__ = ("values", "headers", "done")

    def __init__(self, values, headers=None):
        self.values = values
        self.headers = headers or {}
        self.done = Event()


class GroupCommit(DependencyProvider):
    """Base of a service's group-commit dependency; the worker gets a function of one write's values."""

    name = "group commit"
    batch_size_metric = None

    def __init__(self):
        self.database = None
        self.outbox = None
        self.waiting = []
        self.wakeup = None
        self.running = False

    def setup(self):
        self.database = find_dependency(self.container, Database, type(self).__name__)
        self.outbox = find_dependency(self.container, Outbox, type(self).__name__)
        self.wakeup = Event()

    def start(self):
        self.running = True
        self.container.spawn_managed_thread(self._write_forever, identifier=self.name)

    def stop(self):
        self.running = False
        self._wake()

    def kill(self):
        self.stop()
        waiting, self.waiting = self.waiting, []
        for pending in waiting:
            if not pending.done.ready():
                pending.done.send_exception(self.failure(pending, None))

    def get_dependency(self, worker_ctx):
        headers = propagated_headers(worker_ctx)
        return lambda values: self.record(values, headers)

    def record(self, values, headers=None):
        """Queue one write and wait; return its result once committed, or raise its error."""
        pending = Pending(values, headers)
        self.waiting.append(pending)
        self._wake()
        return pending.done.wait()

    # What a subclass provides

    def write(self, connection, batch):
        """Run the writes of ``batch`` (a list of ``Pending``) on ``connection``; return one result each."""
        raise NotImplementedError

    def failure(self, pending, error):
        """Return the exception for a write that failed alone (``error`` is None when the service stops)."""
        raise NotImplementedError

    # The writer

    def _wake(self):
        if self.wakeup is not None and not self.wakeup.ready():
            self.wakeup.send(True)

    def _write_forever(self):
        while self.running or self.waiting:
            if not self.waiting:
                self.wakeup.wait()
                self.wakeup = Event()
                continue
            batch, self.waiting = self.waiting[:MAX_BATCH], self.waiting[MAX_BATCH:]
            self.write_batch(batch)

    def write_batch(self, batch):
        """Write ``batch`` in one transaction, then release its requests with their results.

        If the batch fails before its commit, each write is tried alone, so
        one bad write does not fail the others. A write that fails alone,
        or a batch whose commit failed (its outcome is unknown, so a retry
        could write it twice), releases its requests with ``failure``.
        """
        try:
            results = self._commit(batch)
        except _CommitFailed as error:
            log.exception("committing %d writes of the %s failed; their requests get an error", len(batch), self.name)
            self._release_with_error(batch, error.__cause__)
            return
        except Exception as error:
            if len(batch) > 1:
                log.warning(
                    "%d writes of the %s failed together (%s); writing them one by one",
                    len(batch), self.name, _describe(error),
                )
                for pending in batch:
                    self.write_batch([pending])
                return
            log.warning("a write of the %s failed: %s", self.name, _describe(error))
            self._release_with_error(batch, error)
            return

        if self.batch_size_metric is not None:
            self.batch_size_metric.observe(len(batch))
        self.outbox.notify()
        for pending, result in zip(batch, results):
            if isinstance(result, Exception):
                pending.done.send_exception(result)
            else:
                pending.done.send(result)

    def _release_with_error(self, batch, error):
        for pending in batch:
            pending.done.send_exception(self.failure(pending, error))

    def _commit(self, batch):
        """Write and commit ``batch``; retry once on a new connection if the pooled one was dead.

        Only a failure before the commit is retried, so a commit whose
        outcome is unknown never writes a batch twice. A batch of one
        statement that commits on its own may already be stored when its
        connection breaks. The retry then finds it stored, and its
        requests get the replies of repeated requests.
        """
        try:
            return self._commit_once(batch)
        except _DeadConnection:
            log.warning(
                "the %s's database connection was closed; retrying %d writes on a new one", self.name, len(batch)
            )
            return self._commit_once(batch)

    def _commit_once(self, batch):
        with self.database.engine.connect() as connection:
            try:
                results = self.write(connection, batch)
            except DBAPIError as error:
                connection.rollback()
                if error.connection_invalidated:
                    raise _DeadConnection() from error
                raise
            try:
                connection.commit()
            except DBAPIError as error:
                raise _CommitFailed() from error
            return results


def _describe(error):
    """Return an error's first line without the statement's parameters, which can hold personal data."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return "{}: {}".format(type(cause).__name__, lines[0] if lines else "")


class _DeadConnection(Exception):
    """The pooled connection was closed by the server before the batch was committed."""


class _CommitFailed(Exception):
    """The COMMIT of a batch failed, so whether its writes were stored is unknown."""
