"""Merkle trees of RFC 6962 (Certificate Transparency), as updated by RFC 9162 §2.1.

Pure functions over leaf hashes (32-byte ``bytes``). A tree of ``n`` leaves is the list of the
first ``n`` leaf hashes; every function here works level by level, so a tree of a million
leaves costs about two million SHA-256 computations and no deep recursion.

- ``leaf_hash(data)`` = SHA-256(0x00 || data); ``node_hash(l, r)`` = SHA-256(0x01 || l || r).
- ``root(leaves)``: MTH(D[n]); the root of the empty tree is SHA-256 of the empty string.
- ``inclusion_proof(leaves, index)``: PATH(m, D[n]); ``inclusion_verify`` checks one.
- ``consistency_proof(leaves, first)``: PROOF(m, D[n]); ``consistency_verify`` checks one.

The verifiers follow the algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2, so they need only the
proof, the sizes and the roots: nobody has to trust this module to check a proof it produced.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1): where RFC 6962 splits a tree."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of the leaf hashes, computed level by level.

    Pairing neighbours and carrying an odd last node up unchanged builds the same tree as the
    RFC's split at the largest power of two below ``n``.
    """
    if not leaves:
        return EMPTY_ROOT
    level = list(leaves)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(index, D[n]) for the tree of ``leaves`` (n = len(leaves)): the sibling subtree
    roots from the leaf up to the root."""
    if not 0 <= index < len(leaves):
        raise ValueError(f"leaf index {index} is not in a tree of size {len(leaves)}")
    # PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n])  or  PATH(m - k, D[k:n]) : MTH(D[0:k]);
    # walking down from the root, what each step adds comes after what the steps below add.
    outer: list[bytes] = []
    start, end, m = 0, len(leaves), index
    while end - start > 1:
        k = _split(end - start)
        if m < k:
            outer.append(root(leaves[start + k : end]))
            end = start + k
        else:
            outer.append(root(leaves[start : start + k]))
            start, m = start + k, m - k
    return outer[::-1]


def consistency_proof(leaves: Sequence[bytes], first: int) -> list[bytes]:
    """PROOF(first, D[n]) that the tree of the first ``first`` leaves is a prefix of the tree
    of all ``leaves``. Empty when ``first`` is 0 or n."""
    n = len(leaves)
    if not 0 <= first <= n:
        raise ValueError(f"size {first} is not within a tree of size {n}")
    if first in (0, n):
        return []
    # SUBPROOF(m, D[n], b), unrolled as in inclusion_proof.
    outer: list[bytes] = []
    start, end, m, complete = 0, n, first, True
    while end - start != m:
        k = _split(end - start)
        if m <= k:
            outer.append(root(leaves[start + k : end]))
            end = start + k
        else:
            outer.append(root(leaves[start : start + k]))
            start, m, complete = start + k, m - k, False
    if not complete:
        outer.append(root(leaves[start:end]))
    return outer[::-1]


# Proofs from stored subtrees. A perfect, aligned subtree is named (level, position): it covers
# the leaves [position * 2**level, (position + 1) * 2**level); level 0 is a leaf. Every subtree
# of an RFC 6962 tree, D[start:end], is a run of such subtrees, tallest first, so a proof needs
# only O(log n) stored hashes. The functions below name the ranges a proof is made of and the
# stored subtrees a range is made of; ``range_root`` folds them back into the range's root.


def inclusion_ranges(size: int, index: int) -> list[tuple[int, int]]:
    """The leaf ranges (start, end) whose roots are PATH(index, D[size]), in proof order."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is not in a tree of size {size}")
    outer: list[tuple[int, int]] = []
    start, end, m = 0, size, index
    while end - start > 1:
        k = _split(end - start)
        if m < k:
            outer.append((start + k, end))
            end = start + k
        else:
            outer.append((start, start + k))
            start, m = start + k, m - k
    return outer[::-1]


