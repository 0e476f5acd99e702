"""Helpers for the few hot paths written as SQL (docs/performance.md): timestamps as a raw
cursor gives them, several one-row lookups in one round trip, a
model from a row of its columns, and a row with the rows that point to it inserted in one
round trip without the ORM's query compiler, and a row with the rows it points to (optionally
locked) read the same way."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DateField, Field, JSONField, Lookup, Model
from django.db.models.sql.compiler import SQLCompiler


def cursor_instant(value: datetime | str | None) -> datetime | None:
    """An aware UTC instant from a raw column: PostgreSQL gives one already; SQLite gives
    text, or a naive UTC datetime for a column it knows the type of."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


# --- planned on each run --------------------------------------------------------------------


@contextmanager
def unprepared() -> Iterator[None]:
    """Run the statements inside without a prepared (cached) plan on PostgreSQL.

    `MOTCUA_DATABASE_PREPARE` lets psycopg prepare a statement after a few runs, and
    PostgreSQL then settles on a generic plan made without the parameters' values. For a
    statement whose good plan depends on them (a work queue's halves: which partial index,
    how far to read) the generic plan is several times slower than planning each run
    (docs/performance.md), so these are sent unprepared and planned with their values.
    """
    if connection.vendor != "postgresql":
        yield
        return

    def execute(
        run: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        if many:
            return run(sql, params, many, context)
        return context["cursor"].cursor.execute(sql, params, prepare=False)

    with connection.execute_wrapper(execute):
        yield


# --- IN with constants a partial index can be matched against ---------------------------

_CONSTANT = re.compile(r"[a-z][a-z0-9_]*")


class ConstantIn(Lookup[Any]):
    """`field__constant_in=[...]`: IN with the values written into the SQL, not bound.

    PostgreSQL matches a partial index (`WHERE state IN (...)`) only against a condition
    it can read; a prepared statement's generic plan sees `state IN ($1, $2, ...)` and
    cannot use the index. For code-defined constants only (lower-case identifiers, so no
    quoting question arises); anything else is refused. Registered on the fields that need
    it (`field.register_lookup(ConstantIn)`).
    """

    lookup_name = "constant_in"
    prepare_rhs = False

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN ({constants(self.rhs)})", params


def constants(values: Iterable[Any]) -> str:
    """Code constants written into SQL, sorted and quoted: `'a', 'b'` (`ConstantIn`, and
    hand-written statements that must match a partial index). Anything but lower-case
    identifiers is refused (ValueError)."""
    ordered = sorted(values)
    if not ordered or not all(isinstance(v, str) and _CONSTANT.fullmatch(v) for v in ordered):
        raise ValueError(f"constant_in takes code constants only, not {ordered!r}")
    return ", ".join(f"'{value}'" for value in ordered)


def placeholders(count: int) -> str:
    """`%s, %s, ...` for `count` bound values."""
    return ", ".join(["%s"] * count)


# --- several one-row lookups in one statement ----------------------------------------------


@dataclass(frozen=True)
class OneRow[T]:
    """A SELECT giving at most one row of `width` columns, and how to read that row
    (`read(None)` when there is none). Lookups of different modules run together through
    `one_row_each`, each module keeping its own SQL and its own reading."""

    sql: str
    params: Sequence[Any]
    width: int
    read: Callable[[Sequence[Any] | None], T]


def one_row_each(*lookups: OneRow[Any]) -> list[Any]:
    """The answers of several `OneRow` lookups from one statement (one round trip).

    Each lookup is LEFT JOINed on a true condition to a one-row base, behind a marker
    column, so a lookup without a row gives NULLs that are told apart from a row of NULLs.
    A lookup giving more than one row would multiply the others: each must give at most one
    (a unique key, or ORDER BY ... LIMIT 1).
    """
    sql = _together_sql(tuple(lookup.sql for lookup in lookups))
    with connection.cursor() as cursor:
        cursor.execute(sql, [param for lookup in lookups for param in lookup.params])
        row = cursor.fetchone()
    answers = []
    start = 1  # after the base column
    for lookup in lookups:
        found = row[start] is not None
        answers.append(lookup.read(row[start + 1 : start + 1 + lookup.width] if found else None))
        start += 1 + lookup.width
    return answers


def one_row[T](lookup: OneRow[T]) -> T:
    """The answer of one `OneRow` lookup run alone."""
    answer: T = one_row_each(lookup)[0]
    return answer


def model_lookup[M: Model](
    model: type[M], sql: str, params: Sequence[Any], names: tuple[str, ...] = ()
) -> OneRow[M | None]:
    """A lookup of one `model` row: `sql` selects its `model_columns` (at most one row),
    all of them or the fields `names` (the others deferred, as `.only()` leaves them)."""

    def read(row: Sequence[Any] | None) -> M | None:
        return model_from_row(model, row, names) if row is not None else None

    return OneRow(sql, params, len(_fields(model, names)), read)


def rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """The rows of one statement, as the cursor gives them."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def scalar(sql: str, params: Sequence[Any]) -> Any:
    """The first column of the first row of a statement, or None without a row."""
    found = rows(sql, params)
    return found[0][0] if found else None


@functools.cache
def _together_sql(parts: tuple[str, ...]) -> str:
    joins = "".join(
        f" LEFT JOIN (SELECT 1 AS found, q{index}.* FROM ({part}) q{index}) l{index} ON 1 = 1"  # noqa: S608
        for index, part in enumerate(parts)
    )
    return f"SELECT * FROM (SELECT 1 AS base) base{joins}"  # noqa: S608 - our own SELECTs


def model_columns(model: type[Model], alias: str, names: tuple[str, ...] = ()) -> str:
    """The columns of `model` in field order (all, or the fields `names`), qualified by
    `alias`, for `model_from_row`."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(_column(field))}" for field in _fields(model, names))


