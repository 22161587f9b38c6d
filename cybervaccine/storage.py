"""Object storage clients (S3 API through the ``minio`` client).

Two clients exist per process: one for the internal endpoint that services
use to read and write objects, and one configured for the public endpoint
that only signs URLs. A presigned URL is bound to the host it was signed
for, so rewriting the host afterwards would break the signature. The
signing client has a fixed region so that it never calls the network.

Every call through the ``ObjectStorage`` provider's clients that raises is
counted in ``cybervaccine_object_storage_errors_total`` by operation (the
client method) and error (``unreachable``, ``server_error``, or the S3
error code such as ``NoSuchKey``). ``count_errors`` does the same for code
that reads a streamed response after the call returned. The provider also
checks the store every 30 seconds and exports the result as
``cybervaccine_object_storage_up``.
"""

import contextlib
import functools
import logging
import re
import time
from urllib.parse import urlsplit

import urllib3
from minio import Minio
from minio.error import InvalidResponseError, S3Error, ServerError
from nameko.extensions import DependencyProvider
from prometheus_client import Counter, Gauge

from cybervaccine import settings

log = logging.getLogger(__name__)

OBJECT_STORAGE_ERRORS = Counter(
    "cybervaccine_object_storage_errors_total",
    "Object storage calls that raised, by client method and error "
    "(unreachable, server_error, invalid_response, or the S3 error code).",
    ["service", "operation", "error"],
)
OBJECT_STORAGE_UP = Gauge(
    "cybervaccine_object_storage_up",
    "1 when the last periodic check reached the object store and found the bucket, else 0.",
    ["service"],
)
S3_ERROR_CODE = re.compile(r"^[A-Za-z]{1,40}$")


def _as_bool(value):
    return str(value).lower() in ("1", "true", "yes", "on")


def credentials(config):
    """Return (access key, secret key); development falls back to the local store's generated keys."""
    access_key = config.get("S3_ACCESS_KEY") or ""
    secret_key = config.get("S3_SECRET_KEY") or ""
    if access_key and secret_key:
        return access_key, secret_key

    if settings.is_production(config):
        raise settings.ConfigurationError("S3_ACCESS_KEY and S3_SECRET_KEY are required in production")

    from cybervaccine import objectstore

    return objectstore.development_credentials(settings.data_dir(config))


def _client(endpoint, config):
    access_key, secret_key = credentials(config)
    secure = _as_bool(config.get("S3_SECURE", False))
    if "://" in endpoint:
        parts = urlsplit(endpoint)
        endpoint = parts.netloc
        secure = parts.scheme == "https"
    return Minio(
        endpoint,
        access_key=access_key,
        secret_key=secret_key,
        secure=secure,
        region=config.get("S3_REGION") or "us-east-1",
    )


def internal_client(config):
    """Client for the endpoint the services reach."""
    return _client(config.get("S3_ENDPOINT") or "127.0.0.1:8333", config)


def signing_client(config):
    """Client that signs URLs for the endpoint browsers reach (``S3_PUBLIC_ENDPOINT``)."""
    public = config.get("S3_PUBLIC_ENDPOINT") or config.get("S3_ENDPOINT") or "127.0.0.1:8333"
    return _client(public, config)


def bucket_name(config):
    return config.get("S3_BUCKET") or "cybervaccine-media"


def ensure_bucket(client, bucket):
    if not client.bucket_exists(bucket):
        client.make_bucket(bucket)


def error_label(error):
    """Return a bounded label for an object storage exception."""
    if isinstance(error, S3Error):
        return error.code if S3_ERROR_CODE.match(error.code or "") else "s3_error"
    if isinstance(error, ServerError):
        return "server_error"
    if isinstance(error, InvalidResponseError):
        return "invalid_response"
    if isinstance(error, (urllib3.exceptions.HTTPError, OSError)):
        return "unreachable"
    return type(error).__name__


@contextlib.contextmanager
def count_errors(service, operation):
    """Count an exception raised inside the block, then re-raise it."""
    try:
        yield
    except Exception as error:
        OBJECT_STORAGE_ERRORS.labels(service, operation, error_label(error)).inc()
        raise


class CountingClient:
    """A ``Minio`` client whose public methods count their exceptions.

    Attributes and methods are those of the wrapped client, so code written
    for ``Minio`` works unchanged. Methods whose names start with an
    underscore are passed through uncounted, and so is an error raised
    later while reading a returned stream: wrap those in ``count_errors``.
    """

    def __init__(self, client, service):
        self._client = client
        self._service = service

    def __getattr__(self, name):
        value = getattr(self._client, name)
        if name.startswith("_") or not callable(value):
            return value

        @functools.wraps(value)
        def counted(*args, **kwargs):
            with count_errors(self._service, name):
                return value(*args, **kwargs)

        return counted


def check(config):
    """Raise if the object store cannot be reached or the bucket is missing."""
    client = internal_client(config)
    if not client.bucket_exists(bucket_name(config)):
        raise RuntimeError("bucket {} does not exist".format(bucket_name(config)))


class ObjectStorage(DependencyProvider):
    """Give workers the object storage clients and make sure the bucket exists.

    At start it waits for the store (it may start at the same time as the
    service) and creates the bucket if it is missing. The worker gets this
    provider itself: ``client`` for reads and writes, ``signer`` for
    presigned URLs on the public endpoint, ``bucket`` for the bucket name.
    """

    START_TIMEOUT_SECONDS = 60
    CHECK_INTERVAL_SECONDS = 30

    def setup(self):
        config = self.container.config
        service = self.container.service_name
        self.client = CountingClient(internal_client(config), service)
        self.signer = CountingClient(signing_client(config), service)
        self.bucket = bucket_name(config)
        self.reachable = None

    def start(self):
        self.container.spawn_managed_thread(self._watch, identifier="object_storage_watch")

    def _watch(self):
        """Prepare the bucket, then check the store every ``CHECK_INTERVAL_SECONDS`` for the up gauge."""
        import eventlet

        self._prepare_bucket()
        while True:
            eventlet.sleep(self.CHECK_INTERVAL_SECONDS)
            self.check_reachable()

    def _prepare_bucket(self):
        import eventlet

        deadline = time.monotonic() + self.START_TIMEOUT_SECONDS
        while True:
            try:
                ensure_bucket(self.client, self.bucket)
                self._record_reachable(True)
                log.info("object storage ready, bucket %s", self.bucket)
                return
            except Exception as error:
                if time.monotonic() > deadline:
                    self._record_reachable(False)
                    log.error("object storage not reachable after %s s: %s", self.START_TIMEOUT_SECONDS, error)
                    return
                eventlet.sleep(1)

    def check_reachable(self):
        """Check the store and bucket once; set the up gauge and return whether the check succeeded."""
        try:
            ensure_bucket(self.client, self.bucket)
        except Exception as error:
            if self.reachable is not False:
                log.warning("object storage check of bucket %s failed: %s", self.bucket, error)
            self._record_reachable(False)
            return False

        if self.reachable is False:
            log.info("object storage reachable again, bucket %s", self.bucket)
        self._record_reachable(True)
        return True

    def _record_reachable(self, reachable):
        self.reachable = reachable
        OBJECT_STORAGE_UP.labels(self.container.service_name).set(1 if reachable else 0)

    def get_dependency(self, worker_ctx):
        return self
