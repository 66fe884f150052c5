"""Enrolling TOTP (with recovery codes) unlocks a staff role; passwords can be reset."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.test import Client
from django.urls import reverse

from openplan.accounts.models import Membership, MembershipRole, OrganisationType
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def test_a_government_coordinator_enrols_totp_and_can_then_act() -> None:
    membership = MembershipFactory(
        role=MembershipRole.COORDINATOR, organisation__org_type=OrganisationType.GOVERNMENT
    )
    user, slug = membership.user, membership.organisation.slug
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    members_url = reverse("accounts:organisation_members", kwargs={"slug": slug})
    assert client.get(members_url)["Location"] == reverse("mfa_activate_totp")

    # allauth asks for the password again before any change to MFA.
    activate = client.get(reverse("mfa_activate_totp"))
    assert activate["Location"].startswith(reverse("account_reauthenticate"))
    client.post(activate["Location"], {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200 and not Authenticator.objects.filter(user=user).exists()
    client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    assert client.get(members_url).status_code == 200

    # The next login asks for the authenticator code before the session is open.
    fresh = Client()
    response = fresh.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert fresh.get(members_url).status_code == 302


def test_password_reset_by_email(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(email="forgetful@example.org")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/password/reset/key/\S+", message.body)
    assert link, message.body
    path = re.sub(r"^https?://[^/]+", "", link.group(0))
    form_page = client.get(path, follow=True)
    new_password = "a brand new passphrase 77"
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": new_password, "password2": new_password},
    )
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_unknown_address_reset_reveals_nothing(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302  # the same "check your email" page as for a real account
    assert not Membership.objects.exists()
