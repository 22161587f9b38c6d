"""The OpenAPI document, generated from the route table and its marshmallow schemas."""

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "Stable machine code."},
        "message": {"type": "string", "description": "Text in the language chosen by Accept-Language (Thai by default)."},
        "details": {"type": "object"},
    },
}
PATH_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def build_spec(routes):
    spec = APISpec(
        title="Cyber Vaccine API",
        version="1.0.0",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={"description": "HTTP API of the Cyber Vaccine (ไซเบอร์วัคซีน) outreach platform."},
    )
    spec.components.schema("Error", ERROR_SCHEMA)
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})

    paths = {}
    for route in routes:
        path, parameters = _openapi_path(route.path)
        paths.setdefault(path, {"parameters": parameters, "operations": {}})
        paths[path]["operations"][route.method.lower()] = _operation(route)

    for path, item in paths.items():
        spec.path(path=path, operations=item["operations"], parameters=item["parameters"] or None)
    return spec.to_dict()


def _openapi_path(path):
    parameters = []
    for converter, name in PATH_PARAMETER.findall(path):
        schema_type = "integer" if converter == "int" else "string"
        parameters.append({"name": name, "in": "path", "required": True, "schema": {"type": schema_type}})
    return PATH_PARAMETER.sub(lambda match: "{" + match.group(2) + "}", path), parameters


def _operation(route):
    operation = {
        "summary": route.summary,
        "tags": [route.tag],
        "operationId": "{}_{}".format(route.method.lower(), route.path.strip("/").replace("/", "_")),
        "responses": {"default": {"description": "Error", "content": {"application/json": {"schema": "Error"}}}},
    }
    success = {"description": "OK"}
    if route.response:
        schema = {"type": "array", "items": route.response} if route.many else route.response
        success["content"] = {"application/json": {"schema": schema}}
    operation["responses"]["200"] = success

    if route.body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": route.body}}}
    if route.query:
        operation["parameters"] = [{"in": "query", "schema": route.query}]
    if route.roles is not None:
        operation["security"] = [{"bearer": []}]
        if route.roles:
            operation["description"] = "Roles: " + ", ".join(route.roles)
    return operation
