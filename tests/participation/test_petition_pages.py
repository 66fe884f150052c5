"""Petitions through HTTP: the pages, starting, approving, signing without an account and
confirming by the emailed link, the organisation's answer; bad input answered with a clear
message and nothing counted twice or lost; constant query counts."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openplan.participation import services
from openplan.participation.models import Petition, Signature
from tests.participation.world import DAY, T0, open_consultation, petition, petition_consultation

pytestmark = pytest.mark.django_db
NOW = T0 + DAY


@pytest.fixture(autouse=True)
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def no_rate_limits():  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def consultation(cast):  # type: ignore[no-untyped-def]
    return petition_consultation(threshold=2)


@pytest.fixture
def public(consultation, cast):  # type: ignore[no-untyped-def]
    return petition(consultation, cast.participant, cast.moderator)


def html_of(response) -> str:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    assert "INVALID TEMPLATE VARIABLE" not in html
    return html


def link_to(email: str) -> str:
    for message in reversed(mail.outbox):
        if email in message.to:
            found = re.search(r"https?://[^/\s]+(/consultations/signatures/[^\s]+/)", message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no confirmation link to {email}")


def sign_url(p: Petition) -> str:
    return reverse("participation:petition_sign", args=[p.pk])


def test_the_pages(client_for, consultation, public, cast):  # type: ignore[no-untyped-def]
    anonymous = client_for("anonymous")
    html = html_of(anonymous.get(consultation.get_absolute_url()))
    assert "Read 1 petition" in html and "Start a petition" in html
    html = html_of(anonymous.get(reverse("participation:petition_list", args=[consultation.pk])))
    assert public.title in html and "0 confirmed signatures of 2 needed" in html
    html = html_of(anonymous.get(public.get_absolute_url()))
    assert 'max="2" value="0"' in html and "0% of the signatures needed" in html
    assert "Sign the petition" in html and "Not answered yet." in html
    assert html_of(anonymous.get(sign_url(public))).count("<form") >= 1
    coordinator = client_for("coordinator")
    html = html_of(coordinator.get(public.get_absolute_url()))
    assert "Answer this petition" in html
    assert (
        coordinator.get(reverse("participation:petition_answer", args=[public.pk])).status_code
        == 200
    )
    assert (
        anonymous.get(reverse("participation:petition_answer", args=[public.pk])).status_code == 302
    )
    assert client_for("participant").get(
        reverse("participation:petition_answer", args=[public.pk])
    ).status_code == 403  # fmt: skip


def test_start_approve_sign_confirm(
    client_for, consultation, cast, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    starter = client_for("participant")
    url = reverse("participation:petition_create", args=[consultation.pk])
    assert "Send the petition to the moderators" in html_of(starter.get(url))
    response = starter.post(url, {"title": "Sunday libraries", "body": "Open on *Sundays*."})
    started = Petition.objects.get()
    assert response.status_code == 302 and response.url == started.get_absolute_url()
    assert client_for("anonymous").get(started.get_absolute_url()).status_code == 404
    assert "waits for a moderator" in html_of(starter.get(started.get_absolute_url()))
    moderator = client_for("moderator")
    assert "Sunday libraries" in html_of(moderator.get("/consultations/moderation/queue/"))
    moderator.post(
        reverse("participation:moderate", args=["petition", started.pk]), {"act": "approve"}
    )
    anonymous = client_for("anonymous")
    assert "<em>Sundays</em>" in html_of(anonymous.get(started.get_absolute_url()))
    assert "a petition" in html_of(anonymous.get("/consultations/moderation/"))

    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(
            sign_url(started), {"name": "Ana", "show_name": "on", "email": "ana@example.org"},
            follow=True,
        )  # fmt: skip
    html = html_of(response)
    assert "we have sent an email to ana@example.org" in html
    assert "0 confirmed signatures" in html
    link = link_to("ana@example.org")
    assert "Confirm my signature" in html_of(anonymous.get(link))
    started.refresh_from_db()
    assert started.signatures_count == 0  # opening the link counts nothing: the button does
    response = anonymous.post(link, {"action": "confirm"}, follow=True)
    html = html_of(response)
    assert "your signature is confirmed and counts" in html
    assert "1 confirmed signature of 2 needed" in html and "Ana" in html
    assert "ana@example.org" not in html
    response = anonymous.post(link, {"action": "confirm"}, follow=True)
    assert "already confirmed. It counts once." in html_of(response)
    assert "already confirmed" in html_of(anonymous.get(link))
    started.refresh_from_db()
    assert (
        started.signatures_count
        == 1
        == Signature.objects.filter(confirmed_at__isnull=False).count()
    )


def test_signing_twice_says_the_same_and_counts_once(
    client_for, public, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    anonymous = client_for("anonymous")
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(sign_url(public), {"email": "ana@example.org"})
    anonymous.post(link_to("ana@example.org"), {"action": "confirm"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(sign_url(public), {"email": "Ana@example.org"}, follow=True)
    assert "we have sent an email to ana@example.org" in html_of(response)
    assert "You have already signed" in mail.outbox[0].subject
    public.refresh_from_db()
    assert public.signatures_count == 1 == Signature.objects.count()


def test_a_signed_in_person_signs_at_once_and_twice_is_refused(client_for, public, cast):  # type: ignore[no-untyped-def]
    client = client_for("cso_member")
    html = html_of(client.get(public.get_absolute_url()))
    assert f'value="{cast.cso_member.email}"' in html
    response = client.post(sign_url(public), {"email": cast.cso_member.email}, follow=True)
    assert "your signature counts" in html_of(response)
    assert "You have signed this petition." in html_of(response)
    response = client.post(sign_url(public), {"email": cast.cso_member.email})
    assert response.status_code == 200 and "already signed this petition" in html_of(response)
    public.refresh_from_db()
    assert public.signatures_count == 1


def test_an_expired_link_says_so_and_offers_a_new_one(
    client_for, public, frozen, settings, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    settings.OPENPLAN_SIGNATURE_LINK_HOURS = 1
    anonymous = client_for("anonymous")
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(sign_url(public), {"email": "ana@example.org"})
    old = link_to("ana@example.org")
    frozen.shift(2 * 3600)
    html = html_of(anonymous.get(old))
    assert "This link has expired" in html and "Send me a new link" in html
    response = anonymous.post(old, {"action": "confirm"})
    assert response.status_code == 400 and "This link has expired" in html_of(response)
    assert "Send me a new link" in html_of(response)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(old, {"action": "resend"}, follow=True)
    assert "A new link is on its way" in html_of(response)
    anonymous.post(link_to("ana@example.org"), {"action": "confirm"})
    public.refresh_from_db()
    assert public.signatures_count == 1


def test_a_broken_link_says_so(client_for, public):  # type: ignore[no-untyped-def]
    response = client_for("anonymous").get("/consultations/signatures/not-a-token/")
    assert response.status_code == 400 and "This link is not valid" in html_of(response)
    response = client_for("anonymous").post(
        "/consultations/signatures/nope/", {"action": "confirm"}
    )
    assert response.status_code == 400 and not Signature.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-address"}, "Enter a valid email address"),
        ({"email": ""}, "This field is required"),
        ({"email": "a@example.org", "name": "<script>x</script>"}, "Write your name as plain text"),
        ({"email": "a@example.org", "name": "n" * 150}, "under 100 characters"),
        ({"email": "a@example.org", "website": "spam.example"}, "could not be accepted"),
    ],
)
def test_bad_signing_input_says_so(client_for, public, data, message):  # type: ignore[no-untyped-def]
    response = client_for("anonymous").post(sign_url(public), data)
    assert response.status_code == 200 and message in html_of(response)
    assert 'role="alert"' in html_of(response)
    assert not Signature.objects.exists()


def test_signing_is_rate_limited_per_address(client_for, public, settings):  # type: ignore[no-untyped-def]
    settings.OPENPLAN_SIGNATURE_RATE_ADDRESS = "2/3600"
    anonymous = client_for("anonymous")
    for n in range(2):
        assert anonymous.post(sign_url(public), {"email": f"p{n}@example.org"}).status_code == 302
    limited = anonymous.post(sign_url(public), {"email": "p3@example.org"})
    assert "Many signatures have come from your network" in html_of(limited)
    assert Signature.objects.count() == 2


def test_outside_a_petition_phase_says_so(client_for, cast):  # type: ignore[no-untyped-def]
    closed = open_consultation(phases=[("Petitions", 0, 30, ["petition"])])  # no signing
    started = petition(closed, cast.participant, cast.moderator)
    anonymous = client_for("anonymous")
    assert "cannot be signed at the moment" in html_of(anonymous.get(started.get_absolute_url()))
    response = anonymous.post(sign_url(started), {"email": "a@example.org"})
    assert "cannot be signed at the moment" in html_of(response)
    assert 'role="alert"' in html_of(response)  # the refusal, in the error summary
    later = open_consultation(phases=[("Later", 5, 5, ["petition", "sign"])])
    url = reverse("participation:petition_create", args=[later.pk])
    response = client_for("participant").post(url, {"title": "Early", "body": "Too early"})
    assert "does not take new petitions at the moment" in html_of(response)
    assert Petition.objects.count() == 1 and not Signature.objects.exists()


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("A title", "<script>alert('x')</script>", "Scripts and embedded content are not allowed"),
        ("A title", "x" * 10_001, "Please keep it under 10000 characters (it has 10001)"),
        ("t" * 201, "Body", "Please keep it under 200 characters (it has 201)"),
    ],
)
def test_oversized_or_script_laden_petitions_say_so(client_for, consultation, title, body, message):  # type: ignore[no-untyped-def]
    response = client_for("participant").post(
        reverse("participation:petition_create", args=[consultation.pk]),
        {"title": title, "body": body},
    )
    assert response.status_code == 200 and message in html_of(response)
    assert not Petition.objects.exists()


def test_the_deadline_shows_and_the_organisation_answers(client_for, public, frozen, cast):  # type: ignore[no-untyped-def]
    for who in ("cso_member", "official"):
        client_for(who).post(sign_url(public), {"email": cast[who].email})
    public.refresh_from_db()
    assert public.signatures_count == 2 and public.answer_due is not None
    anonymous = client_for("anonymous")
    html = html_of(anonymous.get(public.get_absolute_url()))
    assert "Ministry of Demo Affairs must answer by" in html
    frozen.shift(100 * DAY)
    html = html_of(anonymous.get(public.get_absolute_url()))
    assert "the answer is overdue" in html and "petition-deadline--overdue" in html
    coordinator = client_for("coordinator")
    url = reverse("participation:petition_answer", args=[public.pk])
    response = coordinator.post(url, {"text": "<script>x</script>"})
    assert "Scripts and embedded content are not allowed" in html_of(response)
    coordinator.post(url, {"text": "We **agree**: from May."})
    html = html_of(anonymous.get(public.get_absolute_url()))
    assert "<strong>agree</strong>" in html and "overdue" not in html and "Answered on" in html


def count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    """Queries of one page load with an empty cache (the header's unread count is cached: a
    second load would otherwise run one query less than the first)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_petition_list_runs_constant_queries(client_for, consultation, cast):  # type: ignore[no-untyped-def]
    url = reverse("participation:petition_list", args=[consultation.pk])
    client = client_for("participant")

    def many(n: int) -> None:
        for i in range(n):
            p = petition(consultation, cast.participant, cast.moderator, title=f"P{i}")
            if i % 3 == 0:
                services.petition_answer_set(petition=p, text="Answered.")

    many(3)
    small = count_queries(client, url)
    many(45)  # more than a page of 40
    assert count_queries(client, url) == small


