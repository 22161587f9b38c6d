"""Request and response schemas of the media service.

The gateway validates HTTP bodies and queries with the request schemas and
documents them in OpenAPI; the service loads its RPC arguments with the
same schemas and dumps its results with the response schemas.
"""

from marshmallow import Schema, fields, validate

from services.media import rules

MAX_DESCRIPTION = 5000
MAX_TITLE = 300


def _codes(description, **options):
    return fields.List(
        fields.String(validate=validate.Length(min=1, max=40)), validate=validate.Length(max=20),
        metadata={"description": description}, **options
    )


class MediaMetadataFields(Schema):
    """Fields of an item's metadata shared by new uploads and edits."""

    title_th = fields.String(validate=validate.Length(max=MAX_TITLE), metadata={"description": "Thai title (required)."})
    title_en = fields.String(validate=validate.Length(max=MAX_TITLE))
    description_th = fields.String(validate=validate.Length(max=MAX_DESCRIPTION))
    description_en = fields.String(validate=validate.Length(max=MAX_DESCRIPTION))
    scam_types = _codes("Scam type codes of the taxonomy; at least one.")
    audiences = _codes("Target audiences: " + ", ".join(rules.AUDIENCES) + ".")
    channels = _codes("Channels the item suits: " + ", ".join(rules.CHANNELS) + ".")
    language = fields.String(validate=validate.OneOf(rules.LANGUAGES), metadata={"description": "ISO 639-1 code."})


class CreateUploadRequest(MediaMetadataFields):
    """Start the upload of a new item: its metadata and the file's name and size."""

    kind = fields.String(required=True, validate=validate.OneOf(rules.KINDS))
    file_name = fields.String(required=True, validate=validate.Length(min=1, max=500))
    size_bytes = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    title_th = fields.String(load_default="", validate=validate.Length(max=MAX_TITLE))
    title_en = fields.String(load_default="", validate=validate.Length(max=MAX_TITLE))
    description_th = fields.String(load_default="", validate=validate.Length(max=MAX_DESCRIPTION))
    description_en = fields.String(load_default="", validate=validate.Length(max=MAX_DESCRIPTION))
    scam_types = _codes("Scam type codes of the taxonomy; at least one.", load_default=list)
    audiences = _codes("Target audiences.", load_default=list)
    channels = _codes("Channels the item suits.", load_default=list)
    language = fields.String(load_default="th", validate=validate.OneOf(rules.LANGUAGES))


class CreateVersionUploadRequest(Schema):
    """Start the upload of a new file for an existing item."""

    file_name = fields.String(required=True, validate=validate.Length(min=1, max=500))
    size_bytes = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class UploadPart(Schema):
    part_number = fields.Integer()
    size = fields.Integer(metadata={"description": "Bytes to send in this part."})
    url = fields.String(metadata={"description": "Presigned URL: send the part's bytes with HTTP PUT."})


class UploadError(Schema):
    code = fields.String()
    status = fields.Integer(metadata={"description": "HTTP status the rejection corresponds to."})
    message_th = fields.String()
    message_en = fields.String()
    details = fields.Dict()


class UploadResponse(Schema):
    id = fields.String()
    status = fields.String(
        metadata={"description": "pending, verifying, published, rejected, cancelled or expired."}
    )
    media_id = fields.Integer(allow_none=True)
    version = fields.Integer(allow_none=True, metadata={"description": "Version number once published."})
    kind = fields.String(allow_none=True)
    file_name = fields.String()
    size_bytes = fields.Integer()
    part_size = fields.Integer()
    part_count = fields.Integer()
    parts = fields.List(fields.Nested(UploadPart), metadata={"description": "Only while the upload is pending."})
    created_at = fields.AwareDateTime()
    expires_at = fields.AwareDateTime()
    error = fields.Nested(UploadError, allow_none=True)


class MediaVersionResponse(Schema):
    version = fields.Integer()
    file_name = fields.String()
    file_type = fields.String()
    content_type = fields.String()
    size_bytes = fields.Integer()
    sha256 = fields.String()
    note = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    preview_status = fields.String(metadata={"description": "pending, running, ready or failed."})
    preview_url = fields.String(allow_none=True)


class UnitDownloadSummary(Schema):
    version = fields.Integer(metadata={"description": "Newest version the caller's unit downloaded."})
    downloaded_at = fields.AwareDateTime()
    newer_version_available = fields.Boolean()


