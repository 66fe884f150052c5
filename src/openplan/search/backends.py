"""The SQL of each full-text backend, behind one shape. Every statement returns document ids
except ``documents``, which reads the page's rows.

A search first *probes*: the ids of the newest ``COUNT_LIMIT + 1`` matches, which give the count
(capped) and, for a broad query, the order. Then one of two orders (ADR 0009, "Ranking"):

- **ranked**, when a query matches at most ``COUNT_LIMIT`` documents: every match is scored
  (bm25 in FTS5, ``ts_rank`` in PostgreSQL; titles weigh more than text), the best first;
- **broad**, when it matches more: scoring every match costs time in proportion to the matches
  (tens of thousands for one common word), so the documents whose *title* holds every word come
  first, then the others, each group newest first. Both groups are read in index order and cut
  at the page's end, so the cost stays bounded whatever the number of matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from openplan.search.fulltext import MARK_END, MARK_START
from openplan.search.query import postgres_tsquery, sqlite_match

SNIPPET_WORDS = 24
# Counting stops here; beyond it a page says "more than 1,000 results" and the broad order is
# used. Also the deepest result a person can page to.
COUNT_LIMIT = 1000

Statement = tuple[str, Sequence[str | int]]
NEWEST: Statement = ("id DESC", [])


@dataclass(frozen=True)
class Backend:
    words: list[str]
    kinds: Sequence[str]
    language: str

    def probe(self) -> Statement:
        """Ids of the newest ``COUNT_LIMIT + 1`` matches, newest first."""
        return self._ids(self._match(), NEWEST, COUNT_LIMIT + 1)

    def title_matches(self, among: Sequence[int]) -> Statement:
        """Ids of the documents whose title holds every word: all of those in ``among`` (the
        probe's ids), newest first, and perhaps others, which the caller drops."""
        raise NotImplementedError

    def newest_objects(self, kind: str, among: Statement | None, limit: int) -> Statement:
        """Object ids of the ``kind`` documents that match, newest document first, cut at
        ``limit``; with ``among`` (a subquery of object ids), only those objects. Read in index
        order, so it stops at ``limit`` when the matches are common."""
        where, params = self._match()
        sql, among_params = among or ("", [])
        restrict = f" AND d.object_id IN ({sql})" if among else ""
        return (
            f"{self._from_matches()} WHERE {where} AND d.kind = %s{restrict}"
            f" ORDER BY {self._newest()} LIMIT %s",
            [*params, kind, *among_params, limit],
        )

    def _from_matches(self) -> str:
        raise NotImplementedError

    def _newest(self) -> str:
        raise NotImplementedError

    def ranked(self, limit: int, offset: int, among: Sequence[int]) -> Statement:
        """Ids of the matches, best first, cut. ``among``: the probe's ids, which are every
        match when a query is ranked (at most ``COUNT_LIMIT``)."""
        raise NotImplementedError

    def documents(self, ids: list[int]) -> Statement:
        """kind, object_id, url, title, text (or its snippet) of the documents ``ids``."""
        raise NotImplementedError

    def _match(self, *, title: bool = False) -> Statement:
        raise NotImplementedError

    def _ids(self, match: Statement, order: Statement, limit: int, offset: int = 0) -> Statement:
        """``SELECT id`` of the matches (of the kinds asked for) in ``order``, cut."""
        raise NotImplementedError

    def _kinds(self) -> Statement:
        if not self.kinds:
            return "", []
        return f" AND d.kind IN ({', '.join(['%s'] * len(self.kinds))})", list(self.kinds)


class SQLiteBackend(Backend):
    """FTS5. ``CROSS JOIN`` makes SQLite start from the full-text matches, read in the index's
    order (so ``LIMIT`` stops early); the documents' rows are read for the page only."""

    def _match(self, *, title: bool = False) -> Statement:
        return "search_fts MATCH %s", [sqlite_match(self.words, column="title" if title else "")]

    def _ids(self, match: Statement, order: Statement, limit: int, offset: int = 0) -> Statement:
        (where, params), (order_by, order_params) = match, order
        where_kinds, kind_params = self._kinds()
        join = " CROSS JOIN search_searchdocument d ON d.id = search_fts.rowid"
        sql = (
            f"SELECT search_fts.rowid AS id FROM search_fts{join if self.kinds else ''}"  # nosec B608
            f" WHERE {where}{where_kinds} ORDER BY {order_by} LIMIT %s OFFSET %s"
        )
        return sql, [*params, *kind_params, *order_params, limit, offset]

    def _from_matches(self) -> str:
        return (
            "SELECT d.object_id FROM search_fts"
            " CROSS JOIN search_searchdocument d ON d.id = search_fts.rowid"
        )

    def _newest(self) -> str:
        return "search_fts.rowid DESC"

    def title_matches(self, among: Sequence[int]) -> Statement:
        """A column filter, read in index order from the oldest probed id: cheaper than
        looking up each id."""
        where, params = self._match(title=True)
        sql = (
            f"SELECT rowid FROM search_fts WHERE {where} AND rowid >= %s"  # nosec B608
            " ORDER BY rowid DESC LIMIT %s"
        )
        return sql, [*params, min(among, default=0), len(among)]

    def ranked(self, limit: int, offset: int, among: Sequence[int]) -> Statement:
        """bm25 needs the full-text query's own pass (``among`` is not used)."""
        return self._ids(self._match(), ("bm25(search_fts, 4.0, 1.0), id", []), limit, offset)

    def documents(self, ids: list[int]) -> Statement:
        marks = ", ".join(["%s"] * len(ids))
        columns = "id, kind, object_id, url, title, body"
        return f"SELECT {columns} FROM search_searchdocument WHERE id IN ({marks})", list(ids)  # nosec B608


class PostgreSQLBackend(Backend):
    """``tsvector`` with a GIN index; the searcher's language picks the stemmer. Headlines
    (costly) are built for the page's rows only."""

    def _match(self, *, title: bool = False) -> Statement:
        query, params = postgres_tsquery(self.words, self.language, weight="A" if title else "")
        return f"d.vector @@ {query}", list(params)

    def _ids(self, match: Statement, order: Statement, limit: int, offset: int = 0) -> Statement:
        (where, params), (order_by, order_params) = match, order
        where_kinds, kind_params = self._kinds()
        sql = (
            f"SELECT d.id FROM search_searchdocument d WHERE {where}{where_kinds}"  # nosec B608
            f" ORDER BY {order_by} LIMIT %s OFFSET %s"
        )
        return sql, [*params, *kind_params, *order_params, limit, offset]

    def probe(self) -> Statement:
        """Ids of the newest ``COUNT_LIMIT + 1`` matches, newest first, each with whether its
        title holds every word: the test is made on the rows the probe returns, in the same
        statement, instead of reading them again by key (ADR 0013)."""
        (where, params), (title, title_params) = self._match(), self._match(title=True)
        where_kinds, kind_params = self._kinds()
        sql = (
            f"SELECT d.id, {title} FROM search_searchdocument d"  # nosec B608
            f" WHERE {where}{where_kinds} ORDER BY d.id DESC LIMIT %s"
        )
        return sql, [*title_params, *params, *kind_params, COUNT_LIMIT + 1]

    def _from_matches(self) -> str:
        return "SELECT d.object_id FROM search_searchdocument d"

    def _newest(self) -> str:
        return "d.id DESC"

    def ranked(self, limit: int, offset: int, among: Sequence[int]) -> Statement:
        """The probe's rows read by key and scored: matching them through the GIN index again
        cost as much as the probe (a partial match for each prefix)."""
        query, params = postgres_tsquery(self.words, self.language)
        sql = (
            "SELECT d.id FROM search_searchdocument d WHERE d.id = ANY(%s)"  # nosec B608
            f" ORDER BY ts_rank(d.vector, {query}) DESC, d.id LIMIT %s OFFSET %s"
        )
        return sql, [list(among), *params, limit, offset]  # type: ignore[list-item]

    def documents(self, ids: list[int]) -> Statement:
        query, params = postgres_tsquery(self.words, self.language)
        options = f"StartSel={MARK_START}, StopSel={MARK_END}"
        marks = ", ".join(["%s"] * len(ids))
        sql = (
            f"WITH q AS (SELECT {query} AS query) SELECT d.id, d.kind, d.object_id, d.url,"  # nosec B608
            f" ts_headline(d.config::regconfig, d.title, q.query, 'HighlightAll=true, {options}'),"
            " ts_headline(d.config::regconfig, d.body, q.query,"
            f" 'MaxWords={SNIPPET_WORDS}, MinWords=12, MaxFragments=2, {options}')"
            f" FROM search_searchdocument d, q WHERE d.id IN ({marks})"
        )  # fmt: skip
        return sql, [*params, *ids]


def backend(words: list[str], kinds: Sequence[str], language: str) -> Backend:
    cls = PostgreSQLBackend if connection.vendor == "postgresql" else SQLiteBackend
    return cls(words, kinds, language)