def model_from_row[M: Model](
    model: type[M], values: Sequence[Any], names: tuple[str, ...] = ()
) -> M:
    """The instance of `model` a row of its `model_columns` (with the same `names`) stands
    for, with each value converted as the ORM converts it (booleans, dates and JSON on
    SQLite, for one); fields not read are deferred."""
    converted = list(values)
    attnames, converting = _reading(model, names, connection.vendor)
    for index, column, converters in converting:
        for converter in converters:
            converted[index] = converter(converted[index], column, connection)
    return model.from_db(connection.alias, attnames, converted)


@functools.cache
def _reading(
    model: type[Model], names: tuple[str, ...], vendor: str
) -> tuple[list[str], tuple[tuple[int, Any, tuple[Any, ...]], ...]]:
    """How `model_from_row` reads a row of these fields on this database: their attribute
    names, and for each field that needs it, its place, column and converters (worked out
    once, not for every row)."""
    fields = _fields(model, names)
    converting = []
    for index, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if converters:
            converting.append((index, column, tuple(converters)))
    return [field.attname for field in fields], tuple(converting)


@functools.cache
def _fields(model: type[Model], names: tuple[str, ...]) -> tuple[Field[Any, Any], ...]:
    """All concrete fields of `model`, or the primary key and those named, in the model's
    field order (the order `Model.from_db` reads a row of some fields in)."""
    if not names:
        return tuple(model._meta.concrete_fields)
    chosen = {model._meta.pk, *_fields_named(model, names)}
    return tuple(field for field in model._meta.concrete_fields if field in chosen)


# --- a row with the rows it points to, in one statement --------------------------------------


