"""The fast request loader agrees with marshmallow for every schema of the services that gets one.

For each schema with a fast loader, many inputs are built from values its
fields' validators accept and reject. Whenever the fast loader returns a
result, ``Schema.load`` must succeed and return the same; whenever
``Schema.load`` fails, the fast loader must return None.
"""

import importlib
import inspect
import random

import pytest
from marshmallow import Schema, ValidationError, fields, validate

from cybervaccine import schemacheck
from cybervaccine.errors import InvalidInput
from cybervaccine.validation import fast_loader, load

SERVICES = ("analytics", "directory", "media", "quiz", "reports")
ROUNDS = 400


def request_schemas():
    found = {}
    for service in SERVICES:
        module = importlib.import_module("services.{}.schemas".format(service))
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Schema) and value.__module__ == module.__name__:
                found["{}.{}".format(service, name)] = value
    return sorted(found.items())


FAST = [(name, schema_class) for name, schema_class in request_schemas() if fast_loader(schema_class) is not None]


PLAUSIBLE = ("loan", "q-loan-01", "a", "TH-10", "1001", "ทดสอบ", "under-18", 1, 5, 0, True, False, None)


def candidates(field, rng, depth=0):
    """Values for ``field``: edge values around its validators and wrong types."""
    values = [None, "", "x", 7, True, [], {}, 1.5, "7"]
    for validator in field.validators:
        if isinstance(validator, validate.OneOf):
            values += list(validator.choices) + [str(choice) + "?" for choice in validator.choices]
        if isinstance(validator, validate.Length):
            for size in (validator.min, validator.max, validator.equal):
                if size is not None:
                    values += ["ก" * size, "ก" * (size + 1), "a" * max(size - 1, 0), list(range(size))]
        if isinstance(validator, validate.Range):
            for bound in (validator.min, validator.max):
                if bound is not None:
                    values += [bound, bound - 1, bound + 1]
    if isinstance(field, fields.Nested) and depth < 3:
        values += [sample(field.schema, rng, depth + 1) for _ in range(4)]
    if isinstance(field, fields.List) and depth < 3:
        for size in (0, 1, 3):
            values.append([pick(field.inner, rng, depth + 1) for _ in range(size)])
    return values


def accepted_values(field, values):
    good = []
    for value in values:
        try:
            field.deserialize(value)
        except (ValidationError, TypeError):
            continue
        good.append(value)
    return good


CANDIDATES = {}


def pick(field, rng, depth):
    """Mostly a value the field accepts, sometimes any candidate; the candidates are built once per field."""
    if depth < 3 and isinstance(field, fields.Nested) and rng.random() < 0.5:
        return sample(field.schema, rng, depth + 1)
    if depth < 3 and isinstance(field, fields.List) and rng.random() < 0.5:
        return [pick(field.inner, rng, depth + 1) for _ in range(rng.choice((0, 1, 2, 5)))]
    if id(field) not in CANDIDATES:
        values = candidates(field, rng, depth)
        CANDIDATES[id(field)] = (field, values, accepted_values(field, values + list(PLAUSIBLE)))
    _, values, good = CANDIDATES[id(field)]
    if good and rng.random() < 0.8:
        return rng.choice(good)
    return rng.choice(values)


def sample(schema, rng, depth=0):
    data = {}
    for name, field in schema.load_fields.items():
        if field.required or rng.random() < 0.7:
            data[field.data_key or name] = pick(field, rng, depth)
    if rng.random() < 0.05:
        data["unexpected"] = "x"
    return data


def marshmallow_load(schema, data):
    try:
        return True, schema.load(data)
    except (ValidationError, InvalidInput):
        return False, None


def check_agreement(name, schema_class):
    """Compare the fast loader with marshmallow on generated inputs; return how many it accepted."""
    rng = random.Random(name)
    schema = schema_class()
    loader = fast_loader(schema_class)
    accepted = 0

    for _ in range(ROUNDS):
        data = sample(schema, rng)
        ok, loaded = marshmallow_load(schema, data)
        fast = loader(data)
        if fast is not None:
            accepted += 1
            assert ok, data
            assert fast == loaded, data
        elif not ok:
            assert fast is None

    return accepted


@pytest.mark.parametrize("name, schema_class", FAST, ids=[name for name, _ in FAST])
def test_fast_loader_agrees_with_marshmallow(name, schema_class):
    check_agreement(name, schema_class)


@pytest.mark.parametrize("name", ["quiz.SubmitAnswersRequest", "quiz.StartAttemptRequest"])
def test_quiz_requests_take_the_fast_path(name):
    schema_class = dict(FAST)[name]

    assert check_agreement(name, schema_class) > ROUNDS // 10


def test_load_reports_every_error_of_fast_schemas():
    from services.quiz.schemas import SubmitAnswersRequest

    with pytest.raises(InvalidInput) as failure:
        load(SubmitAnswersRequest, {"answers": [{"question_id": "", "choice_id": "abcde"}]})

    assert set(failure.value.details["fields"]["answers"][0]) == {"question_id", "choice_id"}


def test_reshaping_schemas_get_no_loader():
    class Renamed(Schema):
        name = fields.String(data_key="full_name")

    class Dated(Schema):
        day = fields.Date()

    class Defaulted(Schema):
        tags = fields.List(fields.String(), load_default=list)

    class Lenient(Schema):
        class Meta:
            unknown = "exclude"

        name = fields.String()

    for schema_class in (Renamed, Dated, Defaulted, Lenient):
        assert schemacheck.compile_loader(schema_class()) is None


def test_constant_default_is_filled_in():
    class Search(Schema):
        text = fields.String(load_default=None, allow_none=True)
        limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))

    loader = schemacheck.compile_loader(Search())

    assert loader({}) == {"text": None, "limit": 20} == Search().load({})
    assert loader({"limit": 0}) is None
