"""Object storage operations of the media library (S3 API through the ``minio`` client).

Originals live under ``media/<random id>`` and previews under
``previews/<random id>.jpg``; file names stay in the database. Reads and
writes go to the internal endpoint; URLs handed to clients are signed by the
client configured for the public endpoint, because a presigned URL is bound
to its host.

Every failure to reach the store is raised as ``Unavailable`` with a
message in both languages. Failures are counted in
``cybervaccine_object_storage_errors_total``: by the counting client of
``cybervaccine.storage`` for its public methods, and here for the multipart
calls and stream reads that it does not see.

NOTE: minio 7.2 exposes the multipart calls (create, list parts, complete,
abort, list uploads) only as underscore methods. They are used in this
module alone, so a client upgrade that renames them changes only this file.
"""

import datetime
import hashlib
import io
import logging
import uuid

from minio.datatypes import Part
from minio.error import S3Error
from urllib3.exceptions import HTTPError

from cybervaccine import storage
from cybervaccine.errors import Unavailable
from services.media import rules
from services.media.messages import MESSAGES

log = logging.getLogger(__name__)

ORIGINALS_PREFIX = "media/"
PREVIEWS_PREFIX = "previews/"
READ_CHUNK_BYTES = 1024 * 1024
HASH_CHUNK_BYTES = 4 * 1024 * 1024
MISSING_CODES = ("NoSuchKey", "NoSuchUpload", "NoSuchObject")


def new_original_key():
    return ORIGINALS_PREFIX + uuid.uuid4().hex


def new_preview_key():
    return PREVIEWS_PREFIX + uuid.uuid4().hex + ".jpg"


