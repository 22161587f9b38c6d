"""Load request data with marshmallow schemas and turn their errors into the platform's error type."""

import functools

from marshmallow import ValidationError

from cybervaccine import errors, schemacheck


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


@functools.lru_cache(maxsize=None)
def fast_loader(schema_class):
    """Return the fast loader of a schema class (``schemacheck.compile_loader``), or None."""
    return schemacheck.compile_loader(cached(schema_class))


def load(schema, data, **kwargs):
    """Load ``data`` with ``schema`` (an instance or a class); raise ``InvalidInput`` with every field error.

    For a schema class whose load returns its input (plain fields only),
    valid data skips marshmallow's per-field machinery. Data that the fast
    check cannot pass goes through ``Schema.load``.
    """
    if data is None:
        data = {}
    if isinstance(schema, type):
        loader = None if kwargs else fast_loader(schema)
        loaded = loader(data) if loader is not None else None
        if loaded is not None:
            return loaded
        schema = cached(schema)
    try:
        return schema.load(data, **kwargs)
    except ValidationError as error:
        raise invalid_input(error.normalized_messages())
