"""Errors of the quiz service.

Every error the service raises is one of the shared classes in
``cybervaccine.errors`` built from ``messages.MESSAGES``, so it reaches the
gateway with its code and both languages. This module adds ``Problem``,
one finding in a question or in a line of an imported question file.
"""

import dataclasses

from services.quiz.messages import MESSAGES


@dataclasses.dataclass
class Problem:
    """A problem with one field of a question; ``line`` is set for imported files (the first line is 1)."""

    field: str
    value: str
    code: str
    message_th: str
    message_en: str
    line: int = None
    params: dict = dataclasses.field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, code, field, value="", **params):
        """Build a problem with the message ``code`` in both languages."""
        shown = "" if value is None else str(value)[:80]
        texts = dict(params, field=field, value=shown)
        return cls(field, shown, code, MESSAGES.text(code, "th", **texts), MESSAGES.text(code, "en", **texts), None, params)

    def renamed(self, field):
        """Return the same problem reported on another field name (a CSV column, say)."""
        problem = Problem.of(self.code, field, self.value, **self.params)
        problem.line = self.line
        return problem

    def to_dict(self):
        data = {key: getattr(self, key) for key in ("line", "field", "value", "code", "message_th", "message_en")}
        if self.line is None:
            del data["line"]
        return data
