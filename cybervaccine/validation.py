"""Turn marshmallow validation errors into the platform's error type."""

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


def load(schema, data, **kwargs):
    """Load ``data`` with ``schema``; raise ``InvalidInput`` with every field error."""
    try:
        return schema.load(data if data is not None else {}, **kwargs)
    except ValidationError as error:
        raise invalid_input(error.normalized_messages())
