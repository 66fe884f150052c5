"""The authentication backends: Django's and allauth's, loading the signed-in person with one
statement; an inactive or removed account is nobody."""

from __future__ import annotations

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, get_backends
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openplan.accounts.backends import AuthenticationBackend, ModelBackend
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("backend", [ModelBackend(), AuthenticationBackend()])
def test_get_user_loads_the_person_in_one_query(backend: ModelBackend) -> None:
    user = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        loaded = backend.get_user(user.pk)
    assert loaded == user and loaded.email == user.email and loaded.is_active
    assert len(queries) == 1


@pytest.mark.parametrize("backend", [ModelBackend(), AuthenticationBackend()])
def test_an_inactive_or_unknown_account_is_nobody(backend: ModelBackend) -> None:
    user = UserFactory(is_active=False)
    assert backend.get_user(user.pk) is None
    assert backend.get_user(user.pk + 1000) is None


def test_logging_in_stores_one_of_ours_and_the_next_request_knows_the_person(
    client: Client,
) -> None:
    user = UserFactory()
    assert any(isinstance(b, AuthenticationBackend) for b in get_backends())  # allauth's pick
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.session[BACKEND_SESSION_KEY].startswith("openplan.accounts.backends.")
    response = client.get(reverse("account_email"))
    assert response.status_code == 200 and response.wsgi_request.user == user


def test_a_deactivated_person_is_signed_out_on_the_next_request(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse("account_email"))
    assert not response.wsgi_request.user.is_authenticated
