"""QR codes of campaign links, as PNG (Pillow) or SVG, with the qrcode package."""

import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M

BOX_PIXELS = 12
QUIET_ZONE_BOXES = 4


def campaign_url(base_url, code):
    """Return the game page address of a campaign, as a player's phone opens it."""
    return "{}/quiz?c={}".format(base_url.rstrip("/"), code)


def _build(text):
    # Level M restores up to about 15% of a damaged or dirty printed code.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=BOX_PIXELS, border=QUIET_ZONE_BOXES)
    code.add_data(text)
    code.make(fit=True)
    return code


def qr_png(text):
    """Return a black-on-white PNG of ``text`` as bytes."""
    image = _build(text).make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg(text):
    """Return an SVG document of ``text`` that scales to any print size."""
    image = _build(text).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    return image.to_string(encoding="unicode")
