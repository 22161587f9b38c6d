"""Routes of the media library: catalogue, uploads, downloads and ZIP bundles.

File bytes do not pass through the gateway on upload (clients PUT parts
straight to the object store with presigned URLs) nor on single downloads
(a redirect to a short-lived presigned URL). A ZIP bundle is the exception:
the gateway streams it, reading each object from the store in chunks and
writing the archive as it goes, so neither the archive nor a file is ever
held whole in memory.
"""

import datetime
import json
import logging
import zipfile

import jwt
from nameko.extensions import DependencyProvider
from werkzeug.wrappers import Response

from cybervaccine import storage
from cybervaccine.errors import Unauthenticated
from gateway.http import API_PREFIX, JSON_TYPE, route
from services.media import rules, schemas
from services.media.exceptions import UnsupportedFileType  # noqa: F401  (registered so RPC errors arrive as this class)
from services.media.messages import MESSAGES
from services.media.objects import MediaObjects
from services.media.settings import MAX_BUNDLE_ITEMS

log = logging.getLogger(__name__)

BROWSE = rules.BROWSE_ROLES
MANAGE = rules.MANAGE_ROLES
BUNDLE_TICKET_SECONDS = 120
BUNDLE_TICKET_PURPOSE = "media-bundle"
BUNDLE_FILE_NAME = "cybervaccine-media.zip"

class BundleStorage(DependencyProvider):
    """Read access to the media bucket, for streaming ZIP bundles."""

    def setup(self):
        config = self.container.config
        client = storage.CountingClient(storage.internal_client(config), self.container.service_name)
        self.objects = MediaObjects(client, None, storage.bucket_name(config), service=self.container.service_name)

    def get_dependency(self, worker_ctx):
        return self.objects


class MediaRoutes:
    media_objects = BundleStorage()

    # Catalogue

    @route("GET", "/media/vocabulary", summary="Kinds, audiences, channels, languages and file types of the library",
           tag="media", roles=BROWSE, response=schemas.VocabularyResponse)
    def media_vocabulary(self, context):
        return self.rpc.media.vocabulary()

    @route("GET", "/media", summary="Browse and search the media catalogue", tag="media", roles=BROWSE,
           query=schemas.MediaQuery, response=schemas.MediaPage)
    def list_media(self, context):
        return self.rpc.media.list_media(context.caller_dict, _present(context.query))

    @route("GET", "/media/<int:media_id>", summary="One media item with all its versions", tag="media",
           roles=BROWSE, response=schemas.MediaResponse)
    def get_media(self, context, media_id):
        return self.rpc.media.get_media(context.caller_dict, media_id)

    @route("PATCH", "/media/<int:media_id>", summary="Change a media item's titles, descriptions or labels",
           tag="media", roles=MANAGE, body=schemas.UpdateMediaRequest, response=schemas.MediaResponse)
    def update_media(self, context, media_id):
        return self.rpc.media.update_media(context.caller_dict, media_id, context.body)

    @route("POST", "/media/<int:media_id>/archive", summary="Archive a media item (hidden, history kept)",
           tag="media", roles=MANAGE, body=schemas.ArchiveMediaRequest, response=schemas.MediaResponse)
    def archive_media(self, context, media_id):
        return self.rpc.media.archive_media(context.caller_dict, media_id, context.body)

    @route("GET", "/media/unit-downloads", summary="Media the caller's unit downloaded, and which have newer versions",
           tag="media", roles=BROWSE, query=schemas.UnitDownloadsQuery, response=schemas.UnitDownloadResponse,
           many=True)
    def list_unit_downloads(self, context):
        return self.rpc.media.list_unit_downloads(context.caller_dict, context.query)

    # Uploads

    @route("POST", "/media/uploads", summary="Start uploading a new media item; returns presigned part URLs",
           tag="media-uploads", roles=MANAGE, body=schemas.CreateUploadRequest, response=schemas.UploadResponse)
    def create_media_upload(self, context):
        upload = self.rpc.media.create_upload(context.caller_dict, context.body)
        return 201, _localise_upload(upload, context.language)

    @route("POST", "/media/<int:media_id>/versions", summary="Start uploading a new version of a media item",
           tag="media-uploads", roles=MANAGE, body=schemas.CreateVersionUploadRequest, response=schemas.UploadResponse)
    def create_version_upload(self, context, media_id):
        upload = self.rpc.media.create_version_upload(context.caller_dict, media_id, context.body)
        return 201, _localise_upload(upload, context.language)

    @route("GET", "/media/uploads/<string:upload_id>", summary="Status of an upload (fresh part URLs while pending)",
           tag="media-uploads", roles=MANAGE, response=schemas.UploadResponse)
    def get_media_upload(self, context, upload_id):
        return _localise_upload(self.rpc.media.get_upload(context.caller_dict, upload_id), context.language)

    @route("POST", "/media/uploads/<string:upload_id>/complete",
           summary="Finish an upload: 201 when published, 202 while a large file is being checked",
           tag="media-uploads", roles=MANAGE, response=schemas.UploadResponse)
    def complete_media_upload(self, context, upload_id):
        upload = self.rpc.media.complete_upload(context.caller_dict, upload_id)
        status = 201 if upload["status"] == "published" else 202
        return status, _localise_upload(upload, context.language)

    @route("DELETE", "/media/uploads/<string:upload_id>", summary="Cancel a pending upload and drop its parts",
           tag="media-uploads", roles=MANAGE, response=schemas.UploadResponse)
    def cancel_media_upload(self, context, upload_id):
        return _localise_upload(self.rpc.media.cancel_upload(context.caller_dict, upload_id), context.language)

    # Downloads

    @route("GET", "/media/<int:media_id>/download",
           summary="Download a file: records the download and redirects to a short-lived URL "
                   "(JSON with the URL when Accept names application/json)",
           tag="media-downloads", roles=BROWSE, query=schemas.DownloadQuery, response=schemas.DownloadResponse,
           raw=True)
    def download_media(self, context, media_id):
        result = self.rpc.media.authorize_download(context.caller_dict, media_id, context.query["version"])
        if _wants_json(context.request):
            return Response(json.dumps(result, ensure_ascii=False), content_type=JSON_TYPE,
                            headers={"Cache-Control": "no-store"})
        return Response(status=302, headers={"Location": result["url"], "Cache-Control": "no-store"})

    @route("POST", "/media/bundles", summary="Get a link that downloads several media items as one ZIP",
           tag="media-downloads", roles=BROWSE, body=schemas.BundleRequest, response=schemas.BundleTicketResponse)
    def create_bundle(self, context):
        items = context.body["items"]
        if len(items) > MAX_BUNDLE_ITEMS:
            raise MESSAGES.invalid(
                "bundle_too_many", details={"field": "items", "limit": MAX_BUNDLE_ITEMS},
                limit=MAX_BUNDLE_ITEMS, count=len(items),
            )

        expires_at = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=BUNDLE_TICKET_SECONDS)
        ticket = jwt.encode(
            {"purpose": BUNDLE_TICKET_PURPOSE, "caller": context.caller_dict, "items": items, "exp": expires_at},
            self.tokens.secret, algorithm="HS256",
        )
        url = "{}/media/bundles/{}".format(API_PREFIX, ticket)
        return 201, {"url": url, "expires_at": expires_at.isoformat(), "count": len(items)}

    @route("GET", "/media/bundles/<string:ticket>",
           summary="Stream a ZIP of the items named in a bundle link, with metadata.csv (records the downloads)",
           tag="media-downloads", raw=True)
    def download_bundle(self, context, ticket):
        claims = _read_ticket(self.tokens.secret, ticket)
        files = self.rpc.media.authorize_bundle(claims["caller"], claims["items"])

        headers = {
            "Content-Disposition": rules.content_disposition(BUNDLE_FILE_NAME, "cybervaccine-media"),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        }
        body = stream_bundle(self.media_objects, files)
        return Response(body, mimetype="application/zip", headers=headers, direct_passthrough=True)


