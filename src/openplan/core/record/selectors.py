"""Reading the public record: entries, checkpoints and proofs."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from openplan.core import merkle
from openplan.core.record import keys, nodes
from openplan.core.record.models import Checkpoint, RecordEntry


def record_entry_list(*, kind: str = "", uri_prefix: str = "") -> QuerySet[RecordEntry]:
    """Entries, newest first, optionally of one kind and under one object URI prefix."""
    entries = RecordEntry.objects.order_by("-sequence")
    if kind:
        entries = entries.filter(kind=kind)
    if uri_prefix:
        entries = entries.filter(object_uri__startswith=uri_prefix)
    return entries


def record_size() -> int:
    last = RecordEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    return last or 0


def record_latest_state_hash(*, object_uri: str) -> str | None:
    """The state hash of the object's latest entry, if it has one."""
    entries = RecordEntry.objects.filter(object_uri=object_uri).order_by("-sequence")
    return entries.values_list("state_hash", flat=True).first()


def checkpoint_latest() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-tree_size").first()


def record_tree_root(*, size: int) -> str:
    """The root of the tree of the first ``size`` entries, from O(log n) stored hashes."""
    return nodes.range_roots([(0, size)])[(0, size)].hex()


def record_inclusion_proof(*, sequence: int, tree_size: int) -> dict[str, Any]:
    """The proof that entry ``sequence`` (1-based) is leaf ``sequence - 1`` of the tree of
    ``tree_size`` entries. ValueError when the sizes do not fit the record.

    Three queries whatever the size: the record's size, then the entries and the stored
    subtree hashes the proof is made of (about 2·log2 n hashes in all)."""
    if not 1 <= sequence <= tree_size <= record_size():
        raise ValueError("the entry must lie within the tree, and the tree within the record")
    index = sequence - 1
    path = merkle.inclusion_ranges(tree_size, index)
    roots = nodes.range_roots([*path, (0, tree_size), (index, sequence)])
    return {
        "sequence": sequence,
        "leaf_index": index,
        "tree_size": tree_size,
        "leaf_hash": roots[(index, sequence)].hex(),
        "root_hash": roots[(0, tree_size)].hex(),
        "inclusion_path": [roots[r].hex() for r in path],
    }


def record_consistency_proof(*, first: int, second: int) -> dict[str, Any]:
    """The proof that the tree of ``first`` entries is a prefix of the tree of ``second``,
    in three queries like the inclusion proof."""
    if not 0 <= first <= second <= record_size():
        raise ValueError("the sizes must satisfy 0 ≤ first ≤ second ≤ the record's size")
    path = merkle.consistency_ranges(second, first)
    roots = nodes.range_roots([*path, (0, first), (0, second)])
    return {
        "first": first,
        "second": second,
        "first_root": roots[(0, first)].hex(),
        "second_root": roots[(0, second)].hex(),
        "consistency_path": [roots[r].hex() for r in path],
    }


def public_key() -> dict[str, str]:
    """The public half of the signing key, to check checkpoints with."""
    raw = keys.public_key_bytes()
    return {"algorithm": "Ed25519", "key_id": keys.key_id(raw), "public_key": raw.hex()}


def checkpoint_document(checkpoint: Checkpoint) -> dict[str, Any]:
    """A checkpoint as published: its fields, the exact signed text, and the public key."""
    text = keys.checkpoint_text(
        checkpoint.origin, checkpoint.tree_size, checkpoint.root_hash, checkpoint.issued_at
    )
    return {
        "origin": checkpoint.origin,
        "tree_size": checkpoint.tree_size,
        "root_hash": checkpoint.root_hash,
        "issued_at": checkpoint.issued_at.isoformat(),
        "signed_text": text.decode(),
        "signature": checkpoint.signature,
        "key_id": checkpoint.key_id,
        "signer": public_key(),
    }
