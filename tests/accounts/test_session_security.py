"""Sessions and passwords: the key rotates on login, a password change ends the person's other
sessions, failed logins are throttled, common passwords are refused."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a brand new passphrase 77"


def log_in(client: Client, email: str, password: str = PASSWORD) -> object:
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_logging_in_rotates_the_session_key(client: Client) -> None:
    user = UserFactory()
    session = client.session
    session["before"] = "login"
    session.save()
    before = session.session_key
    log_in(client, user.email)
    assert client.session.session_key != before
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_a_password_change_ends_the_other_sessions(client: Client) -> None:
    user = UserFactory()
    other = Client()
    log_in(client, user.email)
    log_in(other, user.email)
    assert other.get(reverse("web:dashboard")).status_code == 200
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("web:dashboard")).status_code == 200  # this session goes on
    assert other.get(reverse("web:dashboard")).status_code == 302  # the other one is over


def test_failed_logins_are_throttled(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,3/5m/key"}
    cache.clear()
    user = UserFactory()
    for _attempt in range(3):
        page = log_in(client, user.email, "wrong password").content.decode()  # type: ignore[attr-defined]
        assert "Too many failed login attempts" not in page
    page = log_in(client, user.email, PASSWORD).content.decode()  # type: ignore[attr-defined]
    assert "Too many failed login attempts" in page
    assert "_auth_user_id" not in client.session
    cache.clear()


def test_common_and_short_passwords_are_refused(client: Client) -> None:
    for password, message in (
        ("password1234", "This password is too common."),
        ("short", "This password is too short."),
    ):
        page = client.post(
            reverse("account_signup"),
            {"email": "new@example.org", "password1": password, "password2": password},
        ).content.decode()
        assert message in page, password
