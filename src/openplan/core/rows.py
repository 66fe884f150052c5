"""One model instance by primary key, with the forward relations asked for, read with a
statement built once per model instead of an ORM query compiled on every call (ADR 0014); and
a list of ids as one parameter (``among_ids``).

For the few reads made on every signed-in request (the user) and on the write paths that
`bench/writes.py` measures; everything else reads through the ORM. The columns, the joins and
the converters are Django's own (``concrete_fields``, ``get_db_converters``), so a field added
to a model is read without a change here (tests/core/test_rows.py compares with the ORM)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import ForeignKey, Model
from django.db.models.expressions import RawSQL

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class _Part:
    """The columns of one model in the statement's row."""

    model: type[Model]
    attnames: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Converter, ...], Any], ...]  # (column, converters, col)
    relation: ForeignKey | None  # how the main model reaches it (None: the main model)
    pk_index: int


@dataclass(frozen=True)
class _Plan:
    sql: str
    parts: tuple[_Part, ...]


def _part(model: type[Model], table: str, relation: ForeignKey | None, alias: str) -> _Part:
    connection = connections[alias]
    fields = model._meta.concrete_fields
    converters = []
    for index, field in enumerate(fields):
        col = field.get_col(table)
        found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if found:
            converters.append((index, tuple(found), col))
    attnames = tuple(f.attname for f in fields)
    pk_index = attnames.index(model._meta.pk.attname)
    return _Part(model, attnames, tuple(converters), relation, pk_index)


@functools.cache
def _plan(model: type[Model], related: tuple[str, ...], alias: str) -> _Plan:
    def quote(name: str | None) -> str:  # a column's name is typed optional
        return str(connections[alias].ops.quote_name(str(name)))

    parts = [_part(model, "t0", None, alias)]
    joins = []
    for number, name in enumerate(related, start=1):
        relation = model._meta.get_field(name)
        if not isinstance(relation, ForeignKey):
            raise TypeError(f"{model.__name__}.{name} is not a foreign key")
        target = cast("type[Model]", relation.related_model)
        join = "LEFT OUTER JOIN" if relation.null else "INNER JOIN"
        joins.append(
            f"{join} {quote(target._meta.db_table)} t{number} "
            f"ON t{number}.{quote(relation.target_field.column)} = t0.{quote(relation.column)}"
        )
        parts.append(_part(target, f"t{number}", relation, alias))
    columns = ", ".join(
        f"t{number}.{quote(field.column)}"
        for number, part in enumerate(parts)
        for field in part.model._meta.concrete_fields
    )
    # Only quoted names from the models' metadata; the key is a parameter.
    sql = (
        f"SELECT {columns} FROM {quote(model._meta.db_table)} t0 {' '.join(joins)} "  # noqa: S608  # nosec B608
        f"WHERE t0.{quote(model._meta.pk.column)} = %s"
    )
    return _Plan(sql, tuple(parts))


def _instance(part: _Part, values: list[Any], alias: str) -> Model | None:
    connection = connections[alias]
    for index, converters, col in part.converters:
        for convert in converters:
            values[index] = convert(values[index], col, connection)
    if part.relation is not None and values[part.pk_index] is None:
        return None  # a null foreign key: nothing joined
    return part.model.from_db(alias, part.attnames, values)


def get_by_pk(
    model: type[M], pk: Any, *, related: tuple[str, ...] = (), using: str = DEFAULT_DB_ALIAS
) -> M:
    """The instance whose primary key is ``pk``, with ``related`` (forward foreign keys)
    loaded as ``select_related`` would; ``model.DoesNotExist`` if there is none."""
    plan = _plan(model, related, using)
    with connections[using].cursor() as cursor:
        cursor.execute(plan.sql, [pk])
        row = cursor.fetchone()
    if row is None:
        missing = f"No {model.__name__} with primary key {pk!r}."
        raise model.DoesNotExist(missing)  # type: ignore[attr-defined]
    start, instances = 0, []
    for part in plan.parts:
        end = start + len(part.attnames)
        instances.append(_instance(part, list(row[start:end]), using))
        start = end
    main = cast("M", instances[0])
    for part, instance in zip(plan.parts[1:], instances[1:], strict=True):
        cast("ForeignKey", part.relation).set_cached_value(main, instance)
    return main


def among_ids(ids: list[int], using: str = DEFAULT_DB_ALIAS) -> RawSQL:
    """A subquery of ``ids`` sent as one parameter, for ``pk__in=``: an ``IN`` list of a
    thousand placeholders costs more to build, quote and parse than the query it is in
    (8 ms of the commitment list with words, on PostgreSQL)."""
    if connections[using].vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])  # nosec B611
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])  # nosec B611
