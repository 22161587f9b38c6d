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

``compile_loader(schema)`` goes one step further for schemas made only of
strings, integers and booleans (and lists and nested schemas of them),
whose ``load`` returns the input unchanged: it returns a function that
gives what ``load`` would return, or None when the caller must run
``load``.
"""

import datetime
import math
import re

from marshmallow import EXCLUDE, INCLUDE, RAISE, ValidationError, fields, missing

LOWERCASE_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CANONICAL_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# Field types whose loaded value is the input itself, so validators can run on the input.
_EXACT_TYPES = {
    fields.String: lambda value: type(value) is str,
    fields.Integer: lambda value: type(value) is int,
    fields.Boolean: lambda value: type(value) is bool,
}


def compile_check(schema, round_trip=False):
    """Return check(data) -> bool for a schema instance, or None when no fast check is possible.

    With ``round_trip``, True also promises ``dump(load(data)) == data``.
    Fields that may load to another form (renamed, with defaults, floats,
    non-canonical UUIDs or times) then give None, and so does a schema
    that drops unknown keys.
    """
    if any(schema._hooks.values()) or schema.unknown not in (RAISE, EXCLUDE, INCLUDE):
        return None
    if round_trip and schema.unknown != RAISE:
        return None

    checks = []
    for name, field in schema.load_fields.items():
        if field.dump_only or (round_trip and not _keeps_its_key(field)):
            return None
        value_check = _value_check(field, round_trip)
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


def compile_loader(schema):
    """Return load(data) -> dict or None for a schema whose load returns its input, or None for other schemas.

    Such a schema has only plain fields (``is_plain``) and rejects unknown
    keys. A field's constant default (None, a string, a number or a
    boolean) is filled in when its key is absent, as ``load`` does.
    """
    if schema.unknown != RAISE:
        return None
    defaults = {}
    for name, field in schema.load_fields.items():
        if not is_plain(field, allow_load_default=True):
            return None
        if field.load_default is not missing:
            if not isinstance(field.load_default, (type(None), str, int, bool)):
                return None
            defaults[name] = field.load_default
    check = compile_check(schema)
    if check is None:
        return None

    def load(data):
        if not check(data):
            return None
        loaded = dict(defaults)
        loaded.update(data)
        return loaded

    return load


def is_plain(field, allow_load_default=False):
    """True for a field whose loaded and dumped value is its input, unrenamed and without defaults.

    That is a string, an integer or a boolean, or a list of plain fields,
    or a nested schema of plain fields that rejects unknown keys.
    """
    if field.data_key is not None or field.attribute is not None or field.dump_default is not missing:
        return False
    if field.load_default is not missing and not allow_load_default:
        return False
    if isinstance(field, fields.Nested):
        nested = field.schema
        return (
            not field.many
            and nested.unknown == RAISE
            and not any(nested._hooks.values())
            and all(is_plain(inner) for inner in nested.fields.values())
        )
    if isinstance(field, fields.List):
        return is_plain(field.inner)
    return type(field) in _EXACT_TYPES


def _keeps_its_key(field):
    return (
        field.data_key is None
        and field.attribute is None
        and field.load_default is missing
        and field.dump_default is missing
    )


def _value_check(field, round_trip=False):
    """Return check(value) -> bool for a non-None value of ``field``, or None."""
    if isinstance(field, fields.Nested):
        return _nested_check(field, round_trip)
    if isinstance(field, fields.List):
        return _list_check(field, round_trip)
    if round_trip:
        return _round_trip_value_check(field)

    type_check = _EXACT_TYPES.get(type(field))
    if type_check is None and type(field) is fields.Float:
        type_check = _is_finite_number if not field.allow_nan else _is_number
    if type_check is None and type(field) is fields.UUID and not field.validators:
        return lambda value: type(value) is str and CANONICAL_UUID.match(value) is not None
    if type_check is None:
        return _deserialize_check(field)

    return _typed_check(type_check, tuple(field.validators))


def _typed_check(type_check, validators):
    if not validators:
        return type_check

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


def _round_trip_value_check(field):
    """Return a check that a value loads and dumps back to itself, or None for types that may change it."""
    if field.validators and type(field) not in _EXACT_TYPES:
        return None
    if type(field) is fields.UUID:
        return lambda value: type(value) is str and LOWERCASE_UUID.match(value) is not None
    if type(field) is fields.AwareDateTime and field.format in (None, "iso"):
        return _iso_round_trip(datetime.datetime, aware=True)
    if type(field) is fields.Date and field.format in (None, "iso"):
        return _iso_round_trip(datetime.date, aware=False)
    type_check = _EXACT_TYPES.get(type(field))
    if type_check is None:
        return None
    return _typed_check(type_check, tuple(field.validators))


def _iso_round_trip(kind, aware):
    def check(value):
        if type(value) is not str:
            return False
        try:
            parsed = kind.fromisoformat(value)
        except ValueError:
            return False
        if aware and parsed.utcoffset() is None:
            return False
        return parsed.isoformat() == value

    return check


def _list_check(field, round_trip=False):
    inner = field.inner
    if round_trip and not _keeps_its_key(inner):
        return None
    inner_check = _value_check(inner, round_trip)
    if inner_check is None:
        return None
    allow_none = inner.allow_none

    def check_items(value):
        if type(value) is not list:
            return False
        for item in value:
            if item is None:
                if not allow_none:
                    return False
            elif not inner_check(item):
                return False
        return True

    # The list's own validators (a length, say), if any, run on the checked list.
    return _typed_check(check_items, tuple(field.validators))


def _nested_check(field, round_trip=False):
    if field.validators or field.many or field.only or field.exclude or field.unknown is not None:
        return None
    return compile_check(field.schema, round_trip)


def _is_number(value):
    return type(value) in (int, float)


def _is_finite_number(value):
    return type(value) in (int, float) and math.isfinite(value)
