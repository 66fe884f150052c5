"""Staff roles act only after enrolling MFA; the admin is for platform admins with MFA."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from openplan.core.permissions import holds_staff_role
from tests.factories import UserFactory
from tests.personas import Cast, enrol_totp

pytestmark = pytest.mark.django_db


def without_mfa(client_for, cast: Cast, name: str) -> Client:  # type: ignore[no-untyped-def]
    Authenticator.objects.filter(user=cast[name]).delete()
    return client_for(name)


def test_government_coordinator_without_mfa_is_sent_to_enrol(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    client = without_mfa(client_for, cast, "coordinator")
    url = reverse("accounts:organisation_members", kwargs={"slug": "ministry"})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("web:home"))
    assert "requires two-factor authentication" in page.content.decode()


def test_government_coordinator_with_mfa_may_act(client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("accounts:organisation_members", kwargs={"slug": "ministry"})
    assert client_for("coordinator").get(url).status_code == 200


def test_cso_coordinator_needs_no_mfa(client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("accounts:organisation_members", kwargs={"slug": "collective"})
    assert client_for("cso_member").get(url).status_code == 200


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("participant", False),
        ("cso_member", False),
        ("official", True),
        ("coordinator", True),
        ("reviewer", True),
        ("moderator", True),
        ("admin", True),
    ],
)
def test_who_holds_a_staff_role(cast: Cast, name: str, expected: bool) -> None:
    assert holds_staff_role(cast[name]) is expected


def test_admin_site_needs_superuser_and_mfa(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    admin_url = reverse("admin:index")
    assert client_for("admin").get(admin_url).status_code == 200
    for name in ("participant", "coordinator", "moderator"):
        response = client_for(name).get(admin_url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], name
    superuser_without_mfa = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(superuser_without_mfa)
    assert client.get(admin_url).status_code == 302
    enrol_totp(superuser_without_mfa)
    client.force_login(superuser_without_mfa)
    assert client.get(admin_url).status_code == 200


def test_participant_refused_gets_403_page_not_mfa(client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("accounts:organisation_members", kwargs={"slug": "ministry"})
    response = client_for("participant").get(url)
    assert response.status_code == 403
    assert "You cannot do this" in response.content.decode()
