"""Render the sample posters (PNG) and leaflets (PDF) that seed the media library.

Everything is drawn with Pillow from the text in content.py and a Thai font from
the Debian package fonts-thai-tlwg. Nothing is random and no timestamp is
written, so the same font and Pillow version give the same bytes on every run.
"""

import json
import logging
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

from .content import (
    AFTER_A_SCAM,
    HOTLINE,
    LABELS,
    POSTER_FOOTER_EN,
    POSTER_TAGLINE,
    POSTER_TIPS_HEADING,
    SAMPLE_TAG,
    SCAM_CONTENT,
    ScamContent,
    Tip,
)

logger = logging.getLogger(__name__)

SCAM_TYPES_PATH = Path(__file__).resolve().parents[3] / "cybervaccine" / "data" / "scam_types.json"

FONT_ENV_VAR = "CYBERVACCINE_THAI_FONT"
FONT_DIRS = (Path("/usr/share/fonts/truetype/tlwg"), Path("/usr/share/fonts/opentype/tlwg"))
FONT_FAMILIES = ("Waree", "Garuda", "Loma", "Umpush", "Norasi")

POSTER_SIZE = (1080, 1350)
POSTER_MARGIN = 60
POSTER_HEADER_HEIGHT = 150
POSTER_FOOTER_HEIGHT = 180
POSTER_TITLE_TOP = 190
POSTER_TITLE_RIGHT = 760
POSTER_TITLE_SIZES = (64, 58, 52)
# Box covering the first line of the poster title. Tests look for dark text in it.
POSTER_TITLE_AREA = (POSTER_MARGIN, POSTER_TITLE_TOP, POSTER_TITLE_RIGHT, POSTER_TITLE_TOP + 90)
POSTER_ICON_BOX = (790, 185, 1020, 415)

# A4 is 210 x 297 mm, which is 1240 x 1754 pixels at 150 dpi.
LEAFLET_DPI = 150
LEAFLET_SIZE = (1240, 1754)
LEAFLET_MARGIN = 80
LEAFLET_HEADER_HEIGHT = 190
LEAFLET_FOOTER_HEIGHT = 190
LEAFLET_TITLE_TOP = 300
LEAFLET_TITLE_RIGHT = 880
LEAFLET_ICON_BOX = (920, 250, 1160, 490)

# Shrink factors tried in order until a block of tips fits its space.
FIT_SCALES = (1.0, 0.94, 0.88, 0.82, 0.76)

INK = (27, 36, 48)
MUTED = (84, 94, 110)
WHITE = (255, 255, 255)
NAVY = (20, 33, 61)
HOTLINE_YELLOW = (255, 209, 102)
FOOTER_MUTED = (200, 208, 222)

ACCENTS = {
    "shopping": (217, 72, 15),
    "shopping-organised": (194, 37, 92),
    "job": (95, 61, 196),
    "loan": (43, 138, 62),
    "investment": (25, 113, 194),
    "call-center": (201, 42, 42),
    "impersonation": (11, 114, 133),
    "reward": (179, 92, 0),
    "remote-access": (54, 79, 199),
    "romance": (166, 30, 77),
    "digital-asset": (8, 127, 91),
    "false-data": (134, 46, 156),
    "hacking": (52, 58, 64),
    "other": (24, 100, 171),
}
DEFAULT_ACCENT = (24, 100, 171)

POSTER_CHANNELS = ["print", "social", "screen"]
LEAFLET_CHANNELS = ["print"]


class FontNotFoundError(RuntimeError):
    """No usable Thai font was found."""


@dataclass
class SampleItem:
    """One rendered file and the library metadata that describes it."""

    path: Path
    kind: str
    scam_types: list[str]
    title_th: str
    title_en: str
    description_th: str
    description_en: str
    file_name: str
    content_type: str
    audiences: list[str]
    channels: list[str]
    language: str = field(default="th")


@dataclass(frozen=True)
class ScamType:
    """One entry of cybervaccine/data/scam_types.json."""

    code: str
    name_th: str
    name_en: str


