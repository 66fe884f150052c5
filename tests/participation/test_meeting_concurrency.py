"""A meeting's capacity under concurrency, on SQLite and on PostgreSQL: many threads, each with
its own connection, register for a meeting with few places at once; exactly ``capacity``
places are confirmed, everyone else waits, nobody is counted twice or lost. Cancellations
racing with registrations keep the invariant: the waiting list is only used when every place
is taken."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openplan.accounts.models import User
from openplan.participation import services
from openplan.participation.models import Meeting, Registration
from openplan.participation.states import RegistrationStatus
from tests.participation.test_concurrency import _database_as_migrated, run_threads
from tests.participation.world import WITH_MEETINGS, open_consultation

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
__all__ = ["_database_as_migrated"]  # the module fixture, shared with test_concurrency
CAPACITY, THREADS, PER_THREAD = 7, 20, 5


def upcoming_meeting(capacity: int) -> Meeting:
    """A meeting tomorrow of a consultation whose phase allows attending now (real time)."""
    now = timezone.now()
    consultation = open_consultation(
        start=now - dt.timedelta(days=1), phases=[("Open", 0, 30, WITH_MEETINGS)]
    )
    meeting = services.meeting_create(
        consultation=consultation, kind="in_person", title="Workshop", address="Town hall",
        start=now + dt.timedelta(days=1), end=now + dt.timedelta(days=1, hours=2),
        capacity=capacity,
    )  # fmt: skip
    return Meeting.objects.select_related("consultation").get(pk=meeting.pk)


def people(n: int, tag: str) -> list[User]:
    User.objects.bulk_create([User(email=f"{tag}{i}@example.org", password="!") for i in range(n)])
    return list(User.objects.filter(email__startswith=tag).order_by("pk"))


def confirmed(meeting: Meeting) -> int:
    return Registration.objects.filter(meeting=meeting, status=RegistrationStatus.CONFIRMED).count()


def test_simultaneous_registrations_never_exceed_the_capacity(cast: Any) -> None:
    meeting = upcoming_meeting(CAPACITY)
    crowd = people(THREADS * PER_THREAD, "crowd")

    def register(i: int) -> None:
        for user in crowd[i * PER_THREAD : (i + 1) * PER_THREAD]:
            services.registration_create(meeting=meeting, user=user)

    errors = run_threads(register, THREADS)
    assert not errors, errors[:3]
    rows = Registration.objects.filter(meeting=meeting)
    assert rows.count() == THREADS * PER_THREAD  # nobody lost, nobody twice
    assert confirmed(meeting) == CAPACITY
    assert rows.values("user").distinct().count() == THREADS * PER_THREAD


def test_racing_registrations_and_cancellations_keep_the_invariant(cast: Any) -> None:
    meeting = upcoming_meeting(3)
    racers = people(12, "racer")
    refused: list[int] = []

    def race(i: int) -> None:
        chance = random.Random(i)
        for _step in range(25):
            user = chance.choice(racers)
            if chance.random() < 0.6:
                try:
                    services.registration_create(meeting=meeting, user=user)
                except ValidationError:
                    refused.append(user.pk)  # already registered: refused, not counted
            else:
                services.registration_cancel(meeting=meeting, user=user)

    errors = run_threads(race, 12)
    assert not errors, errors[:3]
    taken = confirmed(meeting)
    waiting = Registration.objects.filter(meeting=meeting, status=RegistrationStatus.WAITING)
    assert taken <= 3
    assert not waiting.exists() or taken == 3  # nobody waits while a place is free
    assert refused, "the race should have tried to register twice"