def consistency_ranges(size: int, first: int) -> list[tuple[int, int]]:
    """The leaf ranges whose roots are PROOF(first, D[size]), in proof order."""
    if not 0 <= first <= size:
        raise ValueError(f"size {first} is not within a tree of size {size}")
    if first in (0, size):
        return []
    outer: list[tuple[int, int]] = []
    start, end, m, complete = 0, size, first, True
    while end - start != m:
        k = _split(end - start)
        if m <= k:
            outer.append((start + k, end))
            end = start + k
        else:
            outer.append((start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        outer.append((start, end))
    return outer[::-1]


def subtrees(start: int, end: int) -> list[tuple[int, int]]:
    """The perfect aligned subtrees (level, position) that make up the leaves [start, end),
    left to right. For a subtree of an RFC 6962 tree they come tallest first."""
    pieces: list[tuple[int, int]] = []
    while start < end:
        level = (end - start).bit_length() - 1
        if start:
            level = min(level, (start & -start).bit_length() - 1)
        pieces.append((level, start >> level))
        start += 1 << level
    return pieces


def range_root(start: int, end: int, stored: Mapping[tuple[int, int], bytes]) -> bytes:
    """MTH(D[start:end]) from the hashes of its ``subtrees`` (KeyError if one is missing)."""
    pieces = [stored[piece] for piece in subtrees(start, end)]
    if not pieces:
        return EMPTY_ROOT
    result = pieces[-1]
    for left in reversed(pieces[:-1]):
        result = node_hash(left, result)
    return result


def _lsb(value: int) -> bool:
    return bool(value & 1)


def _valid(*hashes: bytes) -> bool:
    return all(isinstance(h, bytes) and len(h) == HASH_SIZE for h in hashes)


def inclusion_verify(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], expected_root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does ``proof`` show leaf hash ``leaf`` at ``index`` in the tree of
    ``size`` leaves whose root is ``expected_root``?"""
    if not (0 <= index < size and _valid(leaf, expected_root, *proof)):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if _lsb(fn) or fn == sn:
            r = node_hash(p, r)
            while not _lsb(fn) and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == expected_root


def consistency_verify(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: does ``proof`` show that the tree of ``first`` leaves with root
    ``first_root`` is a prefix of the tree of ``second`` leaves with root ``second_root``?

    The degenerate cases: equal sizes need equal roots and an empty proof; size 0 needs the
    empty root and an empty proof (the empty tree is a prefix of every tree).
    """
    if not (0 <= first <= second and _valid(first_root, second_root, *proof)):
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof and first_root == EMPTY_ROOT
    return bool(proof) and _consistency_walk(first, second, first_root, second_root, proof)


def _consistency_walk(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Steps 2 to 7 of RFC 9162 §2.1.4.2, for 0 < first < second and a non-empty proof."""
    path = list(proof)
    if first & (first - 1) == 0:  # an exact power of two: the first tree is a subtree
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while _lsb(fn):
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if _lsb(fn) or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not _lsb(fn) and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0


class CompactRange:
    """The roots of the perfect subtrees along the right edge of a growing tree: append
    leaves one by one and read the root at any size, in O(log n) memory. ``record verify``
    uses it to check the roots of every checkpoint in one pass over the log."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, bytes]] = []  # (height, root), tallest first
        self.size = 0

    def state(self) -> list[tuple[int, bytes]]:
        """What ``restore`` needs to carry on from this size: at most log2(n) + 1 hashes."""
        return list(self._stack)

    @classmethod
    def restore(cls, size: int, state: Sequence[tuple[int, bytes]]) -> CompactRange:
        """A compact range of ``size`` leaves from its ``state()``; ValueError if the heights
        do not spell out ``size`` (one subtree per set bit, tallest first)."""
        heights = [height for height, _node in state]
        expected = [bit for bit in range(size.bit_length() - 1, -1, -1) if size >> bit & 1]
        if heights != expected or not _valid(*(node for _height, node in state)):
            raise ValueError(f"not the compact range of a tree of size {size}")
        compact = cls()
        compact._stack, compact.size = list(state), size
        return compact

    def append(self, leaf: bytes, on_node: Callable[[int, int, bytes], None] | None = None) -> None:
        """Add the next leaf. ``on_node(level, position, hash)`` is told of every perfect
        subtree the leaf completes (level 1 and up; position counts from 0 along its level)."""
        height, node = 0, leaf
        while self._stack and self._stack[-1][0] == height:
            node = node_hash(self._stack.pop()[1], node)
            height += 1
            if on_node is not None:
                on_node(height, ((self.size + 1) >> height) - 1, node)
        self._stack.append((height, node))
        self.size += 1

    def root(self) -> bytes:
        """MTH of the leaves appended so far: the subtree roots folded from the right, which
        is the RFC's split at the largest power of two, applied again and again."""
        if not self._stack:
            return EMPTY_ROOT
        result = self._stack[-1][1]
        for _height, left in reversed(self._stack[:-1]):
            result = node_hash(left, result)
        return result
