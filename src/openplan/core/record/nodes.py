"""The stored subtree hashes of the record's tree (``RecordNode``): reading the few a proof
needs, writing the ones an append completes, and rebuilding them all from the leaves."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q

from openplan.core import merkle
from openplan.core.record.models import RecordEntry, RecordNode

Key = tuple[int, int]  # (level, position); level 0 is a leaf, i.e. entry position + 1


class MissingNodesError(RuntimeError):
    """A proof needs a subtree hash that is not stored."""


def node_hashes(keys: Iterable[Key]) -> dict[Key, bytes]:
    """The hashes of these subtrees, in two queries at most (leaves from the entries, the
    rest from the stored nodes). MissingNodesError if one is not there."""
    wanted = set(keys)
    by_level: dict[int, list[int]] = defaultdict(list)
    for level, position in wanted:
        by_level[level].append(position)
    found: dict[Key, bytes] = {}
    if by_level.get(0):
        leaves = RecordEntry.objects.filter(sequence__in=[p + 1 for p in by_level.pop(0)])
        for sequence, leaf in leaves.values_list("sequence", "leaf_hash"):
            found[(0, sequence - 1)] = bytes.fromhex(leaf)
    by_level.pop(0, None)
    if by_level:
        query = reduce(or_, (Q(level=lv, position__in=ps) for lv, ps in by_level.items()))
        for level, position, value in RecordNode.objects.filter(query).values_list(
            "level", "position", "hash"
        ):
            found[(level, position)] = bytes.fromhex(value)
    if missing := wanted - found.keys():
        raise MissingNodesError(
            f"the record's tree lacks {len(missing)} stored hashes (e.g. {min(missing)}); "
            "run `openplan record verify`, then `openplan record rebuild-nodes`"
        )
    return found


def range_roots(ranges: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """MTH(D[start:end]) of each range of an RFC 6962 tree, from stored subtrees."""
    ranges = list(ranges)
    stored = node_hashes(key for start, end in ranges for key in merkle.subtrees(start, end))
    return {(start, end): merkle.range_root(start, end, stored) for start, end in ranges}


def store_completed(entry_sequence: int, leaf: bytes) -> None:
    """Store the subtrees that entry ``entry_sequence`` (the newest) completes: one for each
    trailing zero bit of the tree size, one on average. Runs inside the append's transaction."""
    size = entry_sequence
    completed = (size & -size).bit_length() - 1
    if completed == 0:
        return
    siblings = node_hashes((level, (size >> level) - 2) for level in range(completed))
    node, rows = leaf, []
    for level in range(completed):
        node = merkle.node_hash(siblings[(level, (size >> level) - 2)], node)
        rows.append(
            RecordNode(level=level + 1, position=(size >> (level + 1)) - 1, hash=node.hex())
        )
    RecordNode.objects.bulk_create(rows)


def rebuild(
    *,
    progress: Callable[[int], None] | None = None,
    batch: int = 5000,
    entries: type[models.Model] = RecordEntry,
    nodes: type[models.Model] = RecordNode,
) -> int:
    """Delete the stored nodes and compute them again from the leaves; the number stored.
    Call it in a transaction, with the record's writers locked out (the command does both).
    ``entries`` and ``nodes`` let the data migration pass its historical models."""
    nodes._default_manager.all().delete()
    compact, rows, stored = merkle.CompactRange(), [], 0

    def keep(level: int, position: int, node: bytes) -> None:
        rows.append(nodes(level=level, position=position, hash=node.hex()))

    leaves = entries._default_manager.order_by("sequence").values_list("leaf_hash", flat=True)
    for leaf in leaves.iterator(chunk_size=batch):
        compact.append(bytes.fromhex(leaf), keep)
        if len(rows) >= batch:
            nodes._default_manager.bulk_create(rows)
            stored, rows[:] = stored + len(rows), []
        if progress:
            progress(1)
    nodes._default_manager.bulk_create(rows)
    return stored + len(rows)