class MediaResponse(Schema):
    id = fields.Integer()
    kind = fields.String()
    status = fields.String(metadata={"description": "published or archived."})
    title_th = fields.String()
    title_en = fields.String()
    description_th = fields.String()
    description_en = fields.String()
    scam_types = fields.List(fields.String())
    audiences = fields.List(fields.String())
    channels = fields.List(fields.String())
    language = fields.String()
    current_version = fields.Integer()
    download_count = fields.Integer()
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    published_at = fields.AwareDateTime()
    archived_at = fields.AwareDateTime(allow_none=True)
    file = fields.Nested(MediaVersionResponse, metadata={"description": "The current version."})
    unit_download = fields.Nested(UnitDownloadSummary, allow_none=True)
    versions = fields.List(fields.Nested(MediaVersionResponse), metadata={"description": "Only on the item's own page."})


class MediaPage(Schema):
    items = fields.List(fields.Nested(MediaResponse))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class MediaQuery(Schema):
    q = fields.String(load_default=None, validate=validate.Length(min=1, max=200), metadata={"description": "Words of a title or description (Thai parts of words match)."})
    scam_type = fields.String(load_default=None, validate=validate.Length(max=600), metadata={"description": "Comma-separated scam type codes (any of them)."})
    kind = fields.String(load_default=None, validate=validate.Length(max=200), metadata={"description": "Comma-separated kinds."})
    audience = fields.String(load_default=None, validate=validate.Length(max=400))
    channel = fields.String(load_default=None, validate=validate.Length(max=200))
    language = fields.String(load_default=None, validate=validate.Length(max=100))
    status = fields.String(load_default="published", validate=validate.OneOf(("published", "archived", "all")), metadata={"description": "archived and all need the working group role."})
    sort = fields.String(load_default="newest", validate=validate.OneOf(("newest", "downloads")))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10000))
    per_page = fields.Integer(load_default=24, validate=validate.Range(min=1, max=100))


class UpdateMediaRequest(MediaMetadataFields):
    """Change an item's metadata; fields left out keep their values."""

    kind = fields.String(validate=validate.OneOf(rules.KINDS), metadata={"description": "Only between kinds of the same file type (poster and infographic)."})


class ArchiveMediaRequest(Schema):
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class DownloadQuery(Schema):
    version = fields.Integer(load_default=None, validate=validate.Range(min=1), metadata={"description": "Defaults to the current version."})


class DownloadResponse(Schema):
    url = fields.String(metadata={"description": "Short-lived presigned URL of the file on the object store."})
    expires_at = fields.AwareDateTime()
    media_id = fields.Integer()
    version = fields.Integer()
    current_version = fields.Integer()
    file_name = fields.String()
    content_type = fields.String()
    size_bytes = fields.Integer()


class BundleItem(Schema):
    media_id = fields.Integer(required=True)
    version = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1))


class BundleRequest(Schema):
    items = fields.List(fields.Nested(BundleItem), required=True, validate=validate.Length(min=1))


class BundleTicketResponse(Schema):
    url = fields.String(metadata={"description": "GET it within the lifetime to receive the ZIP file."})
    expires_at = fields.AwareDateTime()
    count = fields.Integer()


class BundleFile(Schema):
    """One file of a ZIP bundle as the service authorised it (for the gateway that streams it)."""

    media_id = fields.Integer()
    version = fields.Integer()
    current_version = fields.Integer()
    object_key = fields.String()
    file_name = fields.String()
    kind = fields.String()
    title_th = fields.String()
    title_en = fields.String()
    description_th = fields.String()
    description_en = fields.String()
    scam_types = fields.List(fields.String())
    audiences = fields.List(fields.String())
    channels = fields.List(fields.String())
    language = fields.String()
    content_type = fields.String()
    size_bytes = fields.Integer()
    sha256 = fields.String()
    published_at = fields.AwareDateTime()


class UnitDownloadsQuery(Schema):
    newer_only = fields.Boolean(load_default=False, metadata={"description": "Only items with a version newer than the unit downloaded."})


class UnitDownloadResponse(Schema):
    media_id = fields.Integer()
    kind = fields.String()
    status = fields.String()
    title_th = fields.String()
    title_en = fields.String()
    downloaded_version = fields.Integer(metadata={"description": "Newest version the unit downloaded."})
    current_version = fields.Integer()
    newer_version_available = fields.Boolean()
    last_downloaded_at = fields.AwareDateTime()


class VocabularyResponse(Schema):
    kinds = fields.List(fields.String())
    audiences = fields.List(fields.String())
    channels = fields.List(fields.String())
    languages = fields.List(fields.String())
    file_types = fields.Dict(metadata={"description": "Accepted file types per kind, with extensions."})
    max_upload_bytes = fields.Integer()
