"""Reads of the accounts app."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Count, QuerySet
from django.utils import timezone

from openplan.accounts.models import (
    Invitation,
    InvitationStatus,
    Membership,
    MembershipRole,
    Organisation,
    User,
    invitation_token_hash,
)
from openplan.core import personal_data


def organisation_list_public(*, org_type: str = "") -> QuerySet[Organisation]:
    organisations = Organisation.objects.annotate(member_count=Count("memberships"))
    if org_type:
        organisations = organisations.filter(org_type=org_type)
    return organisations.order_by("name")


def organisation_get_public(*, slug: str) -> Organisation:
    return Organisation.objects.annotate(member_count=Count("memberships")).get(slug=slug)


def membership_list_for_organisation(*, organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("role", "user__display_name")


def membership_list_public(*, organisation: Organisation) -> QuerySet[Membership]:
    """Members shown on the public page: coordinators and editors act publicly in role;
    ordinary members appear by display name only when they chose one."""
    return membership_list_for_organisation(organisation=organisation).exclude(
        role=MembershipRole.MEMBER, user__display_name=""
    )


def invitation_list_pending(*, organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.filter(status=InvitationStatus.PENDING).select_related(
        "invited_by"
    )


def invitation_get_by_token(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )


def invitation_list_for_user(*, user: User) -> QuerySet[Invitation]:
    emails = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    return Invitation.objects.filter(
        email__in=[e.lower() for e in emails],
        status=InvitationStatus.PENDING,
        expires_at__gt=timezone.now(),
    ).select_related("organisation")


def membership_list_for_user(*, user: User) -> QuerySet[Membership]:
    return user.memberships.select_related("organisation").order_by("organisation__name")


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything OpenPlan holds about one person, as JSON-ready data (GDPR art. 15 and 20)."""
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession

    def when(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "format": "openplan-personal-data/1",
        "generated_at": timezone.now().isoformat(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "display_name": user.display_name,
            "pseudonym": user.pseudonym,
            "preferred_language": user.preferred_language,
            "date_joined": when(user.date_joined),
            "last_login": when(user.last_login),
            "is_superuser": user.is_superuser,
            "groups": sorted(g.name for g in user.groups.all()),
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_authentication": [
            {"type": a.type, "created_at": when(a.created_at), "last_used_at": when(a.last_used_at)}
            for a in Authenticator.objects.filter(user=user).order_by("type")
        ],
        "sessions": [
            {
                "ip": s.ip,
                "user_agent": s.user_agent,
                "created_at": when(s.created_at),
                "last_seen_at": when(s.last_seen_at),
            }
            for s in UserSession.objects.filter(user=user).order_by("created_at")
        ],
        "memberships": [
            {
                "organisation": m.organisation.name,
                "organisation_slug": m.organisation.slug,
                "role": m.role,
                "since": when(m.created_at),
            }
            for m in membership_list_for_user(user=user)
        ],
        "invitations_sent": [
            {
                "organisation": i.organisation.name,
                "email": i.email,
                "role": i.role,
                "status": i.status,
                "created_at": when(i.created_at),
            }
            for i in user.invitations_sent.select_related("organisation")
        ],
        "invitations_received": [
            {
                "organisation": i.organisation.name,
                "role": i.role,
                "status": i.status,
                "created_at": when(i.created_at),
            }
            for i in Invitation.objects.filter(email__iexact=user.email).select_related(
                "organisation"
            )
        ],
        **personal_data.sections(user),
    }
