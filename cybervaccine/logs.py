"""Structured logging: the request id and service on every record, JSON or text, secrets masked.

The gateway takes a request id from ``X-Request-ID`` (or makes one) and puts
it in the worker's context data. nameko copies context data into the
headers of every RPC call the worker makes, and the outbox copies it into
the headers of every event. So each worker that handles the request, on any
service, has the same ``request_id`` in ``worker_ctx.context_data``.

``LogContext`` stores the current worker's context in a greenthread-local
variable. ``ContextFilter`` reads it and adds ``request_id`` and ``service``
to each record logged from that greenthread. ``RedactionFilter`` masks
tokens, passwords, credentials in URLs, query strings of request lines and
citizens' contact data; ``PlatformFormatter`` writes one JSON object per
line (``output: json``) or a readable line (``output: text``, the default).
config.yaml wires them together in its LOGGING section.
"""

import datetime
import json
import logging
import re
import time

from eventlet.corolocal import local
from nameko.extensions import DependencyProvider
from nameko.web.handlers import HttpRequestHandler

from cybervaccine.metrics import entrypoint_identity, http_status

log = logging.getLogger(__name__)

NO_VALUE = "-"
OUTPUTS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(service)s [%(request_id)s] %(name)s: %(message)s"
OPERATIONS_ROUTE_PREFIXES = ("/metrics", "/health")
REDACTED = "[REDACTED]"

_current = local()
_process_services = set()


def current_worker_context():
    """Return the nameko worker context of the running greenthread, or None outside a worker."""
    return getattr(_current, "worker_ctx", None)


class LogContext(DependencyProvider):
    """Make the worker's context visible to log filters, and log each HTTP request once.

    The HTTP line names the route template, never the raw path, so it
    contains no ids or query strings. Probe and metrics routes log at DEBUG.
    """

    def __init__(self):
        self.started = {}

    def setup(self):
        _process_services.add(self.container.service_name)

    def get_dependency(self, worker_ctx):
        return None

    def worker_setup(self, worker_ctx):
        _current.worker_ctx = worker_ctx
        self.started[worker_ctx] = time.perf_counter()

    def worker_result(self, worker_ctx, result=None, exc_info=None):
        started = self.started.pop(worker_ctx, None)
        if started is None or not isinstance(worker_ctx.entrypoint, HttpRequestHandler):
            return

        _, route = entrypoint_identity(worker_ctx.entrypoint)
        status = 500 if exc_info is not None else http_status(result)
        level = logging.DEBUG if _is_operations_route(worker_ctx.entrypoint.url) else logging.INFO
        log.log(level, "%s %d in %.1f ms", route, status, (time.perf_counter() - started) * 1000)

    def worker_teardown(self, worker_ctx):
        self.started.pop(worker_ctx, None)
        if current_worker_context() is worker_ctx:
            _current.worker_ctx = None


def _is_operations_route(url):
    return url.startswith(OPERATIONS_ROUTE_PREFIXES)


class ContextFilter(logging.Filter):
    """Add ``request_id`` and ``service`` to every record (``-`` when unknown).

    Outside a worker the service is the process's service when the process
    runs exactly one, as ``nameko run`` does in production.
    """

    def filter(self, record):
        worker_ctx = current_worker_context()

        if not hasattr(record, "request_id"):
            request_id = worker_ctx.context_data.get("request_id") if worker_ctx is not None else None
            record.request_id = request_id or NO_VALUE

        if not hasattr(record, "service"):
            record.service = worker_ctx.service_name if worker_ctx is not None else _process_service()

        return True


def _process_service():
    if len(_process_services) == 1:
        return next(iter(_process_services))
    return NO_VALUE


def _thai_id_is_valid(digits):
    """Check the mod-11 check digit of a 13-digit Thai national id number."""
    total = sum(int(digit) * weight for digit, weight in zip(digits[:12], range(13, 1, -1)))
    return (11 - total % 11) % 10 == int(digits[12])


def _mask_thai_id(match):
    digits = re.sub(r"\D", "", match.group(0))
    return REDACTED if _thai_id_is_valid(digits) else match.group(0)


