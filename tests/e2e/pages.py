"""The accessibility registry: every page OpenPlan serves, checked in every language by
tests/e2e/test_accessibility.py (html lang, one h1, zero axe-core WCAG 2.2 A/AA violations).

Adding a page is one line in ``REGISTRY``::

    Page("commitment page", lambda w: w["commitment"].get_absolute_url(), "participant"),

- name: how the page shows up in test ids and failure messages (unique);
- path: a URL path, or a function of the objects ``build_world()`` returns that gives one;
- persona: who is logged in: "anonymous" or a persona of tests/personas.py;
- status: the HTTP status the page is served with (200 unless it is an error page).

The test fails if the page redirects (to the login page, say), so a page that needs
objects gets them in ``build_world()``: add what a new page needs there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from openplan.accounts.models import MembershipRole, Organisation
from openplan.accounts.services import invitation_create
from openplan.opendata.exports.build import exports_build
from openplan.opendata.services import access_token_create
from openplan.participation import services as participation_services
from openplan.plans.models import (
    ActionPlan,
    Commitment,
    Evidence,
    Member,
    Milestone,
    ProgressUpdate,
)
from openplan.plans.services import commitment_update
from openplan.taxonomy.models import Concept
from tests.participation.world import e2e_world
from tests.personas import Cast, build_cast

World = dict[str, Any]


@dataclass(frozen=True)
class Page:
    name: str
    path: str | Callable[[World], str]
    persona: str = "anonymous"
    status: int = 200

    def url(self, world: World) -> str:
        return self.path(world) if callable(self.path) else self.path


def build_world() -> World:
    """The objects the registry's pages show: the personas' cast (the organisations "ministry"
    and "collective"), an invitation to the participant, an action plan in implementation and
    a published commitment with a milestone."""
    cast: Cast = build_cast()
    collective = Organisation.objects.get(slug="collective")
    _invitation, token = invitation_create(
        actor=cast.cso_member,
        organisation=collective,
        email=cast.participant.email,
        role=MembershipRole.MEMBER,
    )
    member = Member.objects.create(
        name="Demoland", slug="dmo", code="DMO", level="national",
        government=Organisation.objects.get(slug="ministry"),
    )  # fmt: skip
    plan = ActionPlan.objects.create(
        member=member, number=1, start_year=2024, end_year=2026, status="implementation"
    )
    commitment = Commitment.objects.create(
        identifier="DMO0001",
        action_plan=plan,
        title="Open budget data",
        status="published",
        problem="Budgets are published as scanned PDF files.",
        lead_institution="Ministry",
    )
    commitment.tags.set(Concept.objects.filter(notation__in=["open-contracting", "open-data"]))
    milestone = Milestone.objects.create(commitment=commitment, title="Publish the 2025 budget")
    for day, percent in ((1, 30), (2, 70)):  # so the page draws its progress chart
        update = ProgressUpdate.objects.create(
            commitment=commitment, milestone=milestone, organisation=collective,
            reported_on=dt.date(2025, 5, day), completion="limited", percent=percent,
            narrative="The first files are online.", source="Minutes of the steering group",
        )  # fmt: skip
    Evidence.objects.create(  # an evidence file in the list (the page only links to it)
        update=update, title="Steering group minutes", file="evidence/minutes.pdf",
        filename="minutes.pdf", content_type="application/pdf", size=48_000,
    )  # fmt: skip
    commitment_update(  # a published change: a version for the history page, a record entry
        commitment=commitment, data={"title": "Open budget data, monthly"}, organisation=collective
    )
    access_token_create(  # a token in the official's list of API tokens
        user=cast.official, name="Budget system", scopes=["progress:write"], days=30
    )
    participation = e2e_world(cast)
    _notifications(cast, participation["proposal"])
    return {
        **participation,
        "cast": cast,
        "unsubscribe_token": participation_services.unsubscribe_token(cast.participant),
        "invitation_token": token,
        "commitment": commitment,
        "plan": plan,
        "milestone": milestone,
    }


def _notifications(cast: Cast, proposal: Any) -> None:
    """Two notifications of the participant, one read, for the notifications page."""
    from django.utils import timezone

    from openplan.participation.models import Notification

    for event, read in (("proposal.comment", None), ("proposal.response", timezone.now())):
        Notification.objects.create(
            user=cast.participant, event=event, title=proposal.title,
            url=proposal.get_absolute_url(), created_at=timezone.now(), read_at=read,
            content_type=ContentType.objects.get_for_model(proposal), object_id=proposal.pk,
        )  # fmt: skip


def _downloads_built() -> str:
    """The downloads page with its files (each test has its own, empty, exports directory)."""
    exports_build()
    return "/data/downloads/"


REGISTRY: list[Page] = [
    # Public pages
    Page("home", "/"),
    Page("about", "/about/"),
    Page("accessibility statement", "/accessibility/"),
    Page("organisation list", "/organisations/"),
    Page("organisation page", "/organisations/collective/"),
    Page("log in", "/accounts/login/"),
    Page("sign up", "/accounts/signup/"),
    Page("verify your email", "/accounts/confirm-email/"),
    Page("password reset", "/accounts/password/reset/"),
    Page("password reset sent", "/accounts/password/reset/done/"),
    Page("page not found", "/no-such-page/", status=404),
    Page("vocabularies", "/vocab/"),
    Page("vocabulary", "/vocab/ogp-policy-areas/"),
    Page("concept", "/vocab/ogp-policy-areas/open-contracting/"),
    Page("commitment list", "/commitments/"),
    Page("open data", "/catalog"),
    Page("bulk downloads", lambda w: _downloads_built()),
    Page("bulk download not built yet", "/data/downloads/openplan-data.jsonl", status=404),
    Page("OGP members", "/commitments/members/"),
    Page("search page with results", "/search/?q=demo"),
    Page("search page, nothing found", "/search/?q=zzzzzz"),
    Page("public record", "/record/"),
    Page("commitment page", lambda w: w["commitment"].get_absolute_url()),
    Page("commitment history", lambda w: w["commitment"].get_absolute_url() + "history/"),
    Page("OGP member", "/commitments/members/dmo/"),
    Page("OGP member, as its official", "/commitments/members/dmo/", "official"),
    Page(
        "new commitment",
        lambda w: reverse("plans:commitment_create", args=[w["plan"].pk]),
        "official",
    ),
    Page("action plan", lambda w: reverse("plans:action_plan_detail", args=[w["plan"].pk])),
    Page(
        "action plan, as its official",
        lambda w: reverse("plans:action_plan_detail", args=[w["plan"].pk]),
        "official",
    ),
    Page("new action plan", "/commitments/members/dmo/plans/new/", "official"),
    Page(
        "edit action plan",
        lambda w: reverse("plans:action_plan_edit", args=[w["plan"].pk]),
        "official",
    ),
    Page("milestones", lambda w: w["commitment"].get_absolute_url() + "milestones/", "official"),
    Page(
        "edit milestone",
        lambda w: reverse(
            "plans:milestone_edit", args=[w["commitment"].identifier, w["milestone"].pk]
        ),
        "official",
    ),
    Page("edit commitment", lambda w: w["commitment"].get_absolute_url() + "edit/", "official"),
    Page("report progress", lambda w: w["commitment"].get_absolute_url() + "progress/", "official"),
    Page(
        "commitment, as its coordinator",
        lambda w: w["commitment"].get_absolute_url(),
        "coordinator",
    ),
    # Participation (tests/participation/world.py, e2e_world)
    Page("consultations", "/consultations/"),
    Page("consultation", lambda w: w["consultation"].get_absolute_url()),
    Page(
        "proposals", lambda w: reverse("participation:proposal_list", args=[w["consultation"].pk])
    ),
    Page("proposal with comments", lambda w: w["proposal"].get_absolute_url()),
    Page("proposal, as its author", lambda w: w["proposal"].get_absolute_url(), "participant"),
    Page("proposal, as a moderator", lambda w: w["proposal"].get_absolute_url(), "moderator"),
    Page(
        "make a proposal",
        lambda w: reverse("participation:proposal_create", args=[w["consultation"].pk]),
        "participant",
    ),
    Page(
        "edit a proposal",
        lambda w: reverse("participation:proposal_edit", args=[w["proposal"].pk]),
        "participant",
    ),
    Page(
        "reply to a comment",
        lambda w: (
            reverse("participation:comment_create", args=[w["proposal"].pk])
            + f"?parent={w['comment'].pk}"
        ),
        "cso_member",
    ),
    Page(
        "report a comment",
        lambda w: reverse("participation:flag", args=["comment", w["comment"].pk]),
        "participant",
    ),
    Page(
        "respond to a proposal",
        lambda w: reverse("participation:response", args=[w["proposal"].pk]),
        "coordinator",
    ),
    Page(
        "consultation report",
        lambda w: reverse("participation:consultation_report", args=[w["consultation"].pk]),
    ),
    Page(
        "open a consultation",
        lambda w: reverse("participation:consultation_create", args=["plan", w["plan"].pk]),
        "coordinator",
    ),
    Page(
        "add a phase",
        lambda w: reverse("participation:phase_create", args=[w["consultation"].pk]),
        "coordinator",
    ),
    Page(
        "consultation, as its coordinator",
        lambda w: w["consultation"].get_absolute_url(),
        "coordinator",
    ),
    Page("meeting", lambda w: w["meeting"].get_absolute_url()),
    Page("meeting, registered", lambda w: w["meeting"].get_absolute_url(), "participant"),
    Page("meeting, on the waiting list", lambda w: w["meeting"].get_absolute_url(), "cso_member"),
    Page("meeting, as its coordinator", lambda w: w["meeting"].get_absolute_url(), "coordinator"),
    Page("meeting held, with minutes", lambda w: w["closed_meeting"].get_absolute_url()),
    Page(
        "announce a meeting",
        lambda w: reverse("participation:meeting_create", args=[w["consultation"].pk]),
        "coordinator",
    ),
    Page(
        "close a meeting",
        lambda w: reverse("participation:meeting_close", args=[w["meeting"].pk]),
        "coordinator",
    ),
    Page(
        "change a phase",
        lambda w: reverse(
            "participation:phase_edit",
            args=[w["consultation"].pk, w["consultation"].phases.first().pk],
        ),
        "coordinator",
    ),
    Page(
        "record an offline proposal",
        lambda w: reverse("participation:offline_proposal_create", args=[w["consultation"].pk]),
        "coordinator",
    ),
    Page(
        "record offline supports",
        lambda w: reverse("participation:offline_supports", args=[w["proposal"].pk]),
        "coordinator",
    ),
    Page("proposal received offline", lambda w: w["offline"].get_absolute_url()),
    Page(
        "proposal received offline, as a coordinator",
        lambda w: w["offline"].get_absolute_url(),
        "coordinator",
    ),
    Page("moderation log", "/consultations/moderation/"),
    Page("moderation queue", "/consultations/moderation/queue/", "moderator"),
    Page(
        "moderate a comment",
        lambda w: reverse("participation:moderate", args=["comment", w["comment"].pk]),
        "moderator",
    ),
    Page(
        "petitions",
        lambda w: reverse("participation:petition_list", args=[w["petition_consultation"].pk]),
    ),
    Page("petition with a deadline", lambda w: w["petition"].get_absolute_url()),
    Page("petition, signed", lambda w: w["petition"].get_absolute_url(), "cso_member"),
    Page("petition, held", lambda w: w["held_petition"].get_absolute_url(), "participant"),
    Page(
        "start a petition",
        lambda w: reverse("participation:petition_create", args=[w["petition_consultation"].pk]),
        "participant",
    ),
    Page(
        "sign a petition", lambda w: reverse("participation:petition_sign", args=[w["petition"].pk])
    ),
    Page(
        "confirm a signature",
        lambda w: reverse("participation:signature_confirm", args=[w["signature_token"]]),
    ),
    Page(
        "answer a petition",
        lambda w: reverse("participation:petition_answer", args=[w["petition"].pk]),
        "coordinator",
    ),
    Page(
        "moderate a petition",
        lambda w: reverse("participation:moderate", args=["petition", w["held_petition"].pk]),
        "moderator",
    ),
    # Pages of a signed-in person (the participant has no two-factor authentication)
    Page("dashboard", "/dashboard/", "participant"),
    Page("notifications", "/account/notifications/", "participant"),
    Page("notification emails", "/account/notifications/settings/", "participant"),
    Page(
        "unsubscribe from emails",
        lambda w: reverse("notifications:unsubscribe", args=[w["unsubscribe_token"]]),
    ),
    Page(
        "unsubscribe with a bad link",
        lambda w: reverse("notifications:unsubscribe", args=["not-a-token"]),
        status=400,
    ),
    Page(
        "commitment, with its follow button",
        lambda w: w["commitment"].get_absolute_url(),
        "participant",
    ),
    Page("profile", "/account/profile/", "participant"),
    Page("personal data", "/account/data/", "participant"),
    Page("delete account", "/account/delete/", "participant"),
    Page("create organisation", "/organisations/new/", "participant"),
    Page(
        "invitation",
        lambda w: reverse("accounts:invitation_respond", args=[w["invitation_token"]]),
        "participant",
    ),
    Page("email addresses", "/accounts/email/", "participant"),
    Page("change password", "/accounts/password/change/", "participant"),
    Page("two-factor overview", "/accounts/2fa/", "participant"),
    Page("two-factor enrolment", "/accounts/2fa/totp/activate/", "participant"),
    Page("sessions", "/accounts/sessions/", "participant"),
    Page("log out", "/accounts/logout/", "participant"),
    Page("not allowed", "/organisations/collective/edit/", "participant", status=403),
    # Pages of organisation staff
    Page("dashboard with organisations", "/dashboard/", "coordinator"),
    Page("two-factor overview, enrolled", "/accounts/2fa/", "coordinator"),
    Page("edit organisation", "/organisations/collective/edit/", "cso_member"),
    Page("members and invitations", "/organisations/collective/members/", "cso_member"),
    Page("leave organisation", "/organisations/ministry/leave/", "official"),
    Page("API access tokens", "/account/api-tokens/", "official"),
]
