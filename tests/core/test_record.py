"""The public record: appending, checkpoints, verification and tamper detection."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F

from openplan.core import merkle
from openplan.core.record import keys, selectors
from openplan.core.record.hashing import entry_leaf_hash, leaf_data, state_hash
from openplan.core.record.models import Checkpoint, EntryKind, RecordEntry
from openplan.core.record.services import checkpoint_issue, record_append
from openplan.core.record.verify import Problem, Summary, record_verify

pytestmark = pytest.mark.django_db
TRIALS = 50


def append(n: int) -> list[RecordEntry]:
    kinds = list(EntryKind.values)
    return [
        record_append(
            kind=kinds[i % len(kinds)],
            object_uri=f"/commitments/XYZ{i % 4:04}/",
            state={"title": f"Commitment {i}", "n": i, "text": "é ü ∑"},
            organisation="Ministry of Openness",
            role="government",
        )
        for i in range(n)
    ]


@pytest.fixture
def log(settings) -> list[RecordEntry]:  # type: ignore[no-untyped-def]
    settings.OPENPLAN_RECORD_CHECKPOINT_EVERY = 7
    settings.OPENPLAN_RECORD_CHECKPOINT_MINUTES = 10_000
    entries = append(30)
    checkpoint_issue()  # covers every entry: the last ones are protected too
    return entries


def test_entries_are_numbered_without_gaps_and_hash_their_fields(log) -> None:  # type: ignore[no-untyped-def]
    assert [e.sequence for e in RecordEntry.objects.all()] == list(range(1, 31))
    first = RecordEntry.objects.get(sequence=1)
    state = {"title": "Commitment 0", "n": 0, "text": "é ü ∑"}
    canonical = json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert first.state_hash == hashlib.sha256(canonical.encode()).hexdigest()
    data = json.loads(leaf_data(first.leaf_fields()))
    assert data["sequence"] == 1 and data["state_hash"] == first.state_hash
    assert data["recorded_at"].endswith("Z") and data["v"] == 1
    assert first.leaf_hash == hashlib.sha256(b"\x00" + leaf_data(first.leaf_fields())).hexdigest()
    assert first.official_name == ""


def test_state_hash_ignores_key_order() -> None:
    assert state_hash({"a": 1, "b": [1, 2]}) == state_hash({"b": [1, 2], "a": 1})
    assert state_hash({"a": 1}) != state_hash({"a": 2})


def test_checkpoints_every_n_entries_are_signed(log) -> None:  # type: ignore[no-untyped-def]
    sizes = list(Checkpoint.objects.values_list("tree_size", flat=True))
    assert sizes == [1, 7, 14, 21, 28, 30]  # the first entry finds no checkpoint at all
    leaves = [bytes.fromhex(e.leaf_hash) for e in RecordEntry.objects.all()]
    public = keys.public_key_bytes()
    for checkpoint in Checkpoint.objects.all():
        assert checkpoint.root_hash == merkle.root(leaves[: checkpoint.tree_size]).hex()
        text = keys.checkpoint_text(
            checkpoint.origin, checkpoint.tree_size, checkpoint.root_hash, checkpoint.issued_at
        )
        assert keys.signature_valid(public, text, checkpoint.signature)
        assert not keys.signature_valid(public, text + b"x", checkpoint.signature)
    assert checkpoint_issue() == Checkpoint.objects.get(tree_size=30)  # nothing new to sign


def test_a_checkpoint_is_signed_when_the_last_is_old(settings, time_machine) -> None:  # type: ignore[no-untyped-def]
    settings.OPENPLAN_RECORD_CHECKPOINT_EVERY = 1000
    settings.OPENPLAN_RECORD_CHECKPOINT_MINUTES = 60
    time_machine.move_to(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), tick=False)
    append(3)
    time_machine.move_to(dt.datetime(2026, 3, 1, 10, 30, tzinfo=dt.UTC), tick=False)
    append(2)
    assert list(Checkpoint.objects.values_list("tree_size", flat=True)) == [1, 4]


def test_an_empty_record_has_no_checkpoint_and_verifies() -> None:
    assert checkpoint_issue() is None
    assert record_verify() == Summary(0, 0, merkle.EMPTY_ROOT.hex())


def test_the_signing_key_comes_from_settings(settings) -> None:  # type: ignore[no-untyped-def]
    raw = bytes(range(32))
    settings.OPENPLAN_RECORD_SIGNING_KEY = raw.hex()
    from_hex = keys.public_key_bytes()
    settings.OPENPLAN_RECORD_SIGNING_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    assert keys.public_key_bytes() == from_hex
    for bad in ("abc", "00" * 31, "not base64!"):
        with pytest.raises(ValueError, match="signing key"):
            keys.decode_key(bad)


def test_proofs_from_the_selectors_verify(log) -> None:  # type: ignore[no-untyped-def]
    proof = selectors.record_inclusion_proof(sequence=5, tree_size=21)
    assert merkle.inclusion_verify(
        bytes.fromhex(proof["leaf_hash"]),
        proof["leaf_index"],
        21,
        [bytes.fromhex(h) for h in proof["inclusion_path"]],
        bytes.fromhex(Checkpoint.objects.get(tree_size=21).root_hash),
    )
    consistency = selectors.record_consistency_proof(first=7, second=30)
    assert merkle.consistency_verify(
        7,
        30,
        bytes.fromhex(Checkpoint.objects.get(tree_size=7).root_hash),
        bytes.fromhex(Checkpoint.objects.get(tree_size=30).root_hash),
        [bytes.fromhex(h) for h in consistency["consistency_path"]],
    )
    for bad in ({"sequence": 0, "tree_size": 5}, {"sequence": 6, "tree_size": 5}):
        with pytest.raises(ValueError):
            selectors.record_inclusion_proof(**bad)
    with pytest.raises(ValueError):
        selectors.record_consistency_proof(first=3, second=31)


def test_the_verify_command_passes_on_a_sound_record(log, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("record", "verify")
    out = capsys.readouterr().out
    assert "verifies: 30 entries, 6 checkpoints" in out


def test_the_checkpoint_command_signs_the_tree(settings, capsys) -> None:  # type: ignore[no-untyped-def]
    settings.OPENPLAN_RECORD_CHECKPOINT_EVERY = 100
    call_command("record", "checkpoint")
    assert "empty" in capsys.readouterr().out
    append(3)
    call_command("record", "checkpoint")
    assert "Checkpoint of size 3" in capsys.readouterr().out


def test_the_verify_command_fails_naming_the_first_bad_entry(log) -> None:  # type: ignore[no-untyped-def]
    RecordEntry.objects.filter(sequence__in=[12, 20]).update(organisation="Someone else")
    with pytest.raises(CommandError, match="First problem: entry 12: its fields do not match"):
        call_command("record", "verify", "--no-progress")


# --- Tampering: many random trials, each rolled back --------------------------------------

FIELDS = ["kind", "object_uri", "organisation", "role", "official_name", "state_hash"]


def _other_value(entry: RecordEntry, field: str, rng: random.Random) -> object:
    if field == "kind":
        return rng.choice([k for k in EntryKind.values if k != entry.kind])
    if field == "state_hash":
        return hashlib.sha256(entry.state_hash.encode()).hexdigest()
    return getattr(entry, field) + rng.choice(["x", " ", "0"])


def alter(rng: random.Random, n: int, rehash: bool) -> None:
    entry = RecordEntry.objects.get(sequence=rng.randint(1, n))
    field = rng.choice([*FIELDS, "recorded_at"])
    if field == "recorded_at":
        entry.recorded_at += dt.timedelta(microseconds=rng.randint(1, 10**9))
    else:
        setattr(entry, field, _other_value(entry, field, rng))
    if rehash:
        entry.leaf_hash = entry_leaf_hash(entry.leaf_fields())
    entry.save()


def delete(rng: random.Random, n: int, rehash: bool) -> None:
    sequence = rng.randint(1, n)
    RecordEntry.objects.filter(sequence=sequence).delete()
    if rehash:  # close the gap and make every leaf hash fit again
        for entry in RecordEntry.objects.filter(sequence__gt=sequence).order_by("sequence"):
            entry.sequence -= 1
            entry.leaf_hash = entry_leaf_hash(entry.leaf_fields())
            entry.save()


def swap(rng: random.Random, n: int, rehash: bool) -> None:
    """Reorder: two entries exchange everything but their sequence numbers."""
    a, b = rng.sample(range(1, n + 1), 2)
    first, second = RecordEntry.objects.get(sequence=a), RecordEntry.objects.get(sequence=b)
    if first.leaf_fields() | {"sequence": 0} == second.leaf_fields() | {"sequence": 0}:
        second.recorded_at += dt.timedelta(microseconds=1)  # make them really differ
    for field in [*FIELDS, "recorded_at", "leaf_hash"]:
        x, y = getattr(first, field), getattr(second, field)
        setattr(first, field, y)
        setattr(second, field, x)
    for entry in (first, second):
        if rehash:
            entry.leaf_hash = entry_leaf_hash(entry.leaf_fields())
        entry.save()


def insert(rng: random.Random, n: int, rehash: bool) -> None:
    """A new entry at a random place; the ones after it move up one."""
    at = rng.randint(1, n)
    for entry in RecordEntry.objects.filter(sequence__gte=at).order_by("-sequence"):
        RecordEntry.objects.filter(pk=entry.pk).update(sequence=F("sequence") + 1)
    forged = RecordEntry(
        sequence=at,
        recorded_at=RecordEntry.objects.get(sequence=at + 1).recorded_at,
        kind=EntryKind.EDIT,
        object_uri="/commitments/FORGED/",
        organisation="Ministry of Openness",
        role="government",
        state_hash=state_hash({"forged": True}),
    )
    forged.leaf_hash = entry_leaf_hash(forged.leaf_fields())
    forged.save()
    if rehash:
        for entry in RecordEntry.objects.filter(sequence__gt=at):
            entry.leaf_hash = entry_leaf_hash(entry.leaf_fields())
            entry.save()


@pytest.mark.parametrize("rehash", [False, True], ids=["naive", "leaf-hashes-recomputed"])
@pytest.mark.parametrize("tamper", [alter, delete, swap, insert])
def test_any_tampering_is_detected(log, tamper, rehash: bool) -> None:  # type: ignore[no-untyped-def]
    """Whether or not the forger recomputes leaf hashes, the checkpoints' signed roots
    no longer match (rehash) or an entry no longer matches its own leaf hash (naive)."""
    rng = random.Random(f"{tamper.__name__}-{rehash}")
    for _trial in range(TRIALS):
        with transaction.atomic():
            tamper(rng, len(log), rehash)
            result = record_verify()
            transaction.set_rollback(True)
        assert isinstance(result, Problem), f"{tamper.__name__} went unnoticed"
    assert isinstance(record_verify(), Summary)


def test_a_forged_checkpoint_is_detected(log) -> None:  # type: ignore[no-untyped-def]
    checkpoint = Checkpoint.objects.get(tree_size=14)
    leaves = [bytes.fromhex(e.leaf_hash) for e in RecordEntry.objects.all()[:13]]
    Checkpoint.objects.filter(pk=checkpoint.pk).update(
        tree_size=13, root_hash=merkle.root(leaves).hex()
    )
    result = record_verify()
    assert isinstance(result, Problem) and "signature" in result.what
    Checkpoint.objects.filter(pk=checkpoint.pk).update(tree_size=99)
    assert "more entries" in str(record_verify())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_appends_take_consecutive_numbers(settings) -> None:  # type: ignore[no-untyped-def]
    """Writers in parallel threads (their own connections and transactions) queue on the
    record's lock: no duplicate, no gap, and every checkpoint still verifies."""
    import threading

    from django.db import connection as main_connection
    from django.db import connections

    settings.OPENPLAN_RECORD_CHECKPOINT_EVERY = 5
    errors: list[BaseException] = []
    # SQLite's test database is shared-cache memory, whose table locks do not wait (the real
    # file database queues writers with IMMEDIATE transactions): one writer thread there.
    threads_count = 4 if main_connection.vendor == "postgresql" else 1

    def writer(i: int) -> None:
        try:
            for j in range(5):
                with transaction.atomic():
                    record_append(
                        kind=EntryKind.EDIT, object_uri=f"/t/{i}/{j}/", state={"j": j},
                        organisation="Org", role="government",
                    )  # fmt: skip
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    total = threads_count * 5
    assert list(RecordEntry.objects.values_list("sequence", flat=True)) == list(range(1, total + 1))
    assert isinstance(record_verify(), Summary)


def test_a_checkpoint_without_a_usable_compact_range_is_recomputed(log) -> None:  # type: ignore[no-untyped-def]
    Checkpoint.objects.filter(tree_size=30).update(compact_range=[["x", "y"]])
    append(3)
    checkpoint = checkpoint_issue()
    leaves = [bytes.fromhex(e.leaf_hash) for e in RecordEntry.objects.all()]
    assert checkpoint is not None and checkpoint.tree_size == 33
    assert checkpoint.root_hash == merkle.root(leaves).hex()
    assert len(checkpoint.compact_range) == 2  # 33 = 32 + 1


def test_no_proof_comes_from_a_record_with_gaps(log) -> None:  # type: ignore[no-untyped-def]
    RecordEntry.objects.filter(sequence=4).delete()
    with pytest.raises(RuntimeError, match="record verify"):  # a proof that needs entry 4
        selectors.record_inclusion_proof(sequence=3, tree_size=30)
