from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from openplan.accounts.models import (
    Invitation,
    InvitationStatus,
    Membership,
    MembershipRole,
    invitation_token_hash,
)
from openplan.accounts.services import (
    invitation_accept,
    invitation_create,
    invitation_decline,
    invitation_revoke,
)
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_membership() -> Membership:
    return MembershipFactory(role=MembershipRole.COORDINATOR)


def invite(membership: Membership, email: str = "new@example.org", role: str = "editor"):  # type: ignore[no-untyped-def]
    return invitation_create(
        actor=membership.user, organisation=membership.organisation, email=email, role=role
    )


def test_invitation_sends_a_link_and_stores_only_the_token_hash(
    coordinator_membership: Membership, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invite(coordinator_membership, email=" New@Example.org ")
    assert invitation.email == "new@example.org"
    assert invitation.token_hash == invitation_token_hash(token)
    assert token not in str(Invitation.objects.values_list()[:])
    (message,) = mail.outbox
    assert message.to == ["new@example.org"]
    assert f"/invitations/{token}/" in message.body
    assert coordinator_membership.organisation.name in message.subject


def test_inviting_an_existing_member_is_refused(coordinator_membership: Membership) -> None:
    member = MembershipFactory(organisation=coordinator_membership.organisation)
    with pytest.raises(ValidationError) as excinfo:
        invite(coordinator_membership, email=member.user.email.upper())
    assert excinfo.value.code == "already_member"
    assert not Invitation.objects.exists()


def test_inviting_twice_is_refused_while_the_first_is_pending(
    coordinator_membership: Membership,
) -> None:
    invite(coordinator_membership)
    with pytest.raises(ValidationError) as excinfo:
        invite(coordinator_membership)
    assert excinfo.value.code == "already_invited"
    assert Invitation.objects.count() == 1


def test_accepting_creates_the_membership_once(coordinator_membership: Membership) -> None:
    invitation, _token = invite(coordinator_membership)
    invitee = UserFactory(email="new@example.org")
    membership = invitation_accept(invitation=invitation, user=invitee)
    assert membership.role == MembershipRole.EDITOR
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    with pytest.raises(ValidationError) as excinfo:  # a reused link
        invitation_accept(invitation=invitation, user=invitee)
    assert excinfo.value.code == "not_pending"
    assert Membership.objects.filter(user=invitee).count() == 1


def test_an_expired_invitation_cannot_be_accepted(coordinator_membership: Membership) -> None:
    invitation, _token = invite(coordinator_membership)
    invitee = UserFactory(email="new@example.org")
    with (
        time_machine.travel(invitation.expires_at + timedelta(seconds=1)),
        pytest.raises(ValidationError) as excinfo,
    ):
        invitation_accept(invitation=invitation, user=invitee)
    assert excinfo.value.code == "expired"
    assert not Membership.objects.filter(user=invitee).exists()


def test_an_invitation_is_valid_until_just_before_it_expires(
    coordinator_membership: Membership,
) -> None:
    invitation, _token = invite(coordinator_membership)
    invitee = UserFactory(email="new@example.org")
    with time_machine.travel(invitation.expires_at - timedelta(seconds=1)):
        invitation_accept(invitation=invitation, user=invitee)
    assert Membership.objects.filter(user=invitee).exists()


def test_only_the_invited_address_can_accept(coordinator_membership: Membership) -> None:
    invitation, _token = invite(coordinator_membership)
    other = UserFactory(email="someone-else@example.org")
    with pytest.raises(ValidationError) as excinfo:
        invitation_accept(invitation=invitation, user=other)
    assert excinfo.value.code == "wrong_email"


def test_an_unverified_address_does_not_count(coordinator_membership: Membership) -> None:
    invitation, _token = invite(coordinator_membership)
    unverified = UserFactory(email="new@example.org", verified=False)
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, user=unverified)


def test_declined_and_revoked_invitations_are_closed(coordinator_membership: Membership) -> None:
    first, _ = invite(coordinator_membership, email="a@example.org")
    second, _ = invite(coordinator_membership, email="b@example.org")
    invitation_decline(invitation=first, user=UserFactory(email="a@example.org"))
    invitation_revoke(invitation=second)
    statuses = dict(Invitation.objects.values_list("email", "status"))
    assert statuses == {"a@example.org": "declined", "b@example.org": "revoked"}
    assert not Membership.objects.filter(user__email__in=statuses).exists()
    with pytest.raises(ValidationError):
        invitation_revoke(invitation=second)
    # Once closed, the same address can be invited again.
    invite(coordinator_membership, email="a@example.org")
    assert timezone.now() < Invitation.objects.get(status="pending").expires_at


def test_the_invitation_email_is_in_the_invitees_language(
    coordinator_membership: Membership, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    UserFactory(email="lv@example.org", preferred_language="lv")
    with django_capture_on_commit_callbacks(execute=True):
        invite(coordinator_membership, email="lv@example.org")
    with translation.override("lv"):
        expected = gettext("If you did not expect this invitation, you can ignore this email.")
    assert expected != "If you did not expect this invitation, you can ignore this email."
    assert expected in mail.outbox[0].body