def test_a_coordinator_sets_the_threshold_when_opening_a_consultation(client_for, cast):  # type: ignore[no-untyped-def]
    from openplan.participation.models import Consultation
    from tests.participation.world import member_and_plan

    _member, plan = member_and_plan()
    url = reverse("participation:consultation_create", args=["plan", plan.pk])
    client = client_for("coordinator")
    assert "Signatures a petition needs" in html_of(client.get(url))
    refused = client.post(url, {"title": "Plan 3", "petition_threshold": "0"})
    assert refused.status_code == 200 and "greater than or equal to 1" in html_of(refused)
    client.post(url, {"title": "Plan 3", "petition_threshold": "50"})
    assert Consultation.objects.get(title="Plan 3").petition_threshold == 50


def test_a_hidden_petition_shows_only_the_reason_and_cannot_be_signed(client_for, public, cast):  # type: ignore[no-untyped-def]
    services.content_hide(target=public, moderator=cast.moderator, reason="Off topic")
    anonymous = client_for("anonymous")
    for url in (public.get_absolute_url(), sign_url(public)):
        html = html_of(anonymous.get(url))
        assert "hidden by moderation: Off topic" in html and public.title not in html
    response = anonymous.post(sign_url(public), {"email": "a@example.org"})
    assert "This petition cannot be signed." in html_of(response)
    assert not Signature.objects.exists()
