"""Every plans service that changes public state appends one entry to the public record, in
its own transaction; services that touch only drafts append nothing. Erasing a person who
acted leaves the record verifiable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from openplan.accounts.models import Organisation
from openplan.accounts.services import account_erase
from openplan.core.record.hashing import state_hash
from openplan.core.record.models import EntryKind, RecordEntry
from openplan.core.record.verify import Summary, record_verify
from openplan.plans import services
from openplan.plans.models import ActionPlan, Commitment, Member, Milestone
from openplan.plans.services.record import progress_snapshot
from openplan.plans.states import CommitmentStatus, PlanStatus
from tests.personas import Cast

pytestmark = pytest.mark.django_db
PUBLISHED = CommitmentStatus.PUBLISHED


@pytest.fixture
def world(cast: Cast) -> dict[str, Any]:
    government = Organisation.objects.get(slug="ministry")
    cso = Organisation.objects.get(slug="collective")
    member = Member.objects.create(
        name="Demoland", slug="dmo", code="DMO", level="national", government=government
    )
    plan = ActionPlan.objects.create(member=member, number=1, start_year=2025, end_year=2027)
    commitment = Commitment.objects.create(
        identifier="DMO0001", action_plan=plan, title="Open budgets", status=PUBLISHED,
        start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 12, 31),
    )  # fmt: skip
    commitment.co_owners.add(cso)
    milestone = Milestone.objects.create(commitment=commitment, title="Draft", position=0)
    Milestone.objects.create(commitment=commitment, title="Adopt", position=1)
    draft = Commitment.objects.create(identifier="DMO0002", action_plan=plan, title="Draft one")
    return {
        "cast": cast, "government": government, "cso": cso, "member": member, "plan": plan,
        "commitment": commitment, "milestone": milestone, "draft": draft,
    }  # fmt: skip


def _report(w: dict[str, Any], organisation: Organisation, author: Any) -> Any:
    return services.progress_report(
        commitment=w["commitment"], organisation=organisation, author=author,
        data={"reported_on": dt.date(2025, 6, 1), "completion": "limited",
              "narrative": "Halfway", "source": "Minutes of 1 June"},
        evidence_links=[("Minutes", "https://example.org/minutes")],
    )  # fmt: skip


# (service, how to call it, expected kind, expected object URI suffix, expected role)
PUBLIC_CHANGES: dict[str, tuple[Callable[[dict[str, Any]], Any], str, str, str]] = {
    "action_plan_create": (
        lambda w: services.action_plan_create(
            member=w["member"], data={"title": "Second", "start_year": 2027, "end_year": 2029}
        ),
        EntryKind.PUBLICATION, "/plans/", "government",
    ),
    "action_plan_update": (
        lambda w: services.action_plan_update(plan=w["plan"], data={"title": "Renamed"}),
        EntryKind.EDIT, "/plans/", "government",
    ),
    "action_plan_transition": (
        lambda w: services.action_plan_transition(plan=w["plan"], target=PlanStatus.CO_CREATION),
        EntryKind.STATUS, "/plans/", "government",
    ),
    "commitment_update": (
        lambda w: services.commitment_update(
            commitment=w["commitment"], data={"title": "Open budgets, for all"},
            organisation=w["government"],
        ),
        EntryKind.EDIT, "/commitments/DMO0001/", "government",
    ),
    "commitment_transition": (
        lambda w: services.commitment_transition(
            commitment=w["commitment"], target=CommitmentStatus.WITHDRAWN,
            organisation=w["government"],
        ),
        EntryKind.STATUS, "/commitments/DMO0001/", "government",
    ),
    "milestone_create": (
        lambda w: services.milestone_create(
            commitment=w["commitment"], data={"title": "Evaluate"}, organisation=w["government"]
        ),
        EntryKind.EDIT, "/commitments/DMO0001/", "government",
    ),
    "milestone_update": (
        lambda w: services.milestone_update(
            milestone=w["milestone"], data={"title": "Draft the bill"},
            organisation=w["government"],
        ),
        EntryKind.EDIT, "/commitments/DMO0001/", "government",
    ),
    "milestone_delete": (
        lambda w: services.milestone_delete(milestone=w["milestone"], organisation=w["government"]),
        EntryKind.EDIT, "/commitments/DMO0001/", "government",
    ),
    "milestone_move": (
        lambda w: services.milestone_move(
            milestone=w["milestone"], direction="down", organisation=w["government"]
        ),
        EntryKind.EDIT, "/commitments/DMO0001/", "government",
    ),
    "progress_report": (
        lambda w: _report(w, w["cso"], w["cast"].cso_member),
        EntryKind.PROGRESS, "#update-", "co-owner",
    ),
}  # fmt: skip

# Services that write no entry, and why. A new service must be listed in one of the two.
NOT_PUBLIC = {
    "commitment_create": "creates a draft, which only its government sees",
    "commitment_snapshot": "reads",
    "evidence_file_check": "checks an upload, writes nothing",
    "keep_version": "helper of the services above; tested through them",
}


def test_every_plans_service_is_classified() -> None:
    names = {name for name in services.__all__ if callable(getattr(services, name))}
    assert names == set(PUBLIC_CHANGES) | set(NOT_PUBLIC)


@pytest.mark.parametrize("name", sorted(PUBLIC_CHANGES))
def test_a_public_change_appends_one_entry(world: dict[str, Any], name: str) -> None:
    call, kind, uri, role = PUBLIC_CHANGES[name]
    before = RecordEntry.objects.count()
    call(world)
    assert RecordEntry.objects.count() == before + 1
    entry = RecordEntry.objects.latest("sequence")
    assert (entry.kind, entry.role, entry.official_name) == (kind, role, "")
    assert uri in entry.object_uri
    expected = "Open Data Collective" if role == "co-owner" else "Ministry of Demo Affairs"
    assert entry.organisation == expected


def test_publishing_is_a_publication_whose_hash_is_the_version_snapshot(world) -> None:  # type: ignore[no-untyped-def]
    draft, government = world["draft"], world["government"]
    for target in (CommitmentStatus.SUBMITTED, CommitmentStatus.PUBLISHED):
        services.commitment_transition(commitment=draft, target=target, organisation=government)
    entry = RecordEntry.objects.get()  # submitting is not public: one entry only
    assert entry.kind == EntryKind.PUBLICATION and entry.object_uri == "/commitments/DMO0002/"
    assert entry.state_hash == state_hash(draft.versions.get().snapshot)


def test_changes_to_drafts_append_nothing(world) -> None:  # type: ignore[no-untyped-def]
    draft, government = world["draft"], world["government"]
    services.commitment_update(commitment=draft, data={"title": "X"}, organisation=government)
    services.milestone_create(commitment=draft, data={"title": "Y"}, organisation=government)
    services.commitment_create(action_plan=world["plan"], data={"title": "Z"})
    assert not RecordEntry.objects.exists()


def test_a_refused_change_appends_nothing(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.action_plan_transition(plan=world["plan"], target=PlanStatus.ENDED)
    with pytest.raises(ValidationError):
        services.progress_report(
            commitment=world["draft"], organisation=world["government"], author=None,
            data={"reported_on": dt.date(2025, 6, 1), "completion": "limited",
                  "narrative": "x", "source": "y"},
        )  # fmt: skip
    assert not RecordEntry.objects.exists()


def test_the_record_survives_the_erasure_of_a_person_who_acted(world) -> None:  # type: ignore[no-untyped-def]
    official = world["cast"].official
    update = _report(world, world["government"], official)
    services.commitment_update(
        commitment=world["commitment"], data={"title": "Renamed"}, organisation=world["government"]
    )
    before = list(RecordEntry.objects.values())
    account_erase(user=official)
    assert list(RecordEntry.objects.values()) == before
    assert isinstance(record_verify(), Summary)
    for row in before:
        text = " ".join(str(value) for value in row.values())
        assert "Olivia" not in text and official.email not in text
    update.refresh_from_db()
    assert update.author is None
    progress = RecordEntry.objects.get(kind=EntryKind.PROGRESS)
    assert progress.state_hash == state_hash(progress_snapshot(update))  # the state is unchanged


@pytest.mark.parametrize("name", ["commitment_update", "progress_report", "action_plan_update"])
def test_no_change_without_its_entry(world, monkeypatch, name: str) -> None:  # type: ignore[no-untyped-def]
    """The entry is written in the change's transaction: if writing it fails, the change is
    undone too."""

    def refuse(**kwargs: Any) -> None:
        raise RuntimeError("the record is unavailable")

    monkeypatch.setattr("openplan.plans.services.record.record_append", refuse)
    commitment, plan = world["commitment"], world["plan"]
    with pytest.raises(RuntimeError):
        PUBLIC_CHANGES[name][0](world)
    commitment.refresh_from_db()
    plan.refresh_from_db()
    assert commitment.title == "Open budgets" and not commitment.versions.exists()
    assert not commitment.progress_updates.exists() and plan.title == ""
