"""Exact signature counts under concurrency, on SQLite and on PostgreSQL: many threads, each
with its own connection and transactions, confirm signatures of one petition, every signature
by two racing threads (a double click, a mail scanner and a person); the counter equals the
confirmed rows, the threshold is marked once. Racing sign-ups with one address leave one row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from openplan.core.record.models import EntryKind, RecordEntry
from openplan.participation import services
from openplan.participation.models import Petition, Signature
from tests.participation.test_concurrency import _database_as_migrated, run_threads
from tests.participation.world import petition, petition_consultation

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
__all__ = ["_database_as_migrated"]  # the module fixture that starts from a clean database
THREADS, SIGNATURES = 20, 400


def open_petition(cast: Any, threshold: int) -> Petition:
    consultation = petition_consultation(
        start=timezone.now() - dt.timedelta(days=1), threshold=threshold
    )
    started = petition(consultation, cast.participant, cast.moderator)
    return Petition.objects.select_related("consultation").get(pk=started.pk)


def test_racing_confirmations_count_each_signature_once(cast: Any) -> None:
    target = open_petition(cast, threshold=SIGNATURES // 2)
    rows = Signature.objects.bulk_create(
        [Signature(petition=target, email=f"s{i}@example.org") for i in range(SIGNATURES)]
    )
    tokens = [services.signature_token(s) for s in rows]
    counted: list[bool] = []

    def confirm(i: int) -> None:
        # thread i confirms its share, and thread i ^ 1 the same share: every token twice
        share = tokens[(i // 2) :: THREADS // 2]
        for token in share if i % 2 else reversed(share):
            counted.append(services.signature_confirm(token=token)[1])

    errors = run_threads(confirm, THREADS)
    assert not errors, errors[:3]
    target.refresh_from_db()
    confirmed = Signature.objects.filter(petition=target, confirmed_at__isnull=False).count()
    assert confirmed == SIGNATURES
    assert (len(counted), sum(counted)) == (2 * SIGNATURES, SIGNATURES)  # the second says no
    assert target.signatures_count == confirmed
    assert target.threshold_reached_at is not None
    reached = RecordEntry.objects.filter(
        kind=EntryKind.STATUS, object_uri=target.get_absolute_url()
    )
    assert reached.count() == 1
    assert services.reconcile_counters().fixed == 0


def test_racing_sign_ups_with_one_address_leave_one_signature(cast: Any) -> None:
    target = open_petition(cast, threshold=10)
    refused: list[str] = []

    def sign(i: int) -> None:
        for n in range(20):
            try:
                services.signature_create(petition=target, email=f"Same{n}@Example.org")
            except Exception as error:  # reported: nothing may fail
                refused.append(repr(error))

    errors = run_threads(sign, 10)
    assert not errors and not refused, (errors[:3], refused[:3])
    assert Signature.objects.filter(petition=target).count() == 20
    target.refresh_from_db()
    assert target.signatures_count == 0  # none confirmed
