"""Writes of the search index. Called by the registry's signals for single objects and by
``openplan search-rebuild`` for everything (bulk writes skip signals)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, transaction

from openplan.search.fulltext import MARK_END, MARK_START, config_for
from openplan.search.models import SearchDocument
from openplan.search.registry import REGISTRY, Searchable, searchable_for

BATCH = 2000
_MARKERS = str.maketrans("", "", MARK_START + MARK_END)


def _document(searchable: Searchable, obj: Any) -> SearchDocument:
    language = searchable.language(obj) or ""
    return SearchDocument(
        kind=searchable.kind,
        object_id=obj.pk,
        language=language,
        config=config_for(language),
        title=searchable.title(obj).translate(_MARKERS),
        body=searchable.body(obj).translate(_MARKERS),
        url=searchable.url(obj),
    )


def document_update(obj: Any) -> None:
    """Index ``obj`` if it is public, or take it out of the index if it no longer is."""
    searchable = searchable_for(type(obj))
    if not searchable.is_public(obj):
        document_delete(obj)
        return
    document = _document(searchable, obj)
    SearchDocument.objects.update_or_create(
        kind=document.kind,
        object_id=document.object_id,
        defaults={
            name: getattr(document, name) for name in ("language", "config", "title", "body", "url")
        },
    )


def document_delete(obj: Any) -> None:
    SearchDocument.objects.filter(kind=obj._meta.label_lower, object_id=obj.pk).delete()


def index_rebuild(
    kinds: Iterable[str] | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Rebuild the documents of ``kinds`` (all registered kinds by default) in one transaction;
    ``progress(n)`` is called as each batch of ``n`` objects is done. Returns the documents
    written (public objects only)."""
    written = 0
    with transaction.atomic():
        for kind in kinds or list(REGISTRY):
            searchable = REGISTRY[kind]
            SearchDocument.objects.filter(kind=kind).delete()
            written += _index_all(searchable, progress or (lambda n: None))
        _analyze()
    return written


def _analyze() -> None:
    """PostgreSQL: fresh statistics of the index's words. They choose between reading the
    newest documents backwards until enough match (a common word) and the GIN index (a rare
    one); without them, after a bulk rebuild and until autovacuum comes, a common word took the
    GIN index and read every match: 190 ms instead of 40 at 100,000 commitments (ADR 0013)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchDocument._meta.db_table}")


def _index_all(searchable: Searchable, progress: Callable[[int], None]) -> int:
    written, seen, batch = 0, 0, []
    for obj in searchable.objects().iterator(chunk_size=BATCH):
        seen += 1
        if searchable.is_public(obj):
            batch.append(_document(searchable, obj))
        if seen == BATCH:
            SearchDocument.objects.bulk_create(batch)
            written, seen, batch = written + len(batch), 0, []
            progress(BATCH)
    SearchDocument.objects.bulk_create(batch)
    progress(seen)
    return written + len(batch)


def index_size(kinds: Iterable[str] | None = None) -> int:
    """How many objects a rebuild of ``kinds`` reads (for a progress bar)."""
    return sum(REGISTRY[kind].objects().count() for kind in kinds or list(REGISTRY))
