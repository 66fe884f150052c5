"""RFC 6962 Merkle trees: the Certificate Transparency test vectors, then properties.

The vectors are the eight reference leaves of the RFC 6962 reference implementation, as
published in Google's certificate-transparency and transparency-dev/merkle test data (values
only): their roots for every size, and the inclusion and consistency proofs listed there.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openplan.core import merkle

LEAVES = [
    bytes.fromhex(h)
    for h in [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]  # fmt: skip
HASHES = [merkle.leaf_hash(d) for d in LEAVES]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
LEAF_HASHES = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
]
INCLUSION = [  # (leaf index, tree size, path)
    (0, 1, []),
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (3, 8, ["0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (7, 8, ["b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]  # fmt: skip
CONSISTENCY = [  # (first size, second size, proof)
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]  # fmt: skip


def _hex(items: list[bytes]) -> list[str]:
    return [item.hex() for item in items]


def test_leaf_hashes_match_the_reference() -> None:
    assert _hex(HASHES) == LEAF_HASHES


@pytest.mark.parametrize("size", range(9))
def test_roots_match_the_reference(size: int) -> None:
    assert merkle.root(HASHES[:size]).hex() == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_inclusion_proofs_match_the_reference(index: int, size: int, path: list[str]) -> None:
    proof = merkle.inclusion_proof(HASHES[:size], index)
    assert _hex(proof) == path
    root = bytes.fromhex(ROOTS[size])
    assert merkle.inclusion_verify(HASHES[index], index, size, proof, root)


@pytest.mark.parametrize(("first", "second", "path"), CONSISTENCY)
def test_consistency_proofs_match_the_reference(first: int, second: int, path: list[str]) -> None:
    proof = merkle.consistency_proof(HASHES[:second], first)
    assert _hex(proof) == path
    old, new = bytes.fromhex(ROOTS[first]), bytes.fromhex(ROOTS[second])
    assert merkle.consistency_verify(first, second, old, new, proof)


def test_out_of_range_proofs_are_refused() -> None:
    with pytest.raises(ValueError, match="not in a tree"):
        merkle.inclusion_proof(HASHES, 8)
    with pytest.raises(ValueError, match="not within a tree"):
        merkle.consistency_proof(HASHES[:3], 4)


def test_degenerate_consistency_cases() -> None:
    root8 = bytes.fromhex(ROOTS[8])
    assert merkle.consistency_verify(0, 8, merkle.EMPTY_ROOT, root8, [])
    assert not merkle.consistency_verify(0, 8, root8, root8, [])
    assert merkle.consistency_verify(8, 8, root8, root8, [])
    assert not merkle.consistency_verify(8, 8, root8, root8, [root8])
    assert not merkle.consistency_verify(7, 8, bytes.fromhex(ROOTS[7]), root8, [])
    assert not merkle.consistency_verify(8, 7, root8, bytes.fromhex(ROOTS[7]), [])


def test_a_million_leaves_take_no_deep_recursion() -> None:
    leaves = [hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(1 << 20)]
    top = merkle.root(leaves)
    proof = merkle.inclusion_proof(leaves, 777_777)
    assert len(proof) == 20
    assert merkle.inclusion_verify(leaves[777_777], 777_777, len(leaves), proof, top)


# --- Properties ---------------------------------------------------------------------------


def _tree(n: int) -> list[bytes]:
    return [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


def _flip(items: list[bytes], which: int, bit: int) -> list[bytes]:
    changed = list(items)
    target = bytearray(changed[which])
    target[bit // 8] ^= 1 << (bit % 8)
    changed[which] = bytes(target)
    return changed


@st.composite
def tree_and_index(draw: st.DrawFn) -> tuple[list[bytes], int]:
    n = draw(st.integers(min_value=1, max_value=300))
    return _tree(n), draw(st.integers(min_value=0, max_value=n - 1))


@st.composite
def tree_and_sizes(draw: st.DrawFn) -> tuple[list[bytes], int]:
    n = draw(st.integers(min_value=1, max_value=300))
    return _tree(n), draw(st.integers(min_value=0, max_value=n))


@settings(max_examples=300, deadline=None)
@given(tree_and_index(), st.data())
def test_every_inclusion_proof_verifies_and_any_change_fails(
    case: tuple[list[bytes], int], data: st.DataObject
) -> None:
    leaves, index = case
    n, top = len(leaves), merkle.root(leaves)
    proof = merkle.inclusion_proof(leaves, index)
    assert merkle.inclusion_verify(leaves[index], index, n, proof, top)
    bit = data.draw(st.integers(min_value=0, max_value=255))
    assert not merkle.inclusion_verify(_flip([leaves[index]], 0, bit)[0], index, n, proof, top)
    assert not merkle.inclusion_verify(leaves[index], index, n, proof, _flip([top], 0, bit)[0])
    if proof:
        which = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
        assert not merkle.inclusion_verify(leaves[index], index, n, _flip(proof, which, bit), top)
        assert not merkle.inclusion_verify(leaves[index], index, n, proof[:-1], top)
    assert not merkle.inclusion_verify(leaves[index], index, n, [*proof, top], top)
    other = data.draw(st.integers(min_value=0, max_value=n - 1))
    if other != index:
        assert not merkle.inclusion_verify(leaves[index], other, n, proof, top)
        assert not merkle.inclusion_verify(leaves[other], index, n, proof, top)


@settings(max_examples=300, deadline=None)
@given(tree_and_sizes(), st.data())
def test_every_consistency_proof_verifies_and_any_change_fails(
    case: tuple[list[bytes], int], data: st.DataObject
) -> None:
    leaves, first = case
    n = len(leaves)
    old, new = merkle.root(leaves[:first]), merkle.root(leaves)
    proof = merkle.consistency_proof(leaves, first)
    assert merkle.consistency_verify(first, n, old, new, proof)
    bit = data.draw(st.integers(min_value=0, max_value=255))
    assert not merkle.consistency_verify(first, n, _flip([old], 0, bit)[0], new, proof)
    if first:  # the empty tree is a prefix of every tree, whatever its root
        assert not merkle.consistency_verify(first, n, old, _flip([new], 0, bit)[0], proof)
    if proof:
        which = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
        assert not merkle.consistency_verify(first, n, old, new, _flip(proof, which, bit))
        assert not merkle.consistency_verify(first, n, old, new, proof[:-1])
    assert not merkle.consistency_verify(first, n, old, new, [*proof, new])
    # A history rewritten before ``first`` is not consistent with the old root.
    if first:
        changed = _flip(leaves, data.draw(st.integers(min_value=0, max_value=first - 1)), bit)
        rewritten = merkle.consistency_proof(changed, first)
        assert not merkle.consistency_verify(first, n, old, merkle.root(changed), rewritten)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=300))
def test_a_compact_range_has_the_root_of_the_tree(n: int) -> None:
    leaves, compact = _tree(n), merkle.CompactRange()
    for size, leaf in enumerate(leaves):
        assert compact.root() == merkle.root(leaves[:size])
        compact.append(leaf)
    assert compact.root() == merkle.root(leaves) and compact.size == n


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=200))
def test_a_compact_range_carries_on_from_its_state(first: int, more: int) -> None:
    leaves = _tree(first + more)
    compact = merkle.CompactRange()
    for leaf in leaves[:first]:
        compact.append(leaf)
    resumed = merkle.CompactRange.restore(first, compact.state())
    for leaf in leaves[first:]:
        resumed.append(leaf)
    assert resumed.root() == merkle.root(leaves) and resumed.size == first + more
    if first:
        with pytest.raises(ValueError, match="compact range"):
            merkle.CompactRange.restore(first + 1, compact.state())
