"""Action plans: creating, editing and moving them along their lifecycle; who may do what;
the public page of a plan, drafts hidden, and its query count."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from openplan.accounts.models import Organisation
from openplan.plans.models import ActionPlan, Commitment, Member
from openplan.plans.services import (
    action_plan_create,
    action_plan_transition,
    action_plan_update,
)
from tests.personas import PERSONAS, Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(cast: Cast) -> Member:
    return Member.objects.create(
        name="Demoland", slug="dmo", code="DMO", level="national",
        government=Organisation.objects.get(slug="ministry"),
    )  # fmt: skip


def new_plan(member: Member, **data) -> ActionPlan:  # type: ignore[no-untyped-def]
    return action_plan_create(
        member=member, data={"title": "Fifth plan", "start_year": 2025, "end_year": 2027, **data}
    )


def allowed(cast: Cast, permission: str, obj: object) -> set[str]:
    return {name for name in PERSONAS if cast[name].has_perm(permission, obj)}


def plan_url(plan: ActionPlan, suffix: str = "") -> str:
    return reverse("plans:action_plan_detail", args=[plan.pk]) + suffix


# Services


def test_create_numbers_plans_in_turn_as_drafts(member: Member) -> None:
    first = new_plan(member)
    assert (first.number, first.status, first.title) == (1, "draft", "Fifth plan")
    assert new_plan(member, start_year=2027, end_year=2029).number == 2


def test_end_before_start_is_refused_on_the_field(member: Member) -> None:
    with pytest.raises(ValidationError) as excinfo:
        new_plan(member, start_year=2027, end_year=2025)
    assert list(excinfo.value.message_dict) == ["end_year"]
    assert not ActionPlan.objects.exists()
    plan = new_plan(member)
    with pytest.raises(ValidationError) as excinfo:
        action_plan_update(plan=plan, data={"start_year": 2030})
    assert "end_year" in excinfo.value.message_dict
    plan.refresh_from_db()
    assert plan.start_year == 2025


def test_update_changes_title_and_years_but_not_an_ended_plan(member: Member) -> None:
    plan = action_plan_update(plan=new_plan(member), data={"title": "New", "end_year": 2028})
    plan.refresh_from_db()
    assert (plan.title, plan.end_year) == ("New", 2028)
    ActionPlan.objects.filter(pk=plan.pk).update(status="ended")
    plan.refresh_from_db()
    with pytest.raises(ValidationError):
        action_plan_update(plan=plan, data={"title": "Later"})


def test_transitions_follow_the_table(member: Member) -> None:
    plan = new_plan(member)
    for target in ("co_creation", "submitted", "implementation", "ended"):
        plan = action_plan_transition(plan=plan, target=target)
        assert plan.status == target
    with pytest.raises(ValidationError) as excinfo:
        action_plan_transition(plan=plan, target="draft")
    assert excinfo.value.code == "invalid_transition"


@pytest.mark.parametrize("target", ["implementation", "ended", "nonsense", ""])
def test_moves_outside_the_table_are_refused(member: Member, target: str) -> None:
    plan = new_plan(member)
    with pytest.raises(ValidationError):
        action_plan_transition(plan=plan, target=target)
    plan.refresh_from_db()
    assert plan.status == "draft"


# Permissions


def test_who_may_create_change_and_move_plans(cast: Cast, member: Member) -> None:
    staff = {"official", "coordinator", "admin"}
    assert allowed(cast, "plans.add_actionplan", member) == staff
    plan = new_plan(member)
    assert allowed(cast, "plans.change_actionplan", plan) == staff
    assert allowed(cast, "plans.transition_actionplan", plan) == staff  # out of draft
    for status in ("co_creation", "submitted", "implementation"):
        plan.status = status
        assert allowed(cast, "plans.transition_actionplan", plan) == {"coordinator", "admin"}
    plan.status = "ended"
    assert allowed(cast, "plans.change_actionplan", plan) == {"admin"}
    assert allowed(cast, "plans.transition_actionplan", plan) == {"admin"}


# Pages


def test_create_and_edit_through_the_pages(member: Member, client_for) -> None:  # type: ignore[no-untyped-def]
    official = client_for("official")
    create_url = reverse("plans:action_plan_create", args=["dmo"])
    bad = official.post(create_url, {"title": "Keep me", "start_year": 2027, "end_year": 2025})
    html = bad.content.decode()
    assert bad.status_code == 200 and "There is a problem" in html and "Keep me" in html
    assert "The last year must not be before the first year." in html
    assert not ActionPlan.objects.exists()

    response = official.post(create_url, {"title": "Keep me", "start_year": 2025, "end_year": 2027})
    plan = ActionPlan.objects.get()
    assert response["Location"] == plan_url(plan)
    edit = official.post(
        plan_url(plan, "edit/"), {"title": "", "start_year": 2025, "end_year": "x"}
    )
    assert edit.status_code == 200 and "Enter a whole number." in edit.content.decode()
    official.post(
        plan_url(plan, "edit/"), {"title": "Renamed", "start_year": 2025, "end_year": 2028}
    )
    plan.refresh_from_db()
    assert (plan.title, plan.end_year) == ("Renamed", 2028)


def test_others_cannot_create_or_edit(member: Member, client_for) -> None:  # type: ignore[no-untyped-def]
    create_url = reverse("plans:action_plan_create", args=["dmo"])
    data = {"start_year": 2025, "end_year": 2027}
    assert client_for("anonymous").get(create_url).status_code == 302  # to the login page
    assert client_for("participant").get(create_url).status_code == 403
    assert client_for("cso_member").post(create_url, data).status_code == 403
    assert not ActionPlan.objects.exists()
    plan = new_plan(member)
    assert client_for("participant").post(plan_url(plan, "edit/"), data).status_code == 403
    assert client_for("anonymous").get(plan_url(plan, "edit/")).status_code == 302


def test_editors_open_co_creation_and_coordinators_do_the_rest(member: Member, client_for) -> None:  # type: ignore[no-untyped-def]
    plan = new_plan(member)
    official, coordinator = client_for("official"), client_for("coordinator")
    status_url = plan_url(plan, "status/")
    assert client_for("participant").post(status_url, {"target": "co_creation"}).status_code == 403
    assert official.get(status_url).status_code == 405  # POST only
    assert "Move to “Co-creation”" in official.get(plan_url(plan)).content.decode()
    official.post(status_url, {"target": "co_creation"})
    plan.refresh_from_db()
    assert plan.status == "co_creation"
    assert official.post(status_url, {"target": "submitted"}).status_code == 403
    assert "Move to" not in official.get(plan_url(plan)).content.decode()
    coordinator.post(status_url, {"target": "submitted"})
    refused = coordinator.post(status_url, {"target": "ended"}, follow=True)
    assert "Cannot go from submitted to ended." in refused.content.decode()
    coordinator.post(status_url, {"target": "implementation"})
    plan.refresh_from_db()
    assert plan.status == "implementation"


def test_draft_plans_are_private_to_their_officials(member: Member, client_for) -> None:  # type: ignore[no-untyped-def]
    plan = new_plan(member, title="Secret plan")
    member_url = reverse("plans:member_detail", args=["dmo"])
    for persona in ("anonymous", "participant", "cso_member"):
        assert client_for(persona).get(plan_url(plan)).status_code == 404
        assert "Secret plan" not in client_for(persona).get(member_url).content.decode()
    official_view = client_for("official").get(member_url).content.decode()
    assert "Secret plan" in official_view and "New action plan" in official_view
    assert plan_url(plan) in official_view
    assert "New action plan" not in Client().get(member_url).content.decode()
    assert client_for("official").get(plan_url(plan)).status_code == 200
    assert client_for("official").get(plan_url(plan, "9/")).status_code == 404
    assert Client().get(reverse("plans:action_plan_detail", args=[999])).status_code == 404
    plan.status = "co_creation"
    plan.save()
    assert Client().get(plan_url(plan)).status_code == 200


def test_plan_page_shows_published_commitments_and_drafts_to_editors(
    member: Member, client_for
) -> None:  # type: ignore[no-untyped-def]
    plan = new_plan(member)
    plan.status = "implementation"
    plan.save()
    Commitment.objects.create(
        identifier="DMO0001", action_plan=plan, title="Open budgets", status="published",
        completion="substantial",
    )  # fmt: skip
    Commitment.objects.create(identifier="DMO0002", action_plan=plan, title="Draft idea")
    public = Client().get(plan_url(plan)).content.decode()
    assert "Open budgets" in public and "Substantial" in public and "Draft idea" not in public
    assert "Implementation" in public and "2025–2027" in public and "Demoland" in public
    assert "Edit the action plan" not in public and "New commitment" not in public
    official = client_for("official").get(plan_url(plan)).content.decode()
    assert "Draft idea" in official and "Edit the action plan" in official
    assert "New commitment" in official


def test_plan_page_queries_do_not_grow(
    member: Member, client_for, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    plan = new_plan(member)
    plan.status = "implementation"
    plan.save()

    def add(count: int) -> None:
        start = Commitment.objects.count()
        for n in range(start, start + count):
            Commitment.objects.create(
                identifier=f"DMO{n:04}", action_plan=plan, title=f"C{n}", status="published"
            )

    add(2)
    for client in (Client(), client_for("official")):
        with django_assert_max_num_queries(12) as small:
            client.get(plan_url(plan))
        add(40)
        last = f"C{Commitment.objects.count() - 1}"
        with django_assert_max_num_queries(len(small.captured_queries)):
            page = client.get(plan_url(plan))
        assert last in page.content.decode()
