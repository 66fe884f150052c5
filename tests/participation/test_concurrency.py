"""Exact counts under concurrency, on SQLite and on PostgreSQL: many threads, each with its own
connection and transactions, support one proposal; the counter equals the rows. Supports and
retractions racing on the same people leave no drift."""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from openplan.accounts.models import User
from openplan.participation import services
from openplan.participation.models import Proposal, Support
from tests.participation.world import open_consultation, proposal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THREADS, PER_THREAD = 50, 200


@pytest.fixture(scope="module", autouse=True)
def _database_as_migrated(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """As in tests/e2e/conftest.py: a transactional test that ran earlier without serialized
    rollback may have left content types behind, which the serialized load before each test
    here would collide with. Start from an empty database; leave it as the migrations did."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    ContentType.objects.clear_cache()
    yield
    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            if hasattr(connection, "_test_serialized_contents"):
                connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
    ContentType.objects.clear_cache()


def open_now(author: User) -> Proposal:
    """A proposal of a consultation whose single phase is open now (real time: threads)."""
    consultation = open_consultation(start=timezone.now() - dt.timedelta(days=1))
    return proposal(consultation, author)


def people(n: int) -> list[User]:
    User.objects.bulk_create(
        [User(email=f"supporter{i}@example.org", password="!") for i in range(n)], batch_size=2000
    )
    return list(User.objects.filter(email__startswith="supporter").order_by("pk"))


def run_threads(work: Callable[[int], None], count: int) -> list[BaseException]:
    errors: list[BaseException] = []

    def target(i: int) -> None:
        try:
            work(i)
        except BaseException as exc:  # reported in the test's own thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_50_threads_of_200_supports_count_exactly(cast: Any) -> None:
    idea = open_now(cast.participant)
    supporters = people(THREADS * PER_THREAD)
    idea = Proposal.objects.select_related("consultation").get(pk=idea.pk)

    def support(i: int) -> None:
        for user in supporters[i * PER_THREAD : (i + 1) * PER_THREAD]:
            services.support_add(proposal=idea, user=user)

    errors = run_threads(support, THREADS)
    assert not errors, errors[:3]
    idea.refresh_from_db()
    rows = Support.objects.filter(proposal=idea).count()
    assert rows == THREADS * PER_THREAD
    assert idea.supports_count == rows
    assert services.reconcile_counters().fixed == 0


def test_racing_supports_and_retractions_leave_no_drift(cast: Any) -> None:
    idea = open_now(cast.participant)
    racers = people(10)
    idea = Proposal.objects.select_related("consultation").get(pk=idea.pk)
    refused = []

    def race(i: int) -> None:
        chance = random.Random(i)
        for _step in range(60):
            user = chance.choice(racers)
            if chance.random() < 0.5:
                try:
                    services.support_add(proposal=idea, user=user)
                except ValidationError:
                    refused.append(user.pk)  # already supported: refused, not counted
            else:
                services.support_remove(proposal=idea, user=user)

    errors = run_threads(race, 20)
    assert not errors, errors[:3]
    idea.refresh_from_db()
    assert idea.supports_count == Support.objects.filter(proposal=idea).count()
    assert refused, "the race should have tried to support twice"
    assert services.reconcile_counters().fixed == 0