def row_with_related[M: Model](
    model: type[M], pk: Any, relations: tuple[str, ...], *, lock: bool = False
) -> M | None:
    """`model.objects.select_related(*relations).get(pk=pk)`, locked for the transaction as
    `select_for_update(of=("self",))` locks it when `lock` (where the database can), or
    None: the statement is built once per shape, not compiled per call (Django's compiler
    took most of a lifecycle action's lock). `relations` are foreign keys of `model`; each
    related instance (None for a null key) is cached on the row as select_related caches it.
    """
    with connection.cursor() as cursor:
        cursor.execute(_with_related_sql(model, relations, lock), [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    start = len(model._meta.concrete_fields)
    instance = model_from_row(model, row[:start])
    for field, width, pk_at in _related_layout(model, relations):
        values = row[start : start + width]
        start += width
        related = model_from_row(field.related_model, values) if values[pk_at] is not None else None
        field.set_cached_value(instance, related)
    return instance


@functools.cache
def _related_layout(model: type[Model], relations: tuple[str, ...]) -> tuple[Any, ...]:
    """For each relation, in order: its foreign key, the related model's width in a row of
    `_with_related_sql`, and where the related primary key sits in it."""
    layout = []
    for name in relations:
        field = _foreign_key(model, name)
        fields = field.related_model._meta.concrete_fields
        layout.append((field, len(fields), fields.index(field.related_model._meta.pk)))
    return tuple(layout)


def _foreign_key(model: type[Model], name: str) -> Any:
    field = model._meta.get_field(name)
    if not field.many_to_one or not isinstance(field.related_model, type):
        raise TypeError(f"{model.__name__}.{name} is not a foreign key")
    return field


@functools.cache
def _with_related_sql(model: type[Model], relations: tuple[str, ...], lock: bool) -> str:
    quote = connection.ops.quote_name
    columns, joins = [model_columns(model, "m")], []
    for index, name in enumerate(relations):
        field = _foreign_key(model, name)
        alias = f"r{index}"
        columns.append(model_columns(field.related_model, alias))
        joins.append(
            f" LEFT JOIN {quote(field.related_model._meta.db_table)} {alias}"
            f" ON {alias}.{quote(field.target_field.column)} = m.{quote(field.column)}"
        )
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)} m{''.join(joins)}"  # noqa: S608
        f" WHERE m.{quote(_pk_column(model))} = %s"
    )
    if lock and connection.features.has_select_for_update:
        sql += " FOR UPDATE OF m" if connection.features.has_select_for_update_of else " FOR UPDATE"
    return sql


# --- a row and the rows pointing to it, in one statement -----------------------------------


@dataclass(frozen=True)
class ValueRows[M: Model]:
    """Rows of `model` for `insert_family` given as their values, not as model instances:
    one tuple per row of the values of `fields` (every column the insert writes but the
    foreign key to the parent, in any order), already as the database stores them (text,
    numbers: nothing for a field to prepare). For many small rows of plain columns, where
    building an instance and preparing each field cost more than the rows themselves (a
    dossier's name keys, ADR 0006)."""

    model: type[M]
    fields: tuple[str, ...]
    rows: Sequence[tuple[Any, ...]]

    def instances(self, **same: Any) -> list[M]:
        """The rows as model instances, each with the values `same` too (the foreign key),
        for a path that saves them through the ORM."""
        return [self.model(**same, **dict(zip(self.fields, row, strict=True))) for row in self.rows]


@dataclass(frozen=True)
class Ahead:
    """A statement to run with an `insert_family`, before it: a write the new rows need
    (a row the parent points to, inserted if absent). In the same WITH on PostgreSQL, so
    the family stays one round trip; it must not return rows the family reads."""

    sql: str
    params: Sequence[Any]


def insert_family(
    parent: Model,
    *children: tuple[str, Sequence[Model] | ValueRows[Any]],
    ahead: Ahead | None = None,
) -> None:
    """INSERT a new `parent` and, for each `(foreign key name, rows)`, the new rows whose
    foreign key points to it: one statement on PostgreSQL (a data-modifying WITH), one per
    model elsewhere; the statements are built once per shape, not compiled per call.
    `ahead` runs first (in the WITH on PostgreSQL).

    Values are prepared field by field as `Model.save` prepares them (`pre_save`, then
    `get_db_prep_save`), so what is stored is the same; what is skipped is the query
    compiler, the save signals (no receivers for these models) and custom `save` methods,
    so it is only for models whose `save` adds nothing to an insert. The parent gets its
    id; each child instance gets the parent's id in its foreign key but not its own id
    (nothing reads it back). Rows given as `ValueRows` are inserted as they are.
    """
    model = type(parent)
    parent_fields = _insert_fields(model)
    # Each group of children: its model, foreign key, other fields, the values of its rows
    # (without the key) and its instances (none for `ValueRows`); empty groups skipped.
    families = [_children(name, rows) for name, rows in children if _rows_of(rows)]
    if connection.vendor == "postgresql":
        params = [*(ahead.params if ahead else ()), *_row_params(parent, parent_fields)]
        for _, _, _, values, _ in families:
            params += [value for row in values for value in row]
        shape = tuple(
            (child, key.name, tuple(field.name for field in others), len(values))
            for child, key, others, values, _ in families
        )
        with connection.cursor() as cursor:
            cursor.execute(_family_sql(model, shape, ahead.sql if ahead else ""), params)
            parent.pk = cursor.fetchone()[0]
    else:
        if ahead is not None:
            with connection.cursor() as cursor:
                cursor.execute(ahead.sql, ahead.params)
        parent.pk = _insert_one(parent, parent_fields)
    for _, key, _, _, instances in families:
        for row in instances:
            setattr(row, key.attname, parent.pk)
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            for child, key, others, values, _ in families:
                cursor.execute(
                    _inserts(child, (key, *others), len(values)),
                    [value for row in values for value in (parent.pk, *row)],
                )
    for row in [parent, *(row for *_, instances in families for row in instances)]:
        _saved(row)