class MediaObjects:
    """The media library's view of one bucket."""

    def __init__(self, client, signer, bucket, service="media"):
        self.client = client
        self.signer = signer
        self.bucket = bucket
        self.service = service

    def _call(self, operation, function, *args, **kwargs):
        """Call a counting client's method; raise ``Unavailable`` unless the object or upload is missing."""
        try:
            return function(*args, **kwargs)
        except S3Error as error:
            if error.code in MISSING_CODES:
                raise
            self._failed(operation, error)
        except (HTTPError, OSError) as error:
            self._failed(operation, error)

    def _counted_call(self, operation, function, *args, **kwargs):
        """Like ``_call`` for calls the counting client does not wrap (underscore methods, stream reads)."""
        with storage.count_errors(self.service, operation):
            return self._call(operation, function, *args, **kwargs)

    def _failed(self, operation, error):
        log.warning("object storage %s failed on bucket %s: %s", operation, self.bucket, error)
        raise MESSAGES.error(Unavailable, "storage_unavailable", details={"operation": operation})

    # Multipart uploads

    def start_multipart(self, key, content_type):
        """Create a multipart upload; return its upload id."""
        return self._counted_call(
            "create_multipart", self.client._create_multipart_upload, self.bucket, key, {"Content-Type": content_type}
        )

    def part_url(self, key, upload_id, part_number, lifetime):
        """Sign a PUT URL for one part, on the public endpoint."""
        return self.signer.get_presigned_url(
            "PUT", self.bucket, key, expires=lifetime,
            extra_query_params={"partNumber": str(part_number), "uploadId": upload_id},
        )

    def list_parts(self, key, upload_id):
        """Return the parts stored so far as a list of ``minio.datatypes.Part``."""
        parts = []
        marker = None
        while True:
            result = self._counted_call(
                "list_parts", self.client._list_parts, self.bucket, key, upload_id, part_number_marker=marker
            )
            parts.extend(result.parts)
            if not result.is_truncated or not result.parts:
                return parts
            marker = str(result.parts[-1].part_number)

    def complete_multipart(self, key, upload_id, parts):
        ordered = [Part(part.part_number, part.etag) for part in sorted(parts, key=lambda part: part.part_number)]
        self._counted_call("complete_multipart", self.client._complete_multipart_upload, self.bucket, key, upload_id, ordered)

    def abort_multipart(self, key, upload_id):
        """Abort a multipart upload and drop its parts; an upload already gone counts as aborted."""
        try:
            self._counted_call("abort_multipart", self.client._abort_multipart_upload, self.bucket, key, upload_id)
        except S3Error as error:
            log.debug("multipart upload %s of %s was already gone: %s", upload_id, key, error.code)

    def stale_multipart_uploads(self, older_than):
        """Yield (key, upload id) of multipart uploads under the originals prefix started before ``older_than``."""
        key_marker = upload_marker = None
        while True:
            result = self._counted_call(
                "list_multipart", self.client._list_multipart_uploads, self.bucket,
                prefix=ORIGINALS_PREFIX, key_marker=key_marker, upload_id_marker=upload_marker,
            )
            for upload in result.uploads:
                if upload.initiated_time is not None and upload.initiated_time < older_than:
                    yield upload.object_name, upload.upload_id
            if not result.is_truncated or not result.uploads:
                return
            key_marker, upload_marker = result.uploads[-1].object_name, result.uploads[-1].upload_id

    # Objects

    def size_of(self, key):
        return self._call("stat", self.client.stat_object, self.bucket, key).size

    def exists(self, key):
        try:
            self._call("stat", self.client.stat_object, self.bucket, key)
            return True
        except S3Error:
            return False

    def read_head(self, key, length=rules.HEAD_BYTES):
        """Return the first ``length`` bytes of an object (one ranged GET)."""
        response = self._call("get", self.client.get_object, self.bucket, key, offset=0, length=length)
        try:
            return self._counted_call("read", response.read)
        finally:
            response.close()
            response.release_conn()

    def iter_chunks(self, key, chunk_bytes=READ_CHUNK_BYTES):
        """Yield an object's bytes in chunks without holding the whole object."""
        response = self._call("get", self.client.get_object, self.bucket, key)
        try:
            stream = response.stream(chunk_bytes)
            while True:
                chunk = self._counted_call("read", next, stream, None)
                if chunk is None:
                    return
                yield chunk
        finally:
            response.close()
            response.release_conn()

    def sha256_of(self, key):
        """Return (SHA-256 hex digest, byte count) of an object, read as a stream."""
        digest = hashlib.sha256()
        count = 0
        for chunk in self.iter_chunks(key, HASH_CHUNK_BYTES):
            digest.update(chunk)
            count += len(chunk)
        return digest.hexdigest(), count

    def download_to(self, key, path):
        with open(path, "wb") as handle:
            for chunk in self.iter_chunks(key):
                handle.write(chunk)

    def put_file(self, key, path, content_type):
        self._call("put", self.client.fput_object, self.bucket, key, str(path), content_type=content_type)

    def put_bytes(self, key, data, content_type):
        self._call("put", self.client.put_object, self.bucket, key, io.BytesIO(data), len(data), content_type=content_type)

    def remove(self, key):
        """Remove an object; a missing object counts as removed."""
        try:
            self._call("remove", self.client.remove_object, self.bucket, key)
        except S3Error as error:
            log.debug("object %s was already gone: %s", key, error.code)

    # URLs

    def download_url(self, key, lifetime, file_name, content_type, fallback_stem):
        """Sign a GET URL on the public endpoint that saves the file under its original name."""
        return self.signer.presigned_get_object(
            self.bucket, key, expires=lifetime,
            response_headers={
                "response-content-disposition": rules.content_disposition(file_name, fallback_stem),
                "response-content-type": content_type,
            },
        )

    def preview_url(self, key, window_seconds, now=None):
        """Sign a GET URL for a preview that stays the same for ``window_seconds`` (so browsers cache it).

        The signing time is rounded down to the window, and the URL lives
        for two windows, so it is valid for at least one window after it is
        handed out.
        """
        now = now or datetime.datetime.now(datetime.timezone.utc)
        start = int(now.timestamp()) // window_seconds * window_seconds
        signed_at = datetime.datetime.fromtimestamp(start, datetime.timezone.utc)
        return self.signer.presigned_get_object(
            self.bucket, key, expires=datetime.timedelta(seconds=2 * window_seconds), request_date=signed_at,
            response_headers={"response-cache-control": "private, max-age={}".format(window_seconds)},
        )

    def internal_url(self, key, lifetime):
        """Sign a GET URL on the internal endpoint, for tools of this service (ffmpeg) that read by URL."""
        return self.client.presigned_get_object(self.bucket, key, expires=lifetime)
