"""Proofs from the stored subtree hashes (``RecordNode``): the same proofs as the full
recomputation from every leaf, in a bounded number of queries, and tampering detected."""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openplan.core import merkle
from openplan.core.record import nodes, selectors
from openplan.core.record.models import RecordEntry, RecordNode
from openplan.core.record.services import record_append
from openplan.core.record.verify import Problem, Summary, record_verify
from tests.core.test_merkle import CONSISTENCY, HASHES, INCLUSION, ROOTS

pytestmark = pytest.mark.django_db


def grow(n: int) -> list[bytes]:
    """Append entries up to ``n``; all the leaf hashes."""
    for i in range(selectors.record_size(), n):
        record_append(kind="edit", object_uri=f"/commitments/N{i}/", state={"n": i},
                      organisation="Ministry", role="government")  # fmt: skip
    return [bytes.fromhex(h) for h in RecordEntry.objects.values_list("leaf_hash", flat=True)]


def expected_nodes(n: int) -> int:
    return sum(n >> level for level in range(1, n.bit_length()))


def test_each_append_stores_the_subtrees_it_completes() -> None:
    for n in (1, 2, 3, 4, 7, 8, 13):
        leaves = grow(n)
        assert RecordNode.objects.count() == expected_nodes(n)
        for node in RecordNode.objects.all():
            start = node.position << node.level
            assert node.hash == merkle.root(leaves[start : start + (1 << node.level)]).hex()


def test_proofs_from_stored_nodes_equal_the_full_recomputation() -> None:
    rng = random.Random(6962)
    leaves = grow(140)
    for size in [*range(1, 35), *rng.sample(range(35, 141), 25)]:
        tree = leaves[:size]
        assert selectors.record_tree_root(size=size) == merkle.root(tree).hex()
        for index in {0, size - 1, rng.randrange(size), rng.randrange(size)}:
            proof = selectors.record_inclusion_proof(sequence=index + 1, tree_size=size)
            assert proof["inclusion_path"] == [h.hex() for h in merkle.inclusion_proof(tree, index)]
            assert proof["root_hash"] == merkle.root(tree).hex()
            assert proof["leaf_hash"] == tree[index].hex()
        for first in {0, 1, size // 2, rng.randrange(size + 1), size}:
            proof = selectors.record_consistency_proof(first=first, second=size)
            assert proof["consistency_path"] == [
                h.hex() for h in merkle.consistency_proof(tree, first)
            ]
            assert proof["first_root"] == merkle.root(tree[:first]).hex()


def _stored(leaves: list[bytes]) -> dict[tuple[int, int], bytes]:
    """Every perfect subtree of these leaves, as the table would hold them."""
    stored: dict[tuple[int, int], bytes] = {(0, i): leaf for i, leaf in enumerate(leaves)}
    compact = merkle.CompactRange()
    for leaf in leaves:
        compact.append(leaf, lambda level, position, node: stored.update({(level, position): node}))
    return stored


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_range_proofs_match_the_rfc_vectors(index: int, size: int, path: list[str]) -> None:
    stored = _stored(HASHES[:size])
    ranges = merkle.inclusion_ranges(size, index)
    assert [merkle.range_root(a, b, stored).hex() for a, b in ranges] == path
    assert merkle.range_root(0, size, stored).hex() == ROOTS[size]


@pytest.mark.parametrize(("first", "second", "path"), CONSISTENCY)
def test_range_consistency_proofs_match_the_rfc_vectors(
    first: int, second: int, path: list[str]
) -> None:
    stored = _stored(HASHES[:second])
    ranges = merkle.consistency_ranges(second, first)
    assert [merkle.range_root(a, b, stored).hex() for a, b in ranges] == path


def test_range_proofs_equal_leaf_proofs_for_many_sizes() -> None:
    rng = random.Random(9162)
    for size in [*range(1, 70), *rng.sample(range(70, 5000), 40)]:
        leaves = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(size)]
        stored = _stored(leaves)
        index, first = rng.randrange(size), rng.randrange(size + 1)
        inclusion = [
            merkle.range_root(a, b, stored) for a, b in merkle.inclusion_ranges(size, index)
        ]
        assert inclusion == merkle.inclusion_proof(leaves, index)
        consistency = [
            merkle.range_root(a, b, stored) for a, b in merkle.consistency_ranges(size, first)
        ]
        assert consistency == merkle.consistency_proof(leaves, first)


