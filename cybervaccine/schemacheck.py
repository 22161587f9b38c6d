"""A fast validity check derived from a marshmallow schema, for hot paths.

``Schema.load`` costs about 160 µs for one ``quiz_completed`` event, mostly
in marshmallow's per-field machinery rather than in the checks themselves.
``compile_check(schema)`` walks the schema's fields once and returns a
function that tests whether ``schema.load(data)`` would succeed, with plain
type tests, the fields' own validators and, for the other field types, the
field's own ``deserialize``.

The check is conservative: True means ``load`` succeeds; False means
"not sure", and the caller then runs ``load`` for the verdict and its
error messages. Inputs that marshmallow would coerce (the string "5" for
an Integer, a tuple for a List, bytes for a String) give False. A schema
with load hooks or ``@validates`` methods, whose effects the check cannot
see, gets no fast check: ``compile_check`` returns None.
"""

import math
import re

from marshmallow import EXCLUDE, INCLUDE, RAISE, ValidationError, fields

CANONICAL_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# Field types whose loaded value is the input itself, so validators can run on the input.
_EXACT_TYPES = {
    fields.String: lambda value: type(value) is str,
    fields.Integer: lambda value: type(value) is int,
    fields.Boolean: lambda value: type(value) is bool,
}


def compile_check(schema):
    """Return check(data) -> bool for a schema instance, or None when no fast check is possible."""
    if any(schema._hooks.values()) or schema.unknown not in (RAISE, EXCLUDE, INCLUDE):
        return None

    checks = []
    for name, field in schema.load_fields.items():
        if field.dump_only:
            return None
        value_check = _value_check(field)
        if value_check is None:
            return None
        checks.append((field.data_key or name, field.required, field.allow_none, value_check))

    known = {key for key, _, _, _ in checks}
    unknown = schema.unknown

    def check(data):
        if type(data) is not dict:
            return False
        if unknown == RAISE and not known.issuperset(data):
            return False
        for key, required, allow_none, value_check in checks:
            if key not in data:
                if required:
                    return False
                continue
            value = data[key]
            if value is None:
                if not allow_none:
                    return False
                continue
            if not value_check(value):
                return False
        return True

    return check


def _value_check(field):
    """Return check(value) -> bool for a non-None value of ``field``, or None."""
    if isinstance(field, fields.Nested):
        return _nested_check(field)
    if isinstance(field, fields.List):
        return _list_check(field)

    type_check = _EXACT_TYPES.get(type(field))
    if type_check is None and type(field) is fields.Float:
        type_check = _is_finite_number if not field.allow_nan else _is_number
    if type_check is None and type(field) is fields.UUID and not field.validators:
        return lambda value: type(value) is str and CANONICAL_UUID.match(value) is not None
    if type_check is None:
        return _deserialize_check(field)

    return _typed_check(type_check, tuple(field.validators))


def _typed_check(type_check, validators):
    def check(value):
        if not type_check(value):
            return False
        try:
            for validator in validators:
                if validator(value) is False:
                    return False
        except ValidationError:
            return False
        return True

    return check


def _deserialize_check(field):
    """Other field types: the field's own deserialize, which runs its validators too."""

    def check(value):
        try:
            field.deserialize(value)
        except ValidationError:
            return False
        return True

    return check


def _list_check(field):
    if field.validators:
        return _deserialize_check(field)
    inner = field.inner
    inner_check = _value_check(inner)
    if inner_check is None:
        return None
    allow_none = inner.allow_none

    def check(value):
        if type(value) is not list:
            return False
        for item in value:
            if item is None:
                if not allow_none:
                    return False
            elif not inner_check(item):
                return False
        return True

    return check


def _nested_check(field):
    if field.validators or field.many or field.only or field.exclude or field.unknown is not None:
        return None
    return compile_check(field.schema)


def _is_number(value):
    return type(value) in (int, float)


def _is_finite_number(value):
    return type(value) in (int, float) and math.isfinite(value)