@dataclass(frozen=True)
class ThaiFonts:
    """Paths of the regular and bold faces used for all text."""

    regular: Path
    bold: Path

    def get(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        path = self.bold if bold else self.regular
        return _load_font(str(path), size)


@dataclass(frozen=True)
class TextStyle:
    """Font and colour of a run of text, with its line spacing in pixels."""

    font: ImageFont.FreeTypeFont
    fill: tuple[int, int, int]
    line_height: int
    baseline: int


@lru_cache(maxsize=None)
def _load_font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def make_style(
    fonts: ThaiFonts, size: int, fill: tuple[int, int, int], bold: bool = False
) -> TextStyle:
    """Build a text style whose line spacing leaves room for stacked Thai marks."""
    return TextStyle(
        font=fonts.get(size, bold),
        fill=fill,
        line_height=round(size * 1.45),
        baseline=round(size * 1.1),
    )


# ---------------------------------------------------------------- inputs


def load_scam_types(path: Path = SCAM_TYPES_PATH) -> list[ScamType]:
    """Read the scam type list, in file order."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    return [ScamType(entry["code"], entry["name_th"], entry["name_en"]) for entry in entries]


def find_thai_font(
    search_dirs: tuple[Path, ...] = FONT_DIRS, environ: dict | None = None
) -> ThaiFonts:
    """Locate a Thai font, preferring the CYBERVACCINE_THAI_FONT override.

    Raises FontNotFoundError when the override points at a missing file or when
    no known fonts-thai-tlwg family exists in search_dirs.
    """
    environ = os.environ if environ is None else environ
    override = environ.get(FONT_ENV_VAR)
    if override:
        return _fonts_from_override(Path(override))

    for family in FONT_FAMILIES:
        fonts = _find_family(family, search_dirs)
        if fonts is not None:
            return fonts

    searched = ", ".join(str(directory) for directory in search_dirs)
    raise FontNotFoundError(
        f"No Thai font found in {searched}. Install the Debian package fonts-thai-tlwg "
        f"(apt-get install fonts-thai-tlwg) or set {FONT_ENV_VAR} to the path of a Thai .ttf file."
    )


def _fonts_from_override(path: Path) -> ThaiFonts:
    if not path.is_file():
        raise FontNotFoundError(
            f"{FONT_ENV_VAR} is set to {str(path)!r}, but that file does not exist. "
            "Point it at a Thai .ttf file or unset it to use fonts-thai-tlwg."
        )

    bold = path.with_name(f"{path.stem}-Bold{path.suffix}")
    return ThaiFonts(regular=path, bold=bold if bold.is_file() else path)


def _find_family(family: str, search_dirs: tuple[Path, ...]) -> ThaiFonts | None:
    for directory in search_dirs:
        for suffix in (".ttf", ".otf"):
            regular = directory / f"{family}{suffix}"
            if not regular.is_file():
                continue

            bold = directory / f"{family}-Bold{suffix}"
            return ThaiFonts(regular=regular, bold=bold if bold.is_file() else regular)
    return None


# ---------------------------------------------------------------- text layout

# Spacing vowels and the repetition mark, which stay attached to the character
# before them. Combining marks are found by their Unicode category instead.
_FOLLOWING_VOWELS = set("ะาำๅๆ")
# Thai vowels written before the consonant they follow in speech.
_LEADING_VOWELS = set("เแโใไ")


def wrap_text(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Break text into lines no wider than max_width, at spaces where possible.

    Thai does not put spaces between words, so content.py separates phrases
    with spaces. A phrase wider than a whole line is split between grapheme
    clusters.
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= max_width:
            current = candidate
            continue

        if current:
            lines.append(current)

        pieces = _split_long_word(word, font, max_width)
        lines.extend(pieces[:-1])
        current = pieces[-1]

    if current:
        lines.append(current)
    return lines


def _split_long_word(word: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    # NOTE: this may break inside a Thai word. Add a space to the phrase in
    # content.py if a line break looks wrong.
    if font.getlength(word) <= max_width:
        return [word]

    pieces = [""]
    for cluster in _grapheme_clusters(word):
        if pieces[-1] and font.getlength(pieces[-1] + cluster) > max_width:
            pieces.append("")
        pieces[-1] += cluster
    return pieces


def _grapheme_clusters(word: str) -> list[str]:
    clusters: list[str] = []
    for char in word:
        attaches = unicodedata.category(char) == "Mn" or char in _FOLLOWING_VOWELS
        after_leading_vowel = bool(clusters) and clusters[-1][-1] in _LEADING_VOWELS
        if clusters and (attaches or after_leading_vowel):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def draw_lines(
    draw: ImageDraw.ImageDraw, x: int, top: int, lines: list[str], style: TextStyle
) -> int:
    """Draw lines from top downwards and return the y just below the last one."""
    for index, line in enumerate(lines):
        baseline = top + index * style.line_height + style.baseline
        draw.text((x, baseline), line, font=style.font, fill=style.fill, anchor="ls")
    return top + len(lines) * style.line_height


def block_height(lines: list[str], style: TextStyle) -> int:
    return len(lines) * style.line_height


# ---------------------------------------------------------------- icons
#
# Icons are drawn on a 100 x 100 grid at four times the output size, then
# scaled down, because Pillow's shape primitives are not anti-aliased.

ICON_SUPERSAMPLE = 4


def render_icon(code: str, size: int, accent: tuple[int, int, int]) -> Image.Image:
    """Draw the round icon for a scam type as an RGBA image of size x size."""
    canvas_size = size * ICON_SUPERSAMPLE
    canvas = Image.new("RGBA", (canvas_size, canvas_size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    unit = canvas_size / 100

    draw.ellipse((0, 0, canvas_size - 1, canvas_size - 1), fill=_tint(accent, 0.16))
    drawer = ICON_DRAWERS.get(code, _draw_shield)
    drawer(draw, unit, accent)

    return canvas.resize((size, size), Image.Resampling.LANCZOS)


def _tint(color: tuple[int, int, int], strength: float) -> tuple[int, int, int]:
    """Mix color into white. Strength 1.0 returns color unchanged and 0.0 returns white."""
    return tuple(round(255 - (255 - channel) * strength) for channel in color)


def _box(unit: float, left: float, top: float, right: float, bottom: float) -> tuple[float, ...]:
    return (left * unit, top * unit, right * unit, bottom * unit)


def _points(unit: float, coordinates: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(x * unit, y * unit) for x, y in coordinates]


def _draw_exclamation(
    draw: ImageDraw.ImageDraw, unit: float, x: float, top: float, height: float, fill
) -> None:
    width = height * 0.24
    draw.rounded_rectangle(
        _box(unit, x - width / 2, top, x + width / 2, top + height * 0.66),
        radius=width / 2 * unit,
        fill=fill,
    )
    draw.ellipse(
        _box(unit, x - width / 2, top + height * 0.78, x + width / 2, top + height), fill=fill
    )


def _draw_bag(draw, unit, accent):
    draw.arc(_box(unit, 36, 18, 64, 50), 180, 360, fill=INK, width=round(5 * unit))
    draw.rounded_rectangle(_box(unit, 24, 34, 76, 80), radius=6 * unit, fill=accent)
    draw.ellipse(_box(unit, 34, 40, 40, 46), fill=WHITE)
    draw.ellipse(_box(unit, 60, 40, 66, 46), fill=WHITE)
    _draw_exclamation(draw, unit, 50, 50, 24, WHITE)


def _draw_storefront(draw, unit, accent):
    draw.rectangle(_box(unit, 25, 44, 75, 78), fill=WHITE, outline=INK, width=round(3 * unit))
    draw.rectangle(_box(unit, 43, 56, 57, 78), fill=accent)
    for index in range(4):
        left = 20 + index * 15
        fill = accent if index % 2 == 0 else WHITE
        draw.rectangle(
            _box(unit, left, 28, left + 15, 42), fill=fill, outline=INK, width=round(2 * unit)
        )
        draw.pieslice(
            _box(unit, left, 35, left + 15, 49),
            0,
            180,
            fill=fill,
            outline=INK,
            width=round(2 * unit),
        )
    draw.rectangle(_box(unit, 29, 56, 39, 66), fill=_tint(accent, 0.35))
    draw.rectangle(_box(unit, 61, 56, 71, 66), fill=_tint(accent, 0.35))


def _draw_briefcase(draw, unit, accent):
    draw.rounded_rectangle(
        _box(unit, 39, 24, 61, 40), radius=4 * unit, outline=INK, width=round(4 * unit)
    )
    draw.rounded_rectangle(_box(unit, 20, 34, 80, 76), radius=7 * unit, fill=accent)
    draw.line(_box(unit, 20, 53, 80, 53), fill=WHITE, width=round(3 * unit))
    draw.rounded_rectangle(_box(unit, 45, 48, 55, 59), radius=2 * unit, fill=WHITE)


def _draw_coins(draw, unit, accent):
    draw.rounded_rectangle(
        _box(unit, 50, 22, 84, 44),
        radius=3 * unit,
        fill=_tint(accent, 0.45),
        outline=INK,
        width=round(2 * unit),
    )
    draw.ellipse(_box(unit, 62, 28, 72, 38), outline=INK, width=round(2 * unit))
    for index in range(4):
        top = 66 - index * 9
        draw.rectangle(_box(unit, 18, top + 5, 58, top + 11), fill=accent)
        draw.ellipse(
            _box(unit, 18, top + 6, 58, top + 16), fill=accent, outline=INK, width=round(2 * unit)
        )
        draw.ellipse(
            _box(unit, 18, top, 58, top + 10),
            fill=_tint(accent, 0.7),
            outline=INK,
            width=round(2 * unit),
        )


def _draw_chart(draw, unit, accent):
    draw.line(
        _points(unit, [(22, 22), (22, 78), (80, 78)]),
        fill=INK,
        width=round(4 * unit),
        joint="curve",
    )
    for index, height in enumerate((16, 28, 40)):
        left = 32 + index * 15
        draw.rectangle(_box(unit, left, 74 - height, left + 10, 74), fill=_tint(accent, 0.5))
    draw.line(
        _points(unit, [(28, 62), (46, 48), (56, 54), (74, 32)]),
        fill=accent,
        width=round(5 * unit),
        joint="curve",
    )
    draw.polygon(_points(unit, [(78, 26), (80, 40), (67, 33)]), fill=accent)


def _draw_phone_waves(draw, unit, accent):
    draw.rounded_rectangle(_box(unit, 28, 16, 58, 84), radius=6 * unit, fill=INK)
    draw.rectangle(_box(unit, 32, 24, 54, 72), fill=WHITE)
    _draw_exclamation(draw, unit, 43, 32, 32, accent)
    for radius in (10, 18):
        draw.arc(
            _box(unit, 60 - radius, 40 - radius, 60 + radius, 40 + radius),
            -55,
            55,
            fill=accent,
            width=round(4 * unit),
        )


def _draw_masked_person(draw, unit, accent):
    draw.pieslice(_box(unit, 18, 54, 66, 102), 180, 360, fill=INK)
    draw.ellipse(_box(unit, 29, 26, 55, 52), fill=INK)
    draw.rounded_rectangle(_box(unit, 26, 33, 58, 42), radius=4 * unit, fill=accent)
    draw.ellipse(_box(unit, 32, 35, 38, 40), fill=WHITE)
    draw.ellipse(_box(unit, 46, 35, 52, 40), fill=WHITE)
    draw.rounded_rectangle(_box(unit, 58, 16, 88, 38), radius=8 * unit, fill=accent)
    draw.polygon(_points(unit, [(64, 36), (60, 46), (72, 37)]), fill=accent)
    for x in (66, 73, 80):
        draw.ellipse(_box(unit, x - 2.5, 24.5, x + 2.5, 29.5), fill=WHITE)


def _draw_gift(draw, unit, accent):
    draw.rectangle(_box(unit, 26, 50, 74, 80), fill=accent)
    draw.rectangle(
        _box(unit, 22, 40, 78, 51), fill=_tint(accent, 0.75), outline=INK, width=round(2 * unit)
    )
    draw.rectangle(_box(unit, 46, 40, 54, 80), fill=HOTLINE_YELLOW)
    draw.ellipse(_box(unit, 32, 26, 50, 41), outline=INK, width=round(4 * unit))
    draw.ellipse(_box(unit, 50, 26, 68, 41), outline=INK, width=round(4 * unit))


def _draw_phone_cursor(draw, unit, accent):
    draw.rounded_rectangle(_box(unit, 26, 14, 62, 86), radius=6 * unit, fill=INK)
    draw.rectangle(_box(unit, 30, 22, 58, 74), fill=WHITE)
    arrow = [(40, 32), (40, 60), (46, 54), (51, 65), (56, 63), (51, 52), (59, 52)]
    draw.polygon(_points(unit, arrow), fill=accent, outline=INK, width=round(1.5 * unit))
    for index in range(3):
        x = 66 + index * 7
        draw.ellipse(_box(unit, x, 40 - index * 6, x + 4, 44 - index * 6), fill=accent)


def _draw_heart(draw, unit, accent):
    outline = []
    for step in range(72):
        angle = 2 * math.pi * step / 72
        x = 16 * math.sin(angle) ** 3
        y = (
            13 * math.cos(angle)
            - 5 * math.cos(2 * angle)
            - 2 * math.cos(3 * angle)
            - math.cos(4 * angle)
        )
        outline.append((50 + x * 2.0, 48 - y * 2.0))
    draw.polygon(_points(unit, outline), fill=accent)
    crack = [(50, 30), (45, 42), (54, 50), (46, 60), (50, 74)]
    draw.line(_points(unit, crack), fill=WHITE, width=round(3 * unit), joint="curve")


def _draw_coin_hexagon(draw, unit, accent):
    draw.ellipse(_box(unit, 20, 20, 80, 80), fill=accent, outline=INK, width=round(3 * unit))
    for radius, width in ((20, 4), (11, 0)):
        corners = [
            (
                50 + radius * math.cos(math.radians(90 + 60 * i)),
                50 + radius * math.sin(math.radians(90 + 60 * i)),
            )
            for i in range(6)
        ]
        if width:
            draw.polygon(_points(unit, corners), outline=WHITE, width=round(width * unit))
        else:
            draw.polygon(_points(unit, corners), fill=WHITE)


def _draw_false_document(draw, unit, accent):
    page = [(26, 14), (60, 14), (72, 26), (72, 84), (26, 84)]
    draw.polygon(_points(unit, page), fill=WHITE, outline=INK, width=round(3 * unit))
    draw.polygon(_points(unit, [(60, 14), (60, 26), (72, 26)]), fill=_tint(INK, 0.3))
    for top in (34, 44, 54):
        draw.line(_box(unit, 34, top, 62, top), fill=MUTED, width=round(3 * unit))
    draw.ellipse(_box(unit, 56, 58, 84, 86), fill=accent)
    draw.line(_box(unit, 64, 66, 76, 78), fill=WHITE, width=round(4 * unit))
    draw.line(_box(unit, 76, 66, 64, 78), fill=WHITE, width=round(4 * unit))


def _draw_padlock(draw, unit, accent):
    draw.arc(_box(unit, 35, 20, 65, 52), 180, 360, fill=INK, width=round(6 * unit))
    draw.rectangle(_box(unit, 35, 35, 41, 46), fill=INK)
    draw.rectangle(_box(unit, 59, 35, 65, 46), fill=INK)
    draw.rounded_rectangle(_box(unit, 26, 44, 74, 82), radius=6 * unit, fill=accent)
    draw.ellipse(_box(unit, 45, 53, 55, 63), fill=WHITE)
    draw.rectangle(_box(unit, 48, 60, 52, 72), fill=WHITE)


def _draw_shield(draw, unit, accent):
    shield = [(50, 14), (78, 24), (76, 52), (50, 84), (24, 52), (22, 24)]
    draw.polygon(_points(unit, shield), fill=accent)
    _draw_exclamation(draw, unit, 50, 28, 40, WHITE)


ICON_DRAWERS = {
    "shopping": _draw_bag,
    "shopping-organised": _draw_storefront,
    "job": _draw_briefcase,
    "loan": _draw_coins,
    "investment": _draw_chart,
    "call-center": _draw_phone_waves,
    "impersonation": _draw_masked_person,
    "reward": _draw_gift,
    "remote-access": _draw_phone_cursor,
    "romance": _draw_heart,
    "digital-asset": _draw_coin_hexagon,
    "false-data": _draw_false_document,
    "hacking": _draw_padlock,
    "other": _draw_shield,
}


# ---------------------------------------------------------------- shared blocks


@dataclass(frozen=True)
class ListEntry:
    """Wrapped lines of one list entry, with optional second-language lines below them."""

    lines: list[str]
    sub_lines: list[str]


@dataclass(frozen=True)
class ListStyle:
    """Styles and spacing of a numbered or check-mark list."""

    text: TextStyle
    sub_text: TextStyle | None
    badge_size: int
    gap: int


def draw_header(
    draw, fonts: ThaiFonts, width: int, height: int, accent, brand: str, tagline: str, margin: int
) -> None:
    """Draw the coloured band with the brand name, a tagline and the sample tag."""
    draw.rectangle((0, 0, width, height), fill=accent)
    draw.rectangle((0, height - 8, width, height), fill=_tint(accent, 0.55))

    brand_style = make_style(fonts, round(height * 0.36), WHITE, bold=True)
    draw.text((margin, round(height * 0.52)), brand, font=brand_style.font, fill=WHITE, anchor="ls")
    if tagline:
        tagline_font = fonts.get(round(height * 0.17))
        draw.text(
            (margin, round(height * 0.82)),
            tagline,
            font=tagline_font,
            fill=_tint(accent, 0.12),
            anchor="ls",
        )

    tag_font = fonts.get(round(height * 0.15), bold=True)
    tag_width = tag_font.getlength(SAMPLE_TAG)
    right = width - margin
    top = round(height * 0.22)
    tag_height = round(height * 0.28)
    draw.rounded_rectangle(
        (right - tag_width - 40, top, right, top + tag_height),
        radius=tag_height // 2,
        outline=WHITE,
        width=3,
    )
    draw.text(
        (right - 20, top + tag_height // 2), SAMPLE_TAG, font=tag_font, fill=WHITE, anchor="rm"
    )


def draw_footer(
    draw,
    fonts: ThaiFonts,
    size: tuple[int, int],
    height: int,
    margin: int,
    language: str,
    english_line: str,
) -> None:
    """Draw the navy band with the 1441 hotline and the online report site."""
    width, page_height = size
    top = page_height - height
    labels = LABELS[language]
    draw.rectangle((0, top, width, page_height), fill=NAVY)

    hotline_font = fonts.get(round(height * 0.3), bold=True)
    hotline_label = f"{labels['hotline']} "
    baseline = top + round(height * 0.4)
    draw.text((margin, baseline), hotline_label, font=hotline_font, fill=WHITE, anchor="ls")
    number_x = margin + hotline_font.getlength(hotline_label)
    draw.text((number_x, baseline), HOTLINE, font=hotline_font, fill=HOTLINE_YELLOW, anchor="ls")

    report_font = fonts.get(round(height * 0.17))
    draw.text(
        (margin, top + round(height * 0.66)),
        labels["report"],
        font=report_font,
        fill=WHITE,
        anchor="ls",
    )

    small_font = fonts.get(round(height * 0.12))
    draw.text(
        (margin, top + round(height * 0.88)),
        english_line,
        font=small_font,
        fill=FOOTER_MUTED,
        anchor="ls",
    )


def layout_list(
    entries: list[tuple[str, str]], style: ListStyle, width: int
) -> tuple[list[ListEntry], int]:
    """Wrap list texts to width and return the entries with their total height."""
    text_width = width - style.badge_size - 24
    laid_out = []
    total = 0
    for main, sub in entries:
        lines = wrap_text(main, style.text.font, text_width)
        sub_lines = (
            wrap_text(sub, style.sub_text.font, text_width) if style.sub_text and sub else []
        )
        laid_out.append(ListEntry(lines, sub_lines))
        total += _entry_height(lines, sub_lines, style) + style.gap
    return laid_out, total - style.gap if laid_out else 0


def _entry_height(lines: list[str], sub_lines: list[str], style: ListStyle) -> int:
    text_height = block_height(lines, style.text)
    if sub_lines and style.sub_text:
        text_height += block_height(sub_lines, style.sub_text)
    return max(text_height, style.badge_size)


def draw_list(
    draw,
    fonts: ThaiFonts,
    entries: list[ListEntry],
    style: ListStyle,
    left: int,
    top: int,
    badge_fill,
    numbered: bool,
) -> int:
    """Draw list entries with round badges and return the y below the last one."""
    text_left = left + style.badge_size + 24
    badge_font = fonts.get(round(style.badge_size * 0.55), bold=True)
    for index, entry in enumerate(entries, start=1):
        badge_top = top + max(0, (style.text.baseline - style.badge_size * 0.78))
        badge = (left, badge_top, left + style.badge_size, badge_top + style.badge_size)
        draw.ellipse(badge, fill=badge_fill)
        center = (left + style.badge_size / 2, badge_top + style.badge_size / 2)
        if numbered:
            draw.text(center, str(index), font=badge_font, fill=WHITE, anchor="mm")
        else:
            _draw_check(draw, center, style.badge_size)

        bottom = draw_lines(draw, text_left, top, entry.lines, style.text)
        if entry.sub_lines and style.sub_text:
            bottom = draw_lines(draw, text_left, bottom, entry.sub_lines, style.sub_text)
        top = max(bottom, round(badge_top) + style.badge_size) + style.gap
    return top - style.gap


def _draw_check(draw, center: tuple[float, float], size: int) -> None:
    x, y = center
    scale = size / 10
    points = [
        (x - 2.6 * scale, y),
        (x - 0.6 * scale, y + 2 * scale),
        (x + 2.8 * scale, y - 2 * scale),
    ]
    draw.line(points, fill=WHITE, width=max(3, round(size / 9)), joint="curve")


def draw_hook_box(draw, box: tuple[int, int, int, int], accent) -> None:
    """Draw the tinted panel with an accent bar that goes behind the hook."""
    left, top, right, bottom = box
    draw.rounded_rectangle(box, radius=18, fill=_tint(accent, 0.1))
    draw.rounded_rectangle((left, top, left + 12, bottom), radius=6, fill=accent)


def fit_list(
    entries, make_list_style, width: int, available: int, layout_name: str
) -> tuple[list[ListEntry], ListStyle]:
    """Shrink a list's text until it fits the available height.

    Raises ValueError naming layout_name when even the smallest scale
    overflows, because the text would otherwise run into the footer.
    """
    for scale in FIT_SCALES:
        style = make_list_style(scale)
        laid_out, height = layout_list(entries, style, width)
        if height <= available:
            return laid_out, style
    raise ValueError(
        f"The tips for {layout_name} do not fit in {available} px. Shorten them in content.py."
    )


def fit_title(
    text: str, fonts: ThaiFonts, sizes: tuple[int, ...], width: int, max_lines: int
) -> tuple[list[str], TextStyle]:
    """Return the title lines at the largest size that fits max_lines lines.

    A size fits only if every phrase fits on one line, so no Thai word is split.
    When no size fits, the smallest size is used anyway.
    """
    for size in sizes:
        style = make_style(fonts, size, INK, bold=True)
        lines = wrap_text(text, style.font, width)
        phrases_fit = all(style.font.getlength(phrase) <= width for phrase in text.split())
        if phrases_fit and len(lines) <= max_lines:
            return lines, style
    return lines, style


def paste_icon(image: Image.Image, code: str, box: tuple[int, int, int, int], accent) -> None:
    left, top, right, _ = box
    icon = render_icon(code, right - left, accent)
    image.paste(icon, (left, top), icon)


# ---------------------------------------------------------------- poster


def render_poster(scam_type: ScamType, content: ScamContent, fonts: ThaiFonts) -> Image.Image:
    """Draw the 1080 x 1350 poster: header, title, icon, hook, tips and footer."""
    width, height = POSTER_SIZE
    accent = ACCENTS.get(scam_type.code, DEFAULT_ACCENT)
    image = Image.new("RGB", POSTER_SIZE, WHITE)
    draw = ImageDraw.Draw(image)

    draw_header(
        draw,
        fonts,
        width,
        POSTER_HEADER_HEIGHT,
        accent,
        LABELS["th"]["brand"],
        POSTER_TAGLINE,
        POSTER_MARGIN,
    )
    paste_icon(image, scam_type.code, POSTER_ICON_BOX, accent)
    title_bottom = _draw_poster_title(draw, fonts, content)

    hook_top = max(title_bottom, POSTER_ICON_BOX[3]) + 28
    hook_bottom = _draw_poster_hook(draw, fonts, content, accent, hook_top)

    tips_top = _draw_poster_tips_heading(draw, fonts, accent, hook_bottom + 34)
    footer_top = height - POSTER_FOOTER_HEIGHT
    _draw_poster_tips(draw, fonts, scam_type, content, accent, tips_top, footer_top - 30)

    draw_footer(
        draw, fonts, POSTER_SIZE, POSTER_FOOTER_HEIGHT, POSTER_MARGIN, "th", POSTER_FOOTER_EN
    )
    return image


def _draw_poster_title(draw, fonts: ThaiFonts, content: ScamContent) -> int:
    width = POSTER_TITLE_RIGHT - POSTER_MARGIN
    lines, style = fit_title(content.title_th, fonts, POSTER_TITLE_SIZES, width, max_lines=2)
    bottom = draw_lines(draw, POSTER_MARGIN, POSTER_TITLE_TOP, lines, style)

    english = make_style(fonts, 30, MUTED)
    english_lines = wrap_text(content.title_en, english.font, width)
    return draw_lines(draw, POSTER_MARGIN, bottom + 4, english_lines, english)


def _draw_poster_hook(draw, fonts: ThaiFonts, content: ScamContent, accent, top: int) -> int:
    left, right = POSTER_MARGIN, POSTER_SIZE[0] - POSTER_MARGIN
    text_left = left + 40
    text_width = right - text_left - 28
    thai = make_style(fonts, 34, INK, bold=True)
    english = make_style(fonts, 24, MUTED)
    thai_lines = wrap_text(content.hook_th, thai.font, text_width)
    english_lines = wrap_text(content.hook_en, english.font, text_width)

    padding = 22
    bottom = (
        top
        + padding
        + block_height(thai_lines, thai)
        + block_height(english_lines, english)
        + padding
    )
    draw_hook_box(draw, (left, top, right, bottom), accent)
    text_bottom = draw_lines(draw, text_left, top + padding, thai_lines, thai)
    draw_lines(draw, text_left, text_bottom, english_lines, english)
    return bottom


def _draw_poster_tips_heading(draw, fonts: ThaiFonts, accent, top: int) -> int:
    style = make_style(fonts, 34, accent, bold=True)
    return draw_lines(draw, POSTER_MARGIN, top, [POSTER_TIPS_HEADING], style) + 6


def _draw_poster_tips(
    draw, fonts, scam_type: ScamType, content: ScamContent, accent, top: int, bottom: int
) -> None:
    def make_list_style(scale: float) -> ListStyle:
        return ListStyle(
            text=make_style(fonts, round(32 * scale), INK),
            sub_text=make_style(fonts, round(23 * scale), MUTED),
            badge_size=round(52 * scale),
            gap=round(18 * scale),
        )

    width = POSTER_SIZE[0] - 2 * POSTER_MARGIN
    entries = [(tip.th, tip.en) for tip in content.tips]
    laid_out, style = fit_list(
        entries, make_list_style, width, bottom - top, f"the {scam_type.code} poster"
    )
    draw_list(draw, fonts, laid_out, style, POSTER_MARGIN, top, accent, numbered=True)


# ---------------------------------------------------------------- leaflet


def render_leaflet(
    scam_type: ScamType, content: ScamContent, fonts: ThaiFonts
) -> list[Image.Image]:
    """Draw the A4 leaflet pages at 150 dpi: Thai first, then English."""
    return [_render_leaflet_page(scam_type, content, fonts, language) for language in ("th", "en")]


def _render_leaflet_page(
    scam_type: ScamType, content: ScamContent, fonts: ThaiFonts, language: str
) -> Image.Image:
    width, height = LEAFLET_SIZE
    labels = LABELS[language]
    accent = ACCENTS.get(scam_type.code, DEFAULT_ACCENT)
    image = Image.new("RGB", LEAFLET_SIZE, WHITE)
    draw = ImageDraw.Draw(image)

    draw_header(
        draw,
        fonts,
        width,
        LEAFLET_HEADER_HEIGHT,
        accent,
        labels["brand"],
        labels["leaflet_tagline"],
        LEAFLET_MARGIN,
    )
    category = scam_type.name_th if language == "th" else scam_type.name_en
    category_font = fonts.get(26)
    draw.text(
        (LEAFLET_MARGIN, LEAFLET_HEADER_HEIGHT + 60),
        f"{labels['category']}: {category}",
        font=category_font,
        fill=MUTED,
        anchor="ls",
    )
    paste_icon(image, scam_type.code, LEAFLET_ICON_BOX, accent)

    title = content.title_th if language == "th" else content.title_en
    title_lines, title_style = fit_title(
        title, fonts, (66, 60, 54), LEAFLET_TITLE_RIGHT - LEAFLET_MARGIN, max_lines=3
    )
    title_bottom = draw_lines(draw, LEAFLET_MARGIN, LEAFLET_TITLE_TOP, title_lines, title_style)

    hook = content.hook_th if language == "th" else content.hook_en
    hook_bottom = _draw_leaflet_hook(
        draw, fonts, hook, accent, max(title_bottom, LEAFLET_ICON_BOX[3]) + 30
    )

    footer_top = height - LEAFLET_FOOTER_HEIGHT
    _draw_leaflet_sections(
        draw, fonts, scam_type, content, language, accent, hook_bottom + 40, footer_top - 30
    )

    draw_footer(
        draw,
        fonts,
        LEAFLET_SIZE,
        LEAFLET_FOOTER_HEIGHT,
        LEAFLET_MARGIN,
        language,
        labels["sample_note"],
    )
    return image


def _draw_leaflet_hook(draw, fonts: ThaiFonts, hook: str, accent, top: int) -> int:
    left, right = LEAFLET_MARGIN, LEAFLET_SIZE[0] - LEAFLET_MARGIN
    text_left = left + 44
    style = make_style(fonts, 36, INK, bold=True)
    lines = wrap_text(hook, style.font, right - text_left - 30)

    padding = 26
    bottom = top + padding + block_height(lines, style) + padding
    draw_hook_box(draw, (left, top, right, bottom), accent)
    draw_lines(draw, text_left, top + padding, lines, style)
    return bottom


def _draw_leaflet_sections(
    draw,
    fonts,
    scam_type: ScamType,
    content: ScamContent,
    language: str,
    accent,
    top: int,
    bottom: int,
) -> None:
    labels = LABELS[language]
    width = LEAFLET_SIZE[0] - 2 * LEAFLET_MARGIN
    tips = [(_pick(tip, language), "") for tip in content.tips]
    steps = [(_pick(step, language), "") for step in AFTER_A_SCAM]

    heading = make_style(fonts, 38, accent, bold=True)
    after_heading = make_style(fonts, 38, NAVY, bold=True)
    headings_height = 2 * (heading.line_height + 10) + 36
    available = bottom - top - headings_height

    def make_list_style(scale: float) -> ListStyle:
        return ListStyle(
            text=make_style(fonts, round(32 * scale), INK),
            sub_text=None,
            badge_size=round(50 * scale),
            gap=round(18 * scale),
        )

    # Both lists are fitted as one. That counts one gap more than is drawn, so
    # the fit errs on the safe side.
    laid_out, style = fit_list(
        tips + steps,
        make_list_style,
        width,
        available,
        f"the {scam_type.code} leaflet ({language})",
    )
    tip_entries, step_entries = laid_out[: len(tips)], laid_out[len(tips) :]

    y = draw_lines(draw, LEAFLET_MARGIN, top, [labels["tips_heading"]], heading) + 10
    y = draw_list(draw, fonts, tip_entries, style, LEAFLET_MARGIN, y, accent, numbered=True) + 36
    y = draw_lines(draw, LEAFLET_MARGIN, y, [labels["after_heading"]], after_heading) + 10
    draw_list(draw, fonts, step_entries, style, LEAFLET_MARGIN, y, NAVY, numbered=False)


def _pick(tip: Tip, language: str) -> str:
    return tip.th if language == "th" else tip.en


# ---------------------------------------------------------------- output


def render_samples(output_dir: Path) -> list[SampleItem]:
    """Render one poster and one leaflet per scam type into output_dir.

    Raises FontNotFoundError without a Thai font and ValueError when a scam
    type in scam_types.json has no entry in content.SCAM_CONTENT.
    """
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    if not features.check("raqm"):
        logger.warning(
            "libraqm is not available, so Thai vowels and tone marks may be misplaced. "
            "Install the Debian package libraqm0."
        )

    fonts = find_thai_font()
    items: list[SampleItem] = []
    for scam_type in load_scam_types():
        content = _content_for(scam_type)
        items.append(_write_poster(scam_type, content, fonts, output_dir))
        items.append(_write_leaflet(scam_type, content, fonts, output_dir))
    return items


def _content_for(scam_type: ScamType) -> ScamContent:
    content = SCAM_CONTENT.get(scam_type.code)
    if content is None:
        raise ValueError(
            f"No sample content for scam type {scam_type.code!r}. "
            "Add it to SCAM_CONTENT in services/media/samples/content.py."
        )
    return content


def _write_poster(
    scam_type: ScamType, content: ScamContent, fonts: ThaiFonts, output_dir: Path
) -> SampleItem:
    path = output_dir / f"poster-{scam_type.code}.png"
    render_poster(scam_type, content, fonts).save(path, "PNG")

    tip_count = len(content.tips)
    return SampleItem(
        path=path,
        kind="poster",
        scam_types=[scam_type.code],
        title_th=content.title_th,
        title_en=content.title_en,
        description_th=f"{content.hook_th} พร้อมข้อสังเกตและวิธีป้องกัน {tip_count} ข้อ",
        description_en=f"{content.hook_en} Includes {tip_count} warning signs and tips.",
        file_name=f"โปสเตอร์-{thai_file_stem(scam_type.name_th)}.png",
        content_type="image/png",
        audiences=list(content.audiences),
        channels=list(POSTER_CHANNELS),
    )


def _write_leaflet(
    scam_type: ScamType, content: ScamContent, fonts: ThaiFonts, output_dir: Path
) -> SampleItem:
    path = output_dir / f"leaflet-{scam_type.code}.pdf"
    save_pdf(
        render_leaflet(scam_type, content, fonts),
        path,
        title=f"{content.title_th} / {content.title_en}",
    )

    return SampleItem(
        path=path,
        kind="leaflet",
        scam_types=[scam_type.code],
        title_th=content.title_th,
        title_en=content.title_en,
        description_th=f"แผ่นพับ A4 สองหน้า ภาษาไทยและอังกฤษ: {content.hook_th} พร้อมขั้นตอนเมื่อถูกหลอก",
        description_en=f"Two-page A4 leaflet in Thai and English: {content.hook_en} Includes steps to take after a scam.",
        file_name=f"แผ่นพับ-{thai_file_stem(scam_type.name_th)}.pdf",
        content_type="application/pdf",
        audiences=list(content.audiences),
        channels=list(LEAFLET_CHANNELS),
    )


def save_pdf(pages: list[Image.Image], path: Path, title: str) -> None:
    """Write pages as a PDF with no timestamps, so reruns give the same bytes."""
    pages[0].save(
        path,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=LEAFLET_DPI,
        title=title,
        author="Cyber Vaccine",
        creationDate=None,
        modDate=None,
        quality=90,
        subsampling=0,
    )


def thai_file_stem(name: str) -> str:
    """Turn a scam type name into a file name part: Thai kept, spaces and brackets to dashes."""
    name = name.replace(" ๆ", "ๆ")
    return re.sub(r"[^0-9A-Za-z\u0E00-\u0E7F]+", "-", name).strip("-")
