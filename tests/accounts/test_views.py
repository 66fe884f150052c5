"""The account and organisation pages, their bad input and their permissions."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from openplan.accounts.models import Invitation, Membership, MembershipRole, Organisation, User
from openplan.accounts.services import invitation_create
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_create_organisation_makes_the_creator_coordinator(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("participant")
    response = client.post(
        reverse("accounts:organisation_create"),
        {"name": "Riverton Residents", "org_type": "cso", "description": "", "website": ""},
    )
    organisation = Organisation.objects.get(name="Riverton Residents")
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.memberships.get().role == MembershipRole.COORDINATOR


def test_an_over_long_name_redisplays_the_form_with_the_input_kept(client_for) -> None:  # type: ignore[no-untyped-def]
    long_name = "N" * 201
    response = client_for("participant").post(
        reverse("accounts:organisation_create"),
        {"name": long_name, "org_type": "cso", "description": "keep me", "website": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_name"' in html  # the summary links to the field
    assert "keep me" in html and long_name in html
    assert 'aria-invalid="true"' in html
    assert not Organisation.objects.filter(name=long_name).exists()


def test_the_error_summary_is_in_the_persons_language(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("participant")
    client.cookies["openplan_language"] = "es"
    response = client.post(reverse("accounts:organisation_create"), {"name": "", "org_type": ""})
    assert response.status_code == 200
    assert 'lang="es"' in response.content.decode()
    assert "Este campo es obligatorio." in response.content.decode()


def test_coordinator_invites_and_errors_are_explained(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("cso_member")  # coordinator of a CSO: no MFA needed
    url = reverse("accounts:organisation_members", kwargs={"slug": "collective"})
    response = client.post(url, {"email": "not-an-email", "role": "member"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    response = client.post(url, {"email": cast.cso_member.email, "role": "member"})
    assert "already a member" in response.content.decode()
    response = client.post(url, {"email": "friend@example.org", "role": "editor"})
    assert response.status_code == 302
    assert Invitation.objects.get().email == "friend@example.org"


def test_invitation_link_accept_decline_and_bad_links(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    invitation, token = invitation_create(
        actor=cast.cso_member,
        organisation=Organisation.objects.get(slug="collective"),
        email=cast.participant.email,
        role="member",
    )
    client = client_for("participant")
    page = client.get(reverse("accounts:invitation_respond", args=[token]))
    assert page.status_code == 200 and "Open Data Collective" in page.content.decode()
    assert client.get(reverse("accounts:invitation_respond", args=["forged"])).status_code == 404
    response = client.post(
        reverse("accounts:invitation_respond", args=[token]), {"answer": "accept"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        user=cast.participant, organisation__slug="collective"
    ).exists()
    reused = client.post(reverse("accounts:invitation_respond", args=[token]), {"answer": "accept"})
    assert reused.status_code == 400
    assert "already been used" in reused.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "accepted"


def test_anonymous_invitation_link_goes_to_login_and_back(cast: Cast) -> None:
    _invitation, token = invitation_create(
        actor=cast.cso_member,
        organisation=Organisation.objects.get(slug="collective"),
        email="newcomer@example.org",
        role="member",
    )
    url = reverse("accounts:invitation_respond", args=[token])
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]


def test_removing_the_last_coordinator_is_refused_with_a_message(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    membership = Membership.objects.get(user=cast.cso_member)
    client = client_for("cso_member")
    response = client.post(
        reverse("accounts:membership_remove", kwargs={"slug": "collective", "pk": membership.pk}),
        follow=True,
    )
    assert "no coordinator left" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = client.post(
        reverse("accounts:membership_leave", kwargs={"slug": "collective"}), follow=True
    )
    assert "no coordinator left" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_member_can_leave(cast: Cast) -> None:
    member = MembershipFactory(organisation=Organisation.objects.get(slug="collective"))
    client = Client()
    client.force_login(member.user)
    response = client.post(reverse("accounts:membership_leave", kwargs={"slug": "collective"}))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_personal_data_download(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("cso_member").get(reverse("accounts:personal_data_download"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == cast.cso_member.email
    assert data["memberships"] == [
        {
            "organisation": "Open Data Collective",
            "organisation_slug": "collective",
            "role": "coordinator",
            "since": data["memberships"][0]["since"],
        }
    ]
    assert data["email_addresses"][0]["verified"] is True


def test_account_deletion_needs_the_password_and_is_refused_for_last_coordinator(
    cast: Cast, client_for
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("accounts:account_delete")
    client = client_for("cso_member")
    wrong = client.post(url, {"password": "nope", "confirm": "on"})
    assert "That is not your password." in wrong.content.decode()
    refused = client.post(url, {"password": PASSWORD, "confirm": "on"})
    assert "no coordinator left" in refused.content.decode()
    assert type(cast.cso_member).objects.filter(pk=cast.cso_member.pk).exists()


def test_account_deletion_logs_out_and_erases(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("participant")
    response = client.post(
        reverse("accounts:account_delete"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert not type(cast.participant).objects.filter(pk=cast.participant.pk).exists()
    assert client.get(reverse("web:dashboard")).status_code == 302  # logged out


def test_profile_sets_a_display_name_or_stays_pseudonymous(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("participant")
    assert cast.participant.public_name.startswith("participant-")
    too_long = client.post(
        reverse("accounts:profile"), {"display_name": "x" * 81, "preferred_language": "en"}
    )
    assert "There is a problem" in too_long.content.decode()
    client.post(reverse("accounts:profile"), {"display_name": "Pat", "preferred_language": "lv"})
    cast.participant.refresh_from_db()
    assert (cast.participant.public_name, cast.participant.preferred_language) == ("Pat", "lv")


def test_organisation_list_filters_and_has_constant_queries(
    client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    OrganisationFactory(org_type="government", name="Zebra Ministry")
    OrganisationFactory(org_type="cso", name="Quokka Society")
    response = client.get(reverse("accounts:organisation_list"), {"type": "government"})
    html = response.content.decode()
    assert "Zebra Ministry" in html and "Quokka Society" not in html
    with django_assert_max_num_queries(4) as small:
        client.get(reverse("accounts:organisation_list"))
    for _ in range(40):
        org = OrganisationFactory()
        MembershipFactory(organisation=org)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("accounts:organisation_list"))


def test_organisation_page_queries_do_not_grow_with_members(
    client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    org = OrganisationFactory()
    MembershipFactory(organisation=org, role="coordinator")
    url = org.get_absolute_url()
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    for _ in range(30):
        MembershipFactory(organisation=org, role="editor")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_duplicate_sign_up_creates_nothing_and_tells_the_owner(
    cast: Cast, client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    """With enumeration prevention on, the page says "check your email" and the address owner
    gets an email saying that an account already exists."""
    users_before = type(cast.participant).objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": cast.participant.email,
                "password1": "a fresh passphrase 9",
                "password2": "a fresh passphrase 9",
            },
            follow=True,
        )
    assert response.status_code == 200
    assert type(cast.participant).objects.count() == users_before
    assert any("already" in m.body.lower() for m in mail.outbox)


def test_csrf_failure_is_explained(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.participant)
    response = client.post(
        reverse("accounts:organisation_create"), {"name": "X", "org_type": "cso"}
    )
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
    assert not Organisation.objects.filter(name="X").exists()


def test_bad_and_reused_verification_links(client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("account_confirm_email", args=["not-a-key"]))
    assert response.status_code == 200
    assert "expired or is invalid" in response.content.decode()
    new = UserFactory(verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_login"), {"login": new.email, "password": PASSWORD})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/confirm-email/" in line)
    path = link[link.index("/accounts/") :].strip()
    assert client.post(path).status_code == 302  # verified
    again = client.get(path)
    assert again.status_code in (200, 302)
    assert new.emailaddress_set.filter(verified=True).count() == 1  # type: ignore[attr-defined]


def _signup_link(client: Client, email: str, capture) -> str:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": email,
                "password1": "a fresh passphrase 9",
                "password2": "a fresh passphrase 9",
            },
        )
    (message,) = [m for m in mail.outbox if email in m.to]
    link = next(line for line in message.body.splitlines() if "/confirm-email/" in line)
    return link[link.index("/accounts/") :].strip()


def test_an_expired_verification_link_verifies_nothing(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    client = Client()
    path = _signup_link(client, "late@example.org", django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        page = client.get(path)
        assert "expired or is invalid" in page.content.decode()
        client.post(path)
    assert (
        not User.objects.get(email="late@example.org")
        .emailaddress_set.filter(verified=True)
        .exists()
    )  # type: ignore[attr-defined]


def test_a_used_verification_link_says_so(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    path = _signup_link(client, "twice@example.org", django_capture_on_commit_callbacks)
    assert client.post(path).status_code == 302
    again = Client().get(path)
    assert "expired or is invalid" in again.content.decode()
    assert EmailAddress.objects.filter(email="twice@example.org", verified=True).count() == 1


@pytest.mark.parametrize(("local_length", "accepted"), [(64, True), (300, False)])
def test_sign_up_email_length(client, local_length: int, accepted: bool) -> None:  # type: ignore[no-untyped-def]
    email = ("a" * local_length) + "@" + ("d" * 40) + ".example.org"
    response = client.post(
        reverse("account_signup"),
        {"email": email, "password1": "a fresh passphrase 9", "password2": "a fresh passphrase 9"},
    )
    assert User.objects.filter(email=email).exists() is accepted
    if not accepted:
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()


def test_over_long_invitation_email_is_refused(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("accounts:organisation_members", kwargs={"slug": "collective"})
    email = "b" * 320 + "@example.org"
    response = client_for("cso_member").post(url, {"email": email, "role": "member"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not Invitation.objects.exists()
