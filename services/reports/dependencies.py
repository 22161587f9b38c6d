"""Dependency providers of the reports service: directory lookups, object storage, settings."""

import logging
import time

import eventlet
from nameko.exceptions import RpcTimeout, UnknownService
from nameko.extensions import DependencyProvider
from nameko.rpc import RpcProxy

from cybervaccine.errors import Unavailable
from cybervaccine.storage import ObjectStorage
from services.reports.messages import MESSAGES
from services.reports.objects import ReportObjects
from services.reports.operations import Policy
from services.reports.photos import PhotoLimits

log = logging.getLogger(__name__)

DEFAULTS = {
    "REPORTS_AMEND_WINDOW_DAYS": 30,
    "REPORTS_MAX_AGE_DAYS": 366,
    "REPORTS_MAX_PHOTO_BYTES": 15 * 1024 * 1024,
    "REPORTS_URL_SECONDS": 3600,
    # NOTE: an export runs inside one RPC call, so it must finish within the gateway's RPC_TIMEOUT.
    # openpyxl wrote 10,000 rows in about 2.4 s on a shared two-core machine, hence 20,000 here.
    "REPORTS_EXPORT_MAX_ROWS": 20_000,
    "REPORTS_DIRECTORY_TIMEOUT": 5,
    "REPORTS_DUTY_CACHE_SECONDS": 60,
    "REPORTS_SCAM_TYPE_CACHE_SECONDS": 300,
    "REPORTS_UNIT_CACHE_SECONDS": 10,
}


def setting(config, name):
    """Return an integer setting of the reports service, or its default."""
    value = config.get(name)
    return int(value) if value not in (None, "") else DEFAULTS[name]


class ReportSettings(DependencyProvider):
    """The service's limits, read once from the config."""

    def setup(self):
        config = self.container.config
        self.policy = Policy(
            amend_window_days=setting(config, "REPORTS_AMEND_WINDOW_DAYS"),
            max_age_days=setting(config, "REPORTS_MAX_AGE_DAYS"),
        )
        self.photo_limits = PhotoLimits(
            max_bytes=setting(config, "REPORTS_MAX_PHOTO_BYTES"),
            url_seconds=setting(config, "REPORTS_URL_SECONDS"),
        )
        self.export_max_rows = setting(config, "REPORTS_EXPORT_MAX_ROWS")
        self.url_seconds = setting(config, "REPORTS_URL_SECONDS")

    def get_dependency(self, worker_ctx):
        return self


class ReportStorage(ObjectStorage):
    """The platform's bucket seen through ``ReportObjects``."""

    def get_dependency(self, worker_ctx):
        return ReportObjects(self.client, self.signer, self.bucket)


class _ExpiringCache:
    """A dict whose entries expire after ``seconds``."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.entries = {}

    def get(self, key):
        entry = self.entries.get(key)
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    def discard(self, key):
        self.entries.pop(key, None)

    def clear(self):
        self.entries.clear()

    def put(self, key, value):
        if len(self.entries) > 10_000:
            self.entries.clear()
        self.entries[key] = (value, time.monotonic() + self.seconds)


class UnitCache(DependencyProvider):
    """Units that new reports named, kept for ``REPORTS_UNIT_CACHE_SECONDS`` in each process.

    The ``unit_changed`` handler clears the cache only in the process that
    handles the event. In the others, reports filed meanwhile may show a
    unit's old name, and the filing right may be checked against its old
    place in the tree, for at most that long. Totals always use the current
    path (``totals.settle``).
    """

    def __init__(self):
        self.units = None

    def setup(self):
        self.units = _ExpiringCache(setting(self.container.config, "REPORTS_UNIT_CACHE_SECONDS"))

    def get_dependency(self, worker_ctx):
        return self.units


class DirectoryLookups(RpcProxy):
    """Call the directory to check reporting duties and to read the scam taxonomy, with caches.

    A granted duty is remembered for ``REPORTS_DUTY_CACHE_SECONDS``; a
    refusal is not, so a duty assigned a moment ago works at once. The
    directory's ``duty_ended`` event removes the entry in every reports
    process (``ReportsService.forget_ended_duty``).
    NOTE: a duty check already waiting on the directory when the duty ends
    can cache the old result again, for at most the cache's lifetime.
    """

    def __init__(self):
        super().__init__("directory")
        self.duties = None
        self.scam_types = None

    def setup(self):
        super().setup()
        config = self.container.config
        self.timeout = setting(config, "REPORTS_DIRECTORY_TIMEOUT")
        self.duties = _ExpiringCache(setting(config, "REPORTS_DUTY_CACHE_SECONDS"))
        self.scam_types = _ExpiringCache(setting(config, "REPORTS_SCAM_TYPE_CACHE_SECONDS"))

    def get_dependency(self, worker_ctx):
        return _Lookups(super().get_dependency(worker_ctx), self)


class _Lookups:
    def __init__(self, proxy, provider):
        self.proxy = proxy
        self.provider = provider

    def _call(self, method, *args):
        try:
            with eventlet.Timeout(self.provider.timeout, RpcTimeout(self.provider.timeout)):
                return getattr(self.proxy, method).call_async(*args).result()
        except (RpcTimeout, UnknownService) as error:
            log.warning("directory %s failed: %s", method, type(error).__name__)
            raise MESSAGES.error(Unavailable, "directory_unavailable", details={"service": "directory"})

    def forget_reporting_duty(self, account_id, unit_id):
        self.provider.duties.discard((account_id, unit_id))

    def has_reporting_duty(self, account_id, unit_id):
        key = (account_id, unit_id)
        if self.provider.duties.get(key):
            return True
        granted = bool(self._call("has_duty", account_id, unit_id, "reporting"))
        if granted:
            self.provider.duties.put(key, True)
        return granted

    def scam_type_codes(self, refresh=False):
        """Return the set of scam type codes; ``refresh`` reads them from the directory again."""
        codes = None if refresh else self.provider.scam_types.get("codes")
        if codes is None:
            codes = frozenset(item["code"] for item in self._call("list_scam_types", True))
            self.provider.scam_types.put("codes", codes)
        return codes

    def scam_types(self):
        """Return the active scam types with their names (for the form)."""
        return self._call("list_scam_types", False)