def _present(data):
    return {key: value for key, value in (data or {}).items() if value is not None}


def _wants_json(request):
    """Return True if the client listed application/json itself (not only through */*)."""
    return any(value == "application/json" and quality > 0 for value, quality in request.accept_mimetypes)


def _localise_upload(upload, language):
    """Replace an upload's two-language error with one message in the caller's language."""
    error = upload.get("error")
    if error:
        upload["error"] = {
            "code": error["code"],
            "status": error["status"],
            "message": error["message_en"] if language == "en" else error["message_th"],
            "details": error.get("details") or {},
        }
    return upload


def _read_ticket(secret, ticket):
    try:
        claims = jwt.decode(ticket, secret, algorithms=["HS256"], options={"require": ["exp"]})
    except jwt.PyJWTError:
        raise MESSAGES.error(Unauthenticated, "bundle_ticket_invalid")
    if claims.get("purpose") != BUNDLE_TICKET_PURPOSE:
        raise MESSAGES.error(Unauthenticated, "bundle_ticket_invalid")
    return claims


class _ChunkSink:
    """A write-only file object that collects what ``zipfile`` writes until the generator takes it."""

    def __init__(self):
        self.chunks = []

    def write(self, data):
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data = b"".join(self.chunks)
        self.chunks = []
        return data


def stream_bundle(objects, files):
    """Yield a ZIP archive of ``files`` (read from the store in chunks) followed by metadata.csv.

    Media files are stored uncompressed because their formats are
    compressed already. The archive uses data descriptors, so no member's
    size or CRC needs to be known before its bytes are sent.
    """
    sink = _ChunkSink()
    names = rules.unique_names([file["file_name"] for file in files])
    timestamp = datetime.datetime.now().timetuple()[:6]

    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for file, name in zip(files, names):
            info = zipfile.ZipInfo(name, date_time=timestamp)
            info.compress_type = zipfile.ZIP_STORED
            with archive.open(info, mode="w") as member:
                for chunk in objects.iter_chunks(file["object_key"]):
                    member.write(chunk)
                    yield sink.take()
            yield sink.take()

        rows = [dict(file, file_name=name) for file, name in zip(files, names)]
        csv_info = zipfile.ZipInfo("metadata.csv", date_time=timestamp)
        csv_info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(csv_info, rules.bundle_csv(rows).encode("utf-8"))
    yield sink.take()
