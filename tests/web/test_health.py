"""``/health/``: the plain-text answer for uptime checks and the benchmarks' baseline."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_answers_ok_in_plain_text_to_anyone(client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(0):
        response = client.get(reverse("web:health"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b"ok\n"


def test_health_answers_a_signed_in_person_too(client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    user = django_user_model.objects.create_user("someone@example.org", "a long passphrase 7")
    client.force_login(user)
    assert client.get(reverse("web:health")).content == b"ok\n"


def test_health_refuses_writes(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post(reverse("web:health")).status_code == 405
