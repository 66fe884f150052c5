"""The public commitment list reads an index, not the whole table (bench/http.py measured a
full scan of 100,000 commitments for each page's count)."""

from __future__ import annotations

import pytest
from django.db import connection

from openplan.plans import selectors
from openplan.plans.models import Commitment

pytestmark = pytest.mark.django_db


def test_published_commitments_are_counted_and_paged_through_an_index() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # an empty table: make the planner show its choice
            cursor.execute("SET LOCAL enable_seqscan = off")
    published = Commitment.objects.filter(status="published")
    assert "commitment_status_identifier" in published.order_by("identifier")[:40].explain()
    assert "commitment_status_identifier" in published.values("pk").explain()
    assert selectors.commitment_list_public().query.order_by == ("identifier",)
