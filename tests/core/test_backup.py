"""Backup and restore round trips, on the database the suite runs on."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from openplan.accounts.models import Organisation, User
from openplan.core.record.models import Checkpoint, RecordEntry, RecordNode
from openplan.core.record.services import checkpoint_issue, record_append
from openplan.core.record.verify import Summary, record_verify
from openplan.plans.models import ActionPlan, Commitment, Member
from openplan.search.selectors import search_count
from tests.factories import OrganisationFactory, UserFactory


def counts() -> tuple[int, ...]:
    models = (User, Organisation, Member, ActionPlan, Commitment, RecordEntry, RecordNode,
              Checkpoint)  # fmt: skip
    return tuple(model.objects.count() for model in models)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_brings_everything_back(tmp_path: Path) -> None:
    UserFactory.create_batch(3)
    OrganisationFactory.create_batch(2)
    member = Member.objects.create(name="Demoland", slug="dmo", code="DMO", level="national")
    plan = ActionPlan.objects.create(member=member, number=1, start_year=2024, end_year=2026)
    Commitment.objects.create(
        identifier="DMO0001", action_plan=plan, title="Lanterns for all", status="published"
    )
    for n in range(5):  # a public record with a signed checkpoint
        record_append(kind="edit", object_uri=f"/commitments/DMO000{n}/", state={"n": n},
                      organisation="Ministry", role="government")  # fmt: skip
    checkpoint_issue()
    verified = record_verify()
    assert isinstance(verified, Summary) and verified.entries == 5
    before = counts()
    target = tmp_path / "copy.backup"
    call_command("backup", str(target), verbosity=0)
    assert target.stat().st_size > 0 and Path(f"{target}.sha256").exists()

    Commitment.objects.all().delete()
    User.objects.all().delete()
    RecordEntry.objects.filter(sequence=3).delete()
    RecordNode.objects.filter(level=2).delete()  # the stored subtree hashes come back too
    assert not isinstance(record_verify(), Summary)
    assert counts() != before and search_count("lanterns") == 0

    call_command("restore", str(target), "--yes", verbosity=0)
    assert counts() == before
    assert search_count("lanterns") == 1  # the full-text index came back too
    assert record_verify() == verified  # the record verifies, to the same root


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_damaged_backup_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "copy.backup"
    call_command("backup", str(target), verbosity=0)
    with target.open("r+b") as handle:
        handle.seek(200)
        handle.write(b"\x00garbage\x00")
    with pytest.raises(CommandError, match="damaged or altered"):
        call_command("restore", str(target), "--yes", verbosity=0)
    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore", str(tmp_path / "missing"), "--yes", verbosity=0)


@pytest.mark.django_db
def test_no_backup_inside_a_transaction(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="inside a transaction"):
        call_command("backup", str(tmp_path / "x.backup"), verbosity=0)
