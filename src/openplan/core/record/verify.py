"""Checking the whole record: every entry's leaf hash, the sequence, every checkpoint's root
and signature. Used by ``openplan record verify``; the first problem found is reported."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from openplan.core import merkle
from openplan.core.record import keys
from openplan.core.record.hashing import entry_leaf_hash
from openplan.core.record.models import Checkpoint, RecordEntry


@dataclass(frozen=True)
class Problem:
    where: str  # "entry 17" or "checkpoint of size 100"
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass(frozen=True)
class Summary:
    entries: int
    checkpoints: int
    root_hash: str


def _entry_problem(entry: RecordEntry, expected: int) -> Problem | None:
    if entry.sequence != expected:
        return Problem(
            f"entry {expected}",
            f"missing or out of order: the next entry stored is number {entry.sequence}",
        )
    if entry.leaf_hash != entry_leaf_hash(entry.leaf_fields()):
        return Problem(f"entry {entry.sequence}", "its fields do not match its leaf hash")
    return None


def _checkpoint_problem(checkpoint: Checkpoint, root_hash: str, public: bytes) -> Problem | None:
    where = f"checkpoint of size {checkpoint.tree_size}"
    if checkpoint.root_hash != root_hash:
        return Problem(where, "its root hash is not the root of the entries it covers")
    if checkpoint.key_id != keys.key_id(public):
        return Problem(where, f"signed by key {checkpoint.key_id}, not the record's key")
    text = keys.checkpoint_text(
        checkpoint.origin, checkpoint.tree_size, checkpoint.root_hash, checkpoint.issued_at
    )
    if not keys.signature_valid(public, text, checkpoint.signature):
        return Problem(where, "its signature is not valid")
    return None


def _checkpoints() -> Iterator[Checkpoint]:
    yield from Checkpoint.objects.order_by("tree_size").iterator(chunk_size=2000)


def record_verify(*, progress: Callable[[int], None] | None = None) -> Problem | Summary:
    """Recompute the record from its rows. ``progress(n)`` is called after each entry."""
    public = keys.public_key_bytes()
    checkpoints = _checkpoints()
    pending = next(checkpoints, None)
    compact = merkle.CompactRange()
    for entry in RecordEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        problem = _entry_problem(entry, compact.size + 1)
        if problem:
            return problem
        compact.append(bytes.fromhex(entry.leaf_hash))
        while pending is not None and pending.tree_size == compact.size:
            problem = _checkpoint_problem(pending, compact.root().hex(), public)
            if problem:
                return problem
            pending = next(checkpoints, None)
        if progress:
            progress(1)
    if pending is not None:
        return Problem(
            f"checkpoint of size {pending.tree_size}",
            f"it covers more entries than the record holds ({compact.size})",
        )
    return Summary(compact.size, Checkpoint.objects.count(), compact.root().hex())
