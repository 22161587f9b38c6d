"""Media rules that need no broker, database or object store.

File types are recognised from the first bytes of the content (magic
numbers), never from the file name or a client's Content-Type. Each media
kind accepts a fixed set of file types, and the file name's extension must
agree with the content. The rest is the vocabulary of the catalogue
(audiences, channels, languages), upload part planning, search patterns and
the download file name headers.
"""

import csv
import dataclasses
import io
import math
import re
import unicodedata
from urllib.parse import quote

from cybervaccine import auth
from cybervaccine.errors import TooLarge
from cybervaccine.events.media import AUDIENCES, CHANNELS, KINDS  # noqa: F401 (the library's vocabulary)
from services.media.exceptions import UnsupportedFileType
from services.media.messages import MESSAGES

MIB = 1024 * 1024
GIB = 1024 * MIB

LANGUAGES = ("th", "en", "my", "km", "lo", "ms", "zh")
FACETS = ("scam_type", "audience", "channel")

BROWSE_ROLES = (auth.OFFICER, auth.UNIT_HEAD, auth.WORKING_GROUP)
MANAGE_ROLES = (auth.WORKING_GROUP,)

# S3 multipart rules: every part but the last is at least 5 MiB, at most 10,000 parts.
MIN_PART_BYTES = 8 * MIB
MAX_PARTS = 10000
HEAD_BYTES = 64 * 1024
MAX_FILE_NAME_LENGTH = 255
MAX_SEARCH_TERMS = 5


@dataclasses.dataclass(frozen=True)
class FileType:
    """A file type the library accepts, with its MIME type, extensions and the kinds it may carry."""

    code: str
    label: str
    content_type: str
    extensions: tuple
    kinds: tuple


FILE_TYPES = {
    file_type.code: file_type
    for file_type in (
        FileType("png", "PNG", "image/png", ("png",), ("poster", "infographic")),
        FileType("jpeg", "JPEG", "image/jpeg", ("jpg", "jpeg"), ("poster", "infographic")),
        FileType("webp", "WebP", "image/webp", ("webp",), ("poster", "infographic")),
        FileType("pdf", "PDF", "application/pdf", ("pdf",), ("leaflet",)),
        FileType("mp4", "MP4", "video/mp4", ("mp4", "m4v"), ("video",)),
        FileType("mp3", "MP3", "audio/mpeg", ("mp3",), ("audio",)),
        FileType("m4a", "M4A", "audio/mp4", ("m4a",), ("audio",)),
    )
}
TYPE_BY_EXTENSION = {extension: file_type for file_type in FILE_TYPES.values() for extension in file_type.extensions}

# Common file types the library does not accept, named in the error so that the sender learns what was found.
OTHER_SIGNATURES = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"PK\x03\x04", "ZIP/Office"),
    (b"MZ", "Windows executable"),
    (b"\x7fELF", "ELF executable"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
    (b"OggS", "Ogg"),
    (b"fLaC", "FLAC"),
    (b"\x1a\x45\xdf\xa3", "Matroska/WebM"),
    (b"{\\rtf", "RTF"),
    (b"\xd0\xcf\x11\xe0", "Microsoft Office 97–2003"),
)

MP4_VIDEO_BRANDS = {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"mmp4", b"dash"}
MP4_AUDIO_BRANDS = {b"M4A ", b"M4B "}


# Content sniffing

def sniff(head):
    """Return the library file type code of content starting with ``head``, or None.

    ``head`` should be the first few kilobytes of the file (``HEAD_BYTES``).
    """
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if b"%PDF-" in head[:1024]:
        return "pdf"

    brands = _ftyp_brands(head)
    if brands is not None:
        return _iso_media_type(*brands)

    if _is_mp3(head):
        return "mp3"
    return None


