"""The web client: static files served from gateway/web with no build step."""

import mimetypes
from pathlib import Path

from werkzeug.security import safe_join
from werkzeug.wrappers import Response

from gateway.http import api_http, json_error

WEB_ROOT = Path(__file__).resolve().parents[1] / "web"
STATIC_ROOT = WEB_ROOT / "static"
CACHE_SECONDS = 300


CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css", ".html": "text/html", ".svg": "image/svg+xml"}


def file_response(path):
    content_type = CONTENT_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
        content_type += "; charset=utf-8"
    response = Response(path.read_bytes(), content_type=content_type)
    response.headers["Cache-Control"] = "public, max-age={}".format(CACHE_SECONDS)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


class WebRoutes:
    @api_http("GET", "/")
    def index(self, request):
        return file_response(WEB_ROOT / "index.html")

    @api_http("GET", "/<string:page>")
    def page(self, request, page):
        """Serve ``web/<page>.html`` (for example /quiz, /media) if it exists."""
        path = WEB_ROOT / "{}.html".format(page)
        if not page.isidentifier() or not path.is_file():
            return json_error(request, "route_not_found", 404, path=request.path)
        return file_response(path)

    @api_http("GET", "/static/<path:filename>")
    def static(self, request, filename):
        found = safe_join(str(STATIC_ROOT), filename)
        if found is None or not Path(found).is_file():
            return json_error(request, "route_not_found", 404, path=request.path)
        return file_response(Path(found))
