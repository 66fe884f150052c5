"""Progress reports: source required, percentages bounded, shadow reports by co-owners."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from openplan.accounts.models import Organisation
from openplan.plans.models import ActionPlan, Commitment, Member, Milestone, ProgressUpdate
from tests.personas import PERSONAS, Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(cast: Cast) -> Commitment:
    member = Member.objects.create(
        name="Demoland", slug="dmo", code="DMO", level="national",
        government=Organisation.objects.get(slug="ministry"),
    )  # fmt: skip
    plan = ActionPlan.objects.create(member=member, number=1, start_year=2025, end_year=2027)
    commitment = Commitment.objects.create(
        identifier="DMO0001", action_plan=plan, title="Open budgets", status="published"
    )
    commitment.co_owners.add(Organisation.objects.get(slug="collective"))
    Milestone.objects.create(commitment=commitment, title="Publish 2025 budget")
    return commitment


def report(client: Client, commitment: Commitment, **overrides: str):  # type: ignore[no-untyped-def]
    data = {
        "reported_on": "2025-06-01", "completion": "substantial", "percent": "60",
        "narrative": "Half the budgets are online.", "source": "Steering group minutes, May 2025",
        "evidence_title": "Budget portal", "evidence_url": "https://budgets.example.org/",
    }  # fmt: skip
    return client.post(
        reverse("plans:progress_report", args=[commitment.identifier]), {**data, **overrides}
    )


def test_who_may_report(cast: Cast, commitment: Commitment) -> None:
    allowed = {n for n in PERSONAS if cast[n].has_perm("plans.report_progress", commitment)}
    assert allowed == {"official", "coordinator", "cso_member", "admin"}


def test_the_government_reports_with_evidence_and_completion_follows(
    commitment: Commitment, client_for
) -> None:  # type: ignore[no-untyped-def]
    response = report(client_for("official"), commitment)
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.is_shadow, update.percent, update.organisation.slug) == (False, 60, "ministry")
    assert update.evidence.get().url == "https://budgets.example.org/"
    commitment.refresh_from_db()
    assert commitment.completion == "substantial"
    page = Client().get(commitment.get_absolute_url()).content.decode()
    assert "Steering group minutes" in page and "Budget portal" in page


def test_a_co_owner_publishes_a_shadow_report_that_changes_nothing_else(
    commitment: Commitment, client_for
) -> None:  # type: ignore[no-untyped-def]
    report(client_for("cso_member"), commitment, completion="limited")
    update = ProgressUpdate.objects.get()
    assert update.is_shadow and update.organisation.slug == "collective"
    commitment.refresh_from_db()
    assert commitment.completion == ""
    assert "shadow report" in Client().get(commitment.get_absolute_url()).content.decode()


def test_shadow_reports_stand_in_their_own_column_beside_the_governments(
    commitment: Commitment, client_for
) -> None:  # type: ignore[no-untyped-def]
    report(client_for("cso_member"), commitment, narrative="Civil society view")
    page = Client().get(commitment.get_absolute_url()).content.decode()
    columns = page.split('class="side-by-side"')[1]
    government, shadow = columns.split('id="progress-shadow"')
    assert "No report from the government yet." in government
    assert "Civil society view" in shadow and "Civil society view" not in government
    report(client_for("official"), commitment, narrative="Official view")
    page = Client().get(commitment.get_absolute_url()).content.decode()
    government, shadow = page.split('class="side-by-side"')[1].split('id="progress-shadow"')
    assert "Official view" in government and "Official view" not in shadow


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"source": ""}, "This field is required."),
        ({"percent": "150"}, "Ensure this value is less than or equal to 100."),
        ({"evidence_url": "not a link"}, "Enter a valid URL."),
        ({"reported_on": "31/31/2025"}, "Enter a valid date."),
    ],
)
def test_bad_reports_are_explained_and_nothing_is_saved(
    commitment: Commitment, client_for, overrides, message
) -> None:  # type: ignore[no-untyped-def]
    response = report(client_for("official"), commitment, **overrides)
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and message in html
    assert "Half the budgets are online." in html  # the input is kept
    assert not ProgressUpdate.objects.exists()


def test_participants_and_drafts_are_refused(commitment: Commitment, client_for) -> None:  # type: ignore[no-untyped-def]
    assert report(client_for("participant"), commitment).status_code == 403
    Commitment.objects.filter(pk=commitment.pk).update(status="draft")  # test setup only
    assert report(client_for("official"), commitment).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_the_reports_a_person_wrote_are_in_their_personal_data_export(
    commitment: Commitment, client_for
) -> None:  # type: ignore[no-untyped-def]
    import json

    writer = client_for("cso_member")
    report(writer, commitment, narrative="Civil society view")
    data = json.loads(writer.get(reverse("accounts:personal_data_download")).content)
    [written] = data["progress_updates_written"]
    assert (written["commitment"], written["narrative"]) == ("DMO0001", "Civil society view")
    assert written["shadow_report"] is True
    other = json.loads(
        client_for("official").get(reverse("accounts:personal_data_download")).content
    )
    assert other["progress_updates_written"] == []


def test_a_government_co_owners_staff_report_only_with_mfa(commitment: Commitment) -> None:
    from tests.factories import MembershipFactory, OrganisationFactory
    from tests.personas import enrol_totp

    agency = OrganisationFactory(slug="agency", org_type="government")
    commitment.co_owners.add(agency)
    staff = MembershipFactory(organisation=agency, role="editor").user
    assert not staff.has_perm("plans.report_progress", commitment)
    enrol_totp(staff)
    staff = type(staff).objects.get(pk=staff.pk)  # a new request's user: MFA is read once
    assert staff.has_perm("plans.report_progress", commitment)
