"""Checking the whole record: every entry's leaf hash, the sequence, every stored subtree hash,
every checkpoint's root and signature. Used by ``openplan record verify``; the first problem
found is reported."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q

from openplan.core import merkle
from openplan.core.record import keys
from openplan.core.record.hashing import entry_leaf_hash
from openplan.core.record.models import Checkpoint, RecordEntry, RecordNode


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


NODE_BATCH = 5000


def _node_where(level: int, position: int) -> str:
    first, last = (position << level) + 1, (position + 1) << level
    return f"stored node at level {level}, position {position} (entries {first}–{last})"


def _node_problem(computed: dict[tuple[int, int], bytes]) -> Problem | None:
    """Compare the computed subtree hashes with the stored ones, then forget them. The ones
    computed since the last call are a run of consecutive positions on each level."""
    by_level: dict[int, list[int]] = {}
    for level, position in computed:
        by_level.setdefault(level, []).append(position)
    for level, positions in sorted(by_level.items()):
        stored = dict(
            RecordNode.objects.filter(
                level=level, position__gte=min(positions), position__lte=max(positions)
            ).values_list("position", "hash")
        )
        for position in sorted(positions):
            value = stored.get(position)
            if value != computed[(level, position)].hex():
                what = "missing" if value is None else "its hash is not the hash of its leaves"
                return Problem(_node_where(level, position), what)
    computed.clear()
    return None


def _extra_node_problem(size: int) -> Problem | None:
    """A stored node beyond the tree of ``size`` entries, in one query."""
    top = size.bit_length()  # no complete subtree reaches this level
    beyond = reduce(
        or_,
        (Q(level=level, position__gte=size >> level) for level in range(1, top)),
        Q(level__gte=max(top, 1)),
    )
    extra = RecordNode.objects.filter(beyond).values_list("level", "position").first()
    if extra:
        return Problem(_node_where(*extra), "it lies beyond the entries of the record")
    return None


def _checkpoints() -> Iterator[Checkpoint]:
    yield from Checkpoint.objects.order_by("tree_size").iterator(chunk_size=2000)


def record_verify(*, progress: Callable[[int], None] | None = None) -> Problem | Summary:
    """Recompute the record from its rows. ``progress(n)`` is called after each entry."""
    public = keys.public_key_bytes()
    checkpoints = _checkpoints()
    pending = next(checkpoints, None)
    compact = merkle.CompactRange()
    computed: dict[tuple[int, int], bytes] = {}  # subtree hashes not yet compared with the stored

    def keep(level: int, position: int, node: bytes) -> None:
        computed[(level, position)] = node

    for entry in RecordEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        problem = _entry_problem(entry, compact.size + 1)
        if problem:
            return problem
        compact.append(bytes.fromhex(entry.leaf_hash), keep)
        if len(computed) >= NODE_BATCH and (problem := _node_problem(computed)):
            return problem
        while pending is not None and pending.tree_size == compact.size:
            problem = _checkpoint_problem(pending, compact.root().hex(), public)
            if problem:
                return problem
            pending = next(checkpoints, None)
        if progress:
            progress(1)
    problem = _node_problem(computed) or _extra_node_problem(compact.size)
    if problem:
        return problem
    if pending is not None:
        return Problem(
            f"checkpoint of size {pending.tree_size}",
            f"it covers more entries than the record holds ({compact.size})",
        )
    return Summary(compact.size, Checkpoint.objects.count(), compact.root().hex())
