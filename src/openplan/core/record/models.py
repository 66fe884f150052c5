"""The record's tables. Rows are written only by ``services`` and never updated or deleted."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from openplan.core.record.hashing import LEAF_FIELDS


class EntryKind(models.TextChoices):
    PUBLICATION = "publication", _("Publication")
    EDIT = "edit", _("Edit")
    STATUS = "status", _("Status change")
    PROGRESS = "progress", _("Progress update")
    RESPONSE = "response", _("Response")
    MODERATION = "moderation", _("Moderation")
    ASSESSMENT = "assessment", _("Assessment")


class EntryRole(models.TextChoices):
    """The public role in which an organisation acts."""

    GOVERNMENT = "government", _("government")
    CO_OWNER = "co-owner", _("co-owner")
    IMPORT = "import", _("import of OGP data")


class RecordEntry(models.Model):
    """One public change. The acting organisation is kept as text, not a foreign key, so the
    entry outlives the organisation; a person's name appears only for a public official acting
    in role (``official_name``), never for anyone else."""

    sequence = models.PositiveBigIntegerField(_("sequence number"), unique=True)
    recorded_at = models.DateTimeField(_("recorded"))
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    object_uri = models.CharField(_("object"), max_length=500, db_index=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    role = models.CharField(_("role"), max_length=50, choices=EntryRole.choices, blank=True)
    official_name = models.CharField(_("public official"), max_length=200, blank=True)
    state_hash = models.CharField(_("state hash"), max_length=64)
    leaf_hash = models.CharField(_("leaf hash"), max_length=64)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("record entry")
        verbose_name_plural = _("record entries")
        constraints = [
            models.CheckConstraint(condition=models.Q(sequence__gte=1), name="record_seq_from_1")
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.kind} {self.object_uri}"

    def leaf_fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in LEAF_FIELDS}


class Checkpoint(models.Model):
    """A signed statement of the tree's size and root: once published, the log can only grow
    from it (consistency proofs) and every entry it covers can be proven in it."""

    tree_size = models.PositiveBigIntegerField(_("tree size"), unique=True)
    root_hash = models.CharField(_("root hash"), max_length=64)
    issued_at = models.DateTimeField(_("issued"))
    origin = models.CharField(_("origin"), max_length=300)
    key_id = models.CharField(_("key identifier"), max_length=16)
    signature = models.CharField(_("signature"), max_length=128)
    # The tree's right edge at this size ([height, hex root] of each perfect subtree), so the
    # next checkpoint hashes only the entries added since. Derived data: verification never
    # trusts it, and a wrong one would only produce a checkpoint that fails verification.
    compact_range = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["tree_size"]
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")

    def __str__(self) -> str:
        return f"{self.origin} {self.tree_size}"


class RecordNode(models.Model):
    """The hash of a complete, aligned subtree of the record's Merkle tree: the one at
    ``level`` (1 and up; the leaves are the entries) and ``position`` covers entries
    position·2^level + 1 to (position + 1)·2^level. Written by the append that completes it,
    so proofs read O(log n) of these instead of every leaf. Derived data: ``record verify``
    recomputes every one of them from the leaves."""

    level = models.PositiveSmallIntegerField(_("level"))
    position = models.PositiveBigIntegerField(_("position"))
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        ordering = ["level", "position"]
        verbose_name = _("record tree node")
        verbose_name_plural = _("record tree nodes")
        constraints = [
            models.UniqueConstraint(fields=["level", "position"], name="record_node_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1), name="record_node_level"),
        ]

    def __str__(self) -> str:
        return f"node {self.level}/{self.position}"
