"""The objects the authorization matrix (test_authorization_matrix.py) requests pages of:
the personas' cast, a member whose government is the ministry, one action plan per state,
one commitment per state (the collective co-owns them all) with a milestone and an evidence
file, invitations, and one object of each model the admin shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from openplan.accounts.models import Membership, MembershipRole, Organisation
from openplan.accounts.services import invitation_create
from openplan.plans.models import (
    ActionPlan,
    Commitment,
    Evidence,
    Member,
    Milestone,
    ProgressUpdate,
)
from openplan.taxonomy.models import Concept, Scheme
from tests.personas import build_cast

COMMITMENT_STATES = ("draft", "submitted", "published", "withdrawn")
CONSULTATION_STATES = ("draft", "published")
PROPOSAL_STATES = ("visible", "hidden")
PETITION_STATES = ("visible", "pending", "hidden")
MEETING_STATES = ("in_draft", "scheduled")  # of the draft consultation, of the published one
PLAN_STATES = ("draft", "implementation")
ORGANISATION_KINDS = ("cso", "government")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def build_world() -> dict[str, Any]:
    cast = build_cast()
    ministry = Organisation.objects.get(slug="ministry")
    collective = Organisation.objects.get(slug="collective")
    member = Member.objects.create(
        name="Demoland", slug="dmo", code="DMO", level="national", government=ministry
    )
    plans = {
        state: ActionPlan.objects.create(
            member=member, number=n, start_year=2024, end_year=2026, status=state
        )
        for n, state in enumerate(PLAN_STATES, start=1)
    }
    commitments, evidence, milestones = {}, {}, {}
    for n, state in enumerate(COMMITMENT_STATES, start=1):
        commitment = Commitment.objects.create(
            identifier=f"DMO000{n}", action_plan=plans["implementation"], title=state,
            status=state, start_date=dt.date(2024, 1, 1), end_date=dt.date(2026, 12, 31),
        )  # fmt: skip
        commitment.co_owners.add(collective)
        milestones[state] = Milestone.objects.create(commitment=commitment, title="M", position=0)
        Milestone.objects.create(commitment=commitment, title="N", position=1)
        update = ProgressUpdate.objects.create(
            commitment=commitment, organisation=ministry, reported_on=dt.date(2025, 1, 1),
            completion="limited", narrative="n", source="s",
        )  # fmt: skip
        evidence[state] = Evidence(
            update=update, title="minutes", filename="minutes.pdf",
            content_type="application/pdf", size=len(PDF),
        )  # fmt: skip
        evidence[state].file.save(f"{state}.pdf", ContentFile(PDF))
        commitments[state] = commitment
    invitations = {}
    for kind, organisation, actor in (
        ("cso", collective, cast.cso_member),
        ("government", ministry, cast.coordinator),
    ):
        invitations[kind], _token = invitation_create(
            actor=actor, organisation=organisation, email="someone@example.org",
            role=MembershipRole.MEMBER,
        )  # fmt: skip
    invitation, token = invitation_create(
        actor=cast.cso_member, organisation=collective, email=cast.participant.email,
        role=MembershipRole.MEMBER,
    )  # fmt: skip
    UserSession.objects.create(user=cast.participant, ip="127.0.0.1", session_key="s" * 32)
    scheme = Scheme.objects.get(slug="ogp-policy-areas")
    participation = _participation(cast)
    return {
        **participation,
        "cast": cast,
        "organisations": {"cso": collective, "government": ministry},
        "member": member,
        "plans": plans,
        "commitments": commitments,
        "milestones": milestones,
        "evidence": evidence,
        "invitations": invitations,
        "invitation_to_participant": invitation,
        "token": token,
        "memberships": {
            kind: Membership.objects.filter(organisation=org).order_by("pk").first()
            for kind, org in (("cso", collective), ("government", ministry))
        },
        "admin_objects": {
            "auth_group": Group.objects.first(),
            "accounts_user": cast.participant,
            "accounts_organisation": collective,
            "accounts_invitation": invitation,
            "taxonomy_scheme": scheme,
            "taxonomy_concept": Concept.objects.filter(scheme=scheme).first(),
            "account_emailaddress": EmailAddress.objects.first(),
            "mfa_authenticator": Authenticator.objects.first(),
            "usersessions_usersession": UserSession.objects.first(),
        },
        "content_type": ContentType.objects.get_for_model(Organisation),
    }


def _participation(cast: Any) -> dict[str, Any]:
    """A draft and a published consultation (open now), each with a phase; in the published
    one, the participant's proposal, visible, and another hidden by a moderator, each with a
    comment, and a proposal received by letter with its scan."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from openplan.participation import services
    from openplan.participation.models import Notification, Proposal
    from tests.participation.world import petition_consultation

    now = timezone.now()
    draft = services.consultation_create(
        subject=Member.objects.get(code="DMO"), title="Draft", description=""
    )
    services.phase_add(consultation=draft, name="P", start=now, end=now + dt.timedelta(days=1),
                       actions=[])  # fmt: skip
    published = petition_consultation(start=now - dt.timedelta(days=1))
    letter = services.offline_proposal_record(
        consultation=published, recorder=cast.coordinator, channel="letter",
        received_on=timezone.localdate(), title="By letter", body="Text",
        scan=SimpleUploadedFile("letter.pdf", PDF),
    )  # fmt: skip
    proposals = {}
    for state in PROPOSAL_STATES:
        proposals[state] = services.proposal_create(
            consultation=published, author=cast.participant, title=f"A {state} proposal",
            body="Publish the budget every month.",
        )  # fmt: skip
        services.comment_create(proposal=proposals[state], author=cast.cso_member, body="Yes.")
    services.content_hide(target=proposals["hidden"], moderator=cast.moderator, reason="Spam")
    petitions = {
        state: services.petition_create(
            consultation=published, author=cast.participant, title=f"A {state} petition",
            body="Open the library on Sundays.",
        )
        for state in PETITION_STATES
    }  # fmt: skip
    for state in ("visible", "hidden"):
        services.content_approve(target=petitions[state], moderator=cast.moderator)
    services.content_hide(target=petitions["hidden"], moderator=cast.moderator, reason="Spam")
    from openplan.opendata.services import access_token_create

    token, _secret = access_token_create(
        user=cast.official, name="Reporting", scopes=["progress:write"], days=30
    )
    meetings = {
        state: services.meeting_create(
            consultation=consultation, kind="in_person", title="Workshop", address="Town hall",
            start=timezone.now() + dt.timedelta(days=3),
            end=timezone.now() + dt.timedelta(days=3, hours=2),
        )
        for state, consultation in zip(MEETING_STATES, (draft, published), strict=True)
    }  # fmt: skip
    notification = Notification.objects.create(
        user=cast.participant, event="proposal.comment", title="t", url="/",
        created_at=timezone.now(), object_id=proposals["visible"].pk,
        content_type=ContentType.objects.get_for_model(Proposal),
    )  # fmt: skip
    return {
        "notification": notification,
        "unsubscribe_token": services.unsubscribe_token(cast.participant),
        "consultations": {"draft": draft, "published": published},
        "meetings": meetings,
        "proposals": proposals,
        "petitions": petitions,
        "scan": letter.offline_inputs.get(),
        "access_token": token,
    }
