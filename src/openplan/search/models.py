"""One row per indexed object. The full-text index itself lives beside this table and is kept
in step by the database: an FTS5 table with triggers on SQLite, a ``tsvector`` column filled by
a trigger on PostgreSQL (migration 0002)."""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    kind = models.CharField(max_length=100)  # the registered model's label, "plans.commitment"
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=8, blank=True)
    config = models.CharField(max_length=40)  # PostgreSQL text search configuration
    title = models.TextField()
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
