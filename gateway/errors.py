"""One table from error type to HTTP status, and the one error body of the API.

Every error response is ``{"error": CODE, "message": TEXT}`` with the text
in the caller's language, plus ``details`` when there is more to act on
(field errors, row errors).
"""

import json

from cybervaccine import errors

STATUS_BY_ERROR = {
    errors.InvalidInput: 400,
    errors.Unauthenticated: 401,
    errors.PermissionDenied: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.Gone: 410,
    errors.TooLarge: 413,
    errors.UnsupportedMediaType: 415,
    errors.Unavailable: 503,
}


class RateLimited(errors.ServiceError):
    """Raised by the gateway when a client sends more requests than its limit."""

    def __init__(self, code, message_th, message_en, details=None, retry_after=1):
        super().__init__(code, message_th, message_en, details)
        self.retry_after = retry_after


class GatewayTimeout(errors.ServiceError):
    """Raised when a service does not reply to an RPC within the timeout."""


STATUS_BY_ERROR[RateLimited] = 429
STATUS_BY_ERROR[GatewayTimeout] = 504


def status_for(error):
    for error_class in type(error).__mro__:
        if error_class in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[error_class]
    return 500


def error_body(code, message, details=None):
    body = {"error": code, "message": message}
    if details:
        body["details"] = details
    return json.dumps(body, ensure_ascii=False)
