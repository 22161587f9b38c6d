"""Media rules without broker, database or store: type sniffing, upload checks, parts, search, names, events."""

import csv
import io

import pytest
from PIL import Image

from cybervaccine import errors, events
from cybervaccine.events import media as media_events
from services.media import rules
from services.media.exceptions import UnsupportedFileType
from services.media.samples.content import AUDIENCES as SAMPLE_AUDIENCES
from services.media.samples.content import CHANNELS as SAMPLE_CHANNELS


def image_bytes(file_format):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 120, 200)).save(buffer, file_format)
    return buffer.getvalue()


# Sniffing real files

@pytest.mark.parametrize("file_format, expected", [("PNG", "png"), ("JPEG", "jpeg"), ("WEBP", "webp"), ("PDF", "pdf")])
def test_sniff_pillow_files(file_format, expected):
    assert rules.sniff(image_bytes(file_format)[: rules.HEAD_BYTES]) == expected


@pytest.mark.parametrize("file_type", ["mp4", "m4a", "mp3"])
def test_sniff_ffmpeg_files(media_files, file_type):
    assert rules.sniff(media_files.ffmpeg(file_type)[: rules.HEAD_BYTES]) == file_type


def test_sniff_headers():
    ftyp = b"\x00\x00\x00\x18ftyp"
    cases = {
        ftyp + b"mp42\x00\x00\x00\x00mp42isom": "mp4",
        ftyp + b"isom\x00\x00\x02\x00isomM4A ": "m4a",
        ftyp + b"M4A \x00\x00\x02\x00M4A isom": "m4a",
        ftyp + b"qt  \x00\x00\x02\x00qt  \x00\x00": None,
        b"\xff\xfb\x90\x64" + b"\x00" * 100: "mp3",
        b"\xff\xf1\x50\x80" + b"\x00" * 100: None,
        b"ID3\x04\x00\x00\x00\x00\x00\x05" + b"\x00" * 5 + b"\xff\xfb\x90\x64" + b"\x00" * 100: "mp3",
        b"ID3\x04\x00\x00\x00\x00\x00\x05" + b"\x00" * 5 + b"fLaC" + b"\x00" * 100: None,
        b"junk before %PDF-1.7 header": "pdf",
        b"RIFF\x00\x00\x00\x00WAVEfmt ": None,
        b"": None,
    }
    for head, expected in cases.items():
        assert rules.sniff(head) == expected, head


def test_describe_other_names_common_types():
    assert rules.describe_other(b"GIF89a...") == "GIF"
    assert rules.describe_other(b"PK\x03\x04rest") == "ZIP/Office"
    assert rules.describe_other(b"RIFF\x00\x00\x00\x00WAVEfmt ") == "RIFF (WAVE)"
    assert rules.describe_other(b"  <!DOCTYPE html>") == "HTML/XML"
    assert rules.describe_other(b"\x00\x01\x02") is None


# Upload requests and content

def test_declared_file_checks():
    assert rules.check_declared_file("poster", "a.JPG", 10, 100).code == "jpeg"
    assert rules.check_declared_file("audio", "spot.m4a", 10, 100).code == "m4a"

    cases = [
        (("poster", "a.gif", 10, 100), UnsupportedFileType, "unsupported_file_type"),
        (("poster", "png", 10, 100), UnsupportedFileType, "unsupported_file_type"),
        (("leaflet", "a.png", 10, 100), UnsupportedFileType, "kind_file_mismatch"),
        (("video", "a.mp4", 0, 100), errors.InvalidInput, "file_empty"),
        (("video", "a.mp4", 101, 100), errors.TooLarge, "file_too_large"),
        (("film", "a.mp4", 1, 100), errors.InvalidInput, "unknown_kind"),
    ]
    for arguments, error_class, code in cases:
        with pytest.raises(error_class) as raised:
            rules.check_declared_file(*arguments)
        assert raised.value.code == code, arguments


def test_content_checks():
    png = image_bytes("PNG")
    assert rules.check_content("infographic", "แผนภาพ.png", png).code == "png"

    cases = [
        (("leaflet", "a.pdf", png), "kind_file_mismatch"),
        (("poster", "a.jpg", png), "content_type_mismatch"),
        (("poster", "a.png", b"GIF89a" + b"\x00" * 20), "unsupported_file_type"),
        (("poster", "a.png", b"\x00" * 64), "content_type_unknown"),
    ]
    for arguments, code in cases:
        with pytest.raises(UnsupportedFileType) as raised:
            rules.check_content(*arguments)
        assert raised.value.code == code, arguments


def test_unsupported_message_names_found_type():
    with pytest.raises(UnsupportedFileType) as raised:
        rules.check_content("poster", "a.png", b"PK\x03\x04" + b"\x00" * 20)

    assert "ZIP/Office" in raised.value.message_en
    assert "PNG, JPEG, WebP" in raised.value.message_en
    assert "ZIP/Office" in raised.value.message_th


