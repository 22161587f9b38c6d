"""Rows of several tables inserted at once: one statement on PostgreSQL, the same rows on SQLite."""

import datetime

import pytest
from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    event,
    select,
)
from sqlalchemy.exc import IntegrityError

from cybervaccine import bulk, db

METADATA = MetaData()
PARENTS = Table(
    "bulk_parents", METADATA,
    Column("id", String(36), primary_key=True),
    Column("day", Date, nullable=False),
    Column("happened_at", DateTime(timezone=True), nullable=False),
    Column("latitude", Float, nullable=True),
    Column("channels", JSON, nullable=False),
)
CHILDREN = Table(
    "bulk_children", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("parent_id", String(36), ForeignKey("bulk_parents.id"), nullable=False),
    Column("group", String(40), nullable=False),
    Column("count", Integer, nullable=False, default=7),
)
THAI_TIME = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture(params=["postgresql", "sqlite"])
def engine(request, tmp_path):
    if request.param == "postgresql":
        url = request.getfixturevalue("database_url")
    else:
        url = "sqlite:///{}".format(tmp_path / "bulk.sqlite")
    engine = db.make_engine(url, schema="directory", pool_size=1)
    METADATA.create_all(engine)
    yield engine
    engine.dispose()


def counting_statements(engine):
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    return statements


def parent(parent_id, latitude):
    return {
        "id": parent_id, "day": datetime.date(2026, 12, 5),
        "happened_at": datetime.datetime(2026, 12, 5, 10, 30, 15, 123456, tzinfo=THAI_TIME),
        "latitude": latitude, "channels": ["in-person", "ออนไลน์"],
    }


def test_rows_of_two_tables_are_stored_alike(engine):
    statements = counting_statements(engine)
    parents = [parent("a", 13.75), parent("b", None)]
    children = [{"parent_id": "a", "group": "elderly", "count": 25}, {"parent_id": "b", "group": "students"}]

    with engine.begin() as connection:
        bulk.insert_rows(connection, [(PARENTS, parents), (CHILDREN, children), (CHILDREN, [])])

    with engine.connect() as connection:
        stored_parents = connection.execute(select(PARENTS).order_by(PARENTS.c.id)).mappings().all()
        stored_children = connection.execute(
            select(CHILDREN.c.parent_id, CHILDREN.c.group, CHILDREN.c["count"]).order_by(CHILDREN.c.parent_id)
        ).all()
    assert [row["id"] for row in stored_parents] == ["a", "b"]
    assert [row["latitude"] for row in stored_parents] == [13.75, None]
    assert all(row["channels"] == ["in-person", "ออนไลน์"] for row in stored_parents)
    assert all(row["day"] == datetime.date(2026, 12, 5) for row in stored_parents)
    assert [(row[0], row[1], row[2]) for row in stored_children] == [("a", "elderly", 25), ("b", "students", 7)]
    if engine.dialect.name == "postgresql":
        assert len([sql for sql in statements if "INSERT" in sql]) == 1
        assert stored_parents[0]["happened_at"] == parents[0]["happened_at"]


def test_duplicate_key_fails_the_whole_statement(engine):
    with engine.begin() as connection:
        bulk.insert_rows(connection, [(PARENTS, [parent("a", None)])])

    with pytest.raises(IntegrityError):
        with engine.begin() as connection:
            bulk.insert_rows(connection, [(PARENTS, [parent("c", None), parent("a", None)])])

    with engine.connect() as connection:
        assert connection.execute(select(PARENTS.c.id)).scalars().all() == ["a"]