def describe_other(head):
    """Name a common file type that the library does not accept, or None."""
    for signature, label in OTHER_SIGNATURES:
        if head.startswith(signature):
            return label
    if len(head) >= 12 and head[:4] == b"RIFF":
        return "RIFF ({})".format(head[8:12].decode("ascii", "replace").strip())
    brands = _ftyp_brands(head)
    if brands is not None:
        return "ISO media ({})".format(brands[0].decode("ascii", "replace").strip())
    if head.lstrip()[:5].lower() in (b"<!doc", b"<html", b"<?xml", b"<svg "):
        return "HTML/XML"
    return None


def _ftyp_brands(head):
    """Return (major brand, compatible brands) of an ISO base media file, or None."""
    if len(head) < 16 or head[4:8] != b"ftyp":
        return None
    box_size = int.from_bytes(head[:4], "big")
    end = min(max(box_size, 16), len(head))
    compatible = [head[offset:offset + 4] for offset in range(16, end - 3, 4)]
    return head[8:12], compatible


def _iso_media_type(major, compatible):
    if major in MP4_AUDIO_BRANDS:
        return "m4a"
    if major not in MP4_VIDEO_BRANDS:
        return None
    has_video_brand = any(brand in (b"avc1", b"M4V ") for brand in compatible)
    if b"M4A " in compatible and not has_video_brand:
        return "m4a"
    return "mp4"


def _is_mp3(head):
    if head.startswith(b"ID3") and len(head) >= 10:
        tag_end = 10 + _syncsafe(head[6:10])
        while tag_end < len(head) and head[tag_end] == 0:
            tag_end += 1
        # A tag longer than the sniffed head (cover art) leaves only the tag to go on.
        return tag_end >= len(head) - 4 or _is_mpeg_audio_frame(head, tag_end)
    return _is_mpeg_audio_frame(head, 0)


def _syncsafe(four_bytes):
    value = 0
    for byte in four_bytes:
        value = (value << 7) | (byte & 0x7F)
    return value


def _is_mpeg_audio_frame(head, offset):
    """Return True if an MPEG audio Layer III frame header starts at ``offset``."""
    if len(head) < offset + 4:
        return False
    first, second, third = head[offset], head[offset + 1], head[offset + 2]
    version_bits = (second >> 3) & 0x3
    layer_bits = (second >> 1) & 0x3
    bitrate_index = third >> 4
    sample_rate_index = (third >> 2) & 0x3
    return (
        first == 0xFF
        and second & 0xE0 == 0xE0
        and version_bits != 0x1
        and layer_bits == 0x1
        and bitrate_index not in (0x0, 0xF)
        and sample_rate_index != 0x3
    )


# Upload requests

