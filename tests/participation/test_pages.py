"""The public pages and the forms, through HTTP: what people see, constant query counts, and
bad input answered with a clear message and nothing counted twice."""

from __future__ import annotations

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openplan.accounts.models import User
from openplan.participation import services
from openplan.participation.models import Comment, ModerationEntry, Proposal, Support
from openplan.participation.phases import Action
from openplan.taxonomy.models import Concept
from tests.participation.world import DAY, T0, open_consultation, proposal

pytestmark = pytest.mark.django_db
NOW = T0 + DAY


@pytest.fixture(autouse=True)
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def consultation(cast):  # type: ignore[no-untyped-def]
    return open_consultation()


@pytest.fixture
def idea(consultation, cast):  # type: ignore[no-untyped-def]
    return proposal(consultation, cast.participant)


def page(client, url: str, status: int = 200) -> str:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == status, url
    html = response.content.decode()
    assert "INVALID TEMPLATE VARIABLE" not in html
    return html


def test_the_public_pages(client_for, consultation, idea, cast):  # type: ignore[no-untyped-def]
    services.comment_create(proposal=idea, author=cast.cso_member, body="I *agree*.")
    anonymous = client_for("anonymous")
    html = page(anonymous, "/consultations/")
    assert consultation.title in html and "now: Open" in html
    html = page(anonymous, consultation.get_absolute_url())
    assert 'aria-current="step"' in html and "current phase" in html
    html = page(anonymous, reverse("participation:proposal_list", args=[consultation.pk]))
    assert idea.title in html and "1 comment" in html
    html = page(anonymous, idea.get_absolute_url())
    assert "<em>agree</em>" in html and "Log in to comment" in html
    assert "Not answered yet." in html
    page(anonymous, reverse("participation:consultation_report", args=[consultation.pk]))
    page(anonymous, "/consultations/moderation/")
    participant = client_for("participant")
    html = page(participant, idea.get_absolute_url())
    assert "Support this proposal" in html and "Withdraw my proposal" in html
    page(participant, reverse("participation:proposal_create", args=[consultation.pk]))
    page(participant, reverse("participation:proposal_edit", args=[idea.pk]))
    page(participant, reverse("participation:flag", args=["proposal", idea.pk]))
    page(participant, reverse("participation:comment_create", args=[idea.pk]))
    page(client_for("moderator"), "/consultations/moderation/queue/")
    page(client_for("moderator"), reverse("participation:moderate", args=["proposal", idea.pk]))
    page(client_for("coordinator"), reverse("participation:response", args=[idea.pk]))


def test_who_is_refused(client_for, idea):  # type: ignore[no-untyped-def]
    assert (
        client_for("anonymous")
        .get(reverse("participation:proposal_edit", args=[idea.pk]))
        .status_code
        == 302
    )
    assert (
        client_for("cso_member")
        .get(reverse("participation:proposal_edit", args=[idea.pk]))
        .status_code
        == 403
    )
    assert client_for("participant").get("/consultations/moderation/queue/").status_code == 403
    assert (
        client_for("official").get(reverse("participation:response", args=[idea.pk])).status_code
        == 403
    )
    idea.consultation.status = "draft"
    idea.consultation.save()
    assert client_for("participant").get(idea.get_absolute_url()).status_code == 404
    assert client_for("coordinator").get(idea.get_absolute_url()).status_code == 200


def test_propose_comment_reply_support_through_the_forms(client_for, consultation, cast):  # type: ignore[no-untyped-def]
    client = client_for("participant")
    tag = Concept.objects.filter(notation="open-data").first()
    response = client.post(
        reverse("participation:proposal_create", args=[consultation.pk]),
        {"title": "Open all the budgets", "body": "Monthly, as CSV.", "tags": [tag.pk]},
    )
    idea = Proposal.objects.get()
    assert response.status_code == 302 and response.url == idea.get_absolute_url()
    assert list(idea.tags.all()) == [tag]
    comment_url = reverse("participation:comment_create", args=[idea.pk])
    client.post(comment_url, {"body": "First!"})
    first = Comment.objects.get()
    client_for("cso_member").post(comment_url, {"body": "A reply", "parent": first.pk})
    assert Comment.objects.get(body="A reply").parent == first
    other = client_for("cso_member")
    other.post(reverse("participation:support", args=[idea.pk]))
    html = other.get(idea.get_absolute_url()).content.decode()
    assert "Take back my support" in html and "1 support" in html
    other.post(reverse("participation:unsupport", args=[idea.pk]))
    idea.refresh_from_db()
    assert (idea.supports_count, idea.comments_count) == (0, 2)
    client.post(reverse("participation:follow", args=["proposal", idea.pk]), {"action": "follow"})
    assert "Stop following" in client.get(idea.get_absolute_url()).content.decode()


