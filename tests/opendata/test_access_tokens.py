"""The tokens page: a signed-in person creates a token (shown once), sees their tokens by their
first characters only, and revokes them; nobody else sees or revokes them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from openplan.opendata.models import AccessToken, token_hash
from tests.personas import Cast

pytestmark = pytest.mark.django_db
PAGE = "/account/api-tokens/"


def test_the_page_needs_a_signed_in_person(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(PAGE, {"name": "x"}).status_code == 302
    assert AccessToken.objects.count() == 0


def test_a_token_is_shown_once_and_stored_hashed(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("official")
    response = client.post(
        PAGE, {"name": "Budget system", "scopes": ["progress:write"], "days": 30}
    )
    assert response.status_code == 200
    html = response.content.decode()
    raw = re.search(r'<code class="hash" id="new-token">(opt_[^<]+)</code>', html)
    assert raw is not None
    token = AccessToken.objects.get()
    assert token.token_hash == token_hash(raw[1]) != raw[1]
    assert raw[1] not in str(AccessToken.objects.values_list().get())  # only the hash is kept
    assert token.prefix == raw[1][:12] and token.scopes == ["progress:write"]
    again = client.get(PAGE).content.decode()
    assert raw[1] not in again and f"{token.prefix}…" in again
    assert "Budget system" in again


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "scopes": ["progress:write"], "days": 30},
        {"name": "x", "days": 30},
        {"name": "x", "scopes": ["admin:all"], "days": 30},
        {"name": "x", "scopes": ["progress:write"], "days": 10000},
    ],
)
def test_a_bad_form_comes_back_with_messages(cast: Cast, client_for, data) -> None:  # type: ignore[no-untyped-def]
    response = client_for("official").post(PAGE, data)
    assert response.status_code == 200
    assert (
        'aria-invalid="true"' in response.content.decode()
        or "errorlist" in response.content.decode()
    )
    assert AccessToken.objects.count() == 0


def test_revoking_is_the_owner_s_alone(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    client_for("official").post(PAGE, {"name": "A", "scopes": ["progress:write"], "days": 7})
    token = AccessToken.objects.get()
    revoke = reverse("opendata:access_token_revoke", args=[token.pk])
    assert client_for("coordinator").post(revoke).status_code == 404
    assert client_for("anonymous").post(revoke).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None
    response = client_for("official").post(revoke)
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and not token.is_active
    assert "revoked" in client_for("official").get(PAGE).content.decode()
    assert client_for("official").get(revoke).status_code == 405


def test_the_dashboard_links_the_page(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    assert PAGE in client_for("participant").get("/dashboard/").content.decode()


def test_a_persons_tokens_are_in_their_data_export_without_the_token(
    cast: Cast, client_for
) -> None:  # type: ignore[no-untyped-def]
    import json

    from openplan.opendata.services import access_token_create

    token, secret = access_token_create(
        user=cast.official, name="Budget system", scopes=["progress:write"], days=30
    )
    response = client_for("official").get(reverse("accounts:personal_data_download"))
    [exported] = json.loads(response.content)["api_tokens"]
    assert (exported["name"], exported["prefix"]) == ("Budget system", token.prefix)
    assert (
        secret not in response.content.decode()
        and token.token_hash not in response.content.decode()
    )
