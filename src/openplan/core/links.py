"""Paths of pages that lists name many times a page (a commitment, a concept): Django's
``reverse`` resolves the pattern on every call (about 40 µs; the commitment list made 150 a
page). Here the pattern is reversed once, with markers for the values, and each call puts the
quoted values in the markers' places: the same path as ``reverse`` for values that the
pattern's converters accept (``str`` and ``slug`` values; the callers pass slugs and
identifiers from the database). tests/core/test_links.py compares the two."""

from __future__ import annotations

import functools
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS

SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted


@functools.lru_cache(maxsize=256)
def _pieces(viewname: str, count: int, prefix: str) -> tuple[str, ...]:
    """The reversed path cut at each value's place (``prefix``: the script prefix, part of the
    key because it is part of the path)."""
    markers = [f"openplanvalue{index}mark" for index in range(count)]
    rest = reverse(viewname, args=markers)
    pieces = []
    for marker in markers:
        before, found, rest = rest.partition(marker)
        if not found:
            raise ValueError(f"{viewname}: a value of its path is not taken as it is")
        pieces.append(before)
    return (*pieces, rest)


def path_to(viewname: str, *values: str) -> str:
    """``reverse(viewname, args=values)`` for ``str`` and ``slug`` path values."""
    pieces = _pieces(viewname, len(values), get_script_prefix())
    parts = [pieces[0]]
    for value, piece in zip(values, pieces[1:], strict=True):
        parts += [quote(str(value), safe=SAFE), piece]
    return "".join(parts)
