"""Officials draft and submit commitments through the pages; coordinators publish."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from openplan.accounts.models import Organisation
from openplan.plans.models import ActionPlan, Commitment, Member
from openplan.taxonomy.models import Concept
from tests.personas import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cast: Cast) -> ActionPlan:
    member = Member.objects.create(
        name="Demoland", slug="dmo", code="DMO", level="national",
        government=Organisation.objects.get(slug="ministry"),
    )  # fmt: skip
    return ActionPlan.objects.create(member=member, number=1, start_year=2025, end_year=2027)


def test_draft_submit_publish_through_the_pages(plan: ActionPlan, client_for) -> None:  # type: ignore[no-untyped-def]
    official = client_for("official")
    create_url = reverse("plans:commitment_create", args=[plan.pk])
    bad = official.post(
        create_url,
        {
            "title": "Open budgets",
            "problem": "keep me",
            "start_date": "2026-01-01",
            "end_date": "2025-01-01",
        },
    )
    html = bad.content.decode()
    assert bad.status_code == 200 and "There is a problem" in html and "keep me" in html
    assert "The end date must not be before the start date." in html
    assert not Commitment.objects.exists()

    response = official.post(create_url, {"title": "Open budgets", "problem": "Budgets are PDFs."})
    commitment = Commitment.objects.get()
    assert response["Location"] == commitment.get_absolute_url()
    assert Client().get(commitment.get_absolute_url()).status_code == 404  # drafts are private
    assert official.get(commitment.get_absolute_url()).status_code == 200

    official.post(reverse("plans:commitment_submit", args=[commitment.identifier]))
    refused = official.post(reverse("plans:commitment_publish", args=[commitment.identifier]))
    assert refused.status_code == 403  # editors submit; coordinators publish
    client_for("coordinator").post(
        reverse("plans:commitment_publish", args=[commitment.identifier])
    )
    commitment.refresh_from_db()
    assert commitment.status == "published"
    assert Client().get(commitment.get_absolute_url()).status_code == 200

    official.post(
        reverse("plans:commitment_edit", args=[commitment.identifier]),
        {"title": "Open budgets, monthly", "problem": "Budgets are PDFs."},
    )
    history = Client().get(reverse("plans:commitment_history", args=[commitment.identifier]))
    assert "Version 2" in history.content.decode()


def test_others_cannot_draft_or_publish(plan: ActionPlan, client_for) -> None:  # type: ignore[no-untyped-def]
    create_url = reverse("plans:commitment_create", args=[plan.pk])
    assert client_for("participant").get(create_url).status_code == 403
    assert client_for("cso_member").post(create_url, {"title": "x"}).status_code == 403
    assert client_for("anonymous").get(create_url).status_code == 302  # to the login page
    assert not Commitment.objects.exists()


def test_member_page_lists_plans_and_hides_drafts_from_the_public(
    plan: ActionPlan, client_for
) -> None:  # type: ignore[no-untyped-def]
    client_for("official").post(
        reverse("plans:commitment_create", args=[plan.pk]), {"title": "Secret draft"}
    )
    url = reverse("plans:member_detail", args=["dmo"])
    assert "Secret draft" not in Client().get(url).content.decode()
    official_view = client_for("official").get(url).content.decode()
    assert "Secret draft" in official_view and "New commitment" in official_view


def test_member_page_queries_do_not_grow(
    plan: ActionPlan, client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    def add(count: int) -> None:
        start = Commitment.objects.count()
        for n in range(start, start + count):
            Commitment.objects.create(
                identifier=f"DMO{n:04}", action_plan=plan, title=f"C{n}", status="published"
            )

    plan.status = "implementation"  # a draft plan is hidden from the public
    plan.save()
    add(2)
    url = reverse("plans:member_detail", args=["dmo"])
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    ActionPlan.objects.create(
        member=plan.member, number=2, start_year=2027, end_year=2029, status="co_creation"
    )
    add(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert "C41" in client.get(url).content.decode()


def test_officials_tag_commitments_and_tag_changes_are_versioned(
    plan: ActionPlan, client_for
) -> None:  # type: ignore[no-untyped-def]
    official = client_for("official")
    area, value, digital = (
        Concept.objects.get(scheme__slug=scheme, notation=notation)
        for scheme, notation in (
            ("ogp-policy-areas", "open-data"),
            ("ogp-values", "public-accountability"),
            ("open-digital", "open-source"),
        )
    )
    form_page = official.get(reverse("plans:commitment_create", args=[plan.pk])).content.decode()
    assert "<legend>OGP values</legend>" in form_page and "Open source" in form_page
    official.post(
        reverse("plans:commitment_create", args=[plan.pk]),
        {"title": "Open budgets", "tags": [area.pk, value.pk]},
    )
    commitment = Commitment.objects.get()
    assert set(commitment.tags.all()) == {area, value}
    bad = official.post(
        reverse("plans:commitment_edit", args=[commitment.identifier]),
        {"title": "Open budgets", "tags": [999999]},
    )
    assert "Select a valid choice." in bad.content.decode()
    Commitment.objects.filter(pk=commitment.pk).update(status="published")
    official.post(
        reverse("plans:commitment_edit", args=[commitment.identifier]),
        {"title": "Open budgets", "tags": [area.pk, digital.pk]},
    )
    version = commitment.versions.get()
    assert version.changed_fields == ["tags"]
    assert version.snapshot["tags"] == ["ogp-policy-areas:open-data", "open-digital:open-source"]
    edit_page = official.get(reverse("plans:commitment_edit", args=[commitment.identifier]))
    checked = re.findall(r'value="(\d+)"[^>]*checked', edit_page.content.decode())
    assert sorted(map(int, checked)) == sorted([area.pk, digital.pk])
