"""Dependency providers of the media service: settings, cached look-ups and the sample seeder."""

import logging
import time

import eventlet
from eventlet import tpool
from eventlet.event import Event
from nameko.extensions import DependencyProvider

from cybervaccine.db import Database
from cybervaccine.storage import ObjectStorage
from services.media import seed
from services.media.objects import MediaObjects
from services.media.settings import MediaSettings, samples_folder

log = logging.getLogger(__name__)

LOOKUP_TIMEOUT_SECONDS = 5
STORAGE_WAIT_SECONDS = 120


class MediaConfig(DependencyProvider):
    """The media library's settings (limits, lifetimes), read once at start."""

    def setup(self):
        self.settings = MediaSettings.from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.settings


class LookupFailed(Exception):
    """Raised when a look-up fails and no earlier value is cached."""


class CachedLookup(DependencyProvider):
    """A per-process cache of values fetched from another service, each kept ``ttl_seconds``.

    A failed fetch returns the last value for the key if there is one, so
    a short outage of the other service does not stop downloads or uploads.
    """

    def __init__(self, ttl_seconds, max_entries=10000):
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self.entries = {}

    def get_dependency(self, worker_ctx):
        return self

    def get(self, key, loader):
        """Return the cached value for ``key``, or call ``loader()`` (at most 5 s) and cache its result."""
        now = time.monotonic()
        entry = self.entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]

        try:
            with eventlet.Timeout(LOOKUP_TIMEOUT_SECONDS):
                value = loader()
        except (Exception, eventlet.Timeout) as error:
            if entry is not None:
                log.warning("look-up of %r failed, using the value from before: %s", key, error)
                return entry[1]
            raise LookupFailed(str(error) or type(error).__name__)

        if len(self.entries) >= self.max_entries:
            self.entries.clear()
        self.entries[key] = (now + self.ttl_seconds, value)
        return value


class SampleSeeder(DependencyProvider):
    """Seed the sample media into an empty library once the object store responds.

    ``manage seed`` runs before the local object store starts in ``make
    run``, so the service seeds itself at start, in a background thread.
    A marker row makes sure only one copy of the service seeds.
    """

    def setup(self):
        self.settings = MediaSettings.from_config(self.container.config)
        self.finished = Event()

    def start(self):
        if self.settings.seed_samples:
            self.container.spawn_managed_thread(self._seed_when_ready, identifier="seed_samples")
        else:
            self.finished.send(["media: sample seeding is off"])

    def get_dependency(self, worker_ctx):
        return self

    def _seed_when_ready(self):
        database = self._dependency(Database)
        storage = self._dependency(ObjectStorage)
        lines = []
        try:
            if self._wait_for_bucket(storage):
                objects = MediaObjects(storage.client, storage.signer, storage.bucket)
                lines = self._seed(database, objects)
        except Exception:
            log.exception("seeding the sample media failed; the next start tries again")
        finally:
            self.finished.send(lines)

    def _seed(self, database, objects):
        session = database.sessionmaker()
        try:
            lines = seed.seed_samples(session, objects, samples_folder(self.container.config), run_cpu=tpool.execute)
        finally:
            session.close()
        for line in lines:
            log.info(line)
        return lines

    def _wait_for_bucket(self, storage):
        deadline = time.monotonic() + STORAGE_WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                if storage.client.bucket_exists(storage.bucket):
                    return True
            except Exception as error:
                log.debug("object storage not ready for seeding: %s", error)
            eventlet.sleep(1)
        log.error(
            "object storage did not respond within %s s; sample media not seeded (restart the service to retry)",
            STORAGE_WAIT_SECONDS,
        )
        return False

    def _dependency(self, provider_class):
        for dependency in self.container.dependencies:
            if isinstance(dependency, provider_class):
                return dependency
        raise RuntimeError("the media service needs a {}".format(provider_class.__name__))