def clean_file_name(file_name):
    """Return the file name without folders, control characters or surrounding spaces (NFC)."""
    name = unicodedata.normalize("NFC", file_name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(character for character in name if unicodedata.category(character)[0] != "C")
    name = name.strip().strip(".")
    if not name:
        raise MESSAGES.invalid("file_name_invalid", details={"field": "file_name"})
    if len(name) > MAX_FILE_NAME_LENGTH:
        stem, _, extension = name.rpartition(".")
        name = stem[: MAX_FILE_NAME_LENGTH - len(extension) - 1] + "." + extension
    return name


def extension_of(file_name):
    stem, dot, extension = file_name.rpartition(".")
    return extension.lower() if dot and stem else ""


def allowed_labels(kind):
    return ", ".join(file_type.label for file_type in FILE_TYPES.values() if kind in file_type.kinds)


def check_kind(kind):
    if kind not in KINDS:
        raise MESSAGES.invalid("unknown_kind", details={"field": "kind", "value": kind}, kind=kind, allowed=", ".join(KINDS))


def check_declared_file(kind, file_name, size, max_bytes):
    """Check an upload request before any byte is sent; return the file type its name promises."""
    check_kind(kind)
    extension = extension_of(file_name)
    file_type = TYPE_BY_EXTENSION.get(extension)
    if file_type is None:
        found = "." + extension if extension else "?"
        raise MESSAGES.error(
            UnsupportedFileType, "unsupported_file_type", details={"field": "file_name", "value": file_name},
            found=found, allowed=allowed_labels(kind),
        )
    if kind not in file_type.kinds:
        raise MESSAGES.error(
            UnsupportedFileType, "kind_file_mismatch", details={"field": "file_name", "kind": kind},
            kind=kind, allowed=allowed_labels(kind), found=file_type.label,
        )
    check_size(size, max_bytes)
    return file_type


def check_size(size, max_bytes):
    if size <= 0:
        raise MESSAGES.invalid("file_empty", details={"field": "size_bytes", "value": size})
    if size > max_bytes:
        raise MESSAGES.error(
            TooLarge, "file_too_large", details={"field": "size_bytes", "limit": max_bytes}, size=size, limit=max_bytes
        )


def check_content(kind, file_name, head):
    """Return the file type found in ``head``; raise if it is not what the kind and the name need."""
    detected = sniff(head)
    if detected is None:
        other = describe_other(head)
        code, found = ("unsupported_file_type", other) if other else ("content_type_unknown", None)
        raise MESSAGES.error(
            UnsupportedFileType, code, details={"found": other}, found=found, allowed=allowed_labels(kind)
        )

    file_type = FILE_TYPES[detected]
    if kind not in file_type.kinds:
        raise MESSAGES.error(
            UnsupportedFileType, "kind_file_mismatch", details={"found": detected, "kind": kind},
            kind=kind, allowed=allowed_labels(kind), found=file_type.label,
        )

    extension = extension_of(file_name)
    if extension not in file_type.extensions:
        raise MESSAGES.error(
            UnsupportedFileType, "content_type_mismatch", details={"found": detected, "extension": extension},
            found=file_type.label, extension=extension, file_name=file_name,
        )
    return file_type


def clean_metadata(data):
    """Strip the text fields of item metadata and drop repeated labels; return a new dict."""
    cleaned = dict(data)
    for field in ("title_th", "title_en", "description_th", "description_en"):
        if field in cleaned:
            cleaned[field] = unicodedata.normalize("NFC", cleaned[field] or "").strip()
    for field in ("scam_types", "audiences", "channels"):
        if field in cleaned:
            cleaned[field] = sorted(set(code.strip() for code in cleaned[field]))
    return cleaned


def check_metadata(data, known_scam_types):
    """Check cleaned item metadata (all of it for a new item, the given fields for an edit)."""
    if "title_th" in data and not data["title_th"]:
        raise MESSAGES.invalid("title_th_required", details={"field": "title_th"})
    if "scam_types" in data and not data["scam_types"]:
        raise MESSAGES.invalid("scam_types_required", details={"field": "scam_types"})
    check_labels(data.get("scam_types", ()), data.get("audiences", ()), data.get("channels", ()), known_scam_types)


def check_labels(scam_types, audiences, channels, known_scam_types):
    """Raise for the first scam type, audience or channel that is not in its list."""
    for code in scam_types:
        if code not in known_scam_types:
            raise MESSAGES.invalid("unknown_scam_type", details={"field": "scam_types", "value": code}, code=code)
    for code in audiences:
        if code not in AUDIENCES:
            raise MESSAGES.invalid(
                "unknown_audience", details={"field": "audiences", "value": code}, code=code, allowed=", ".join(AUDIENCES)
            )
    for code in channels:
        if code not in CHANNELS:
            raise MESSAGES.invalid(
                "unknown_channel", details={"field": "channels", "value": code}, code=code, allowed=", ".join(CHANNELS)
            )


def require_role(caller, roles):
    if not caller.has_role(*roles):
        raise MESSAGES.denied("role_required", details={"roles": list(roles)}, roles=" / ".join(roles))


# Multipart upload plan

def plan_parts(size):
    """Return (part size, part count) for an upload of ``size`` bytes."""
    part_size = max(MIN_PART_BYTES, math.ceil(size / MAX_PARTS / MIB) * MIB)
    return part_size, max(1, math.ceil(size / part_size))


def expected_part_size(number, size, part_size, part_count):
    if number < part_count:
        return part_size
    return size - part_size * (part_count - 1)


def check_parts(parts, size, part_size, part_count):
    """Check the stored parts ((number, size) pairs) against the plan; raise if any is missing or wrong."""
    sizes = dict(parts)
    missing = [number for number in range(1, part_count + 1) if number not in sizes]
    if missing:
        received = sum(value for number, value in sizes.items() if number <= part_count)
        shown = ", ".join(str(number) for number in missing[:20]) + (" …" if len(missing) > 20 else "")
        raise MESSAGES.invalid(
            "upload_incomplete", details={"missing_parts": missing[:1000], "received_bytes": received},
            received=received, expected=size, missing=shown,
        )

    for number in range(1, part_count + 1):
        expected = expected_part_size(number, size, part_size, part_count)
        if sizes[number] != expected:
            raise MESSAGES.invalid(
                "upload_part_size_wrong", details={"part": number, "size": sizes[number], "expected": expected},
                part=number, size=sizes[number], expected=expected,
            )


# Search

def search_text(*values):
    """Build the lower-cased text that catalogue searches match substrings of."""
    return "\n".join(unicodedata.normalize("NFC", value or "").lower() for value in values)


def search_patterns(query):
    """Turn a search box entry into LIKE patterns (escape character ``\\``), one per word.

    Thai is written without spaces between words, so each entry is matched
    as a substring, and an entry with spaces must match all of its parts.
    """
    text = unicodedata.normalize("NFC", query or "").lower()
    terms = [term for term in text.split() if term][:MAX_SEARCH_TERMS]
    return ["%{}%".format(re.sub(r"([\\%_])", r"\\\1", term)) for term in terms]


# Download file names

def ascii_file_name(file_name, fallback_stem):
    """Return an ASCII-only file name for old clients: the name's ASCII letters, or a fallback."""
    extension = extension_of(file_name)
    stem = file_name[: -(len(extension) + 1)] if extension else file_name
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem).strip("-.")
    if not re.search(r"[A-Za-z0-9]", ascii_stem):
        ascii_stem = fallback_stem
    return "{}.{}".format(ascii_stem, extension) if extension else ascii_stem