def _queries(call: Callable[..., object], *args: object, **kwargs: object) -> int:
    with CaptureQueriesContext(connection) as captured:
        call(*args, **kwargs)
    return len(captured)


def test_a_proof_takes_the_same_few_queries_whatever_the_tree_size(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OPENPLAN_RECORD_CHECKPOINT_EVERY = 10  # the same view path at both sizes
    counts = []
    for size in (40, 300):
        grow(size)
        inclusion = f"/record/entries/{size // 3}/proof.json?tree_size={size - 1}"
        consistency = f"/record/consistency.json?first={size // 2 - 1}&second={size}"
        assert client.get(inclusion).status_code == 200
        assert client.get(consistency).status_code == 200
        counts.append((_queries(client.get, inclusion), _queries(client.get, consistency)))
        selector = selectors.record_inclusion_proof
        assert _queries(selector, sequence=size // 3, tree_size=size - 1) == 3
    assert counts[0] == counts[1]
    assert max(max(c) for c in counts) <= 6


def test_verify_names_a_tampered_node(capsys) -> None:  # type: ignore[no-untyped-def]
    grow(21)
    assert isinstance(record_verify(), Summary)
    RecordNode.objects.filter(level=2, position=3).update(hash="ab" * 32)
    problem = record_verify()
    assert isinstance(problem, Problem)
    assert str(problem) == (
        "stored node at level 2, position 3 (entries 13–16): its hash is not the hash of its leaves"
    )
    with pytest.raises(CommandError, match="level 2, position 3"):
        call_command("record", "verify", "--no-progress")


def test_verify_names_a_missing_and_an_extra_node() -> None:
    grow(21)
    RecordNode.objects.filter(level=1, position=9).delete()
    assert str(record_verify()).startswith(
        "stored node at level 1, position 9 (entries 19–20): missing"
    )
    call_command("record", "rebuild-nodes", "--no-progress")
    assert isinstance(record_verify(), Summary)
    RecordNode.objects.create(level=1, position=10, hash="00" * 32)
    assert "level 1, position 10" in str(record_verify())
    RecordNode.objects.filter(level=1, position=10).delete()
    RecordNode.objects.create(level=9, position=0, hash="00" * 32)
    assert "it lies beyond the entries" in str(record_verify())


def test_rebuild_restores_the_nodes_proofs_need(capsys) -> None:  # type: ignore[no-untyped-def]
    leaves = grow(50)
    before = list(RecordNode.objects.values_list("level", "position", "hash"))
    RecordNode.objects.all().delete()
    with pytest.raises(nodes.MissingNodesError):
        selectors.record_inclusion_proof(sequence=1, tree_size=50)
    call_command("record", "rebuild-nodes", "--no-progress")
    assert "Stored 47 subtree hashes for 50 entries" in capsys.readouterr().out
    assert list(RecordNode.objects.values_list("level", "position", "hash")) == before
    proof = selectors.record_inclusion_proof(sequence=1, tree_size=50)
    assert proof["inclusion_path"] == [h.hex() for h in merkle.inclusion_proof(leaves, 0)]


def test_the_migration_fills_the_nodes_of_an_existing_record() -> None:
    from django.apps import apps

    migration = importlib.import_module("openplan.core.migrations.0002_proofs_record_nodes")
    grow(37)
    RecordNode.objects.all().delete()  # as before the migration
    assert not isinstance(record_verify(), Summary)
    migration.fill_nodes(apps, None)
    assert RecordNode.objects.count() == expected_nodes(37)
    assert isinstance(record_verify(), Summary)
