"""The accessibility registry: every page OpenPlan serves, to be checked in every language.

Add one ``Page`` per new page (later issues add theirs here). ``path`` is a URL path, or a
function of the objects made by ``build_world()`` that returns one; ``persona`` is who is
logged in ("anonymous" or a persona of tests/personas.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from openplan.accounts.models import Organisation
from openplan.accounts.services import invitation_create
from openplan.plans.models import ActionPlan, Commitment, Member, Milestone
from openplan.taxonomy.models import Concept
from tests.personas import Cast, build_cast


@dataclass(frozen=True)
class Page:
    name: str
    path: str | Callable[[dict[str, Any]], str]
    persona: str = "anonymous"

    def url(self, world: dict[str, Any]) -> str:
        return self.path(world) if callable(self.path) else self.path


def build_world() -> dict[str, Any]:
    """The objects the registry's pages show."""
    cast: Cast = build_cast()
    collective = Organisation.objects.get(slug="collective")
    _invitation, token = invitation_create(
        actor=cast.cso_member, organisation=collective, email=cast.participant.email, role="member"
    )
    member = Member.objects.create(name="Demoland", slug="dmo", code="DMO", level="national")
    plan = ActionPlan.objects.create(member=member, number=1, start_year=2024, end_year=2026)
    commitment = Commitment.objects.create(
        identifier="DMO0001", action_plan=plan, title="Open budget data", status="published",
        problem="Budgets are published as scanned PDF files.", lead_institution="Ministry",
    )  # fmt: skip
    commitment.tags.set(Concept.objects.filter(notation__in=["open-contracting", "open-data"]))
    Milestone.objects.create(commitment=commitment, title="Publish the 2025 budget as CSV")
    return {"cast": cast, "token": token, "commitment": commitment}


REGISTRY: list[Page] = [
    # Public pages
    Page("home", "/"),
    Page("about", "/about/"),
    Page("accessibility statement", "/accessibility/"),
    Page("organisation list", "/organisations/"),
    Page("organisation page", "/organisations/collective/"),
    Page("log in", "/accounts/login/"),
    Page("sign up", "/accounts/signup/"),
    Page("password reset", "/accounts/password/reset/"),
    Page("page not found", "/no-such-page/"),
    Page("vocabularies", "/vocab/"),
    Page("vocabulary", "/vocab/ogp-policy-areas/"),
    Page("concept", "/vocab/ogp-policy-areas/open-contracting/"),
    Page("commitment list", "/commitments/"),
    Page("commitment page", lambda w: w["commitment"].get_absolute_url()),
    # Pages of a signed-in person
    Page("dashboard", "/dashboard/", "participant"),
    Page("profile", "/account/profile/", "participant"),
    Page("personal data", "/account/data/", "participant"),
    Page("delete account", "/account/delete/", "participant"),
    Page("create organisation", "/organisations/new/", "participant"),
    Page(
        "invitation",
        lambda w: reverse("accounts:invitation_respond", args=[w["token"]]),
        "participant",
    ),
    Page("email addresses", "/accounts/email/", "participant"),
    Page("change password", "/accounts/password/change/", "participant"),
    Page("two-factor overview", "/accounts/2fa/", "participant"),
    Page("two-factor enrolment", "/accounts/2fa/totp/activate/", "participant"),
    Page("sessions", "/accounts/sessions/", "participant"),
    # Pages of organisation staff
    Page("edit organisation", "/organisations/collective/edit/", "cso_member"),
    Page("members and invitations", "/organisations/collective/members/", "cso_member"),
    Page("leave organisation", "/organisations/ministry/leave/", "official"),
]
