"""Cursor pagination by keyset: a page is "the next ``limit`` rows after this key" in a fixed,
unique order, so pages stay stable while data changes and cost the same at any depth.

A cursor is the last row's key, signed (``django.core.signing``) so that it is opaque and
cannot be forged or edited: a cursor that does not verify, or that belongs to another list,
is a 400 problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any, TypeVar

from django.core import signing
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from openplan.opendata.api.problems import Problem

M = TypeVar("M", bound=models.Model)
SALT = "openplan.api.cursor"
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None


def cursor_encode(kind: str, key: Sequence[Any]) -> str:
    return signing.dumps([kind, list(key)], salt=SALT, compress=False)


def cursor_decode(kind: str, cursor: str, width: int) -> list[Any]:
    """The key in ``cursor``; a 400 problem if it is not a cursor of this list."""
    try:
        value = signing.loads(cursor, salt=SALT)
    except signing.BadSignature:
        value = None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or value[0] != kind
        or not isinstance(value[1], list)
        or len(value[1]) != width
        or not all(isinstance(part, str | int) for part in value[1])
    ):
        raise Problem(
            400,
            _("The cursor is not valid: use the next link of a page as it was given."),
            [{"loc": ["query", "cursor"], "msg": _("Not a valid cursor."), "type": "cursor"}],
        )
    return list(value[1])


def _after(fields: Sequence[str], key: Sequence[Any]) -> Q:
    """Rows strictly after ``key`` in the order of ``fields`` (all ascending, not null)."""
    alternatives = []
    for i, name in enumerate(fields):
        equal = {fields[j]: key[j] for j in range(i)}
        alternatives.append(Q(**equal, **{f"{name}__gt": key[i]}))
    return reduce(lambda a, b: a | b, alternatives)


def keyset_page(
    queryset: QuerySet[M], *, kind: str, fields: Sequence[str], cursor: str | None, limit: int
) -> Page:
    """One page of ``queryset`` ordered by ``fields`` (unique together), after ``cursor``.
    Runs the queryset once (plus its prefetches) for ``limit + 1`` rows."""
    queryset = queryset.order_by(*fields)
    if cursor:
        queryset = queryset.filter(_after(fields, cursor_decode(kind, cursor, len(fields))))
    rows = list(queryset[: limit + 1])
    items, more = rows[:limit], len(rows) > limit
    next_cursor = None
    if more:
        last = items[-1]
        next_cursor = cursor_encode(kind, [_value(last, name) for name in fields])
    return Page(items=items, next_cursor=next_cursor)


def _value(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj
