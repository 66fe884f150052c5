"""Reading the public record: entries, checkpoints and proofs."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from openplan.core import merkle
from openplan.core.record import keys
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


def _leaves(size: int) -> list[bytes]:
    hashes = RecordEntry.objects.filter(sequence__lte=size).values_list("leaf_hash", flat=True)
    leaves = [bytes.fromhex(h) for h in hashes]
    if len(leaves) != size:  # rows were removed: no proof from a damaged record
        raise RuntimeError("the public record has gaps; run `openplan record verify`")
    return leaves


def record_tree_root(*, size: int) -> str:
    return merkle.root(_leaves(size)).hex()


def record_inclusion_proof(*, sequence: int, tree_size: int) -> dict[str, Any]:
    """The proof that entry ``sequence`` (1-based) is leaf ``sequence - 1`` of the tree of
    ``tree_size`` entries. ValueError when the sizes do not fit the record."""
    if not 1 <= sequence <= tree_size <= record_size():
        raise ValueError("the entry must lie within the tree, and the tree within the record")
    leaves = _leaves(tree_size)
    proof = merkle.inclusion_proof(leaves, sequence - 1)
    return {
        "sequence": sequence,
        "leaf_index": sequence - 1,
        "tree_size": tree_size,
        "leaf_hash": leaves[sequence - 1].hex(),
        "root_hash": merkle.root(leaves).hex(),
        "inclusion_path": [node.hex() for node in proof],
    }


def record_consistency_proof(*, first: int, second: int) -> dict[str, Any]:
    """The proof that the tree of ``first`` entries is a prefix of the tree of ``second``."""
    if not 0 <= first <= second <= record_size():
        raise ValueError("the sizes must satisfy 0 ≤ first ≤ second ≤ the record's size")
    leaves = _leaves(second)
    return {
        "first": first,
        "second": second,
        "first_root": merkle.root(leaves[:first]).hex(),
        "second_root": merkle.root(leaves).hex(),
        "consistency_path": [node.hex() for node in merkle.consistency_proof(leaves, first)],
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
