"""The gateway's HTTP layer: JSON routes, authentication, limits and errors.

``route`` declares an API route with its roles and schemas. The wrapper it
builds does the same steps for every route: check the body size,
authenticate, check the role, parse and validate the body and query, call
the handler, and turn results and errors into JSON in the caller's
language. The route table feeds the OpenAPI document.
"""

import dataclasses
import functools
import json
import logging
import math
import re
import socket
import uuid

from nameko.web.handlers import HttpRequestHandler
from eventlet import wsgi
from nameko.web.server import HttpOnlyProtocol, WebServer, WsgiApp
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.wrappers import Request, Response

from cybervaccine import auth, errors, i18n, jsonfast
from cybervaccine.entrypoints import SignatureReadOnce
from cybervaccine.validation import load
from gateway.errors import RateLimited, error_body, status_for
from gateway.messages import MESSAGES

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
JSON_TYPE = "application/json; charset=utf-8"
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 32

ROUTES = []


@dataclasses.dataclass
class RouteSpec:
    """Route metadata for the OpenAPI document."""

    method: str
    path: str
    summary: str
    roles: tuple
    body: type
    query: type
    response: type
    many: bool
    tag: str
    max_bytes: int
    service_checks_body: bool = False


@dataclasses.dataclass
class RequestContext:
    """The request, the caller and validated input passed to a route handler."""

    request: Request
    language: str
    caller: auth.Caller
    body: dict
    query: dict
    request_id: str

    @property
    def caller_dict(self):
        return self.caller.to_dict()


def request_id_of(request):
    supplied = request.headers.get("X-Request-ID", "")
    return supplied if REQUEST_ID_PATTERN.match(supplied) else uuid.uuid4().hex


class ApiWsgiApp(WsgiApp):
    """Return the API's JSON error body for unknown routes and wrong methods."""

    def __call__(self, environ, start_response):
        request = Request(environ, shallow=True)
        adapter = self.url_map.bind_to_environ(environ)
        try:
            provider, values = adapter.match()
            request.path_values = values
            response = provider.handle_request(request)
        except NotFound:
            response = json_error(request, "route_not_found", 404, path=request.path)
        except MethodNotAllowed:
            response = json_error(request, "method_not_allowed", 405, path=request.path, method=request.method)
        except HTTPException as exc:
            response = exc
        return response(environ, start_response)


def json_error(request, code, status, **params):
    language = i18n.negotiate_language(request.headers.get("Accept-Language"))
    body = error_body(code, MESSAGES.text(code, language, **params))
    return Response(body, status=status, content_type=JSON_TYPE)


class ApiWebServer(WebServer):
    """nameko's web server with JSON errors and the request id in every worker's context.

    It writes no access log, because an access line would record each
    player's IP address, which the platform promises not to keep. It also
    sets TCP_NODELAY (inherited by accepted sockets on Linux), so that
    replies of a few kilobytes do not wait for the client's delayed ACK.
    """

    def get_wsgi_app(self):
        return ApiWsgiApp(self)

    def get_wsgi_server(self, sock, wsgi_app, protocol=HttpOnlyProtocol, debug=False):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return wsgi.Server(
            sock, sock.getsockname(), wsgi_app, protocol=protocol, debug=debug,
            log=logging.getLogger("nameko.web.server"), log_output=False,
        )

    def context_data_from_headers(self, request):
        request.request_id = request_id_of(request)
        return {"request_id": request.request_id}


class ApiHttpHandler(SignatureReadOnce, HttpRequestHandler):
    server = ApiWebServer()


api_http = ApiHttpHandler.decorator


def route(method, path, *, summary, tag, roles=None, body=None, query=None, response=None, many=False,
          max_bytes=None, raw=False, service_checks_body=False):
    """Declare an API route under /api/v1.

    ``roles`` None means public; an empty tuple means any signed-in account.
    ``raw`` handlers return a Werkzeug response themselves (files, redirects).
    With ``service_checks_body`` the handler gets the parsed JSON object
    as sent. The service it calls loads it with the same ``body`` schema,
    and its errors reach the caller unchanged.
    """
    spec = RouteSpec(method, API_PREFIX + path, summary, roles, body, query, response, many, tag, max_bytes,
                     service_checks_body)
    ROUTES.append(spec)

    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(self, request, **path_values):
            return handle(self, spec, handler, request, path_values, raw)

        return api_http(method, spec.path)(wrapper)

    return decorate


