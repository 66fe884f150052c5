"""Drafting, submitting, publishing and editing commitments; who may do what; versions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from openplan.accounts.models import Organisation
from openplan.plans.models import ActionPlan, Commitment, CommitmentVersion, Member
from openplan.plans.services import commitment_create, commitment_transition, commitment_update
from tests.personas import PERSONAS, Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cast: Cast) -> ActionPlan:
    ministry = Organisation.objects.get(slug="ministry")
    member = Member.objects.create(
        name="Demoland", slug="dmo", code="DMO", level="national", government=ministry
    )
    return ActionPlan.objects.create(member=member, number=1, start_year=2025, end_year=2027)


def draft(plan: ActionPlan, **data) -> Commitment:  # type: ignore[no-untyped-def]
    return commitment_create(action_plan=plan, data={"title": "Open budgets", **data})


def allowed(cast: Cast, permission: str, obj: object) -> set[str]:
    return {name for name in PERSONAS if cast[name].has_perm(permission, obj)}


def test_lifecycle_draft_submit_publish_withdraw(plan: ActionPlan) -> None:
    commitment = draft(plan)
    assert (commitment.identifier, commitment.status) == ("DMO0001", "draft")
    assert draft(plan).identifier == "DMO0002"
    ministry = plan.member.government
    for target in ("submitted", "published", "withdrawn"):
        commitment = commitment_transition(
            commitment=commitment, target=target, organisation=ministry
        )
        assert commitment.status == target
    assert list(commitment.versions.values_list("number", "status")) == [
        (2, "withdrawn"),
        (1, "published"),
    ]


@pytest.mark.parametrize(
    ("path", "target"),
    [([], "published"), (["submitted", "published"], "submitted"), ([], "withdrawn")],
)
def test_transitions_outside_the_table_are_refused(
    plan: ActionPlan, path: list[str], target: str
) -> None:
    commitment = draft(plan)
    for step in path:
        commitment = commitment_transition(commitment=commitment, target=step, organisation=None)
    status_before = commitment.status
    with pytest.raises(ValidationError) as excinfo:
        commitment_transition(commitment=commitment, target=target, organisation=None)
    assert excinfo.value.code == "invalid_transition"
    commitment.refresh_from_db()
    assert commitment.status == status_before


def test_end_before_start_is_refused_and_nothing_is_written(plan: ActionPlan) -> None:
    with pytest.raises(ValidationError) as excinfo:
        draft(plan, start_date=dt.date(2026, 1, 1), end_date=dt.date(2025, 1, 1))
    assert "end_date" in excinfo.value.message_dict
    assert not Commitment.objects.exists()
    commitment = draft(plan, start_date=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        commitment_update(
            commitment=commitment, data={"end_date": dt.date(2025, 12, 31)}, organisation=None
        )
    commitment.refresh_from_db()
    assert commitment.end_date is None


def test_editing_a_published_commitment_keeps_a_version_with_what_changed(plan: ActionPlan) -> None:
    ministry = plan.member.government
    commitment = draft(plan)
    commitment_update(
        commitment=commitment, data={"title": "Draft edits keep no version"}, organisation=ministry
    )
    assert not CommitmentVersion.objects.exists()
    commitment_transition(commitment=commitment, target="submitted", organisation=ministry)
    commitment = commitment_transition(
        commitment=commitment, target="published", organisation=ministry
    )
    commitment_update(
        commitment=commitment,
        data={"title": "Open budgets, monthly", "budget": "50,000 EUR"},
        organisation=ministry,
    )
    latest = commitment.versions.first()
    assert latest is not None
    assert (latest.number, sorted(latest.changed_fields)) == (2, ["budget", "title"])
    assert latest.snapshot["title"] == "Open budgets, monthly"
    assert latest.organisation == ministry
    assert commitment.versions.last().snapshot["title"] == "Draft edits keep no version"  # type: ignore[union-attr]


def test_who_may_do_what(cast: Cast, plan: ActionPlan) -> None:
    commitment = draft(plan)
    assert allowed(cast, "plans.add_commitment", plan) == {"official", "coordinator", "admin"}
    assert allowed(cast, "plans.submit_commitment", commitment) == {
        "official",
        "coordinator",
        "admin",
    }
    assert allowed(cast, "plans.publish_commitment", commitment) == {"admin"}  # not yet submitted
    commitment = commitment_transition(commitment=commitment, target="submitted", organisation=None)
    assert allowed(cast, "plans.publish_commitment", commitment) == {"coordinator", "admin"}
    assert allowed(cast, "plans.submit_commitment", commitment) == {"admin"}
    commitment = commitment_transition(commitment=commitment, target="published", organisation=None)
    assert allowed(cast, "plans.change_commitment", commitment) == {
        "official",
        "coordinator",
        "admin",
    }
    assert allowed(cast, "plans.withdraw_commitment", commitment) == {"coordinator", "admin"}


def test_no_one_is_offered_an_action_the_state_table_refuses(
    cast: Cast, plan: ActionPlan, client_for
) -> None:  # type: ignore[no-untyped-def]
    commitment = draft(plan)
    for persona in ("admin", "coordinator"):
        page = client_for(persona).get(commitment.get_absolute_url()).content.decode()
        assert "Submit for publication</button>" in page
        assert "Publish</button>" not in page and "Withdraw</button>" not in page
    commitment = commitment_transition(commitment=commitment, target="submitted", organisation=None)
    page = client_for("admin").get(commitment.get_absolute_url()).content.decode()
    assert "Publish</button>" in page and "Submit for publication</button>" not in page


def test_officials_of_another_government_may_not(cast: Cast, plan: ActionPlan) -> None:
    other = Member.objects.create(name="Elsewhere", slug="els", code="ELS", level="national")
    foreign_plan = ActionPlan.objects.create(member=other, number=1, start_year=2025, end_year=2027)
    assert allowed(cast, "plans.add_commitment", foreign_plan) == {"admin"}


def test_history_page_shows_versions_with_organisation_not_person(client, plan: ActionPlan) -> None:  # type: ignore[no-untyped-def]
    ministry = plan.member.government
    commitment = draft(plan)
    for target in ("submitted", "published"):
        commitment = commitment_transition(
            commitment=commitment, target=target, organisation=ministry
        )
    commitment_update(commitment=commitment, data={"budget": "10 EUR"}, organisation=ministry)
    html = client.get(f"{commitment.get_absolute_url()}history/").content.decode()
    assert "Version 2" in html and "Version 1" in html and "budget" in html
    assert ministry.name in html  # type: ignore[union-attr]
    drafted = draft(plan)
    assert client.get(f"{drafted.get_absolute_url()}history/").status_code == 404