def content_disposition(file_name, fallback_stem):
    """Build an attachment header that keeps a Thai file name (RFC 6266 with RFC 5987 ``filename*``)."""
    return "attachment; filename=\"{}\"; filename*=UTF-8''{}".format(
        ascii_file_name(file_name, fallback_stem), quote(file_name, safe="")
    )


def unique_names(names):
    """Return the names with " (2)", " (3)" … added before the extension where a name repeats."""
    seen = {}
    result = []
    for name in names:
        count = seen.get(name.lower(), 0) + 1
        seen[name.lower()] = count
        if count > 1:
            extension = extension_of(name)
            stem = name[: -(len(extension) + 1)] if extension else name
            name = "{} ({}){}".format(stem, count, "." + extension if extension else "")
            seen[name.lower()] = 1
        result.append(name)
    return result


BUNDLE_CSV_COLUMNS = (
    "file_name", "media_id", "version", "current_version", "kind", "title_th", "title_en",
    "description_th", "description_en", "scam_types", "audiences", "channels", "language",
    "content_type", "size_bytes", "sha256", "published_at",
)


def bundle_csv(rows):
    """Return the metadata CSV of a ZIP bundle as UTF-8 with a byte order mark (Excel reads Thai then)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(BUNDLE_CSV_COLUMNS)
    for row in rows:
        writer.writerow([_csv_value(row.get(column)) for column in BUNDLE_CSV_COLUMNS])
    return "\ufeff" + buffer.getvalue()


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(value)
    return value
