"""Every participation service that changes public state appends one entry to the public
record, in its own transaction; the others (drafts, personal acts, counts) append none.
tests/architecture/test_public_record_services.py reads ``PUBLIC_CHANGES``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from openplan.core.record.models import EntryKind, RecordEntry
from openplan.participation import services
from openplan.participation.phases import Action
from tests.participation.world import member_and_plan, open_consultation, proposal
from tests.personas import Cast

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def world(cast: Cast, settings: Any) -> dict[str, Any]:
    settings.OPENPLAN_PREMODERATE_FIRST_CONTRIBUTION = False
    consultation = open_consultation(start=NOW - dt.timedelta(days=1))
    idea = proposal(consultation, cast.participant)
    comment = services.comment_create(proposal=idea, author=cast.cso_member, body="Agreed.")
    return {"cast": cast, "consultation": consultation, "proposal": idea, "comment": comment}


def _held(w: dict[str, Any], settings: Any) -> Any:
    settings.OPENPLAN_PREMODERATE_FIRST_CONTRIBUTION = True
    from tests.factories import UserFactory

    newcomer = UserFactory()
    return services.comment_create(proposal=w["proposal"], author=newcomer, body="First post")


def _draft_then_publish(w: dict[str, Any], settings: Any) -> Any:
    _member, plan = member_and_plan()
    draft = services.consultation_create(subject=plan, title="Next plan", description="")
    services.phase_add(
        consultation=draft, name="Ideas", start=NOW, end=NOW + dt.timedelta(days=9),
        actions=[Action.PROPOSE],
    )  # fmt: skip
    assert not RecordEntry.objects.filter(object_uri__contains=f"/{draft.pk}").exists()
    return draft


# service → (what it does, given the world and settings; the kind of entry it appends)
PUBLIC_CHANGES: dict[str, tuple[Callable[[dict[str, Any], Any], Any], str]] = {
    "proposal_create": (
        lambda w, s: proposal(w["consultation"], w["cast"].official, title="Open contracts"),
        EntryKind.PUBLICATION,
    ),
    "proposal_update": (
        lambda w, s: services.proposal_update(
            proposal=w["proposal"],
            actor=w["cast"].participant,
            title="Monthly budgets",
            body="Every month, please.",
        ),
        EntryKind.EDIT,
    ),
    "proposal_withdraw": (
        lambda w, s: services.proposal_withdraw(
            proposal=w["proposal"], actor=w["cast"].participant
        ),
        EntryKind.STATUS,
    ),
    "comment_create": (
        lambda w, s: services.comment_create(
            proposal=w["proposal"], author=w["cast"].official, body="We will look at it."
        ),
        EntryKind.PUBLICATION,
    ),
    "phase_add": (
        lambda w, s: services.phase_add(
            consultation=w["consultation"],
            name="Review",
            start=NOW + dt.timedelta(days=40),
            end=NOW + dt.timedelta(days=50),
            actions=[Action.COMMENT],
        ),
        EntryKind.EDIT,
    ),
    "consultation_transition": (
        lambda w, s: services.consultation_transition(
            consultation=_draft_then_publish(w, s), target="published"
        ),
        EntryKind.PUBLICATION,
    ),
    "content_hide": (
        lambda w, s: services.content_hide(
            target=w["comment"], moderator=w["cast"].moderator, reason="Off topic"
        ),
        EntryKind.MODERATION,
    ),
    "content_restore": (
        lambda w, s: services.content_restore(target=w["comment"], moderator=w["cast"].moderator),
        EntryKind.MODERATION,
    ),
    "content_approve": (
        lambda w, s: services.content_approve(target=_held(w, s), moderator=w["cast"].moderator),
        EntryKind.PUBLICATION,
    ),
    "response_set": (
        lambda w, s: services.response_set(
            proposal=w["proposal"], kind="under_review", reason="The ministry is studying it."
        ),
        EntryKind.RESPONSE,
    ),
}


@pytest.mark.parametrize("name", sorted(PUBLIC_CHANGES))
def test_each_public_change_appends_one_entry(
    world: dict[str, Any], settings: Any, name: str
) -> None:
    act, kind = PUBLIC_CHANGES[name]
    if name == "content_restore":
        services.content_hide(
            target=world["comment"], moderator=world["cast"].moderator, reason="x"
        )
    if name == "content_approve":  # held before counting: holding appends nothing
        held = _held(world, settings)

        def act(w: dict[str, Any], s: Any) -> Any:
            return services.content_approve(target=held, moderator=w["cast"].moderator)

    before = RecordEntry.objects.count()
    act(world, settings)
    entries = list(RecordEntry.objects.order_by("sequence")[before:])
    if name == "consultation_transition":
        entries = entries[-1:]  # the phase of the draft appended nothing (asserted above)
    assert [entry.kind for entry in entries] == [kind]
    assert "@" not in entries[0].organisation + entries[0].object_uri  # no personal data


def test_personal_acts_and_drafts_append_nothing(world: dict[str, Any]) -> None:
    cast, idea = world["cast"], world["proposal"]
    before = RecordEntry.objects.count()
    services.support_add(proposal=idea, user=cast.cso_member)
    services.support_remove(proposal=idea, user=cast.cso_member)
    services.follow_set(user=cast.cso_member, target=idea)
    services.follow_remove(user=cast.cso_member, target=idea)
    services.flag_create(user=cast.cso_member, target=world["comment"], reason="rude")
    _member, plan = member_and_plan()
    services.consultation_create(subject=plan, title="Draft", description="")
    assert RecordEntry.objects.count() == before