def _rows_of(rows: Sequence[Model] | ValueRows[Any]) -> Sequence[Any]:
    return rows.rows if isinstance(rows, ValueRows) else rows


def _children(
    name: str, rows: Sequence[Model] | ValueRows[Any]
) -> tuple[
    type[Model], Field[Any, Any], Sequence[Field[Any, Any]], list[Sequence[Any]], Sequence[Model]
]:
    """One group of `insert_family`'s children: model, foreign key, other fields, the
    values of each row in the fields' order, and the instances."""
    if isinstance(rows, ValueRows):
        model: type[Model] = rows.model
        key, named = _value_fields(model, name, rows.fields)
        return model, key, named, list(rows.rows), ()
    child = type(rows[0])
    key, others = _child_fields(child, name)
    return child, key, others, [_row_params(row, others) for row in rows], rows


@functools.cache
def _value_fields(
    model: type[Model], name: str, fields: tuple[str, ...]
) -> tuple[Field[Any, Any], tuple[Field[Any, Any], ...]]:
    """The foreign key `name` of `model` and the fields named, which must be all its other
    columns an insert writes."""
    key, others = _child_fields(model, name)
    if sorted(fields) != sorted(field.name for field in others):
        raise TypeError(f"{model.__name__}: {fields} are not the columns an insert writes")
    return key, _fields_named(model, fields)


@functools.cache
def _insert_fields(model: type[Model]) -> tuple[Field[Any, Any], ...]:
    meta = model._meta
    return tuple(field for field in meta.local_concrete_fields if field is not meta.auto_field)


@functools.cache
def _child_fields(
    model: type[Model], name: str
) -> tuple[Field[Any, Any], tuple[Field[Any, Any], ...]]:
    """The foreign key `name` of a child model, and its other fields to insert."""
    key = model._meta.get_field(name)
    if not isinstance(key, Field) or not key.is_relation:
        raise TypeError(f"{model.__name__}.{name} is not a foreign key")
    return key, tuple(field for field in _insert_fields(model) if field is not key)


def _pk_column(model: type[Model]) -> str:
    if model._meta.pk is None:
        raise TypeError(f"{model.__name__} has no primary key")
    return _column(model._meta.pk)


def _column(field: Field[Any, Any]) -> str:
    if field.column is None:
        raise TypeError(f"{field} has no column")
    return field.column


def _row_params(row: Model, fields: Sequence[Field[Any, Any]], *, add: bool = True) -> list[Any]:
    params: list[Any] = []
    for field, plain in zip(fields, _plain(tuple(fields)), strict=True):
        value = getattr(row, field.attname) if plain else field.pre_save(row, add)
        if value is None and plain:
            params.append(None)
        else:
            params.append(field.get_db_prep_save(value, connection))
    return params


