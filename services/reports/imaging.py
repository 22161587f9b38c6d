"""Photo checks and display copies with Pillow; plain functions, no I/O beyond the given files.

The service runs the CPU-heavy ones in ``eventlet.tpool`` so that the hub
keeps serving AMQP heartbeats while Pillow works.
"""

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
HEAD_BYTES = 256 * 1024
MAX_PIXELS = 100_000_000
MAX_SIDE = 30_000
DISPLAY_EDGE = 1600
THUMBNAIL_EDGE = 320
JPEG_QUALITY = 82
EXIF_ORIENTATION = 0x0112


class NotAnImage(Exception):
    """Raised when bytes are not a JPEG, PNG or WebP image that Pillow can read, or are implausibly large."""


def sniff_format(head):
    """Return "JPEG", "PNG" or "WEBP" from an object's first bytes, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def inspect_head(head):
    """Check the first bytes of a photo; return (format, width, height) or raise NotAnImage.

    Pillow reads only the header here, so the first few hundred KiB are
    enough; decoding the whole image waits for the display copies.
    """
    expected = sniff_format(head)
    if expected is None:
        raise NotAnImage("unknown signature")

    try:
        with Image.open(io.BytesIO(head)) as image:
            found, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise NotAnImage(str(error))

    if found != expected:
        raise NotAnImage("signature {} but content {}".format(expected, found))
    if width < 1 or height < 1 or width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise NotAnImage("implausible size {}x{}".format(width, height))
    return found, width, height


def make_display_copies(source, display, thumbnail):
    """Write a display JPEG and a thumbnail JPEG of the image in ``source``; return its (width, height).

    The copies are turned upright from the EXIF orientation and saved with
    no EXIF at all, so they carry no GPS position. The original is left as
    it is. All three arguments are open binary files.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(source) as image:
                size = _upright_size(image)
                image.draft("RGB", (DISPLAY_EDGE, DISPLAY_EDGE))
                upright = ImageOps.exif_transpose(image).convert("RGB")
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombWarning,
                Image.DecompressionBombError) as error:
            raise NotAnImage(str(error))

    icc_profile = upright.info.get("icc_profile")
    _save_jpeg(_resized(upright, DISPLAY_EDGE), display, icc_profile)
    _save_jpeg(_resized(upright, THUMBNAIL_EDGE), thumbnail, icc_profile)
    return size


def _upright_size(image):
    width, height = image.size
    if image.getexif().get(EXIF_ORIENTATION) in (5, 6, 7, 8):
        return height, width
    return width, height


def _resized(image, edge):
    copy = image.copy()
    copy.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    return copy


def _save_jpeg(image, handle, icc_profile):
    image.info = {}
    options = {"quality": JPEG_QUALITY, "optimize": True}
    if icc_profile:
        options["icc_profile"] = icc_profile
    image.save(handle, "JPEG", **options)
    handle.flush()
