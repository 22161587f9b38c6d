"""Error types that cross the RPC boundary.

A service raises one of these with a stable machine code and a message in
Thai and English. nameko serialises the exception arguments, and because
every class here is registered with ``deserialize_to_instance``, the gateway
receives the same class back and maps it to one HTTP status in one table.
"""

import json

from nameko.exceptions import deserialize_to_instance


class ServiceError(Exception):
    """Base class: a request failed for a reason the caller can act on.

    ``details`` is a JSON-safe dict (for example the offending field and
    value, or a list of row errors) that the gateway returns unchanged.
    """

    def __init__(self, code, message_th, message_en, details=None):
        if isinstance(details, str):
            details = json.loads(details)
        details = details or {}
        # nameko turns every non-string value in exception arguments into a
        # string, so the details travel as one JSON text to keep their types.
        super().__init__(code, message_th, message_en, json.dumps(details, ensure_ascii=False, default=str))
        self.code = code
        self.message_th = message_th
        self.message_en = message_en
        self.details = details

    def message(self, language):
        """Return the message in ``language`` ("th" or "en")."""
        return self.message_en if language == "en" else self.message_th

    def __str__(self):
        return "{}: {}".format(self.code, self.message_en)


@deserialize_to_instance
class InvalidInput(ServiceError):
    """Raised when a request's data fails validation."""


@deserialize_to_instance
class UnsupportedMediaType(InvalidInput):
    """Raised when a file's content is not a type the platform accepts."""


@deserialize_to_instance
class NotFound(ServiceError):
    """Raised when a requested record does not exist."""


@deserialize_to_instance
class Conflict(ServiceError):
    """Raised when a request clashes with stored data (a duplicate, a replay with another body)."""


@deserialize_to_instance
class PermissionDenied(ServiceError):
    """Raised when the caller's role or unit does not allow the request."""


@deserialize_to_instance
class Unauthenticated(ServiceError):
    """Raised when credentials or a token are missing, wrong or expired."""


@deserialize_to_instance
class TooLarge(ServiceError):
    """Raised when a body, file or batch exceeds a configured limit."""


@deserialize_to_instance
class Gone(ServiceError):
    """Raised when a record existed but can no longer be used, such as an expired quiz attempt."""


@deserialize_to_instance
class Unavailable(ServiceError):
    """Raised when a dependency (broker, database, object storage) cannot be reached."""