def test_supporting_twice_says_so_and_counts_once(client_for, idea):  # type: ignore[no-untyped-def]
    client = client_for("cso_member")
    client.post(reverse("participation:support", args=[idea.pk]))
    response = client.post(reverse("participation:support", args=[idea.pk]), follow=True)
    assert "You already support this proposal." in response.content.decode()
    idea.refresh_from_db()
    assert idea.supports_count == 1 == Support.objects.count()


def test_a_support_takes_few_queries(client_for, idea):  # type: ignore[no-untyped-def]
    """The hot write (bench/writes.py, ADR 0012): session, person, proposal with its
    consultation; then on PostgreSQL one statement (which checks the phases too), elsewhere the
    phases, the insert in a savepoint and the counter (in a test's transaction, the service's
    own transaction is a savepoint too: two savepoints, two releases)."""
    client = client_for("cso_member")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("participation:support", args=[idea.pk]))
    assert response.status_code == 302 and response.url == idea.get_absolute_url()
    expected = 4 if connection.vendor == "postgresql" else 10
    assert len(queries) == expected, [q["sql"][:60] for q in queries]
    idea.refresh_from_db()
    assert idea.supports_count == 1 == Support.objects.count()


def test_acting_outside_a_phase_says_so(client_for, cast):  # type: ignore[no-untyped-def]
    closed = open_consultation(phases=[("Later", 5, 5, [Action.PROPOSE, Action.COMMENT])])
    client = client_for("participant")
    url = reverse("participation:proposal_create", args=[closed.pk])
    assert "does not accept or change proposals" in client.get(url).content.decode()
    response = client.post(url, {"title": "Too early", "body": "Too early."})
    assert response.status_code == 200
    assert "does not accept or change proposals" in response.content.decode()
    assert not Proposal.objects.exists()


