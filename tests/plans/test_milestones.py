"""Milestones: adding, editing, ordering and deleting them; their dates checked against the
commitment's; a version kept when a published commitment's milestones change; the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from openplan.accounts.models import Organisation
from openplan.plans.models import ActionPlan, Commitment, Member, Milestone, ProgressUpdate
from openplan.plans.services import (
    milestone_create,
    milestone_delete,
    milestone_move,
    milestone_update,
)
from tests.personas import Cast

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.fixture
def commitment(cast: Cast) -> Commitment:
    member = Member.objects.create(
        name="Demoland", slug="dmo", code="DMO", level="national",
        government=Organisation.objects.get(slug="ministry"),
    )  # fmt: skip
    plan = ActionPlan.objects.create(member=member, number=1, start_year=2025, end_year=2027)
    return Commitment.objects.create(
        identifier="DMO0001", action_plan=plan, title="Open budgets", start_date=START,
        end_date=END,
    )  # fmt: skip


def add(commitment: Commitment, title: str = "Step", **data) -> Milestone:  # type: ignore[no-untyped-def]
    return milestone_create(commitment=commitment, data={"title": title, **data}, organisation=None)


def titles(commitment: Commitment) -> list[str]:
    return list(
        commitment.milestones.order_by("position", "due_date", "pk").values_list("title", flat=True)
    )


def url(commitment: Commitment, suffix: str = "") -> str:
    return reverse("plans:milestone_list", args=[commitment.identifier]) + suffix


# Services


def test_milestones_are_added_last_and_a_due_date_is_optional(commitment: Commitment) -> None:
    first = add(commitment, "Draft the law", due_date=dt.date(2025, 6, 1))
    second = add(commitment, "  Pass the law  ")
    assert (first.position, second.position) == (0, 1)
    assert second.title == "Pass the law" and second.due_date is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "  "}, "title"),
        ({"due_date": dt.date(2024, 12, 31)}, "due_date"),
        ({"due_date": dt.date(2026, 1, 1)}, "due_date"),
        ({"completed_on": dt.date(2024, 6, 1)}, "completed_on"),
    ],
)
def test_bad_input_is_refused_on_its_field(commitment: Commitment, data, field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as excinfo:
        milestone_create(commitment=commitment, data={"title": "Step", **data}, organisation=None)
    assert list(excinfo.value.message_dict) == [field]
    assert not Milestone.objects.exists()


def test_outside_the_dates_says_so(commitment: Commitment) -> None:
    with pytest.raises(ValidationError) as excinfo:
        add(commitment, due_date=dt.date(2026, 3, 1))
    assert "outside the commitment's dates" in excinfo.value.message_dict["due_date"][0]


def test_completed_in_the_future_is_refused(commitment: Commitment) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    commitment.start_date, commitment.end_date = None, None  # no dates: only "not future" applies
    commitment.save()
    with pytest.raises(ValidationError) as excinfo:
        add(commitment, completed_on=tomorrow)
    assert "completed_on" in excinfo.value.message_dict
    assert add(commitment, completed_on=timezone.localdate()).completed_on == timezone.localdate()


def test_update_checks_the_merged_values(commitment: Commitment) -> None:
    milestone = add(commitment, due_date=dt.date(2025, 3, 1))
    with pytest.raises(ValidationError):
        milestone_update(milestone=milestone, data={"title": ""}, organisation=None)
    with pytest.raises(ValidationError):
        milestone_update(
            milestone=milestone, data={"completed_on": dt.date(2026, 1, 2)}, organisation=None
        )
    milestone.refresh_from_db()
    assert (milestone.title, milestone.completed_on) == ("Step", None)
    milestone_update(milestone=milestone, data={"title": "Renamed"}, organisation=None)
    milestone.refresh_from_db()
    assert milestone.title == "Renamed"


def test_a_withdrawn_commitment_is_not_editable(commitment: Commitment) -> None:
    milestone = add(commitment)
    commitment.status = "withdrawn"
    commitment.save()
    milestone.refresh_from_db()
    for call in (
        lambda: add(commitment),
        lambda: milestone_update(milestone=milestone, data={"title": "x"}, organisation=None),
        lambda: milestone_delete(milestone=milestone, organisation=None),
        lambda: milestone_move(milestone=milestone, direction="up", organisation=None),
    ):
        with pytest.raises(ValidationError) as excinfo:
            call()
        assert excinfo.value.code == "withdrawn"
    assert Milestone.objects.count() == 1


def test_move_up_and_down_renumbers(commitment: Commitment) -> None:
    a, b, c = (add(commitment, title) for title in "ABC")
    Milestone.objects.update(position=0)  # as imported: all in the same position
    milestone_move(milestone=c, direction="up", organisation=None)
    assert titles(commitment) == ["A", "C", "B"]
    milestone_move(milestone=a, direction="down", organisation=None)
    assert titles(commitment) == ["C", "A", "B"]
    milestone_move(milestone=c, direction="up", organisation=None)  # already first
    assert titles(commitment) == ["C", "A", "B"]
    assert sorted(commitment.milestones.values_list("position", flat=True)) == [0, 1, 2]
    with pytest.raises(ValidationError):
        milestone_move(milestone=b, direction="sideways", organisation=None)


def test_delete_keeps_milestones_that_have_reports(commitment: Commitment) -> None:
    kept, gone = add(commitment, "Reported"), add(commitment, "Unreported")
    ministry = Organisation.objects.get(slug="ministry")
    ProgressUpdate.objects.create(
        commitment=commitment, milestone=kept, organisation=ministry,
        reported_on=dt.date(2025, 2, 1), completion="limited", narrative="n", source="s",
    )  # fmt: skip
    milestone_delete(milestone=gone, organisation=None)
    with pytest.raises(ValidationError):
        milestone_delete(milestone=kept, organisation=None)
    assert titles(commitment) == ["Reported"]


def test_published_commitments_keep_a_version_per_milestone_change(
    commitment: Commitment,
) -> None:
    draft_step = add(commitment, "Before publication")
    assert not commitment.versions.exists()  # drafts keep no versions
    commitment.status = "published"
    commitment.save()
    ministry = Organisation.objects.get(slug="ministry")
    step = milestone_create(
        commitment=commitment,
        data={"title": "Publish data", "due_date": dt.date(2025, 5, 1)},
        organisation=ministry,
    )
    milestone_update(milestone=step, data={"title": "Publish data"}, organisation=ministry)
    assert commitment.versions.count() == 1  # no change, no version
    milestone_update(
        milestone=step, data={"completed_on": dt.date(2025, 4, 30)}, organisation=ministry
    )
    milestone_move(milestone=step, direction="up", organisation=ministry)
    milestone_delete(milestone=draft_step, organisation=ministry)
    versions = list(commitment.versions.order_by("number"))
    assert [v.changed_fields for v in versions] == [["milestones"]] * 4
    assert versions[0].organisation == ministry
    assert versions[0].snapshot["milestones"] == [
        {"title": "Before publication", "due_date": None, "completed_on": None,
         "completion": "not-started"},
        {"title": "Publish data", "due_date": "2025-05-01", "completed_on": None,
         "completion": "not-started"},
    ]  # fmt: skip
    assert [m["title"] for m in versions[2].snapshot["milestones"]] == [
        "Publish data",
        "Before publication",
    ]
    assert versions[1].snapshot["milestones"][1]["completed_on"] == "2025-04-30"
    assert [m["title"] for m in versions[3].snapshot["milestones"]] == ["Publish data"]


# Pages


def test_permissions_on_the_milestone_pages(commitment: Commitment, client_for) -> None:  # type: ignore[no-untyped-def]
    commitment.status = "published"
    commitment.save()
    milestone = add(commitment)
    pages = [url(commitment), url(commitment, f"{milestone.pk}/edit/")]
    posts = [url(commitment, f"{milestone.pk}/delete/"), url(commitment, f"{milestone.pk}/move/")]
    for page in pages + posts:
        assert client_for("anonymous").get(page).status_code == 302  # to the login page
        assert client_for("participant").post(page, {"title": "x"}).status_code == 403
        assert client_for("cso_member").post(page, {"title": "x"}).status_code == 403
    for page in pages:
        assert client_for("official").get(page).status_code == 200
    for page in posts:
        assert client_for("official").get(page).status_code == 405  # POST only
    assert titles(commitment) == ["Step"]
    commitment.status = "withdrawn"
    commitment.save()
    assert client_for("official").get(pages[0]).status_code == 403


def test_add_edit_move_delete_through_the_pages(commitment: Commitment, client_for) -> None:  # type: ignore[no-untyped-def]
    official = client_for("official")
    bad = official.post(
        url(commitment), {"title": "Keep me", "description": "Also me", "due_date": "2026-02-01"}
    )
    html = bad.content.decode()
    assert bad.status_code == 200 and "There is a problem" in html
    assert "Keep me" in html and "Also me" in html and "2026-02-01" in html
    assert "outside the commitment" in html and 'href="#id_due_date"' in html
    assert not Milestone.objects.exists()
    missing = official.post(url(commitment), {"title": ""})
    assert "This field is required." in missing.content.decode()

    assert official.post(url(commitment), {"title": "First"})["Location"] == url(commitment)
    official.post(url(commitment), {"title": "Second", "due_date": "2025-03-01"})
    first, second = commitment.milestones.order_by("position")
    page = official.get(url(commitment)).content.decode()
    assert "Move up" in page and "Move down" in page and "First" in page

    official.post(url(commitment, f"{second.pk}/move/"), {"direction": "up"})
    assert titles(commitment) == ["Second", "First"]
    future = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    edit_url = url(commitment, f"{first.pk}/edit/")
    refused = official.post(edit_url, {"title": "First, renamed", "completed_on": future})
    assert "First, renamed" in refused.content.decode()
    official.post(edit_url, {"title": "First, renamed", "completed_on": "2025-02-01"})
    first.refresh_from_db()
    assert (first.title, first.completed_on) == ("First, renamed", dt.date(2025, 2, 1))
    official.post(url(commitment, f"{second.pk}/delete/"))
    assert titles(commitment) == ["First, renamed"]


def test_a_milestone_of_another_commitment_is_not_found(commitment: Commitment, client_for) -> None:  # type: ignore[no-untyped-def]
    other = Commitment.objects.create(
        identifier="DMO0002", action_plan=commitment.action_plan, title="Other"
    )
    foreign = add(other, "Foreign")
    official = client_for("official")
    assert official.get(url(commitment, f"{foreign.pk}/edit/")).status_code == 404
    assert official.post(url(commitment, f"{foreign.pk}/delete/")).status_code == 404
    assert titles(other) == ["Foreign"]


def test_commitment_page_shows_the_timeline_and_the_link_for_editors(
    commitment: Commitment, client_for
) -> None:  # type: ignore[no-untyped-def]
    commitment.status = "published"
    commitment.save()
    add(commitment, "Law drafted", due_date=dt.date(2025, 3, 1), completed_on=dt.date(2025, 3, 5))
    public = Client().get(commitment.get_absolute_url()).content.decode()
    assert "Law drafted" in public and "Edit milestones" not in public
    assert 'class="timeline"' in public and "completed on" in public
    official = client_for("official").get(commitment.get_absolute_url()).content.decode()
    assert url(commitment) in official and "Edit milestones" in official
    history = Client().get(reverse("plans:commitment_history", args=[commitment.identifier]))
    assert "Law drafted" in history.content.decode()
