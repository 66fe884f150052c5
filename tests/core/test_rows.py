"""core.rows: an instance by primary key, read with one prepared statement, equals the ORM's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from openplan.accounts.models import User
from openplan.core.rows import get_by_pk
from openplan.participation.models import Consultation, Meeting, Phase, Proposal
from tests.participation import world
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def proposal(author: User) -> Proposal:
    with time_machine.travel(world.T0 + world.DAY, tick=False):
        return world.proposal(world.open_consultation(), author)


def fields(instance: Model) -> dict[str, Any]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_an_instance_equals_the_orms_field_for_field(cast: Cast) -> None:
    """Dates with their time zone, booleans, JSON and texts come back as the ORM gives them."""
    made = proposal(cast.participant)
    phase = made.consultation.phases.get()
    for model, pk in [(User, cast.participant.pk), (Proposal, made.pk), (Phase, phase.pk)]:
        ours, theirs = get_by_pk(model, pk), model.objects.get(pk=pk)  # type: ignore[attr-defined]
        assert type(ours) is model
        assert fields(ours) == fields(theirs)
        assert not ours._state.adding and ours._state.db == "default"
    assert isinstance(get_by_pk(Phase, phase.pk).actions, list)
    assert get_by_pk(Phase, phase.pk).start.tzinfo is not None


def test_related_rows_come_in_the_same_statement(cast: Cast) -> None:
    made = proposal(cast.participant)
    with CaptureQueriesContext(connection) as queries:
        loaded = get_by_pk(Proposal, made.pk, related=("consultation", "meeting"))
        assert loaded.consultation.title == made.consultation.title
        assert loaded.meeting is None  # a null foreign key: no meeting, and no query for it
    assert len(queries) == 1
    assert fields(loaded.consultation) == fields(Consultation.objects.get())


def test_a_nullable_relation_that_is_set_is_loaded(cast: Cast) -> None:
    made = proposal(cast.participant)
    meeting = Meeting.objects.create(
        consultation=made.consultation, kind="online", title="Town hall", start=world.T0,
        end=world.T0 + dt.timedelta(hours=2), online_url="https://meet.example.org/t",
    )  # fmt: skip
    Proposal.objects.filter(pk=made.pk).update(meeting=meeting)
    loaded = get_by_pk(Proposal, made.pk, related=("meeting",))
    with CaptureQueriesContext(connection) as queries:
        assert loaded.meeting is not None and loaded.meeting.pk == meeting.pk
    assert fields(loaded.meeting) == fields(Meeting.objects.get())
    assert len(queries) == 0


def test_a_missing_row_raises_the_models_does_not_exist() -> None:
    with pytest.raises(User.DoesNotExist):
        get_by_pk(User, 987654)


def test_only_foreign_keys_can_be_joined() -> None:
    with pytest.raises(TypeError, match="not a foreign key"):
        get_by_pk(Proposal, 1, related=("title",))


def test_among_ids_filters_by_a_list_sent_as_one_parameter(cast: Cast) -> None:
    from openplan.core.rows import among_ids

    users = [cast.participant.pk, cast.official.pk, 987654]
    found = set(User.objects.filter(pk__in=among_ids(users)).values_list("pk", flat=True))
    assert found == {cast.participant.pk, cast.official.pk}
    assert not User.objects.filter(pk__in=among_ids([])).exists()
