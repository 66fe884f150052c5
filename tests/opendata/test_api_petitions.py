"""Petitions in the public read API: shown ones with threshold, confirmed count, deadline and
answer; hidden ones with the reason only; held ones not at all; never a signer; cursor pages,
modified_since, conditional GET and constant query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone

from openplan.participation import services
from openplan.participation.models import Petition
from tests.factories import UserFactory
from tests.opendata.test_api_reads import API, _queries, assert_problem, get, walk

# Loads the OpenAPI document through WSGI at import (collection), before any test database.
from tests.opendata.test_api_schema import CHECKS, schema
from tests.participation.world import DAY, petition, petition_consultation

pytestmark = pytest.mark.django_db


def confirmed(target: Petition, email: str, name: str = "") -> None:
    signed = services.signature_create(petition=target, email=email, name=name, show_name=True)
    services.signature_confirm(token=services.signature_token(signed.signature))


@pytest.fixture
def petitions(cast: Any) -> dict[str, Any]:
    consultation = petition_consultation(start=timezone.now() - DAY, threshold=2)
    shown = petition(consultation, UserFactory(display_name="Ana Publica"), cast.moderator)
    confirmed(shown, "one@example.org", name="Named Signer")
    confirmed(shown, "two@example.org")
    services.signature_create(petition=shown, email="three@example.org")  # not confirmed
    services.petition_answer_set(petition=shown, text="We *agree*.")
    hidden = petition(consultation, cast.participant, cast.moderator, title="Spam petition")
    services.content_hide(target=hidden, moderator=cast.moderator, reason="Advertising")
    held = services.petition_create(
        consultation=consultation, author=cast.participant, title="Held", body="Wait."
    )
    return {"consultation": consultation, "shown": shown, "hidden": hidden, "held": held}


def test_petitions_show_counts_deadline_and_answer_and_never_a_signer(client, petitions) -> None:  # type: ignore[no-untyped-def]
    consultation, shown = petitions["consultation"], petitions["shown"]
    body = get(client, f"{API}/consultations/{consultation.pk}")
    items = walk(client, body["petitions_url"].replace("http://testserver", "") + "?limit=1")
    assert [i["id"] for i in items] == sorted([shown.pk, petitions["hidden"].pk])
    first = next(i for i in items if i["id"] == shown.pk)
    shown.refresh_from_db()
    assert first["author"] == "Ana Publica" and first["threshold"] == 2
    assert first["signatures_count"] == 2 and first["threshold_reached_at"] is not None
    assert first["answer_due"] == shown.answer_due.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert first["answer"]["text"] == "We *agree*." and first["answer"]["organisation"]
    assert get(client, first["url"]) == first
    text = client.get(f"{API}/consultations/{consultation.pk}/petitions").content.decode()
    assert "@example.org" not in text and "Named Signer" not in text and "Spam" not in text


def test_hidden_and_held_petitions(client, petitions) -> None:  # type: ignore[no-untyped-def]
    body = get(client, f"{API}/petitions/{petitions['hidden'].pk}")
    assert body["hidden"] == "hidden by moderation: Advertising"
    assert body["title"] is body["body"] is body["author"] is body["answer"] is None
    assert_problem(client.get(f"{API}/petitions/{petitions['held'].pk}"), 404)
    assert_problem(client.get(f"{API}/petitions/999999"), 404)
    assert_problem(client.get(f"{API}/consultations/999999/petitions"), 404)
    assert_problem(
        client.get(f"{API}/consultations/{petitions['consultation'].pk}/petitions?limit=0"), 400
    )


def test_a_confirmed_signature_changes_the_petition_and_its_last_modified(
    client, petitions
) -> None:  # type: ignore[no-untyped-def]
    url = f"{API}/petitions/{petitions['shown'].pk}"
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    later = timezone.now() + dt.timedelta(seconds=5)
    since = (later - dt.timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%S%z")
    listing = f"{API}/consultations/{petitions['consultation'].pk}/petitions"
    with time_machine.travel(later, tick=False):
        confirmed(petitions["shown"], "four@example.org")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again.json()["signatures_count"] == 3
    assert [i["id"] for i in walk(client, f"{listing}?modified_since={since[:19]}")] == [
        petitions["shown"].pk
    ]


def test_the_petition_list_takes_the_same_queries_at_two_sizes(client, petitions, cast) -> None:  # type: ignore[no-untyped-def]
    url = f"{API}/consultations/{petitions['consultation'].pk}/petitions?limit=40"
    small = _queries(client, url)
    for i in range(12):
        more = petition(petitions["consultation"], cast.participant, cast.moderator, title=f"P{i}")
        services.petition_answer_set(petition=more, text="Answered.")
    assert len(get(client, url)["items"]) == 14
    assert _queries(client, url) == small


def test_petition_answers_keep_to_their_description(petitions) -> None:  # type: ignore[no-untyped-def]
    """Real petitions (shown, hidden, held) through the OpenAPI document's checks."""
    cases = [
        ("/api/v1/consultations/{pk}", {"pk": petitions["consultation"].pk}),
        ("/api/v1/consultations/{pk}/petitions", {"pk": petitions["consultation"].pk}),
        ("/api/v1/petitions/{pk}", {"pk": petitions["shown"].pk}),
        ("/api/v1/petitions/{pk}", {"pk": petitions["hidden"].pk}),
        ("/api/v1/petitions/{pk}", {"pk": petitions["held"].pk}),
    ]
    statuses = []
    for signal in (request_started, request_finished):  # keep the test's connection open
        signal.disconnect(close_old_connections)
    try:
        for path, parameters in cases:
            case = schema[path]["GET"].Case(path_parameters=parameters)
            response = case.call()
            case.validate_response(response, checks=CHECKS)
            statuses.append(response.status_code)
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    assert statuses == [200, 200, 200, 200, 404]