# Each name here needs a word of REDACTION_WORDS below (a test checks it).
SECRET_KEYS = r"password|passwd|secret|token|api[_-]?key|access[_-]?key|credential"
REDACTIONS = (
    # Authorization headers and bearer tokens.
    (re.compile(r"(?i)\b(authorization\s*[:=]\s*)(\"?)[^\s\",]+(?:\s+[^\s\",]+)?"), r"\1\2" + REDACTED),
    (re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+"), "Bearer " + REDACTED),
    # JSON Web Tokens wherever they appear.
    (re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), REDACTED),
    # key=value pairs, and quoted "key": value pairs, whose key names a secret.
    (re.compile(r"(?i)(\b[\w-]*(?:%s)[\w-]*\s*=\s*)(\"[^\"]*\"|'[^']*'|[^\s,;&}]+)" % SECRET_KEYS), r"\1" + REDACTED),
    (
        re.compile(r"(?i)([\"'][\w-]*(?:%s)[\w-]*[\"']\s*:\s*)(\"(?:[^\"\\]|\\.)*\"|'[^']*'|[^\s,}]+)" % SECRET_KEYS),
        r"\1" + REDACTED,
    ),
    # Passwords in URLs such as amqp://user:password@host.
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^/\s:@]+):[^@\s/]+@"), r"\1:" + REDACTED + "@"),
    # Query strings of HTTP request lines (access logs), which may carry search text.
    (re.compile(r"(\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) [^\s?]+)\?\S*"), r"\1?" + REDACTED),
    # Citizens' contact data: e-mail addresses and Thai mobile numbers.
    (re.compile(r"(?<![\w.+/:-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"), REDACTED),
    (re.compile(r"(?<![\d-])0[689]\d-?\d{3}-?\d{4}(?![\d-])"), REDACTED),
)
THAI_ID = re.compile(r"(?<![\d-])\d-?\d{4}-?\d{5}-?\d{2}-?\d(?![\d-])")

# In ASCII text each pattern above needs one of these to match: a word it
# names, a character it requires, or a run of ten digits and dashes (phone
# and id numbers).
REDACTION_WORDS = ("authorization", "bearer", "password", "passwd", "secret", "token", "key", "credential")
REDACTION_MARKS = ("eyJ", "@", "?")
DIGIT_RUN = re.compile(r"[0-9-]{10,}")


def redact(text):
    """Return ``text`` with tokens, secrets, URL passwords, query strings and contact data masked."""
    if text.isascii() and not _may_need_redaction(text):
        return text
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return THAI_ID.sub(_mask_thai_id, text)


def _may_need_redaction(text):
    """Return False only when no redaction pattern can match ASCII ``text``. The check costs far less than they do."""
    lowered = text.lower()
    return (
        any(word in lowered for word in REDACTION_WORDS)
        or any(mark in text for mark in REDACTION_MARKS)
        or DIGIT_RUN.search(text) is not None
    )


class RedactionFilter(logging.Filter):
    """Mask secrets and citizens' data in the message and the traceback of every record.

    It is a safety net: code should not log such values in the first place.
    """

    def filter(self, record):
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None

        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class PlatformFormatter(logging.Formatter):
    """Format records as a readable line (``text``) or as one JSON object per line (``json``)."""

    def __init__(self, output="text", fmt=TEXT_FORMAT, datefmt=None):
        output = (output or "text").strip().lower()
        if output not in OUTPUTS:
            raise ValueError("LOG_FORMAT must be one of {}, not {!r}".format(", ".join(OUTPUTS), output))
        super().__init__(fmt=fmt, datefmt=datefmt)
        self.output = output

    def format(self, record):
        record.request_id = getattr(record, "request_id", NO_VALUE)
        record.service = getattr(record, "service", NO_VALUE)
        if self.output == "text":
            return super().format(record)
        return json.dumps(self.fields(record), ensure_ascii=False)

    def fields(self, record):
        """Return the JSON object of one record."""
        fields = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.timezone.utc).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "service": record.service,
            "request_id": record.request_id,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            fields["exception"] = record.exc_text
        if record.stack_info:
            fields["stack"] = self.formatStack(record.stack_info)
        return fields
