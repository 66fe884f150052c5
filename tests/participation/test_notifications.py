"""Notifications of followers: one per follower and event, none for the actor, none for
people who do not follow; written by a task after the commit; commitments' changes arrive
from plans through its listener list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from openplan.accounts.models import Organisation
from openplan.accounts.services import account_erase
from openplan.core.personal_data import sections
from openplan.participation import events, services
from openplan.participation.models import Notification, NotificationSettings
from openplan.participation.states import ConsultationStatus
from openplan.plans import services as plan_services
from openplan.plans.models import Commitment, Milestone
from openplan.plans.states import CommitmentStatus
from tests.factories import UserFactory
from tests.participation.world import (
    DAY,
    T0,
    meeting,
    member_and_plan,
    open_consultation,
    petition_consultation,
    proposal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Run the queued fan-out as a worker would after the commit (the tests' task backend
    runs a task as soon as it is queued)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def events_of(user: Any) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("event", flat=True))


def test_each_follower_gets_one_the_actor_none_and_others_none(cast, run_on_commit) -> None:  # type: ignore[no-untyped-def]
    consultation = open_consultation()
    with time_machine.travel(T0 + DAY, tick=False):
        idea = proposal(consultation, cast.participant)
        followers = UserFactory.create_batch(3)
        for person in [*followers, cast.participant]:
            services.follow_set(user=person, target=idea)
        bystander = UserFactory()
        with run_on_commit():
            services.comment_create(proposal=idea, author=cast.participant, body="I add this.")
    for person in followers:
        assert events_of(person) == ["proposal.comment"]
    assert events_of(cast.participant) == []  # the actor
    assert events_of(bystander) == []
    note = Notification.objects.filter(user=followers[1]).get()
    assert note.title == idea.title and note.url.startswith(idea.get_absolute_url())
    assert note.read_at is None and note.emailed_at is None


def test_nothing_is_written_before_the_commit_or_after_a_rollback(cast) -> None:  # type: ignore[no-untyped-def]
    consultation = open_consultation()
    follower = UserFactory()
    services.follow_set(user=follower, target=consultation)
    with time_machine.travel(T0 + DAY, tick=False):
        proposal(consultation, cast.participant)  # on_commit never runs: the test rolls back
    assert not Notification.objects.exists()


def test_consultation_events_reach_its_followers_and_its_plans(cast, run_on_commit) -> None:  # type: ignore[no-untyped-def]
    _member, plan = member_and_plan()
    plan_follower, follower = UserFactory(), UserFactory()
    services.follow_set(user=plan_follower, target=plan)
    consultation = services.consultation_create(subject=plan, title="Next plan")
    services.phase_add(consultation=consultation, name="Open", start=T0, end=T0 + 9 * DAY,
                       actions=["propose"])  # fmt: skip
    services.follow_set(user=follower, target=consultation)  # a coordinator previewing it
    with run_on_commit():
        services.consultation_transition(consultation=consultation, target="published")
    with run_on_commit(), time_machine.travel(T0, tick=False):  # a phase in the future
        services.phase_add(consultation=consultation, name="More", start=T0 + 9 * DAY,
                           end=T0 + 12 * DAY, actions=["comment"])  # fmt: skip
    with run_on_commit(), time_machine.travel(T0 + DAY, tick=False):
        proposal(consultation, cast.participant)
    with run_on_commit():
        services.consultation_transition(
            consultation=consultation, target=ConsultationStatus.ARCHIVED
        )
    assert events_of(plan_follower) == ["consultation.published"]
    assert sorted(events_of(follower)) == sorted([
        "consultation.published", "consultation.phase", "consultation.proposal",
        "consultation.archived",
    ])  # fmt: skip


def test_proposal_events(cast, run_on_commit) -> None:  # type: ignore[no-untyped-def]
    consultation = open_consultation()
    follower = UserFactory()
    with time_machine.travel(T0 + DAY, tick=False):
        idea = proposal(consultation, cast.participant)
        services.follow_set(user=follower, target=idea)
        services.follow_set(user=cast.moderator, target=idea)
        with run_on_commit():
            services.response_set(proposal=idea, kind="under_review", reason="Costing it.")
        with run_on_commit():
            services.content_hide(target=idea, moderator=cast.moderator, reason="Spam")
        with run_on_commit():
            services.content_restore(target=idea, moderator=cast.moderator)
        with run_on_commit():
            services.proposal_withdraw(proposal=idea, actor=cast.participant)
    assert sorted(events_of(follower)) == sorted(
        ["proposal.response", "proposal.hidden", "proposal.restored", "proposal.withdrawn"]
    )
    assert sorted(events_of(cast.moderator)) == ["proposal.response", "proposal.withdrawn"]


def test_petition_and_meeting_events_reach_the_consultations_followers(cast, run_on_commit) -> None:  # type: ignore[no-untyped-def]
    consultation = petition_consultation(threshold=1)
    follower = UserFactory()
    services.follow_set(user=follower, target=consultation)
    services.follow_set(user=cast.participant, target=consultation)
    with time_machine.travel(T0 + DAY, tick=False):
        started = services.petition_create(
            consultation=consultation, author=cast.participant, title="Sunday hours", body="Open."
        )
        with run_on_commit():
            services.content_approve(target=started, moderator=cast.moderator)
        signed = services.signature_create(petition=started, email="ana@example.org")
        with run_on_commit():
            services.signature_confirm(token=services.signature_token(signed.signature))
        with run_on_commit():
            meeting(consultation)
        with run_on_commit():
            services.petition_answer_set(petition=started, text="We will open on Sundays.")
    assert sorted(events_of(follower)) == sorted(
        ["consultation.petition", "petition.threshold", "consultation.meeting", "petition.answered"]
    )
    # The petition's author started it: told of its threshold, its answer and the meeting, not
    # of itself.
    assert sorted(events_of(cast.participant)) == sorted(
        ["consultation.meeting", "petition.threshold", "petition.answered"]
    )


@pytest.fixture
def commitment(cast) -> Commitment:  # type: ignore[no-untyped-def]
    _member, plan = member_and_plan()
    commitment = Commitment.objects.create(
        identifier="DMO0001", action_plan=plan, title="Open budgets",
        status=CommitmentStatus.SUBMITTED, start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2027, 12, 31),
    )  # fmt: skip
    Milestone.objects.create(commitment=commitment, title="Draft", position=0)
    return commitment


def test_commitment_changes_arrive_from_plans_through_its_listener(  # type: ignore[no-untyped-def]
    cast, commitment, run_on_commit
) -> None:
    government = Organisation.objects.get(slug="ministry")
    plan_follower, follower, both = UserFactory(), UserFactory(), UserFactory()
    services.follow_set(user=plan_follower, target=commitment.action_plan)
    services.follow_set(user=follower, target=commitment)
    services.follow_set(user=both, target=commitment)
    services.follow_set(user=both, target=commitment.action_plan)
    with run_on_commit():
        plan_services.commitment_transition(
            commitment=commitment, target=CommitmentStatus.PUBLISHED, organisation=government
        )
    commitment.refresh_from_db()
    with run_on_commit():
        plan_services.milestone_create(
            commitment=commitment, data={"title": "Adopt"}, organisation=government
        )
    with run_on_commit():
        plan_services.commitment_update(
            commitment=commitment, data={"title": "Open budgets for all"}, organisation=government
        )
    with run_on_commit():
        plan_services.progress_report(
            commitment=commitment, organisation=government, author=cast.official,
            data={"reported_on": dt.date(2025, 6, 1), "completion": "limited",
                  "narrative": "Halfway", "source": "Minutes"},
        )  # fmt: skip
    with run_on_commit():
        plan_services.commitment_transition(
            commitment=commitment, target=CommitmentStatus.WITHDRAWN, organisation=government
        )
    assert events_of(plan_follower) == ["commitment.published"]
    assert sorted(events_of(both)) == sorted(events_of(follower))  # one each, not two
    assert sorted(events_of(follower)) == sorted([
        "commitment.published", "commitment.milestones", "commitment.amended",
        "commitment.progress", "commitment.withdrawn",
    ])  # fmt: skip
    assert Notification.objects.filter(user=follower).first().title.startswith("DMO0001: ")  # type: ignore[union-attr]


def test_fan_out_to_many_followers_is_one_batch(cast, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    consultation = open_consultation()
    people = UserFactory.create_batch(120)
    for person in people:
        services.follow_set(user=person, target=consultation)
    ref = [services.notifications.ContentType.objects.get_for_model(consultation).pk,
           consultation.pk]  # fmt: skip
    with django_assert_max_num_queries(8):  # followers, one INSERT, immediate choices, savepoint
        immediate = services.notifications_fan_out(
            event="consultation.phase", subject=ref, followed=[ref], title="T", url="/c/",
        )  # fmt: skip
    assert immediate == []
    assert Notification.objects.count() == 120


def test_an_unknown_event_is_refused_and_new_ones_are_one_line() -> None:
    with pytest.raises(ValueError, match="unknown notification event"):
        services.notify(event="petition.nope", subject=Organisation(pk=1), followed=[],
                        title="t", url="/")  # fmt: skip
    events.register("example.event", "“%(title)s” reached its threshold.")
    assert events.describe("example.event", "Clean air") == "“Clean air” reached its threshold."
    with pytest.raises(ValueError, match="twice"):
        events.register("example.event", "Something else")
    del events.EVENTS["example.event"]


def test_notifications_are_in_the_data_export_and_go_with_the_account(cast, run_on_commit) -> None:  # type: ignore[no-untyped-def]
    consultation = open_consultation()
    follower = UserFactory()
    services.follow_set(user=follower, target=consultation)
    services.notification_settings_set(user=follower, email="daily")
    with run_on_commit(), time_machine.travel(T0, tick=False):  # a phase in the future
        services.phase_add(consultation=consultation, name="More", start=T0 + 40 * DAY,
                           end=T0 + 50 * DAY, actions=["comment"])  # fmt: skip
    exported = sections(follower)["notifications"]
    assert exported["email"] == "daily"
    assert [item["event"] for item in exported["items"]] == ["consultation.phase"]
    account_erase(user=follower)
    assert not Notification.objects.exists()
    assert not NotificationSettings.objects.exists()


def test_a_change_nobody_follows_queues_no_task(cast, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    consultation = open_consultation()
    with time_machine.travel(T0, tick=False):  # the phases below are in the future
        with django_capture_on_commit_callbacks() as callbacks:
            services.phase_add(consultation=consultation, name="More", start=T0 + 40 * DAY,
                               end=T0 + 50 * DAY, actions=["comment"])  # fmt: skip
        assert callbacks == []
        services.follow_set(user=UserFactory(), target=consultation)
        with django_capture_on_commit_callbacks() as callbacks:
            services.phase_add(consultation=consultation, name="Last", start=T0 + 50 * DAY,
                               end=T0 + 60 * DAY, actions=["comment"])  # fmt: skip
        assert len(callbacks) == 1
