"""Settings of the media library, read once from the nameko config dict."""

import dataclasses
import datetime

from cybervaccine import settings as platform_settings
from services.media import rules

DEFAULT_MAX_UPLOAD_BYTES = 2 * rules.GIB
DEFAULT_DOWNLOAD_URL_SECONDS = 300
DEFAULT_DOWNLOAD_CACHE_SECONDS = 2.0
DEFAULT_PENDING_UPLOAD_HOURS = 24
DEFAULT_INLINE_VERIFY_BYTES = 64 * rules.MIB
PREVIEW_URL_WINDOW_SECONDS = 600
MAX_BUNDLE_ITEMS = 50


def _as_bool(value):
    return str(value).strip().lower() in ("1", "true", "yes", "on")


@dataclasses.dataclass(frozen=True)
class MediaSettings:
    """Limits and lifetimes of the media library.

    ``inline_verify_bytes``: uploads up to this size are checked (type,
    SHA-256, duplicates) inside the completing request, so their errors
    come back at once. Larger ones are checked in the background, and the
    client polls the upload's status.
    """

    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    download_url_seconds: int = DEFAULT_DOWNLOAD_URL_SECONDS
    download_cache_seconds: float = DEFAULT_DOWNLOAD_CACHE_SECONDS
    pending_upload_hours: float = DEFAULT_PENDING_UPLOAD_HOURS
    inline_verify_bytes: int = DEFAULT_INLINE_VERIFY_BYTES
    preview_window_seconds: int = PREVIEW_URL_WINDOW_SECONDS
    seed_samples: bool = False

    @classmethod
    def from_config(cls, config):
        environment = str(config.get("ENVIRONMENT", "development")).lower()
        seed = config.get("MEDIA_SEED_SAMPLES")
        return cls(
            max_upload_bytes=int(config.get("MEDIA_MAX_UPLOAD_BYTES") or DEFAULT_MAX_UPLOAD_BYTES),
            download_url_seconds=int(config.get("MEDIA_DOWNLOAD_URL_SECONDS") or DEFAULT_DOWNLOAD_URL_SECONDS),
            download_cache_seconds=float(config.get("MEDIA_DOWNLOAD_CACHE_SECONDS") or DEFAULT_DOWNLOAD_CACHE_SECONDS),
            pending_upload_hours=float(config.get("MEDIA_PENDING_UPLOAD_HOURS") or DEFAULT_PENDING_UPLOAD_HOURS),
            inline_verify_bytes=int(config.get("MEDIA_INLINE_VERIFY_BYTES") or DEFAULT_INLINE_VERIFY_BYTES),
            seed_samples=_as_bool(seed) if seed not in (None, "") else environment == "development",
        )

    @property
    def download_url_lifetime(self):
        return datetime.timedelta(seconds=self.download_url_seconds)

    @property
    def pending_upload_lifetime(self):
        return datetime.timedelta(hours=self.pending_upload_hours)

    @property
    def part_url_lifetime(self):
        """Lifetime of presigned part URLs: the pending upload's, capped at S3's maximum of 7 days."""
        return min(self.pending_upload_lifetime, datetime.timedelta(days=7))


def samples_folder(config):
    """Return the folder the sample media are rendered into (under the data folder, not committed)."""
    return platform_settings.data_dir(config) / "media-samples"
