"""Many rows written in a short transaction: statements and their parameters made beforehand.

Django's `bulk_create` and `bulk_update` spend nearly all their time turning field values into
SQL parameters (measured: 95% of 20 s for 100,000 observations and their revisions); the
database itself writes those rows in about a second. A bulk write therefore hands plain tuples
of Python values, no model objects, and converts only the columns whose driver value differs
from the Python one (dates, timestamps, JSON) with the field's own `get_db_prep_save` — the
conversion the ORM applies, so SQLite and PostgreSQL store exactly what `bulk_create` would —
*before* its write transaction starts; inside the transaction only the prepared statements run
(`executemany`). The write lock is
held for the database's work alone (docs/operations.md).

On PostgreSQL an INSERT runs as one COPY: the database's fastest way in, and one statement, so
the plan's data-version triggers (`plans/versions.py`) fire once rather than once a row (which
cost 0.4 ms a row).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial

from django.db import connections, models, router
from django.db.models import Model


@dataclass
class Statement:
    """One INSERT or UPDATE and the parameters of every row. Columns named in ``later`` come
    first and get their values only when run (ids of rows written in the same transaction)."""

    sql: str
    using: str
    params: list[tuple | list] = field(default_factory=list)
    copy: str = ""  # an INSERT's "COPY table (columns) FROM STDIN", which PostgreSQL runs instead

    def run(self, later: Sequence[tuple] | None = None) -> int:
        """Run the statement once for every row; its rows are let go afterwards (a statement
        runs once), so a bulk write's later statements do not run beside the earlier's rows."""
        rows, self.params = self.params, []
        if not rows:
            return 0
        if later is not None:  # joined in place: no second list of 100,000 rows
            for i, (first, rest) in enumerate(zip(later, rows, strict=True)):
                rows[i] = (*first, *rest)
        connection = connections[self.using]
        with connection.cursor() as cursor:
            if self.copy and connection.vendor == "postgresql":
                # psycopg's COPY runs beside Django's cursor: its errors are mapped here to
                # Django's (a lost unique race must stay an IntegrityError: web/races.py's 409)
                with connection.wrap_database_errors, cursor.cursor.copy(self.copy) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, rows)
        return len(rows)


def taken(items: list) -> Iterator:
    """The items of ``items``, each dropped from the list as it is handed out (the list is
    empty at the end): a pass that turns a large list into another holds each item once."""
    for i in range(len(items)):
        item, items[i] = items[i], None
        yield item
    items.clear()


def _fields(model: type[Model], names: Sequence[str]):
    return [model._meta.get_field(name) for name in names]


def stored_fields(model: type[Model]) -> list[str]:
    """The names of every column a new row sets (the primary key aside)."""
    return [f.name for f in model._meta.local_concrete_fields if not f.primary_key]


# Values of these fields, given in their Python type (str, int, bool, a quantized Decimal, an id),
# reach the driver unchanged from `get_db_prep_save` on SQLite and PostgreSQL alike: calling it
# per row cost more than the database's whole write (2.1 M calls for 100,000 observations).
_AS_IS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.DecimalField,
          models.ForeignKey)  # fmt: skip


def _converter(field, connection, copy: bool = False) -> Callable | None:
    """``field``'s own conversion, or None where the value goes as it is; a date or timestamp
    (few distinct in a bulk write) is converted once per value, an empty JSON list or object once."""
    if isinstance(field, _AS_IS):
        return None
    prep = partial(field.get_db_prep_save, connection=connection)
    if isinstance(field, models.DateField):  # DateTimeField too
        memo: dict = {}

        def once(value):
            if value not in memo:
                memo[value] = prep(value)
            return memo[value]

        return once
    if isinstance(field, models.JSONField):
        if copy:  # COPY takes JSON as its text: psycopg's adapter would encode it again per row
            prep = partial(json.dumps, cls=field.encoder, ensure_ascii=False)
        empty = {list: prep([]), dict: prep({})}
        return lambda value: empty[type(value)] if not value and type(value) in empty else prep(value)
    return prep


def _convert(rows: list, fields, connection, copy: bool = False) -> list:
    """``rows`` with the values of ``fields`` that need it converted, in place: each row is
    replaced as it is converted, so a bulk write never holds its rows twice. ``copy``: for
    PostgreSQL's COPY rather than a statement's parameters."""
    converters = [(i, c) for i, f in enumerate(fields) if (c := _converter(f, connection, copy)) is not None]
    if converters:
        for n, row in enumerate(rows):
            row = list(row)
            for i, convert in converters:
                row[i] = convert(row[i])
            rows[n] = tuple(row)  # a tuple keeps 100,000 rows in less memory than lists
    return rows


def insert(model: type[Model], rows: list, names: Sequence[str], *, later=()) -> Statement:
    """INSERT of ``rows`` (Python values of the ``names`` fields, in that order; the list is
    taken over, converted in place), with the ``later`` columns given when run."""
    using = router.db_for_write(model)
    connection = connections[using]
    now, after = _fields(model, names), _fields(model, later)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in [*after, *now])
    marks = ", ".join(["%s"] * (len(after) + len(now)))
    table = quote(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    copy = f"COPY {table} ({columns}) FROM STDIN"
    copied = connection.vendor == "postgresql"  # an INSERT runs as COPY there (`Statement.run`)
    return Statement(sql, using, _convert(rows, now, connection, copied), copy)


def update(model: type[Model], rows: list, names: Sequence[str]) -> Statement:
    """UPDATE of the ``names`` fields by primary key: each of ``rows`` is the values of
    ``names`` followed by the primary key (the list is taken over, converted in place)."""
    using = router.db_for_write(model)
    connection = connections[using]
    quote, fields, pk = connection.ops.quote_name, _fields(model, names), model._meta.pk
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"
    return Statement(sql, using, _convert(rows, [*fields, pk], connection))
