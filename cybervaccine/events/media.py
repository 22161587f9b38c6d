"""Events emitted by the media service (the media library).

They are published to the ``media.events`` topic exchange with the event
type as routing key, after the change that caused them has been committed.
Scam type codes are those of the platform's taxonomy; kinds, audiences and
channels are the media library's fixed codes listed below.
"""

from marshmallow import fields, validate

from cybervaccine.events import EventEnvelope, register

KINDS = ("poster", "infographic", "leaflet", "video", "audio")
AUDIENCES = ("general-public", "elderly", "students", "online-sellers", "migrant-workers", "farmers")
CHANNELS = ("print", "social", "loudspeaker", "screen")
FILE_TYPES = ("png", "jpeg", "webp", "pdf", "mp4", "mp3", "m4a")
DOWNLOAD_ROUTES = ("direct", "bundle")


def _media_id():
    return fields.Integer(required=True, metadata={"description": "Id of the media item in the library."})


def _scam_types():
    return fields.List(
        fields.String(), required=True, validate=validate.Length(min=1),
        metadata={"description": "Scam type codes of the taxonomy that the item is about."},
    )


def _kind():
    return fields.String(
        required=True, validate=validate.OneOf(KINDS), metadata={"description": "Kind of media: " + ", ".join(KINDS) + "."}
    )


class _FileFields(EventEnvelope):
    """Fields describing one stored file (a version of an item)."""

    media_version = fields.Integer(
        required=True, validate=validate.Range(min=1), metadata={"description": "Version number of the file, 1 for the first upload."}
    )
    file_name = fields.String(required=True, metadata={"description": "Original file name as uploaded (often Thai)."})
    file_type = fields.String(
        required=True, validate=validate.OneOf(FILE_TYPES), metadata={"description": "File type found in the content."}
    )
    content_type = fields.String(required=True, metadata={"description": "MIME type of the file."})
    size_bytes = fields.Integer(required=True, metadata={"description": "File size in bytes."})
    sha256 = fields.String(
        required=True, validate=validate.Regexp(r"^[0-9a-f]{64}$"), metadata={"description": "SHA-256 of the file, lower-case hex."}
    )


@register(
    "media",
    "media_published",
    1,
    example={
        "media_id": 41,
        "media_version": 1,
        "kind": "poster",
        "title_th": "รู้ทันแก๊งเงินกู้ออนไลน์",
        "title_en": "Spot online loan scams",
        "scam_types": ["loan"],
        "audiences": ["general-public", "online-sellers"],
        "channels": ["print", "social"],
        "language": "th",
        "file_name": "โปสเตอร์-หลอกให้กู้เงิน.png",
        "file_type": "png",
        "content_type": "image/png",
        "size_bytes": 412345,
        "sha256": "9f2c4b1e" * 8,
        "published_by": 12,
    },
)
class MediaPublished(_FileFields):
    """A new item entered the catalogue with its first file (version 1)."""

    media_id = _media_id()
    kind = _kind()
    title_th = fields.String(required=True)
    title_en = fields.String(required=True, metadata={"description": "Empty when no English title was given."})
    scam_types = _scam_types()
    audiences = fields.List(fields.String(validate=validate.OneOf(AUDIENCES)), required=True)
    channels = fields.List(fields.String(validate=validate.OneOf(CHANNELS)), required=True)
    language = fields.String(required=True, metadata={"description": "ISO 639-1 code of the item's language."})
    published_by = fields.Integer(
        required=True, allow_none=True, metadata={"description": "Account id; null for the platform's seeded samples."}
    )


@register(
    "media",
    "media_version_added",
    1,
    example={
        "media_id": 41,
        "media_version": 2,
        "previous_version": 1,
        "kind": "poster",
        "scam_types": ["loan"],
        "file_name": "โปสเตอร์-หลอกให้กู้เงิน-ฉบับปรับปรุง.png",
        "file_type": "png",
        "content_type": "image/png",
        "size_bytes": 420118,
        "sha256": "1a7d00c3" * 8,
        "note": "แก้เบอร์สายด่วน",
        "added_by": 12,
    },
)
class MediaVersionAdded(_FileFields):
    """A new file replaced an item's current file; earlier versions stay downloadable."""

    media_id = _media_id()
    previous_version = fields.Integer(required=True, metadata={"description": "The version that was current before."})
    kind = _kind()
    scam_types = _scam_types()
    note = fields.String(allow_none=True, load_default=None, metadata={"description": "What changed, as the uploader wrote it."})
    added_by = fields.Integer(required=True, metadata={"description": "Account id of the uploader."})


@register(
    "media",
    "media_updated",
    1,
    example={
        "media_id": 41,
        "kind": "poster",
        "title_th": "รู้ทันแก๊งเงินกู้ออนไลน์",
        "title_en": "Spot online loan scams",
        "scam_types": ["loan", "call-center"],
        "audiences": ["elderly"],
        "channels": ["print"],
        "language": "th",
        "changed_fields": ["scam_types", "audiences"],
        "updated_by": 12,
    },
)
class MediaUpdated(EventEnvelope):
    """An item's metadata (titles, descriptions, labels) changed; carries the metadata as it is now."""

    media_id = _media_id()
    kind = _kind()
    title_th = fields.String(required=True)
    title_en = fields.String(required=True)
    scam_types = _scam_types()
    audiences = fields.List(fields.String(validate=validate.OneOf(AUDIENCES)), required=True)
    channels = fields.List(fields.String(validate=validate.OneOf(CHANNELS)), required=True)
    language = fields.String(required=True)
    changed_fields = fields.List(fields.String(), required=True, metadata={"description": "Names of the fields that changed."})
    updated_by = fields.Integer(required=True)


@register(
    "media",
    "media_archived",
    1,
    example={
        "media_id": 41,
        "kind": "poster",
        "scam_types": ["loan"],
        "current_version": 2,
        "reason": "มีฉบับใหม่แยกเป็นสื่อวิดีโอ",
        "archived_by": 12,
    },
)
class MediaArchived(EventEnvelope):
    """An item left the catalogue; its versions and download history are kept."""

    media_id = _media_id()
    kind = _kind()
    scam_types = _scam_types()
    current_version = fields.Integer(required=True)
    reason = fields.String(allow_none=True, load_default=None)
    archived_by = fields.Integer(required=True)


@register(
    "media",
    "media_downloaded",
    1,
    example={
        "download_id": 9001,
        "media_id": 41,
        "media_version": 1,
        "current_version": 2,
        "kind": "poster",
        "scam_types": ["loan"],
        "account_id": 310,
        "unit_id": 1204,
        "province_code": "TH-50",
        "via": "direct",
    },
)
class MediaDownloaded(EventEnvelope):
    """An account downloaded one version of an item for its unit (alone or in a ZIP bundle)."""

    download_id = fields.Integer(required=True, metadata={"description": "Id of the download record."})
    media_id = _media_id()
    media_version = fields.Integer(required=True, metadata={"description": "The version that was downloaded."})
    current_version = fields.Integer(required=True, metadata={"description": "The item's newest version at that time."})
    kind = _kind()
    scam_types = _scam_types()
    account_id = fields.Integer(required=True)
    unit_id = fields.Integer(required=True, allow_none=True, metadata={"description": "The account's unit."})
    province_code = fields.String(
        required=True, allow_none=True, metadata={"description": "ISO 3166-2:TH code of the unit, when known."}
    )
    via = fields.String(
        required=True, validate=validate.OneOf(DOWNLOAD_ROUTES),
        metadata={"description": "direct: one file by redirect; bundle: part of a ZIP of several items."},
    )
