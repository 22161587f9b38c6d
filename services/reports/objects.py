"""Object storage operations of the reports service (S3 API through the ``minio`` client).

Photos live under ``reports/<report id>/<photo id>/``: the original as the
device sent it, and the display and thumbnail copies made from it. Exports
live under ``exports/`` for a day. Reads and writes use the internal
endpoint; URLs for browsers are signed by the client of the public endpoint,
because a presigned URL is bound to its host.

NOTE: minio 7.2 offers the multipart calls (create, list parts, complete,
abort) only as underscore methods. This module is the one place that uses
them, so a client upgrade that renames them changes only this file.
"""

import datetime
import hashlib
import logging

from minio.datatypes import Part
from minio.error import S3Error
from urllib3.exceptions import HTTPError

from cybervaccine.errors import Unavailable
from services.reports.messages import MESSAGES

log = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024
EXPORTS_PREFIX = "exports/"


def photo_key(report_id, photo_id, name):
    return "reports/{}/{}/{}".format(report_id, photo_id, name)


class ReportObjects:
    """The reports service's view of the platform's bucket."""

    def __init__(self, client, signer, bucket):
        self.client = client
        self.signer = signer
        self.bucket = bucket

    def _call(self, operation, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except S3Error:
            raise
        except (HTTPError, OSError) as error:
            log.warning("object storage %s failed on bucket %s: %s", operation, self.bucket, error)
            raise MESSAGES.error(Unavailable, "storage_unavailable", details={"operation": operation})

    # Multipart uploads

    def start_multipart(self, key, content_type):
        """Create a multipart upload for ``key``; return its upload id."""
        return self._call(
            "create_multipart", self.client._create_multipart_upload, self.bucket, key, {"Content-Type": content_type}
        )

    def part_url(self, key, upload_id, part_number, lifetime):
        """Sign a PUT URL for one part on the public endpoint."""
        return self.signer.get_presigned_url(
            "PUT", self.bucket, key, expires=lifetime,
            extra_query_params={"partNumber": str(part_number), "uploadId": upload_id},
        )

    def uploaded_parts(self, key, upload_id):
        """Return {part number: (etag, size)} of the parts the store holds; {} if the upload is gone."""
        parts = {}
        marker = None
        while True:
            try:
                result = self._call(
                    "list_parts", self.client._list_parts, self.bucket, key, upload_id, part_number_marker=marker
                )
            except S3Error as error:
                log.info("multipart upload of %s is gone: %s", key, error.code)
                return parts
            for part in result.parts:
                parts[part.part_number] = (part.etag, part.size)
            if not result.is_truncated or not result.parts:
                return parts
            marker = str(result.parts[-1].part_number)

    def complete_multipart(self, key, upload_id, parts):
        """Join the parts ({number: (etag, size)}) into the object."""
        ordered = [Part(number, etag) for number, (etag, _) in sorted(parts.items())]
        self._call("complete_multipart", self.client._complete_multipart_upload, self.bucket, key, upload_id, ordered)

    def abort_multipart(self, key, upload_id):
        try:
            self._call("abort_multipart", self.client._abort_multipart_upload, self.bucket, key, upload_id)
        except S3Error as error:
            log.debug("multipart upload of %s was already gone: %s", key, error.code)

    # Objects

    def size_of(self, key):
        return self._call("stat", self.client.stat_object, self.bucket, key).size

    def read_head(self, key, length):
        """Return the first ``length`` bytes of an object."""
        response = self._call("get", self.client.get_object, self.bucket, key, offset=0, length=length)
        try:
            return response.read()
        finally:
            response.close()
            response.release_conn()

    def _chunks(self, key):
        response = self._call("get", self.client.get_object, self.bucket, key)
        try:
            yield from response.stream(CHUNK_BYTES)
        finally:
            response.close()
            response.release_conn()

    def sha256_of(self, key):
        digest = hashlib.sha256()
        for chunk in self._chunks(key):
            digest.update(chunk)
        return digest.hexdigest()

    def download_to(self, key, handle):
        """Write an object into an open binary file, chunk by chunk."""
        for chunk in self._chunks(key):
            handle.write(chunk)
        handle.flush()

    def put_file(self, key, handle, length, content_type, metadata=None):
        handle.seek(0)
        self._call(
            "put", self.client.put_object, self.bucket, key, handle, length,
            content_type=content_type, metadata=metadata,
        )

    def remove(self, key):
        try:
            self._call("remove", self.client.remove_object, self.bucket, key)
        except S3Error as error:
            log.debug("object %s was already gone: %s", key, error.code)

    def old_exports(self, older_than):
        """Yield the keys of exports last changed before ``older_than``."""
        for item in self._call("list", self.client.list_objects, self.bucket, prefix=EXPORTS_PREFIX, recursive=True):
            if item.last_modified is not None and item.last_modified < older_than:
                yield item.object_name

    # URLs

    def get_url(self, key, lifetime, download_name=None, content_type=None):
        """Sign a GET URL on the public endpoint; ``download_name`` makes browsers save the file."""
        headers = {}
        if download_name:
            headers["response-content-disposition"] = 'attachment; filename="{}"'.format(download_name)
        if content_type:
            headers["response-content-type"] = content_type
        return self.signer.presigned_get_object(self.bucket, key, expires=lifetime, response_headers=headers or None)


def lifetime(seconds):
    return datetime.timedelta(seconds=seconds)
