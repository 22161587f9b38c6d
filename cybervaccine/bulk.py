"""Insert the rows of several tables at once, for group commits.

On PostgreSQL every table's rows go in one statement: each column is sent
as one array and unnested, and the inserts of all tables but the last are
data-modifying WITH queries. PostgreSQL checks foreign keys at the end of
the statement, so a child table may name rows of a parent inserted in the
same statement. Elsewhere each table gets one executemany.
"""

import json

from sqlalchemy import JSON, insert, text

_STATEMENTS = {}


def insert_rows(connection, tables_and_rows):
    """Insert ``[(table, rows), ...]`` in the order given (parents first); tables without rows are skipped.

    Columns missing from a row get their Python-side default, as with
    ``insert(table)``. The rows of a table must set the same columns apart
    from those defaults.
    """
    batches = [(table, _with_defaults(table, rows)) for table, rows in tables_and_rows if rows]
    if not batches:
        return

    if connection.dialect.name != "postgresql":
        for table, rows in batches:
            connection.execute(insert(table), rows)
        return

    shape = tuple((table.name, tuple(rows[0])) for table, rows in batches)
    if shape not in _STATEMENTS:
        _STATEMENTS[shape] = _statement_from_arrays(connection.dialect, batches)
    connection.execute(_STATEMENTS[shape], _array_parameters(batches))


def _with_defaults(table, rows):
    defaulted = [column for column in table.columns if column.default is not None and not column.primary_key]
    if all(column.key in row for row in rows for column in defaulted):
        return rows
    return [
        dict({column.key: _default_value(column) for column in defaulted if column.key not in row}, **row)
        for row in rows
    ]


def _default_value(column):
    default = column.default
    return default.arg(None) if default.is_callable else default.arg


def _statement_from_arrays(dialect, batches):
    quote = dialect.identifier_preparer
    inserts = []
    for number, (table, rows) in enumerate(batches):
        names = list(rows[0])
        arrays = [
            "CAST(:t{}_{} AS {}[])".format(number, name, table.c[name].type.compile(dialect=dialect))
            for name in names
        ]
        inserts.append("INSERT INTO {} ({}) SELECT * FROM unnest({})".format(
            quote.format_table(table), ", ".join(quote.quote(name) for name in names), ", ".join(arrays)
        ))

    if len(inserts) == 1:
        return text(inserts[0])
    queries = ", ".join("inserted_{} AS ({})".format(number, sql) for number, sql in enumerate(inserts[:-1]))
    return text("WITH {} {}".format(queries, inserts[-1]))


def _array_parameters(batches):
    parameters = {}
    for number, (table, rows) in enumerate(batches):
        for name in rows[0]:
            is_json = isinstance(table.c[name].type, JSON)
            values = [row[name] for row in rows]
            if is_json:
                values = [None if value is None else json.dumps(value) for value in values]
            parameters["t{}_{}".format(number, name)] = values
    return parameters
