"""Tests for the sample poster and leaflet renderer."""

import io
import re
import time
import unicodedata

import pytest
from PIL import Image

from services.media.samples.__main__ import main
from services.media.samples.content import AUDIENCES, CHANNELS, SCAM_CONTENT
from services.media.samples.render import (
    FONT_ENV_VAR,
    POSTER_SIZE,
    POSTER_TITLE_AREA,
    FontNotFoundError,
    find_thai_font,
    load_scam_types,
    render_leaflet,
    render_poster,
    render_samples,
    save_pdf,
    wrap_text,
)

THAI_CHARACTER = re.compile(r"[\u0E00-\u0E7F]")
MAX_RENDER_SECONDS = 30


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    output_dir = tmp_path_factory.mktemp("samples")
    started = time.perf_counter()
    items = render_samples(output_dir)
    elapsed = time.perf_counter() - started
    return output_dir, items, elapsed


@pytest.fixture(scope="module")
def scam_codes():
    return [scam_type.code for scam_type in load_scam_types()]


def _items_of_kind(items, kind):
    return [item for item in items if item.kind == kind]


def _pdf_page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def test_render_writes_28_files(rendered):
    output_dir, items, _ = rendered

    assert len(items) == 28
    assert len(list(output_dir.iterdir())) == 28
    for item in items:
        assert item.path.is_file(), item.path
        assert item.path.parent == output_dir


def test_render_time_under_limit(rendered):
    _, _, elapsed = rendered

    assert elapsed < MAX_RENDER_SECONDS, f"rendering took {elapsed:.1f} s"


def test_every_scam_type_has_poster_and_leaflet(rendered, scam_codes):
    _, items, _ = rendered

    assert len(scam_codes) == 14
    for kind in ("poster", "leaflet"):
        covered = [code for item in _items_of_kind(items, kind) for code in item.scam_types]
        assert sorted(covered) == sorted(scam_codes), kind


def test_content_exists_for_every_scam_type(scam_codes):
    for code in scam_codes:
        assert code in SCAM_CONTENT, code

        content = SCAM_CONTENT[code]
        assert 3 <= len(content.tips) <= 4, code
        assert content.title_th and content.title_en, code
        assert content.hook_th and content.hook_en, code
        for tip in content.tips:
            assert THAI_CHARACTER.search(tip.th), tip
            assert tip.en and not THAI_CHARACTER.search(tip.en), tip


def test_posters_are_1080x1350_png(rendered):
    _, items, _ = rendered

    posters = _items_of_kind(items, "poster")
    assert len(posters) == 14
    for item in posters:
        assert item.content_type == "image/png"
        with Image.open(item.path) as image:
            assert image.format == "PNG", item.path
            assert image.size == POSTER_SIZE, item.path
            image.load()


def test_leaflets_are_pdf_with_pages(rendered):
    _, items, _ = rendered

    leaflets = _items_of_kind(items, "leaflet")
    assert len(leaflets) == 14
    for item in leaflets:
        data = item.path.read_bytes()
        assert item.content_type == "application/pdf"
        assert data.startswith(b"%PDF"), item.path
        assert 1 <= _pdf_page_count(data) <= 2, item.path
        assert data.rstrip().endswith(b"%%EOF"), item.path


def test_file_names_are_thai(rendered):
    _, items, _ = rendered

    file_names = [item.file_name for item in items]
    assert len(set(file_names)) == len(file_names)
    for item in items:
        prefix, suffix = ("โปสเตอร์-", ".png") if item.kind == "poster" else ("แผ่นพับ-", ".pdf")
        assert item.file_name.startswith(prefix), item.file_name
        assert item.file_name.endswith(suffix), item.file_name
        assert THAI_CHARACTER.search(item.file_name[len(prefix) :]), item.file_name
        assert "/" not in item.file_name, item.file_name
        assert " " not in item.file_name, item.file_name


