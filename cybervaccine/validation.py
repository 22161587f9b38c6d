"""Turn marshmallow validation errors into the platform's error type."""

import functools

from marshmallow import ValidationError

from cybervaccine import errors


def _summarise(messages, prefix=""):
    parts = []
    for field, problem in sorted(messages.items(), key=lambda item: str(item[0])):
        name = "{}{}".format(prefix, field)
        if isinstance(problem, dict):
            parts.extend(_summarise(problem, name + "."))
        else:
            text = problem[0] if isinstance(problem, list) and problem else str(problem)
            parts.append("{}: {}".format(name, text))
    return parts


def invalid_input(messages):
    """Build an ``InvalidInput`` naming every field that failed and why."""
    summary = "; ".join(_summarise(messages))
    return errors.InvalidInput(
        "invalid_input",
        "ข้อมูลไม่ถูกต้อง กรุณาแก้ไขช่องต่อไปนี้: {}".format(summary),
        "Invalid input. Fix these fields: {}".format(summary),
        details={"fields": messages},
    )


@functools.lru_cache(maxsize=None)
def cached(schema_class, many=False):
    """Return one shared instance of a schema class; building one per call costs more than a small load."""
    return schema_class(many=many)


def load(schema, data, **kwargs):
    """Load ``data`` with ``schema`` (an instance or a class); raise ``InvalidInput`` with every field error."""
    if isinstance(schema, type):
        schema = cached(schema)
    try:
        return schema.load(data if data is not None else {}, **kwargs)
    except ValidationError as error:
        raise invalid_input(error.normalized_messages())
