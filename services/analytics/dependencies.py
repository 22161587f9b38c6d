"""Dependency providers of the analytics service."""

import logging

import eventlet
from nameko.events import EventHandler
from nameko.extensions import DependencyProvider

from cybervaccine.db import Database
from services.analytics import fold
from services.analytics.fold_worker import FoldRunner

log = logging.getLogger(__name__)

FOLD_IDLE_SECONDS = 1.0
FOLD_RETRY_SECONDS = 5.0


def _as_bool(value):
    return str(value).strip().lower() not in ("0", "false", "no", "off", "")


def _find_database(container):
    for dependency in container.dependencies:
        if isinstance(dependency, Database):
            return dependency
    raise RuntimeError("the analytics service needs a Database dependency")


class ReadModelFold(DependencyProvider):
    """Run the fold in a background thread of the service.

    The thread wakes when an event handler finishes, or every second, and
    folds batches until no pending event is left. A failed batch rolls back,
    so its events stay pending in the log, and is tried again after a pause.
    With ``ANALYTICS_FOLD_IN_SERVICE: false`` the thread does not run, and
    ``services.analytics.fold_worker`` processes fold instead.
    """

    def __init__(self, batch_size=fold.FOLD_BATCH_SIZE):
        self.batch_size = batch_size
        self.database = None
        self.wakeup = None
        self.running = False
        self.runner = None

    def setup(self):
        self.database = _find_database(self.container)
        # The database provider makes its sessionmaker in its own setup, which may run later.
        self.runner = FoldRunner(lambda: self.database.sessionmaker(), self.batch_size)
        self.wakeup = eventlet.event.Event()

    def start(self):
        if not _as_bool(self.container.config.get("ANALYTICS_FOLD_IN_SERVICE", True)):
            log.info("read model fold left to separate fold worker processes")
            return
        self.running = True
        self.container.spawn_managed_thread(self._fold_forever, identifier="read_model_fold")

    def stop(self):
        self.running = False
        self._wake()

    def kill(self):
        self.stop()

    def get_dependency(self, worker_ctx):
        return self

    def worker_teardown(self, worker_ctx):
        if isinstance(worker_ctx.entrypoint, EventHandler):
            self._wake()

    def _wake(self):
        if self.wakeup is not None and not self.wakeup.ready():
            self.wakeup.send(True)

    def _fold_forever(self):
        while self.running:
            delay = FOLD_IDLE_SECONDS
            try:
                while self.running and self.fold_once() > 0:
                    eventlet.sleep(0)
            except Exception:
                log.exception("fold of the analytics read models failed; retrying in %s s", FOLD_RETRY_SECONDS)
                delay = FOLD_RETRY_SECONDS

            with eventlet.Timeout(delay, False):
                self.wakeup.wait()
            self.wakeup = eventlet.event.Event()

    def fold_once(self):
        """Fold one batch in its own transaction; return how many events it applied."""
        return self.runner.fold_once()