def test_loan_poster_file_name(rendered):
    _, items, _ = rendered

    loan_poster = next(
        item for item in items if item.kind == "poster" and item.scam_types == ["loan"]
    )
    assert loan_poster.file_name == "โปสเตอร์-หลอกให้กู้เงิน.png"


def test_item_metadata_uses_known_codes(rendered):
    _, items, _ = rendered

    for item in items:
        assert item.language == "th"
        assert item.audiences and set(item.audiences) <= set(AUDIENCES), item.audiences
        assert item.channels and set(item.channels) <= set(CHANNELS), item.channels
        assert THAI_CHARACTER.search(item.title_th), item.title_th
        assert THAI_CHARACTER.search(item.description_th), item.description_th
        assert item.title_en and item.description_en


def test_poster_title_area_has_dark_text(rendered):
    _, items, _ = rendered

    for item in _items_of_kind(items, "poster"):
        with Image.open(item.path) as image:
            title_area = image.convert("L").crop(POSTER_TITLE_AREA)
        dark_pixels = sum(title_area.histogram()[:90])
        area = title_area.width * title_area.height
        assert (
            dark_pixels > area * 0.03
        ), f"{item.path}: only {dark_pixels} dark pixels in the title area"


def test_poster_bytes_are_deterministic():
    fonts = find_thai_font()
    scam_type = next(entry for entry in load_scam_types() if entry.code == "romance")
    outputs = []
    for _ in range(2):
        buffer = io.BytesIO()
        render_poster(scam_type, SCAM_CONTENT["romance"], fonts).save(buffer, "PNG")
        outputs.append(buffer.getvalue())

    assert outputs[0] == outputs[1]


def test_leaflet_bytes_are_deterministic(tmp_path):
    fonts = find_thai_font()
    scam_type = next(entry for entry in load_scam_types() if entry.code == "job")
    paths = [tmp_path / "first.pdf", tmp_path / "second.pdf"]
    for path in paths:
        save_pdf(render_leaflet(scam_type, SCAM_CONTENT["job"], fonts), path, title="job")

    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert _pdf_page_count(paths[0].read_bytes()) == 2


def test_font_override_missing_file(tmp_path):
    missing = tmp_path / "missing.ttf"

    with pytest.raises(FontNotFoundError, match=FONT_ENV_VAR):
        find_thai_font(environ={FONT_ENV_VAR: str(missing)})


def test_font_override_picks_file():
    default = find_thai_font(environ={})

    fonts = find_thai_font(environ={FONT_ENV_VAR: str(default.regular)})

    assert fonts.regular == default.regular
    assert fonts.bold == default.bold


def test_missing_font_names_debian_package(tmp_path):
    with pytest.raises(FontNotFoundError, match="fonts-thai-tlwg"):
        find_thai_font(search_dirs=(tmp_path,), environ={})


def test_wrap_keeps_thai_marks_attached():
    font = find_thai_font().get(32)
    text = "ปู่ญี่ปุ่นน้ำใจเกินร้อยเปอร์เซ็นต์" * 3

    lines = wrap_text(text, font, 220)

    assert len(lines) > 1
    assert "".join(lines) == text
    for line in lines:
        assert unicodedata.category(line[0]) != "Mn", line
        assert line[0] not in "ะาำๅๆ", line
        assert line[-1] not in "เแโใไ", line
        assert font.getlength(line) <= 220, line


def test_wrap_breaks_at_spaces():
    font = find_thai_font().get(32)

    lines = wrap_text("ไม่รีบตัดสินใจ เมื่อถูกกดดัน", font, font.getlength("ไม่รีบตัดสินใจ") + 5)

    assert lines == ["ไม่รีบตัดสินใจ", "เมื่อถูกกดดัน"]


def test_main_prints_written_files(tmp_path, capsys):
    exit_code = main([str(tmp_path / "out")])

    output = capsys.readouterr().out
    assert exit_code == 0
    assert "Wrote 28 files" in output
    assert "โปสเตอร์-หลอกให้กู้เงิน.png" in output
    assert len(list((tmp_path / "out").iterdir())) == 28
