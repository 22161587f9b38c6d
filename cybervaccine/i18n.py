"""Thai and English text helpers: message catalogues, language choice, dates.

Thai is the default language. Dates shown to Thai readers use the Buddhist
era (พ.ศ. = Common Era year + 543).
"""

import datetime

from cybervaccine import errors

SUPPORTED_LANGUAGES = ("th", "en")
DEFAULT_LANGUAGE = "th"
BUDDHIST_ERA_OFFSET = 543

THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)


def negotiate_language(accept_language):
    """Pick "th" or "en" from an Accept-Language header value.

    The highest-weighted supported language wins, and Thai is returned when
    the header is missing or names no supported language.
    """
    if not accept_language:
        return DEFAULT_LANGUAGE

    ranked = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = _parse_weight(params)
        primary = tag.strip().lower().split("-")[0]
        if primary in SUPPORTED_LANGUAGES and weight > 0:
            ranked.append((-weight, position, primary))

    if not ranked:
        return DEFAULT_LANGUAGE
    return min(ranked)[2]


def _parse_weight(params):
    params = params.strip()
    if not params.startswith("q="):
        return 1.0
    try:
        return float(params[2:])
    except ValueError:
        return 0.0


def buddhist_year(year):
    """Return the Buddhist-era year for a Common Era year."""
    return year + BUDDHIST_ERA_OFFSET


def format_thai_date(value):
    """Format a date as Thai readers expect it: "4 ธันวาคม 2569"."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    month = THAI_MONTHS[value.month - 1]
    return "{} {} {}".format(value.day, month, buddhist_year(value.year))


class Catalogue:
    """A service's user-facing messages, keyed by a stable code.

    Each entry is a pair of ``str.format`` templates, Thai then English. The
    ``raise_*`` helpers build the matching error so that a message can never
    exist in one language only.
    """

    def __init__(self, entries):
        for code, pair in entries.items():
            if len(pair) != 2 or not all(pair):
                raise ValueError("message {!r} needs Thai and English text".format(code))
        self.entries = dict(entries)

    def text(self, code, language=DEFAULT_LANGUAGE, /, **params):
        """Return the message ``code`` in ``language`` with ``params`` filled in."""
        thai, english = self.entries[code]
        template = english if language == "en" else thai
        return template.format(**params)

    def error(self, error_class, code, /, details=None, **params):
        """Build an ``error_class`` instance carrying both languages."""
        return error_class(
            code,
            self.text(code, "th", **params),
            self.text(code, "en", **params),
            details=details,
        )

    def invalid(self, code, /, details=None, **params):
        return self.error(errors.InvalidInput, code, details, **params)

    def not_found(self, code, /, details=None, **params):
        return self.error(errors.NotFound, code, details, **params)

    def conflict(self, code, /, details=None, **params):
        return self.error(errors.Conflict, code, details, **params)

    def denied(self, code, /, details=None, **params):
        return self.error(errors.PermissionDenied, code, details, **params)
