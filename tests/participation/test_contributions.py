"""Comments in threads, supports once per person, counters in step with the rows,
reconciliation, moderation, responses, follows, and who may do what."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from openplan.core.record.models import RecordEntry
from openplan.participation import selectors, services
from openplan.participation.models import Comment, Follow, ModerationEntry, Proposal, Support
from openplan.participation.states import Moderation
from tests.participation.world import DAY, T0, open_consultation, proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(cast):  # type: ignore[no-untyped-def]
    with time_machine.travel(T0 + DAY, tick=False):
        consultation = open_consultation()
        yield proposal(consultation, cast.participant)


def counts(p: Proposal) -> tuple[int, int]:
    p.refresh_from_db()
    return p.supports_count, p.comments_count


def test_replies_to_replies_come_in_thread_order(idea, cast):  # type: ignore[no-untyped-def]
    first = services.comment_create(proposal=idea, author=cast.cso_member, body="First")
    second = services.comment_create(proposal=idea, author=cast.official, body="Second")
    reply = services.comment_create(proposal=idea, author=cast.participant, body="Re", parent=first)
    deeper = services.comment_create(
        proposal=idea, author=cast.official, body="Re re", parent=reply
    )
    thread = selectors.comment_thread(proposal=idea, user=cast.anonymous)
    assert [(item.comment, item.depth) for item in thread] == [
        (first, 0), (reply, 1), (deeper, 2), (second, 0)
    ]  # fmt: skip
    assert counts(idea) == (0, 4)


def test_supporting_twice_counts_once_and_taking_back_counts_down(idea, cast):  # type: ignore[no-untyped-def]
    support = services.support_add(proposal=idea, user=cast.cso_member)
    stored = Support.objects.get(proposal=idea, user=cast.cso_member)
    assert (support.pk, support.created_at) == (stored.pk, stored.created_at)
    with pytest.raises(ValidationError, match="already support"):
        services.support_add(proposal=idea, user=cast.cso_member)
    services.support_add(proposal=idea, user=cast.official)
    assert counts(idea) == (2, 0)
    assert services.support_remove(proposal=idea, user=cast.cso_member) is True
    assert services.support_remove(proposal=idea, user=cast.cso_member) is False
    assert counts(idea) == (1, 0)
    assert Support.objects.filter(proposal=idea).count() == 1


def test_hiding_and_restoring_a_comment_moves_the_count_and_is_public(idea, cast):  # type: ignore[no-untyped-def]
    comment = services.comment_create(proposal=idea, author=cast.cso_member, body="Rude")
    services.flag_create(user=cast.participant, target=comment, reason="insulting")
    services.flag_create(user=cast.participant, target=comment)  # twice: one flag
    assert [item.obj for item in selectors.moderation_queue()] == [comment]
    before = RecordEntry.objects.count()
    services.content_hide(target=comment, moderator=cast.moderator, reason="Insults")
    assert counts(idea) == (0, 0)
    assert selectors.moderation_queue() == []
    with pytest.raises(ValidationError, match="hidden: it cannot be replied to"):
        services.comment_create(proposal=idea, author=cast.official, body="x", parent=comment)
    services.content_restore(target=comment, moderator=cast.moderator)
    assert counts(idea) == (0, 1)
    log = list(ModerationEntry.objects.values_list("act", "reason"))
    assert log == [("restore", ""), ("hide", "Insults")]
    assert RecordEntry.objects.count() == before + 2
    assert set(RecordEntry.objects.values_list("kind", flat=True)[before:]) == {"moderation"}


def test_hiding_needs_a_reason_and_hidden_proposals_take_no_comments(idea, cast):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="public reason"):
        services.content_hide(target=idea, moderator=cast.moderator, reason=" ")
    services.content_hide(target=idea, moderator=cast.moderator, reason="Advertising")
    with pytest.raises(ValidationError, match="hidden"):
        services.comment_create(proposal=idea, author=cast.official, body="x")
    with pytest.raises(ValidationError, match="hidden"):
        services.support_add(proposal=idea, user=cast.official)
    with pytest.raises(ValidationError, match="already in that state"):
        services.content_hide(target=idea, moderator=cast.moderator, reason="Again")
    assert counts(idea) == (0, 0)


def test_reconcile_counters_fixes_drift_and_reports_it(idea, cast, capsys):  # type: ignore[no-untyped-def]
    services.support_add(proposal=idea, user=cast.official)
    services.comment_create(proposal=idea, author=cast.official, body="Yes")
    assert services.reconcile_counters().fixed == 0
    Proposal.objects.filter(pk=idea.pk).update(supports_count=7, comments_count=0)
    drift = services.reconcile_counters()
    assert drift.supports == [(idea.pk, 7, 1)] and drift.comments == [(idea.pk, 0, 1)]
    assert counts(idea) == (1, 1)
    Proposal.objects.filter(pk=idea.pk).update(supports_count=3)
    call_command("reconcile-counters")
    assert "1 counter" in capsys.readouterr().out
    assert counts(idea) == (1, 1)


def test_follow_anything_once(idea, cast):  # type: ignore[no-untyped-def]
    services.follow_set(user=cast.participant, target=idea)
    services.follow_set(user=cast.participant, target=idea)
    services.follow_set(user=cast.participant, target=idea.consultation)
    assert Follow.objects.filter(user=cast.participant).count() == 2
    assert selectors.is_following(user=cast.participant, target=idea)
    assert services.follow_remove(user=cast.participant, target=idea)
    assert not selectors.is_following(user=cast.participant, target=idea)


def test_a_reasoned_response_links_commitments(idea, cast):  # type: ignore[no-untyped-def]
    from openplan.plans.models import Commitment

    commitment = Commitment.objects.create(
        identifier="DMO0009", action_plan=idea.consultation.action_plan, title="Budgets"
    )
    with pytest.raises(ValidationError, match="accepted or planned"):
        services.response_set(
            proposal=idea, kind="not_accepted", reason="No", commitments=[commitment]
        )
    response = services.response_set(
        proposal=idea, kind="accepted", reason="It became a commitment.", commitments=[commitment]
    )
    assert list(response.commitments.all()) == [commitment]
    assert RecordEntry.objects.order_by("sequence").last().kind == "response"  # type: ignore[union-attr]
    report = selectors.consultation_report(consultation=idea.consultation)
    assert (report.answered, report.total) == (1, 1)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("anonymous", False), ("participant", False), ("official", False), ("coordinator", True)],
)
def test_who_may_respond_and_see_a_draft_consultation(idea, cast, persona, allowed):  # type: ignore[no-untyped-def]
    user = cast[persona]
    assert user.has_perm("participation.respond_proposal", idea) is allowed
    idea.consultation.status = "draft"
    assert user.has_perm("participation.view_consultation", idea.consultation) is allowed


@pytest.mark.parametrize(
    ("persona", "allowed"), [("anonymous", False), ("participant", False), ("moderator", True)]
)
def test_who_may_moderate(cast, persona, allowed):  # type: ignore[no-untyped-def]
    assert cast[persona].has_perm("participation.moderate") is allowed


def test_only_the_author_may_change_a_proposal(idea, cast):  # type: ignore[no-untyped-def]
    assert cast.participant.has_perm("participation.change_proposal", idea)
    assert not cast.cso_member.has_perm("participation.change_proposal", idea)
    assert not cast.anonymous.has_perm("participation.change_proposal", idea)


def test_a_held_comment_counts_once_approved(idea, cast, settings):  # type: ignore[no-untyped-def]
    settings.OPENPLAN_PREMODERATE_FIRST_CONTRIBUTION = True
    comment = services.comment_create(proposal=idea, author=cast.cso_member, body="Hello")
    assert comment.moderation == Moderation.PENDING and counts(idea) == (0, 0)
    assert selectors.comment_thread(proposal=idea, user=cast.anonymous) == []
    services.content_approve(target=comment, moderator=cast.moderator)
    assert counts(idea) == (0, 1)
    assert Comment.objects.get().is_visible


def test_what_a_person_wrote_supported_and_followed_is_in_their_data_export(cast, client_for):  # type: ignore[no-untyped-def]
    import json

    from django.urls import reverse

    with time_machine.travel(T0 + DAY, tick=False):
        consultation = open_consultation()
        idea = proposal(consultation, cast.participant, title="Bike lanes")
        services.comment_create(proposal=idea, author=cast.participant, body="And parking.")
        services.support_add(proposal=idea, user=cast.participant)
        services.follow_set(user=cast.participant, target=idea)
    data = json.loads(
        client_for("participant").get(reverse("accounts:personal_data_download")).content
    )["participation"]
    assert [p["title"] for p in data["proposals"]] == ["Bike lanes"]
    assert [c["body"] for c in data["comments"]] == ["And parking."]
    assert data["supports"] == [{"proposal": idea.pk, "title": "Bike lanes"}]
    assert [f["id"] for f in data["follows"]] == [idea.pk]
    other = client_for("cso_member").get(reverse("accounts:personal_data_download"))
    assert json.loads(other.content)["participation"]["proposals"] == []
