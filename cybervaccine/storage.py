"""Object storage clients (S3 API through the ``minio`` client).

Two clients exist per process: one for the internal endpoint that services
use to read and write objects, and one configured for the public endpoint
that only signs URLs. A presigned URL is bound to the host it was signed
for, so rewriting the host afterwards would break the signature. The
signing client has a fixed region so that it never calls the network.
"""

import logging
import time
from urllib.parse import urlsplit

from minio import Minio
from nameko.extensions import DependencyProvider

from cybervaccine import settings

log = logging.getLogger(__name__)


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

    def setup(self):
        config = self.container.config
        self.client = internal_client(config)
        self.signer = signing_client(config)
        self.bucket = bucket_name(config)

    def start(self):
        self.container.spawn_managed_thread(self._prepare_bucket, identifier="prepare_bucket")

    def _prepare_bucket(self):
        import eventlet

        deadline = time.monotonic() + self.START_TIMEOUT_SECONDS
        while True:
            try:
                ensure_bucket(self.client, self.bucket)
                log.info("object storage ready, bucket %s", self.bucket)
                return
            except Exception as error:
                if time.monotonic() > deadline:
                    log.error("object storage not reachable after %s s: %s", self.START_TIMEOUT_SECONDS, error)
                    return
                eventlet.sleep(1)

    def get_dependency(self, worker_ctx):
        return self
