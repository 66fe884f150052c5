"""Erasing a person leaves no personal data of theirs anywhere in the database."""

from __future__ import annotations

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from openplan.accounts.models import Invitation, Membership, MembershipRole, User
from openplan.accounts.services import account_erase, invitation_create
from openplan.core.tasks import email_send
from tests.db_search import rows_mentioning
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_search_finds_what_is_there() -> None:
    UserFactory(email="findable@example.org", display_name="Findable Name")
    assert {t for t, _ in rows_mentioning("findable@example.org")} >= {
        "accounts_user",
        "account_emailaddress",
    }


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_erasure_removes_every_trace(rf) -> None:  # type: ignore[no-untyped-def]
    person = UserFactory(email="erase.me@example.org", display_name="Erasable Person")
    stays = MembershipFactory(role=MembershipRole.COORDINATOR)
    MembershipFactory(user=person, organisation=stays.organisation, role=MembershipRole.EDITOR)
    own = OrganisationFactory()
    MembershipFactory(user=person, organisation=own, role=MembershipRole.COORDINATOR)
    MembershipFactory(organisation=own, role=MembershipRole.COORDINATOR)
    # An invitation to the person, one by the person, a queued email, a session and an admin
    # log entry about the account.
    invitation_create(
        actor=stays.user, organisation=own, email="erase.me+2@example.org", role="member"
    )
    Invitation.objects.create(
        organisation=own,
        email="Erase.Me@example.org",
        role="member",
        token_hash="a" * 64,
        invited_by=stays.user,
        expires_at="2030-01-01T00:00:00Z",
    )
    sent, _ = invitation_create(
        actor=person, organisation=own, email="friend@example.org", role="member"
    )
    email_send.enqueue(subject="Hello", body="Dear Erasable Person", to=["erase.me@example.org"])
    UserSession.objects.create(user=person, ip="192.0.2.7", session_key="k" * 32, user_agent="UA")
    LogEntry.objects.log_action(
        user_id=stays.user.pk,
        content_type_id=ContentType.objects.get_for_model(User).pk,
        object_id=person.pk,
        object_repr=str(person),
        action_flag=CHANGE,
    )
    assert rows_mentioning("erase.me@example.org", "Erasable Person")

    account_erase(user=person)

    assert rows_mentioning("erase.me@example.org", "Erasable Person") == []
    sent.refresh_from_db()
    assert sent.invited_by is None  # the invitation by them stays, without them
    assert Membership.objects.filter(organisation=own).count() == 1


def test_the_last_coordinator_cannot_erase_their_account() -> None:
    membership = MembershipFactory(role=MembershipRole.COORDINATOR)
    with pytest.raises(ValidationError):
        account_erase(user=membership.user)
    assert User.objects.filter(pk=membership.user.pk).exists()


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # the worker closes its database connection
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_emails_are_queued_as_tasks_for_the_worker() -> None:
    membership = MembershipFactory(role=MembershipRole.COORDINATOR)
    invitation_create(
        actor=membership.user,
        organisation=membership.organisation,
        email="queued@example.org",
        role="member",
    )
    assert not mail.outbox  # nothing is sent before the worker runs
    task = DBTaskResult.objects.get()
    assert task.task_path == "openplan.core.tasks.email_send"
    assert task.args_kwargs["kwargs"]["to"] == ["queued@example.org"]
    call_command("db_worker", "--batch", verbosity=0)
    assert [m.to for m in mail.outbox] == [["queued@example.org"]]
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