def test_clean_file_name():
    assert rules.clean_file_name("C:\\Users\\me\\โปสเตอร์.png") == "โปสเตอร์.png"
    assert rules.clean_file_name("  ../../etc/passwd.pdf ") == "passwd.pdf"
    assert rules.clean_file_name("a\x00b\u200b.png") == "ab.png"
    assert len(rules.clean_file_name("ก" * 400 + ".png")) == 255
    assert rules.clean_file_name("ก" * 400 + ".png").endswith(".png")
    with pytest.raises(errors.InvalidInput):
        rules.clean_file_name(" / ")


def test_metadata_checks():
    known = {"loan", "job"}
    cleaned = rules.clean_metadata({"title_th": "  ชื่อ ", "scam_types": ["loan", "loan", " job"], "audiences": []})
    assert cleaned == {"title_th": "ชื่อ", "scam_types": ["job", "loan"], "audiences": []}
    rules.check_metadata(cleaned, known)

    cases = [
        ({"title_th": ""}, "title_th_required"),
        ({"scam_types": []}, "scam_types_required"),
        ({"scam_types": ["romance"]}, "unknown_scam_type"),
        ({"audiences": ["everyone"]}, "unknown_audience"),
        ({"channels": ["tv"]}, "unknown_channel"),
    ]
    for data, code in cases:
        with pytest.raises(errors.InvalidInput) as raised:
            rules.check_metadata(data, known)
        assert raised.value.code == code, data


def test_sample_vocabulary_is_known():
    assert set(SAMPLE_AUDIENCES) <= set(rules.AUDIENCES)
    assert set(SAMPLE_CHANNELS) <= set(rules.CHANNELS)


# Parts

def test_plan_parts():
    assert rules.plan_parts(1) == (rules.MIN_PART_BYTES, 1)
    assert rules.plan_parts(rules.MIN_PART_BYTES) == (rules.MIN_PART_BYTES, 1)
    assert rules.plan_parts(rules.MIN_PART_BYTES + 1) == (rules.MIN_PART_BYTES, 2)
    assert rules.plan_parts(2 * rules.GIB) == (rules.MIN_PART_BYTES, 256)
    size = 200 * rules.GIB
    part_size, count = rules.plan_parts(size)
    assert count <= rules.MAX_PARTS
    assert part_size * count >= size


def test_check_parts():
    size, part_size = 25, 10
    rules.check_parts([(1, 10), (2, 10), (3, 5)], size, part_size, 3)

    with pytest.raises(errors.InvalidInput) as missing:
        rules.check_parts([(1, 10), (3, 5)], size, part_size, 3)
    assert missing.value.code == "upload_incomplete"
    assert missing.value.details["missing_parts"] == [2]
    assert missing.value.details["received_bytes"] == 15

    with pytest.raises(errors.InvalidInput) as wrong:
        rules.check_parts([(1, 10), (2, 9), (3, 5)], size, part_size, 3)
    assert wrong.value.code == "upload_part_size_wrong"
    assert wrong.value.details == {"part": 2, "size": 9, "expected": 10}


# Search and names

def test_search_patterns_escape_wildcards():
    assert rules.search_patterns("  คอลเซ็น  ") == ["%คอลเซ็น%"]
    assert rules.search_patterns("Loan SCAM") == ["%loan%", "%scam%"]
    assert rules.search_patterns("50%_off\\") == ["%50\\%\\_off\\\\%"]
    assert rules.search_patterns("") == []
    assert len(rules.search_patterns("a b c d e f g")) == rules.MAX_SEARCH_TERMS


def test_search_text_is_lower_case_nfc():
    assert rules.search_text("Title", None, "คำอธิบาย") == "title\n\nคำอธิบาย"


def test_content_disposition_keeps_thai_name():
    header = rules.content_disposition("โปสเตอร์ ใหม่.png", "media-1-v2")

    assert header.startswith('attachment; filename="media-1-v2.png"; ')
    assert "filename*=UTF-8''%E0%B9%82" in header
    assert "%20" in header
    assert rules.ascii_file_name("Loan poster ใหม่.PNG", "x") == "Loan-poster.png"
    assert rules.ascii_file_name('a"b;c.pdf', "x") == "a-b-c.pdf"


def test_unique_names():
    assert rules.unique_names(["a.png", "a.png", "b", "b", "A.png"]) == ["a.png", "a (2).png", "b", "b (2)", "A (3).png"]


def test_bundle_csv_has_bom_and_columns():
    text = rules.bundle_csv([{"file_name": "ก.png", "scam_types": ["loan", "job"], "size_bytes": 5}])

    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert rows[0]["file_name"] == "ก.png"
    assert rows[0]["scam_types"] == "loan job"
    assert rows[0]["sha256"] == ""


# Events

def test_event_examples_validate():
    events.load_all()
    for event_type in ("media_published", "media_version_added", "media_updated", "media_archived", "media_downloaded"):
        schema = events.schema_for("media", event_type)
        payload = events.build_event("media", event_type, schema.example)
        assert payload["version"] == 1, event_type
        assert events.load_event("media", event_type, payload), event_type


def test_event_vocabulary_matches_rules():
    assert media_events.KINDS == rules.KINDS
    assert set(media_events.FILE_TYPES) == set(rules.FILE_TYPES)
