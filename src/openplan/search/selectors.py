"""Reads of the search index: ranked, highlighted results, and the matching ids for a content
app's own filtered lists. The same calls work on SQLite (FTS5) and PostgreSQL; on PostgreSQL
the active language (the searcher's) chooses the stemmer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from openplan.search.backends import COUNT_LIMIT, SNIPPET_WORDS, Backend, Statement, backend
from openplan.search.query import (
    highlighted,
    mark_matches,
    postgres_tsquery,
    sqlite_match,
    terms,
)

__all__ = [
    "COUNT_LIMIT",
    "Hit",
    "Probe",
    "matching_ids",
    "newest_matching_ids",
    "probe",
    "search",
    "search_count",
]


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    url: str
    title: SafeString
    snippet: SafeString


def _backend(words: list[str], kinds: Sequence[str]) -> Backend:
    return backend(words, kinds, get_language() or "")


def _ids(statement: Statement) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return [int(row[0]) for row in cursor.fetchall()]


@dataclass(frozen=True)
class Probe:
    """The newest ``COUNT_LIMIT + 1`` matches of a query: its count (capped) and, when it is
    broad, the order of the results that are not title matches. ``titles``: those whose title
    holds every word, when the backend found them in the same pass (PostgreSQL)."""

    ids: tuple[int, ...]
    titles: frozenset[int] | None = None

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def broad(self) -> bool:
        return self.count > COUNT_LIMIT


def probe(text: str, *, kinds: Sequence[str] = ()) -> Probe:
    words = terms(text)
    if not words:
        return Probe(())
    with connection.cursor() as cursor:
        cursor.execute(*_backend(words, kinds).probe())
        rows = cursor.fetchall()
    ids = tuple(int(row[0]) for row in rows)
    if rows and len(rows[0]) > 1:
        return Probe(ids, frozenset(int(row[0]) for row in rows if row[1]))
    return Probe(ids)


def search_count(text: str, *, kinds: Sequence[str] = ()) -> int:
    """How many documents match every word of ``text``, counted up to ``COUNT_LIMIT + 1``."""
    return probe(text, kinds=kinds).count


def _page_ids(found: Probe, engine: Backend, limit: int, offset: int) -> list[int]:
    if not found.broad:
        return _ids(engine.ranked(limit, offset, found.ids))
    # Newest first: those whose title holds every word, then the rest.
    in_title = found.titles
    if in_title is None:
        in_title = frozenset(_ids(engine.title_matches(found.ids)))
    titles = [i for i in found.ids if i in in_title]
    return [*titles, *(i for i in found.ids if i not in in_title)][offset : offset + limit]


def search(
    text: str,
    *,
    kinds: Sequence[str] = (),
    limit: int = 20,
    offset: int = 0,
    found: Probe | None = None,
) -> list[Hit]:
    """Documents matching every word of ``text`` (as prefixes, accents ignored), in the order of
    ``backends`` (ranked, or title matches first for a broad query), with the matches marked in
    the title and in a snippet of the text. ``found`` is ``probe``'s answer, if known."""
    words = terms(text)
    if not words or limit <= 0:
        return []
    found = found or probe(text, kinds=kinds)
    engine = _backend(words, kinds)
    ids = _page_ids(found, engine, limit, offset)
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*engine.documents(ids))
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
    return [_hit(*rows[i], words=words) for i in ids if i in rows]


def _hit(kind: str, object_id: int, url: str, title: str, text: str, *, words: list[str]) -> Hit:
    if connection.vendor != "postgresql":  # SQLite: marked here, on the page's rows only
        title, text = mark_matches(title, words), mark_matches(text, words, SNIPPET_WORDS)
    return Hit(kind, int(object_id), url, highlighted(title), highlighted(text))


def matching_ids(kind: str, text: str) -> RawSQL | None:
    """A subquery of the ids of ``kind`` objects matching ``text``, for ``pk__in=``; None when
    ``text`` has no words (no filter)."""
    words = terms(text)
    if not words:
        return None
    if connection.vendor == "postgresql":
        tsquery, params = postgres_tsquery(words, get_language() or "")
        sql = f"SELECT object_id FROM search_searchdocument WHERE kind = %s AND vector @@ {tsquery}"  # nosec B608
        return RawSQL(sql, [kind, *params])  # nosec B611
    sql = (  # CROSS JOIN: SQLite must start from the full-text matches, not from the kind
        "SELECT d.object_id FROM search_fts CROSS JOIN search_searchdocument d"
        " ON d.id = search_fts.rowid WHERE search_fts MATCH %s AND d.kind = %s"
    )
    return RawSQL(sql, [sqlite_match(words), kind])  # nosec B611


def newest_matching_ids(
    kind: str, text: str, *, among: QuerySet[Any] | None = None, limit: int = COUNT_LIMIT + 1
) -> list[int] | None:
    """The ids of the ``kind`` objects matching ``text`` whose documents are newest, at most
    ``limit``: a list's search treated like the search page's, counted up to ``COUNT_LIMIT + 1``
    (ADR 0013). ``among``, a queryset of that kind's model, keeps only its objects, so a list's
    other filters apply before the cut. None when ``text`` has no words (no filter).
    ``matching_ids`` gives every match (for complete downloads)."""
    words = terms(text)
    if not words:
        return None
    subquery = among.order_by().values("pk").query.sql_with_params() if among is not None else None
    return _ids(_backend(words, [kind]).newest_objects(kind, subquery, limit))
