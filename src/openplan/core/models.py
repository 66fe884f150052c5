"""Abstract bases shared by every app, and the public record's tables."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openplan.core.record.models import (
    Checkpoint,
    EntryKind,
    EntryRole,
    RecordEntry,
    RecordNode,
)

__all__ = [
    "Checkpoint",
    "EntryKind",
    "EntryRole",
    "RecordEntry",
    "RecordNode",
    "TimeStampedModel",
]


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
