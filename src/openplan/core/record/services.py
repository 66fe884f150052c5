"""Appending to the public record and signing checkpoints. Nothing else writes its tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from openplan.core import merkle
from openplan.core.record import keys, nodes
from openplan.core.record.hashing import entry_leaf_hash, state_hash
from openplan.core.record.models import Checkpoint, RecordEntry


def _lock() -> None:
    """Serialise writers of the record until the transaction ends, so sequence numbers have
    no gaps and no duplicates. On PostgreSQL a table lock that readers pass through; SQLite
    runs IMMEDIATE transactions (settings.py), which already admit one writer at a time. The
    unique sequence is the database's guarantee if this were ever bypassed."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(RecordEntry._meta.db_table)
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


@transaction.atomic
def record_append(
    *,
    kind: str,
    object_uri: str,
    state: dict[str, Any],
    organisation: str,
    role: str,
    official_name: str = "",
) -> RecordEntry:
    """Append one public change to the record, in the caller's transaction.

    ``state`` is the new public state of the object (JSON-serialisable, no personal data);
    only its hash is kept. ``official_name`` is for a public official acting in role and
    stays empty for everyone else. Stores the hashes of the subtrees the entry completes (one
    row on average, for proofs) and signs a checkpoint when one is due.
    """
    _lock()
    last = RecordEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    entry = RecordEntry(
        sequence=(last or 0) + 1,
        recorded_at=timezone.now(),
        kind=kind,
        object_uri=object_uri,
        organisation=organisation,
        role=role,
        official_name=official_name,
        state_hash=state_hash(state),
    )
    entry.leaf_hash = entry_leaf_hash(entry.leaf_fields())
    entry.full_clean()
    entry.save()
    nodes.store_completed(entry.sequence, bytes.fromhex(entry.leaf_hash))
    if _checkpoint_due(entry.sequence):
        checkpoint_issue()
    return entry


def _checkpoint_due(size: int) -> bool:
    if size % settings.OPENPLAN_RECORD_CHECKPOINT_EVERY == 0:
        return True
    last = Checkpoint.objects.order_by("-tree_size").values_list("issued_at", flat=True).first()
    age = dt.timedelta(minutes=settings.OPENPLAN_RECORD_CHECKPOINT_MINUTES)
    return last is None or timezone.now() - last >= age


@transaction.atomic
def checkpoint_issue() -> Checkpoint | None:
    """Sign the tree as it stands. Returns the latest checkpoint unchanged when no entry was
    added since, and None while the record is empty. Only the entries added since the latest
    checkpoint are read, thanks to its compact range."""
    _lock()
    latest = Checkpoint.objects.order_by("-tree_size").first()
    compact = _compact_range_after(latest)
    new_leaves = RecordEntry.objects.filter(sequence__gt=compact.size).values_list(
        "leaf_hash", flat=True
    )  # ordered by sequence (Meta.ordering)
    for leaf_hash in new_leaves.iterator(chunk_size=5000):
        compact.append(bytes.fromhex(leaf_hash))
    if compact.size == 0 or (latest is not None and latest.tree_size == compact.size):
        return latest
    root_hash = compact.root().hex()
    issued_at, origin = timezone.now(), keys.origin()
    text = keys.checkpoint_text(origin, compact.size, root_hash, issued_at)
    signature, key_id = keys.sign(text)
    return Checkpoint.objects.create(
        tree_size=compact.size,
        root_hash=root_hash,
        issued_at=issued_at,
        origin=origin,
        key_id=key_id,
        signature=signature,
        compact_range=[[height, node.hex()] for height, node in compact.state()],
    )


def _compact_range_after(latest: Checkpoint | None) -> merkle.CompactRange:
    """The compact range saved with the latest checkpoint, or an empty one to start from."""
    if latest is None:
        return merkle.CompactRange()
    try:
        state = [(int(height), bytes.fromhex(node)) for height, node in latest.compact_range]
        return merkle.CompactRange.restore(latest.tree_size, state)
    except (TypeError, ValueError):  # missing or malformed: start again from the first entry
        return merkle.CompactRange()


@transaction.atomic
def record_rebuild_nodes(*, progress: Callable[[int], None] | None = None) -> int:
    """Compute every stored subtree hash again from the entries (after a restore from an old
    backup, or when ``record verify`` names a bad node); the number of nodes stored. Writers
    of the record wait meanwhile."""
    _lock()
    return nodes.rebuild(progress=progress)