def test_commenting_on_hidden_content_says_so(client_for, idea, cast):  # type: ignore[no-untyped-def]
    services.content_hide(target=idea, moderator=cast.moderator, reason="Spam")
    response = client_for("cso_member").post(
        reverse("participation:comment_create", args=[idea.pk]), {"body": "Hello"}
    )
    assert "This proposal is hidden: it cannot be commented on." in response.content.decode()
    html = client_for("anonymous").get(idea.get_absolute_url()).content.decode()
    assert "hidden by moderation: Spam" in html and idea.body not in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<script>alert('x')</script>", "Scripts and embedded content are not allowed"),
        ("x" * 10_001, "Please keep it under 10000 characters (it has 10001)"),
        ("", "This field is required."),
    ],
)
def test_oversized_or_script_laden_text_says_so(client_for, consultation, body, message):  # type: ignore[no-untyped-def]
    response = client_for("participant").post(
        reverse("participation:proposal_create", args=[consultation.pk]),
        {"title": "A title", "body": body},
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_honeypot_and_the_rate_limit(client_for, consultation, settings):  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    url = reverse("participation:proposal_create", args=[consultation.pk])
    client = client_for("participant")
    trapped = client.post(url, {"title": "Buy", "body": "Cheap pills", "website": "spam.example"})
    assert "could not be accepted" in trapped.content.decode()
    settings.OPENPLAN_CONTRIBUTION_RATE_ACCOUNT = "2/3600"
    for n in range(2):
        assert client.post(url, {"title": f"Idea {n}", "body": "Text"}).status_code == 302
    limited = client.post(url, {"title": "Idea 3", "body": "Text"})
    assert "many contributions in a short time" in limited.content.decode()
    assert Proposal.objects.count() == 2
    settings.OPENPLAN_CONTRIBUTION_RATE_ACCOUNT = "100/3600"
    settings.OPENPLAN_CONTRIBUTION_RATE_ADDRESS = "3/3600"  # the same address, another account
    other = client_for("cso_member").post(url, {"title": "Idea 4", "body": "Text"})
    assert "many contributions in a short time" in other.content.decode()
    cache.clear()


def test_flag_hide_restore_and_the_public_log(client_for, idea, cast):  # type: ignore[no-untyped-def]
    client_for("cso_member").post(
        reverse("participation:flag", args=["proposal", idea.pk]), {"reason": "advertising"}
    )
    moderator = client_for("moderator")
    assert idea.title in moderator.get("/consultations/moderation/queue/").content.decode()
    url = reverse("participation:moderate", args=["proposal", idea.pk])
    response = moderator.post(url, {"act": "hide", "reason": ""})
    assert "Give the public reason for hiding it." in response.content.decode()
    moderator.post(url, {"act": "hide", "reason": "Advertising"})
    log = client_for("anonymous").get("/consultations/moderation/").content.decode()
    assert "Hidden" in log and "Advertising" in log
    moderator.post(url, {"act": "restore", "reason": "Reviewed again"})
    idea.refresh_from_db()
    assert idea.is_visible and ModerationEntry.objects.count() == 2
    forbidden = client_for("participant").post(url, {"act": "hide", "reason": "x"})
    assert forbidden.status_code == 403


def test_a_coordinator_responds(client_for, idea):  # type: ignore[no-untyped-def]
    client = client_for("coordinator")
    response = client.post(
        reverse("participation:response", args=[idea.pk]),
        {"kind": "under_review", "reason": "We are looking at the costs."},
    )
    assert response.status_code == 302
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Under review" in html and "looking at the costs" in html
    report = client.get(reverse("participation:consultation_report", args=[idea.consultation_id]))
    assert "1 of 1 answered" in report.content.decode()


def _many(consultation, n: int) -> None:  # type: ignore[no-untyped-def]
    authors = User.objects.bulk_create(
        [User(email=f"p{n}-{i}@example.org", password="!") for i in range(n)]
    )
    tags = list(Concept.objects.filter(notation__in=["open-data", "open-contracting"]))
    for i, author in enumerate(authors):
        p = proposal(consultation, author, title=f"Idea {i}")
        p.tags.set(tags)
        services.support_add(proposal=p, user=author)
        services.comment_create(proposal=p, author=author, body="Me too")


def count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    """Queries of one page load with an empty cache (the header's unread count is cached: a
    second load would otherwise run one query less than the first)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_proposal_list_runs_constant_queries(client_for, consultation):  # type: ignore[no-untyped-def]
    url = reverse("participation:proposal_list", args=[consultation.pk])
    client = client_for("participant")
    _many(consultation, 3)
    small = count_queries(client, url)
    _many(consultation, 45)  # more than a page of 40
    assert count_queries(client, url) == small
    assert "40 supports" not in client.get(url).content.decode()  # counts are per proposal


def test_a_thread_of_100_comments_runs_constant_queries(client_for, idea, cast):  # type: ignore[no-untyped-def]
    client = client_for("participant")
    parent = None
    for i in range(5):
        parent = services.comment_create(
            proposal=idea, author=cast.cso_member, body=f"c{i}", parent=parent
        )
    small = count_queries(client, idea.get_absolute_url())
    for i in range(95):
        parent = services.comment_create(
            proposal=idea, author=cast.official if i % 2 else cast.cso_member, body=f"d{i}",
            parent=parent if i % 3 else None,
        )  # fmt: skip
    assert Comment.objects.count() == 100
    assert count_queries(client, idea.get_absolute_url()) == small


def test_a_coordinator_opens_a_consultation_with_phases(client_for, cast):  # type: ignore[no-untyped-def]
    from openplan.participation.models import Consultation
    from tests.participation.world import member_and_plan

    _member, plan = member_and_plan()
    client = client_for("coordinator")
    plan_page = client.get(reverse("plans:action_plan_detail", args=[plan.pk])).content.decode()
    assert "Open a consultation on this plan" in plan_page
    url = reverse("participation:consultation_create", args=["plan", plan.pk])
    assert "Open a consultation" in page(client, url)
    client.post(url, {"title": "Co-create plan 2", "description": "Tell us."})
    consultation = Consultation.objects.get(title="Co-create plan 2")
    assert consultation.status == "draft" and consultation.action_plan == plan
    status_url = reverse("participation:consultation_transition", args=[consultation.pk])
    refused = client.post(status_url, {"target": "published"}, follow=True)
    assert "Add at least one phase before publishing." in refused.content.decode()
    phase_url = reverse("participation:phase_create", args=[consultation.pk])
    page(client, phase_url)
    bad = client.post(
        phase_url, {"name": "Ideas", "start": "2026-03-10T09:00", "end": "2026-03-01T09:00"}
    )
    assert "A phase must end after it starts." in bad.content.decode()
    client.post(
        phase_url,
        {"name": "Ideas", "start": "2026-03-01T09:00", "end": "2026-03-20T09:00",
         "actions": ["propose", "comment"]},
    )  # fmt: skip
    client.post(status_url, {"target": "published"})
    consultation.refresh_from_db()
    assert consultation.status == "published"
    html = page(client_for("anonymous"), consultation.get_absolute_url())
    assert "Ideas" in html and "Make a proposal" in html
    assert client_for("official").get(url).status_code == 403
