"""The seed list of scam types with stable codes.

The working group manages the live list in the directory service; this file
only seeds it. Codes never change meaning: a new kind of scam gets a new
code.
"""

import json
import re
from pathlib import Path

SEED_FILE = Path(__file__).with_name("data") / "scam_types.json"
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


def seed_scam_types():
    """Return the seed list as dicts with code, name_th and name_en."""
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


def seed_codes():
    return [item["code"] for item in seed_scam_types()]


def is_valid_code(code):
    """Return True if ``code`` has the form of a scam type code (lower-case, digits, hyphens)."""
    return bool(CODE_PATTERN.match(code or ""))
