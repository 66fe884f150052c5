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

from openplan.search.fulltext import MARK_END, MARK_START
from openplan.search.query import (
    highlighted,
    mark_matches,
    postgres_tsquery,
    sqlite_match,
    terms,
)

SNIPPET_WORDS = 24
# Counting stops here: beyond it a page says "more than 1,000 results" (exact ranking of the
# first pages still covers every match).
COUNT_LIMIT = 1000


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    url: str
    title: SafeString
    snippet: SafeString


def _backend(words: list[str], kinds: Sequence[str]) -> tuple[str, str, list[str]]:
    backend = _postgres_sql if connection.vendor == "postgresql" else _sqlite_sql
    return backend(words, kinds)


def search_count(text: str, *, kinds: Sequence[str] = ()) -> int:
    """How many documents match every word of ``text``, counted up to ``COUNT_LIMIT + 1``."""
    words = terms(text)
    if not words:
        return 0
    count_sql, _page_sql, params = _backend(words, kinds)
    with connection.cursor() as cursor:
        cursor.execute(count_sql, params)
        return int(cursor.fetchone()[0])


def search(text: str, *, kinds: Sequence[str] = (), limit: int = 20, offset: int = 0) -> list[Hit]:
    """Documents matching every word of ``text`` (as prefixes, accents ignored), best first,
    with the matches marked in the title and in a snippet of the text."""
    words = terms(text)
    if not words:
        return []
    _count_sql, page_sql, params = _backend(words, kinds)
    with connection.cursor() as cursor:
        cursor.execute(page_sql, [*params, limit, offset])
        rows = cursor.fetchall()
    if connection.vendor != "postgresql":  # SQLite: marked here, on the page's rows only
        rows = [
            (kind, oid, url, mark_matches(title, words), mark_matches(body, words, SNIPPET_WORDS))
            for kind, oid, url, title, body in rows
        ]
    return [
        Hit(kind, int(object_id), url, highlighted(title), highlighted(snippet))
        for kind, object_id, url, title, snippet in rows
    ]


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


def _kinds_clause(kinds: Sequence[str]) -> tuple[str, list[str]]:
    if not kinds:
        return "", []
    return f" AND d.kind IN ({', '.join(['%s'] * len(kinds))})", list(kinds)


def _sqlite_sql(words: list[str], kinds: Sequence[str]) -> tuple[str, str, list[str]]:
    """Rank the matches in the FTS table alone (bm25, titles weigh four times the text), then
    read the page's documents; CROSS JOIN keeps SQLite from starting at the other table."""
    where_kinds, kind_params = _kinds_clause(kinds)
    matches = (
        "SELECT search_fts.rowid AS id, bm25(search_fts, 4.0, 1.0) AS score FROM search_fts"
        " WHERE search_fts MATCH %s"
    )
    count = (
        f"SELECT count(*) FROM (SELECT 1 FROM ({matches}) m CROSS JOIN search_searchdocument d"  # nosec B608
        f" ON d.id = m.id WHERE 1=1{where_kinds} LIMIT {COUNT_LIMIT + 1})"
    )
    page = (
        f"SELECT d.kind, d.object_id, d.url, d.title, d.body FROM ({matches}) m"  # nosec B608
        f" CROSS JOIN search_searchdocument d ON d.id = m.id WHERE 1=1{where_kinds}"
        " ORDER BY m.score, m.id LIMIT %s OFFSET %s"
    )
    return count, page, [sqlite_match(words), *kind_params]


def _postgres_sql(words: list[str], kinds: Sequence[str]) -> tuple[str, str, list[str]]:
    where_kinds, kind_params = _kinds_clause(kinds)
    tsquery, query_params = postgres_tsquery(words, get_language() or "")
    source = f" FROM search_searchdocument d WHERE d.vector @@ {tsquery}{where_kinds}"
    count = f"SELECT count(*) FROM (SELECT 1{source} LIMIT {COUNT_LIMIT + 1}) capped"  # nosec B608
    options = f"StartSel={MARK_START}, StopSel={MARK_END}"
    # Rank and cut first; headlines (costly) only for the page's rows.
    page = (
        "WITH q AS (SELECT " + tsquery + " AS query),"  # nosec B608
        f" hits AS (SELECT d.id, d.kind, d.object_id, d.url, d.config, d.title, d.body,"
        f" ts_rank(d.vector, q.query) AS rank FROM search_searchdocument d, q"
        f" WHERE d.vector @@ q.query{where_kinds} ORDER BY rank DESC, d.id LIMIT %s OFFSET %s)"
        " SELECT hits.kind, hits.object_id, hits.url,"
        " ts_headline(hits.config::regconfig, hits.title, q.query,"
        f" 'HighlightAll=true, {options}'),"
        f" ts_headline(hits.config::regconfig, hits.body, q.query,"
        f" 'MaxWords={SNIPPET_WORDS}, MinWords=12, MaxFragments=2, {options}')"
        " FROM hits, q ORDER BY hits.rank DESC, hits.id"
    )
    return count, page, [*query_params, *kind_params]
