"""Phases decide what is possible, to the microsecond; proposals are written, edited while the
phase allows, withdrawn; their text is Markdown made safe and their language detected."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from openplan.core.record.models import RecordEntry
from openplan.participation import phases, services
from openplan.participation.phases import Action
from openplan.participation.states import Moderation, ProposalStatus
from openplan.taxonomy.models import Concept
from tests.participation.world import DAY, T0, open_consultation, proposal

pytestmark = pytest.mark.django_db
TICK = dt.timedelta(microseconds=1)


def at(moment: dt.datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def two_phases(cast):  # type: ignore[no-untyped-def]
    """Days 0–10: propose; days 10–20: comment and support."""
    with at(T0 - DAY):
        return open_consultation(
            phases=[
                ("Ideas", 0, 10, [Action.PROPOSE]),
                ("Discussion", 10, 10, [Action.COMMENT, Action.SUPPORT]),
            ]
        )


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (T0 - TICK, set()),
        (T0, {"propose"}),
        (T0 + 10 * DAY - TICK, {"propose"}),
        (T0 + 10 * DAY, {"comment", "support"}),
        (T0 + 20 * DAY - TICK, {"comment", "support"}),
        (T0 + 20 * DAY, set()),
    ],
)
def test_an_action_is_allowed_exactly_from_start_to_before_end(two_phases, moment, expected):  # type: ignore[no-untyped-def]
    allowed = {a for a in Action.values if phases.allows(two_phases.phases.all(), a, moment)}
    assert allowed == expected


def test_proposing_follows_the_phase_boundaries(two_phases, cast):  # type: ignore[no-untyped-def]
    with at(T0 - TICK), pytest.raises(ValidationError, match="does not accept"):
        proposal(two_phases, cast.participant)
    with at(T0):
        first = proposal(two_phases, cast.participant)
    with at(T0 + 10 * DAY - TICK):
        services.proposal_update(
            proposal=first, actor=cast.participant, title="Budgets monthly", body="As CSV."
        )
    with at(T0 + 10 * DAY), pytest.raises(ValidationError, match="does not accept"):
        services.proposal_update(
            proposal=first, actor=cast.participant, title="Too late", body="Too late."
        )
    with at(T0 + 10 * DAY), pytest.raises(ValidationError, match="does not accept"):
        proposal(two_phases, cast.participant)
    first.refresh_from_db()
    assert first.title == "Budgets monthly"


def test_commenting_and_supporting_follow_the_phase_boundaries(two_phases, cast):  # type: ignore[no-untyped-def]
    with at(T0):
        idea = proposal(two_phases, cast.participant)
        with pytest.raises(ValidationError, match="cannot be supported"):
            services.support_add(proposal=idea, user=cast.cso_member)
        with pytest.raises(ValidationError, match="does not take comments"):
            services.comment_create(proposal=idea, author=cast.cso_member, body="Yes")
    with at(T0 + 10 * DAY):
        services.support_add(proposal=idea, user=cast.cso_member)
        services.comment_create(proposal=idea, author=cast.cso_member, body="Yes")
    with at(T0 + 20 * DAY - TICK):
        services.support_add(proposal=idea, user=cast.official)
    with at(T0 + 20 * DAY):
        with pytest.raises(ValidationError, match="cannot be supported"):
            services.support_add(proposal=idea, user=cast.coordinator)
        with pytest.raises(ValidationError):
            services.support_remove(proposal=idea, user=cast.cso_member)
        with pytest.raises(ValidationError):
            services.comment_create(proposal=idea, author=cast.cso_member, body="Late")
    idea.refresh_from_db()
    assert (idea.supports_count, idea.comments_count) == (2, 1) == (idea.supports.count(), 1)


def test_a_draft_consultation_allows_nothing(cast):  # type: ignore[no-untyped-def]
    with at(T0 - DAY):
        consultation = open_consultation()
    consultation.status = "draft"
    consultation.save()
    with at(T0 + DAY), pytest.raises(ValidationError):
        proposal(consultation, cast.participant)


def test_the_body_is_safe_html_and_the_language_is_detected(cast):  # type: ignore[no-untyped-def]
    with at(T0 + DAY):
        consultation = open_consultation()
        idea = proposal(
            consultation,
            cast.participant,
            title="Publicar los presupuestos",
            body="# Propuesta\n\nPublicar **cada mes** los datos del presupuesto municipal, "
            "[con enlace](https://example.org) y <b>sin</b> HTML.",
        )
    assert idea.language == "es"
    assert "<h3>Propuesta</h3>" in idea.body_html
    assert "<strong>cada mes</strong>" in idea.body_html
    assert 'href="https://example.org"' in idea.body_html
    assert "&lt;b&gt;sin&lt;/b&gt;" in idea.body_html


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
        "<iframe src=https://evil.example></iframe>",
    ],
)
def test_script_laden_text_is_refused_with_a_message(cast, body):  # type: ignore[no-untyped-def]
    with at(T0 + DAY):
        consultation = open_consultation()
        with pytest.raises(ValidationError, match="Scripts and embedded content"):
            proposal(consultation, cast.participant, body=body)
    assert not consultation.proposals.exists()


def test_oversized_text_is_refused_with_a_message(cast):  # type: ignore[no-untyped-def]
    with at(T0 + DAY):
        consultation = open_consultation()
        with pytest.raises(ValidationError, match="under 10000 characters"):
            proposal(consultation, cast.participant, body="x" * 10_001)


def test_tags_edit_and_withdraw_and_the_public_record(cast):  # type: ignore[no-untyped-def]
    tags = list(Concept.objects.filter(notation__in=["open-data", "open-contracting"]))
    with at(T0 + DAY):
        consultation = open_consultation()
        before = RecordEntry.objects.count()
        idea = proposal(consultation, cast.participant, tags=tags)
        assert set(idea.tags.all()) == set(tags)
        with pytest.raises(ValidationError, match="Only its author"):
            services.proposal_withdraw(proposal=idea, actor=cast.cso_member)
        services.proposal_withdraw(proposal=idea, actor=cast.participant)
        with pytest.raises(ValidationError, match="withdrawn"):
            services.support_add(proposal=idea, user=cast.cso_member)
    assert idea.status == ProposalStatus.WITHDRAWN
    kinds = list(RecordEntry.objects.order_by("sequence").values_list("kind", flat=True))[before:]
    assert kinds == ["publication", "status"]
    entry = RecordEntry.objects.order_by("sequence").last()
    assert entry is not None and entry.organisation == "" and entry.official_name == ""


def test_a_first_contribution_can_wait_for_a_moderator(cast, settings):  # type: ignore[no-untyped-def]
    settings.OPENPLAN_PREMODERATE_FIRST_CONTRIBUTION = True
    with at(T0 + DAY):
        consultation = open_consultation()
        first = proposal(consultation, cast.participant)
        assert first.moderation == Moderation.PENDING
        services.content_approve(target=first, moderator=cast.moderator)
        second = proposal(consultation, cast.participant)
    assert second.moderation == Moderation.VISIBLE


def test_phases_are_checked(cast):  # type: ignore[no-untyped-def]
    with at(T0 - DAY):
        consultation = open_consultation()
    with pytest.raises(ValidationError, match="Unknown actions"):
        services.phase_add(
            consultation=consultation, name="x", start=T0, end=T0 + DAY, actions=["dance"]
        )
    with pytest.raises(ValidationError, match="end after"):
        services.phase_add(consultation=consultation, name="x", start=T0, end=T0, actions=[])
