"""Offline input: coordinators record proposals and supports received on paper, by letter,
phone, meeting or email; they are shown with their channel, counted in the totals and per
channel, and kept exact; the scan is the coordinators' only; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openplan.participation import selectors, services
from openplan.participation.models import OfflineInput, Proposal
from tests.participation.test_pages import count_queries, page
from tests.participation.world import DAY, T0, open_consultation, proposal

pytestmark = pytest.mark.django_db
NOW = T0 + 5 * DAY
TODAY = NOW.date()
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def consultation(cast):  # type: ignore[no-untyped-def]
    return open_consultation()  # one phase, T0 to T0 + 30 days, allowing everything


def record(consultation, cast, **kwargs):  # type: ignore[no-untyped-def]
    data = {
        "consultation": consultation, "recorder": cast.coordinator, "channel": "letter",
        "received_on": TODAY - dt.timedelta(days=2), "title": "Bus stops with benches",
        "body": "Written by hand.",
    }  # fmt: skip
    return services.offline_proposal_record(**{**data, **kwargs})


def test_an_offline_proposal_is_shown_with_its_channel(client_for, consultation, cast):  # type: ignore[no-untyped-def]
    named = record(consultation, cast, author_name="Ana Pérez", name_consent=True)
    unnamed = record(consultation, cast, author_name="Juan Secret", name_consent=False,
                     channel="phone", title="Longer opening hours")  # fmt: skip
    assert (named.author, named.channel, named.offline_author_name) == (None, "letter", "Ana Pérez")
    assert unnamed.offline_author_name == ""  # without consent the name is not even stored
    assert selectors.public_author_name(named) == "Ana Pérez"
    assert selectors.public_author_name(unnamed) == "offline participant"
    anonymous = client_for("anonymous")
    html = page(anonymous, named.get_absolute_url())
    assert "by Ana Pérez, received by letter on March 4, 2026" in html
    assert "recorded by Ministry of Demo Affairs" in html
    assert "deleted participant" not in html and "Carlos" not in html  # the org, not the person
    html = page(anonymous, reverse("participation:proposal_list", args=[consultation.pk]))
    assert "by an offline participant, received by phone call on March 4, 2026" in html
    assert "Juan Secret" not in html


def test_totals_per_channel_on_the_consultation_and_the_report(client_for, consultation, cast):  # type: ignore[no-untyped-def]
    online = proposal(consultation, cast.participant)
    services.support_add(proposal=online, user=cast.cso_member)
    letter = record(consultation, cast)
    services.offline_supports_record(
        proposal=online, recorder=cast.coordinator, channel="paper", received_on=TODAY,
        supports=12,
    )  # fmt: skip
    services.offline_supports_record(
        proposal=letter, recorder=cast.coordinator, channel="meeting", received_on=TODAY,
        supports=3,
    )  # fmt: skip
    totals = selectors.channel_totals(consultation=consultation)
    by_channel = {row.channel: (row.proposals, row.supports) for row in totals.rows}
    assert by_channel["online"] == (1, 1)
    assert by_channel["letter"] == (1, 0)
    assert by_channel["paper"] == (0, 12)
    assert by_channel["meeting"] == (0, 3)
    assert (totals.proposals, totals.supports) == (2, 16)
    online.refresh_from_db()
    assert online.supports_count == 13  # one online, twelve on paper
    for url in (
        consultation.get_absolute_url(),
        reverse("participation:consultation_report", args=[consultation.pk]),
    ):
        html = page(client_for("anonymous"), url)
        assert "Proposals and supports by channel" in html
        assert (
            '<th scope="row">Paper form</th><td class="numeric">0</td><td class="numeric">12</td>'
            in html
        )
        assert (
            '<th scope="row">Total</th><td class="numeric">2</td><td class="numeric">16</td>'
            in html
        )
    html = page(client_for("anonymous"), online.get_absolute_url())
    assert "12 supports received by paper form on March 6, 2026" in html and "13 supports" in html


def test_offline_supports_stay_exact_and_are_reconciled(consultation, cast):  # type: ignore[no-untyped-def]
    idea = proposal(consultation, cast.participant)
    services.support_add(proposal=idea, user=cast.cso_member)
    services.offline_supports_record(
        proposal=idea, recorder=cast.coordinator, channel="email", received_on=TODAY, supports=5
    )
    assert services.reconcile_counters().fixed == 0
    Proposal.objects.filter(pk=idea.pk).update(supports_count=1)  # drift: offline ones lost
    drift = services.reconcile_counters()
    assert drift.supports == [(idea.pk, 1, 6)]
    idea.refresh_from_db()
    assert idea.supports_count == 6


def test_the_scan_is_for_the_coordinators_only(client_for, consultation, cast):  # type: ignore[no-untyped-def]
    letter = record(consultation, cast, scan=SimpleUploadedFile("Letter 1 é.pdf", PDF))
    scan = letter.offline_inputs.get()
    assert scan.scan_content_type == "application/pdf" and scan.scan_size == len(PDF)
    assert Path(scan.scan.path).read_bytes() == PDF
    url = scan.scan_url()
    coordinator = client_for("coordinator")
    response = coordinator.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="Letter 1 e.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    for persona in ("anonymous", "participant", "official", "moderator"):
        assert client_for(persona).get(url).status_code in (302, 404), persona
    wrong = reverse("participation:offline_scan", args=[scan.pk, "other.pdf"])
    assert coordinator.get(wrong).status_code == 404
    assert "scan: Letter 1 é.pdf" in page(coordinator, letter.get_absolute_url())
    assert "scan:" not in page(client_for("anonymous"), letter.get_absolute_url())


def form_data(**kwargs):  # type: ignore[no-untyped-def]
    data = {"channel": "letter", "received_on": "2026-03-04", "title": "A bench",
            "body": "Please."}  # fmt: skip
    return {**data, **kwargs}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"received_on": "2026-03-07"}, "The date it was received cannot be in the future."),
        (
            {"received_on": "2026-02-27"},
            "The date must fall within the consultation&#x27;s phases.",
        ),
        ({"received_on": ""}, "Give the date it was received."),
        ({"received_on": "4 March"}, "Enter a valid date."),
        ({"channel": ""}, "Choose how it was received."),
        ({"channel": "online"}, "Select a valid choice."),
        ({"title": ""}, "This field is required."),
        ({"body": "<script>x</script>"}, "Scripts and embedded content are not allowed"),
        ({"scan": "html"}, "is not one of the accepted types (PDF, PNG, JPEG, WebP)"),
        ({"scan": "csv"}, "is not one of the accepted types (PDF, PNG, JPEG, WebP)"),
        ({"scan": "renamed"}, "but its name does not end in .pdf"),
        ({"scan": "large"}, "is too large"),
    ],
)
def test_bad_offline_proposals_are_refused_and_nothing_is_written(  # type: ignore[no-untyped-def]
    client_for, consultation, settings, media_root, changes, message
):
    settings.OPENPLAN_EVIDENCE_MAX_BYTES = 1000
    uploads = {
        "html": ("letter.pdf", b"<html><script>alert(1)</script></html>"),
        "csv": ("letter.csv", b"a,b\n1,2\n"),
        "renamed": ("letter.png", PDF),
        "large": ("letter.pdf", PDF + b"0" * 2000),
    }
    if "scan" in changes:
        name, content = uploads[changes.pop("scan")]
        changes["scan"] = SimpleUploadedFile(name, content)
    response = client_for("coordinator").post(
        reverse("participation:offline_proposal_create", args=[consultation.pk]),
        form_data(**changes),
    )
    html = response.content.decode()
    assert response.status_code == 200 and message in html and 'role="alert"' in html
    assert not Proposal.objects.exists() and not OfflineInput.objects.exists()
    assert not any(Path(media_root).rglob("*.*"))


def test_an_offline_proposal_through_the_form(client_for, consultation, cast, media_root):  # type: ignore[no-untyped-def]
    client = client_for("coordinator")
    url = reverse("participation:offline_proposal_create", args=[consultation.pk])
    assert "Record a proposal received offline" in page(client, url)
    response = client.post(url, form_data(
        author_name="Ana", name_consent="on", scan=SimpleUploadedFile("scan.pdf", PDF)
    ))  # fmt: skip
    letter = Proposal.objects.get()
    assert response.status_code == 302 and response.url == letter.get_absolute_url()
    assert (letter.offline_author_name, letter.received_on) == ("Ana", dt.date(2026, 3, 4))
    assert letter.offline_inputs.get().recorded_by == cast.coordinator
    assert len(list(Path(media_root).rglob("*.pdf"))) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"supports": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"supports": ""}, "This field is required."),
        ({"supports": "100001"}, "Give a number of supports from 1 to 100000."),
        ({"received_on": "2026-03-07"}, "The date it was received cannot be in the future."),
        ({"received_on": "2026-03-01"}, "Supports cannot be received before the proposal."),
        ({"channel": ""}, "Choose how it was received."),
        ({"scan": "html"}, "is not one of the accepted types"),
    ],
)
def test_bad_offline_supports_are_refused_and_nothing_is_counted(  # type: ignore[no-untyped-def]
    client_for, consultation, cast, changes, message
):
    idea = proposal(consultation, cast.participant)  # created on March 6 (NOW)
    data = {"channel": "paper", "received_on": "2026-03-06", "supports": "4", **changes}
    if data.get("scan") == "html":
        data["scan"] = SimpleUploadedFile("s.pdf", b"<html></html>")
    response = client_for("coordinator").post(
        reverse("participation:offline_supports", args=[idea.pk]), data
    )
    assert response.status_code == 200 and message in response.content.decode()
    idea.refresh_from_db()
    assert idea.supports_count == 0 and not OfflineInput.objects.exists()


def test_offline_supports_through_the_form(client_for, consultation, cast):  # type: ignore[no-untyped-def]
    idea = proposal(consultation, cast.participant)
    client = client_for("coordinator")
    assert "Record supports received offline" in page(client, idea.get_absolute_url())
    assert "Record supports" not in page(client_for("participant"), idea.get_absolute_url())
    url = reverse("participation:offline_supports", args=[idea.pk])
    response = client.post(url, {"channel": "meeting", "received_on": "2026-03-06",
                                 "supports": "7"})  # fmt: skip
    assert response.status_code == 302 and response.url.endswith("#offline")
    idea.refresh_from_db()
    assert idea.supports_count == 7


def test_what_offline_input_is_refused_by_the_services(consultation, cast):  # type: ignore[no-untyped-def]
    idea = proposal(consultation, cast.participant)
    services.proposal_withdraw(proposal=idea, actor=cast.participant)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.offline_supports_record(
            proposal=idea, recorder=cast.coordinator, channel="paper", received_on=TODAY,
            supports=1,
        )  # fmt: skip
    hidden = proposal(consultation, cast.cso_member)
    services.content_hide(target=hidden, moderator=cast.moderator, reason="Spam")
    with pytest.raises(ValidationError, match="hidden"):
        services.offline_supports_record(
            proposal=hidden, recorder=cast.coordinator, channel="paper", received_on=TODAY,
            supports=1,
        )  # fmt: skip
    services.consultation_transition(consultation=consultation, target="archived")
    with pytest.raises(ValidationError, match="only in a published consultation"):
        record(consultation, cast)
    assert not OfflineInput.objects.exists()


def _many(consultation, cast, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        letter = record(consultation, cast, title=f"Letter {i}", channel=("letter", "phone")[i % 2],
                        author_name=f"Name {i}", name_consent=bool(i % 2))  # fmt: skip
        services.offline_supports_record(
            proposal=letter, recorder=cast.coordinator, channel="paper", received_on=TODAY,
            supports=i + 1,
        )  # fmt: skip


def test_pages_with_offline_input_run_constant_queries(client_for, consultation, cast):  # type: ignore[no-untyped-def]
    client = client_for("coordinator")
    urls = [
        consultation.get_absolute_url(),
        reverse("participation:proposal_list", args=[consultation.pk]),
        reverse("participation:consultation_report", args=[consultation.pk]),
    ]
    _many(consultation, cast, 2)
    for url in urls:  # warm the caches (content types, session)
        client.get(url)
    small = [count_queries(client, url) for url in urls]
    _many(consultation, cast, 30)
    assert [count_queries(client, url) for url in urls] == small
    letter = Proposal.objects.filter(channel="letter").first()
    for _ in range(5):
        services.offline_supports_record(
            proposal=letter, recorder=cast.coordinator, channel="email", received_on=TODAY,
            supports=1,
        )  # fmt: skip
    few = count_queries(client, Proposal.objects.filter(channel="phone").first().get_absolute_url())
    assert count_queries(client, letter.get_absolute_url()) == few


def test_the_api_gives_the_channel_and_no_unconsented_name(client_for, consultation, cast):  # type: ignore[no-untyped-def]
    unnamed = record(consultation, cast, author_name="Juan Secret")
    data = client_for("anonymous").get(f"/api/v1/proposals/{unnamed.pk}").json()
    assert (data["channel"], data["received_on"]) == ("letter", "2026-03-04")
    assert data["author"] == "offline participant"
    online = proposal(consultation, cast.participant)
    data = client_for("anonymous").get(f"/api/v1/proposals/{online.pk}").json()
    assert (data["channel"], data["received_on"]) == ("online", None)


def test_a_proposal_without_an_author_account_is_nobodys_to_change(client_for, consultation, cast):  # type: ignore[no-untyped-def]
    """An offline proposal (and one whose author erased their account) has no author: an
    anonymous visitor, whose ``pk`` is None too, is not its author."""
    from django.contrib.auth.models import AnonymousUser

    letter = record(consultation, cast)
    anonymous = client_for("anonymous")
    edit = reverse("participation:proposal_edit", args=[letter.pk])
    response = anonymous.post(edit, {"title": "Changed", "body": "Changed"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    anonymous.post(reverse("participation:proposal_withdraw", args=[letter.pk]))
    with pytest.raises(ValidationError, match="Only its author"):
        services.proposal_update(proposal=letter, actor=AnonymousUser(), title="x", body="y")
    letter.refresh_from_db()
    assert (letter.title, letter.status) == ("Bus stops with benches", "published")
    assert not AnonymousUser().has_perm("participation.change_proposal", letter)
    erased = proposal(consultation, cast.cso_member)
    Proposal.objects.filter(pk=erased.pk).update(author=None)  # as an erased account leaves it
    erased.refresh_from_db()
    assert not AnonymousUser().has_perm("participation.change_proposal", erased)
    response = anonymous.post(reverse("participation:proposal_withdraw", args=[erased.pk]))
    erased.refresh_from_db()
    assert erased.status == "published"
