"""A per-process cache of what a download needs to know about an item version.

Every download of the same poster asked the database for the same item and
version, and signed a new URL for the same file. The cache keeps both for
``MEDIA_DOWNLOAD_CACHE_SECONDS`` (2 s by default). A signed URL names no
caller, so officers downloading the same file within those seconds get the
same URL, with its expiry as signed.

Every media process drops an item's entries when it receives that item's
``media_updated``, ``media_version_added`` or ``media_archived`` event. The
process that made the change drops them at once, the others within the
event's delivery time. The time-to-live bounds the delay if such an event
is lost.
"""

import collections
import time
from dataclasses import dataclass

from nameko.extensions import DependencyProvider

from services.media.settings import MediaSettings
MAX_ENTRIES = 10000


@dataclass(frozen=True)
class DownloadTarget:
    """The facts a download uses about one version of one item. ``id`` is the item's id."""

    id: int
    status: str
    kind: str
    scam_types: tuple
    current_version: int
    version: int
    object_key: str
    file_name: str
    content_type: str
    size_bytes: int

    @classmethod
    def of(cls, item, version):
        return cls(
            id=item.id,
            status=item.status,
            kind=item.kind,
            scam_types=tuple(item.scam_types),
            current_version=item.current_version,
            version=version.version,
            object_key=version.object_key,
            file_name=version.file_name,
            content_type=version.content_type,
            size_bytes=version.size_bytes,
        )


class DownloadTargets(DependencyProvider):
    """The per-process cache of download targets and signed URLs, injected as ``self.download_targets``."""

    def __init__(self):
        self.ttl_seconds = None
        self.entries = {}
        self.urls = {}
        # Bumped by forget(): a value loaded while its item changed is not kept.
        self.generations = collections.Counter()

    def setup(self):
        settings = MediaSettings.from_config(self.container.config)
        # A reused URL must stay valid long after it is handed out.
        self.ttl_seconds = min(settings.download_cache_seconds, settings.download_url_seconds / 10)

    def get_dependency(self, worker_ctx):
        return self

    def get(self, media_id, version, load):
        """Return the cached target, or call ``load()`` (which raises for an unknown item) and keep its result."""
        key = (media_id, version)
        now = time.monotonic()
        entry = self.entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]

        generation = self.generations[media_id]
        target = load()
        self._keep(self.entries, key, generation, (now + self.ttl_seconds, target))
        return target

    def signed_url(self, target, sign):
        """Return ``(url, expires_at)`` for ``target``, calling ``sign(target)`` only when no fresh URL is kept."""
        key = (target.id, target.version)
        now = time.monotonic()
        entry = self.urls.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]

        generation = self.generations[target.id]
        signed = sign(target)
        self._keep(self.urls, key, generation, (now + self.ttl_seconds, signed))
        return signed

    def forget(self, media_id):
        """Drop every entry of an item, including one whose load is still running."""
        self.generations[media_id] += 1
        for cache in (self.entries, self.urls):
            for key in [key for key in cache if key[0] == media_id]:
                del cache[key]

    def _keep(self, cache, key, generation, entry):
        # load() and sign() may yield to other greenthreads; an item forgotten meanwhile keeps no entry.
        if self.generations[key[0]] != generation:
            return
        if len(cache) >= MAX_ENTRIES:
            cache.clear()
        cache[key] = entry