def handle(service, spec, handler, request, path_values, raw):
    language = i18n.negotiate_language(request.headers.get("Accept-Language"))
    request_id = getattr(request, "request_id", None) or request_id_of(request)
    try:
        context = build_context(service, spec, request, language, request_id)
        result = handler(service, context, **path_values)
        if raw:
            return result
        return json_response(result)
    except errors.ServiceError as error:
        return service_error_response(error, language, request_id)
    except Exception:
        log.exception("unhandled error on %s %s (request %s)", spec.method, spec.path, request_id)
        body = error_body("internal_error", MESSAGES.text("internal_error", language, request_id=request_id))
        return Response(body, status=500, content_type=JSON_TYPE, headers={"X-Request-ID": request_id})


def build_context(service, spec, request, language, request_id):
    check_size(request, spec.max_bytes or service.max_request_bytes)
    caller = authenticate(service, request) if spec.roles is not None else optional_caller(service, request)
    if spec.roles:
        require_roles(caller, spec.roles)
    if spec.roles is not None and not caller.is_authenticated:
        raise MESSAGES.error(errors.Unauthenticated, "unauthenticated")

    body = None
    if spec.body:
        body = parse_json(request) if spec.service_checks_body else load(spec.body, parse_json(request))
    query = load(spec.query, request.args.to_dict()) if spec.query else None
    return RequestContext(request, language, caller, body, query, request_id)


def check_size(request, limit):
    size = request.content_length or 0
    if size > limit:
        raise MESSAGES.error(errors.TooLarge, "payload_too_large", details={"limit": limit}, size=size, limit=limit)


def bearer_token(request):
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate(service, request):
    token = bearer_token(request)
    if token is None:
        raise MESSAGES.error(errors.Unauthenticated, "unauthenticated")
    try:
        return service.tokens.verify(token)
    except auth.InvalidToken as error:
        code = "token_expired" if error.reason == "expired" else "token_invalid"
        raise MESSAGES.error(errors.Unauthenticated, code)


def optional_caller(service, request):
    """Return the caller of a public route if a valid token came with it, else the anonymous public."""
    token = bearer_token(request)
    if token is None:
        return auth.ANONYMOUS
    try:
        return service.tokens.verify(token)
    except auth.InvalidToken:
        return auth.ANONYMOUS


def require_roles(caller, roles):
    if not caller.has_role(*roles):
        raise MESSAGES.error(errors.PermissionDenied, "forbidden", details={"roles": list(roles)}, roles=" / ".join(roles))


def parse_json(request):
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw, parse_constant=reject_constant, parse_float=finite_float)
        check_depth(raw, data)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise MESSAGES.invalid("invalid_json", detail=str(error)[:200])
    if not isinstance(data, dict):
        raise MESSAGES.invalid("json_object_required")
    return data


def reject_constant(name):
    """Raise ValueError for NaN and the infinities: Python's parser accepts them, but JSON has no such numbers."""
    raise ValueError("{} is not a JSON number".format(name))


def finite_float(text):
    """Return the float of a JSON number; raise ValueError when it is too large for a float."""
    value = float(text)
    if math.isinf(value):
        raise ValueError("{} is too large for a number".format(text[:40]))
    return value


def check_depth(raw, data):
    """Raise ValueError when ``data`` is nested deeper than MAX_JSON_DEPTH, which no request schema is.

    A body passed on unchecked is encoded again for the RPC call, which
    fails near Python's recursion limit. The walk runs only when the body
    has enough brackets to be that deep.
    """
    if not isinstance(data, (dict, list)) or raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return
    level = [(data, 1)]
    while level:
        value, depth = level.pop()
        if depth > MAX_JSON_DEPTH:
            raise ValueError("nested deeper than {} levels".format(MAX_JSON_DEPTH))
        children = value.values() if isinstance(value, dict) else value
        level.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


def json_response(result, status=200, headers=None):
    if isinstance(result, Response):
        return result
    if isinstance(result, tuple):
        status, result = result
    try:
        body = jsonfast.dumps(result)
    except TypeError:
        body = json.dumps(result, ensure_ascii=False)
    return Response(body, status=status, content_type=JSON_TYPE, headers=headers)


def service_error_response(error, language, request_id):
    status = status_for(error)
    headers = {"X-Request-ID": request_id}
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.retry_after)
    if status >= 500:
        log.warning("request %s failed: %s", request_id, error.code)
    body = error_body(error.code, error.message(language), error.details)
    return Response(body, status=status, content_type=JSON_TYPE, headers=headers)
