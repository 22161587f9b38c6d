"""Errors of the directory service.

Every error the service raises is one of the shared classes in
``cybervaccine.errors`` built from ``messages.MESSAGES``, so it reaches the
gateway with its code and both languages. This module adds the errors
found while reading a station list, which carry their line numbers.
"""

import dataclasses


@dataclasses.dataclass
class RowError:
    """A problem with one line of an imported file (the header is line 1)."""

    line: int
    field: str
    value: str
    code: str
    message_th: str
    message_en: str

    def to_dict(self):
        return dataclasses.asdict(self)