@functools.cache
def _plain(fields: tuple[Field[Any, Any], ...]) -> tuple[bool, ...]:
    """For each field, whether its value is read as it is (no `pre_save` of its own, or a
    date without `auto_now`) and a None stays None (NULL) without the field's preparation:
    Django's own fields but JSON ones, where None may mean JSON null. A dossier has a dozen
    empty columns at intake, each 4-5 µs through the preparation on a slow VM."""
    return tuple(
        type(field).__module__.startswith("django.db.models.fields")
        and not isinstance(field, JSONField)
        and (
            type(field).pre_save is Field.pre_save
            or (isinstance(field, DateField) and not (field.auto_now or field.auto_now_add))
        )
        for field in fields
    )


def update_row(row: Model, fields: Sequence[str]) -> None:
    """`row.save(update_fields=fields)` in one UPDATE built once per model and fields, not
    compiled per call, the values prepared as `Model.save` prepares them (`auto_now`
    included). Like `insert_family`, only for models whose `save` adds nothing to an
    update; no signals are sent. The row must exist (it is locked, in the actions)."""
    model, names = type(row), tuple(dict.fromkeys(fields))
    params = _row_params(row, _fields_named(model, names), add=False)
    with connection.cursor() as cursor:
        cursor.execute(_update_sql(model, names), [*params, row.pk])


@functools.cache
def _fields_named(model: type[Model], names: tuple[str, ...]) -> tuple[Field[Any, Any], ...]:
    fields = [model._meta.get_field(name) for name in names]
    columns = tuple(field for field in fields if isinstance(field, Field) and field.concrete)
    if len(columns) != len(fields):
        raise TypeError(f"{model.__name__}: {names} are not all columns")
    return columns


@functools.cache
def _update_sql(model: type[Model], names: tuple[str, ...]) -> str:
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(_column(field))} = %s" for field in _fields_named(model, names))
    return (
        f"UPDATE {quote(model._meta.db_table)} SET {sets}"  # noqa: S608
        f" WHERE {quote(_pk_column(model))} = %s"
    )


def _saved(row: Model) -> None:
    row._state.adding = False
    row._state.db = connection.alias


def _values(count: int, width: int, first: str = "") -> str:
    one = f"({first}, {placeholders(width)})" if first else f"({placeholders(width)})"
    return ", ".join([one] * count)


@functools.cache
def _inserts(model: type[Model], fields: tuple[Field[Any, Any], ...], count: int) -> str:
    """The INSERT of `count` rows of `fields`, built once per shape: SQLite runs the
    intake's inserts one by one, and building each anew took 40 µs on a slow VM."""
    return _insert_sql(model, fields, _values(count, len(fields)))


def _insert_sql(model: type[Model], fields: Sequence[Field[Any, Any]], values: str) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(field)) for field in fields)
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {values}"  # noqa: S608


@functools.cache
def _family_sql(
    parent: type[Model],
    shape: tuple[tuple[type[Model], str, tuple[str, ...], int], ...],
    ahead: str = "",
) -> str:
    quote = connection.ops.quote_name
    fields = _insert_fields(parent)
    pk = quote(_pk_column(parent))
    parts = [f"a AS ({ahead})"] if ahead else []
    parts.append(f"p AS ({_insert_sql(parent, fields, _values(1, len(fields)))} RETURNING {pk})")
    for index, (model, name, names, count) in enumerate(shape):
        key, others = _value_fields(model, name, names)
        values = _values(count, len(others), first=f"(SELECT {pk} FROM p)")  # noqa: S608
        parts.append(f"c{index} AS ({_insert_sql(model, [key, *others], values)})")
    return f"WITH {', '.join(parts)} SELECT {pk} FROM p"  # noqa: S608


def _insert_one(row: Model, fields: Sequence[Field[Any, Any]]) -> Any:
    """INSERT one row; its new primary key."""
    model = type(row)
    pk = connection.ops.quote_name(_pk_column(model))
    sql = _inserts(model, tuple(fields), 1)
    with connection.cursor() as cursor:
        if connection.features.can_return_columns_from_insert:
            cursor.execute(_returning(sql, pk), _row_params(row, fields))
            return cursor.fetchone()[0]
        cursor.execute(sql, _row_params(row, fields))
        return connection.ops.last_insert_id(cursor, model._meta.db_table, pk)


@functools.cache
def _returning(sql: str, column: str) -> str:
    return f"{sql} RETURNING {column}"
