"""Writes of the accounts app: profiles, organisations, memberships, invitations, erasure.

Every function is keyword-only, validates before writing, runs in one transaction and pushes
email out with ``transaction.on_commit`` so a rolled-back change sends nothing.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

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
from openplan.core.services import model_update
from openplan.core.tasks import email_send


def user_update_profile(*, user: User, display_name: str, preferred_language: str) -> User:
    user, _changed = model_update(
        instance=user,
        data={"display_name": display_name.strip(), "preferred_language": preferred_language},
    )
    return user


# --- Organisations ----------------------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "organisation")[:70].strip("-") or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_create(
    *, actor: User, name: str, org_type: str, description: str = "", website: str = ""
) -> Organisation:
    """Create an organisation; its creator becomes its first coordinator."""
    organisation = Organisation(
        name=name.strip(),
        slug=_unique_slug(name),
        org_type=org_type,
        description=description.strip(),
        website=website.strip(),
    )
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(
        organisation=organisation, user=actor, role=MembershipRole.COORDINATOR
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, name: str, description: str, website: str
) -> Organisation:
    organisation, _changed = model_update(
        instance=organisation,
        data={"name": name.strip(), "description": description.strip(), "website": website},
    )
    return organisation


# --- Memberships ------------------------------------------------------------------------


def _ensure_coordinator_remains(membership: Membership, *, new_role: str | None) -> None:
    """Refuse a change that would leave the organisation without a coordinator.

    Called inside the caller's transaction; the coordinator rows are locked so two
    coordinators stepping down at once cannot both succeed (on PostgreSQL; SQLite's
    IMMEDIATE transactions serialise writers anyway).
    """
    if membership.role != MembershipRole.COORDINATOR or new_role == MembershipRole.COORDINATOR:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=MembershipRole.COORDINATOR)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(
            _(
                "%(organisation)s would have no coordinator left. Make another member "
                "coordinator first."
            )
            % {"organisation": membership.organisation.name},
            code="last_coordinator",
        )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    if role not in MembershipRole.values:
        raise ValidationError(_("Choose a valid role."), code="invalid_role")
    _ensure_coordinator_remains(membership, new_role=role)
    membership, _changed = model_update(instance=membership, data={"role": role})
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Remove a member (or let one leave); never the last coordinator."""
    _ensure_coordinator_remains(membership, new_role=None)
    membership.delete()


# --- Invitations ------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *, actor: User, organisation: Organisation, email: str, role: str
) -> tuple[Invitation, str]:
    """Invite ``email`` to join ``organisation`` with ``role``; returns the invitation and the
    raw token (only ever sent by email, never stored)."""
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s is already a member of %(organisation)s.")
            % {"email": email, "organisation": organisation.name},
            code="already_member",
        )
    if organisation.invitations.filter(
        email__iexact=email, status=InvitationStatus.PENDING
    ).exists():
        raise ValidationError(
            _("%(email)s has already been invited and has not answered yet.") % {"email": email},
            code="already_invited",
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=invitation_token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.OPENPLAN_INVITATION_EXPIRE_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    transaction.on_commit(lambda: _invitation_send_email(invitation, token))
    return invitation, token


def _invitation_send_email(invitation: Invitation, token: str) -> None:
    """Write the email in the invitee's language if they have an account, else the inviter's."""
    invitee = User.objects.filter(email__iexact=invitation.email).first()
    language = invitee.preferred_language if invitee else translation.get_language()
    with translation.override(language):
        _invitation_render_and_queue(invitation, token)


def _invitation_render_and_queue(invitation: Invitation, token: str) -> None:
    context = {
        "invitation": invitation,
        "inviter": invitation.invited_by.public_name if invitation.invited_by else "",
        "url": settings.SITE_URL + reverse("accounts:invitation_respond", args=[token]),
        "site_name": settings.OPENPLAN_SITE_NAME,
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation_message.txt", context)
    email_send.enqueue(subject=subject, body=body, to=[invitation.email])


class InvitationError(ValidationError):
    pass


def _check_invitation_open(invitation: Invitation) -> None:
    if invitation.status != InvitationStatus.PENDING:
        raise InvitationError(
            _("This invitation has already been used or withdrawn."), code="not_pending"
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            _("This invitation has expired. Ask the organisation to invite you again."),
            code="expired",
        )


def _check_addressed_to(invitation: Invitation, user: User) -> None:
    verified = {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    if invitation.email.lower() not in verified:
        raise InvitationError(
            _(
                "This invitation was sent to another email address. Log in with that address, "
                "or add and verify it in your account."
            ),
            code="wrong_email",
        )


def _lock(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Accept an invitation sent to one of the user's verified addresses."""
    invitation = _lock(invitation)
    _check_invitation_open(invitation)
    _check_addressed_to(invitation, user)
    if Membership.objects.filter(organisation=invitation.organisation, user=user).exists():
        raise InvitationError(
            _("You are already a member of %(organisation)s.")
            % {"organisation": invitation.organisation.name},
            code="already_member",
        )
    membership = Membership.objects.create(
        organisation=invitation.organisation, user=user, role=invitation.role
    )
    _close(invitation, InvitationStatus.ACCEPTED)
    return membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user: User) -> Invitation:
    invitation = _lock(invitation)
    _check_invitation_open(invitation)
    _check_addressed_to(invitation, user)
    return _close(invitation, InvitationStatus.DECLINED)


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    invitation = _lock(invitation)
    if invitation.status != InvitationStatus.PENDING:
        raise InvitationError(_("Only pending invitations can be withdrawn."), code="not_pending")
    return _close(invitation, InvitationStatus.REVOKED)


def _close(invitation: Invitation, status: str) -> Invitation:
    invitation.status = status
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at", "updated_at"])
    return invitation


# --- Personal data ----------------------------------------------------------------------


@transaction.atomic
def account_erase(*, user: User) -> None:
    """Erase a person: their account, addresses, sessions, MFA, memberships, invitations to them
    and queued emails to them. Public contributions keep their content and show
    "deleted participant" (their author is set to NULL by the foreign keys).

    Refused while the person is the last coordinator of an organisation, so no organisation
    is left without anyone who can manage it.
    """
    for membership in user.memberships.select_related("organisation"):
        _ensure_coordinator_remains(membership, new_role=None)
    addresses = {user.email.lower()} | {
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    personal_data.erase(user, addresses)
    _erase_sessions(user)
    _erase_admin_log(user)
    for address in addresses:
        Invitation.objects.filter(email__iexact=address).delete()
        _erase_queued_email(address)
    user.delete()


def _erase_sessions(user: User) -> None:
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.models import Session

    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()


def _erase_admin_log(user: User) -> None:
    """Admin log entries about this account name it in ``object_repr``."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).delete()


def _erase_queued_email(address: str) -> None:
    """Task rows keep their arguments; drop every email task addressed to this person."""
    from django_tasks_db.models import DBTaskResult

    for result in DBTaskResult.objects.filter(task_path__endswith="email_send").only(
        "pk", "args_kwargs"
    ):
        recipients = [r.lower() for r in result.args_kwargs.get("kwargs", {}).get("to", [])]
        if address in recipients:
            result.delete()
