"""Reads of the search index: ranked, highlighted results, and the matching ids for a content
app's own filtered lists. The same calls work on SQLite (FTS5) and PostgreSQL; on PostgreSQL
the active language (the searcher's) chooses the stemmer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
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

__all__ = ["COUNT_LIMIT", "Hit", "Probe", "matching_ids", "probe", "search", "search_count"]


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
    broad, the order of the results that are not title matches."""

    ids: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def broad(self) -> bool:
        return self.count > COUNT_LIMIT


def probe(text: str, *, kinds: Sequence[str] = ()) -> Probe:
    words = terms(text)
    ids = _ids(_backend(words, kinds).probe()) if words else []
    return Probe(tuple(ids))


def search_count(text: str, *, kinds: Sequence[str] = ()) -> int:
    """How many documents match every word of ``text``, counted up to ``COUNT_LIMIT + 1``."""
    return probe(text, kinds=kinds).count


def _page_ids(found: Probe, engine: Backend, limit: int, offset: int) -> list[int]:
    if not found.broad:
        return _ids(engine.ranked(limit, offset))
    probed = set(found.ids)  # newest first: those whose title holds every word, then the rest
    titles = [i for i in _ids(engine.title_matches(found.ids)) if i in probed]
    in_title = set(titles)
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
