"""Coordinators change and delete phases. A public consultation's past stays true: a phase that
has ended is kept; a started one keeps its start and actions (its end can move, not into the
past); new or future phases cannot start in the past. Each change moves the consultation's
``updated_at`` and, once public, writes a record entry."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from openplan.core.record.models import RecordEntry
from openplan.participation import services
from openplan.participation.models import Consultation, Phase
from openplan.participation.phases import Action
from tests.participation.test_pages import page
from tests.participation.world import ALL, DAY, T0, member_and_plan, open_consultation

pytestmark = pytest.mark.django_db


def at(moment):  # type: ignore[no-untyped-def]
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def three(cast):  # type: ignore[no-untyped-def]
    """Published at T0 - 1 day: "Past" (days 0-5), "Now" (5-15), "Future" (15-25); the tests
    run on day 10."""
    with at(T0 - DAY):
        consultation = open_consultation(
            phases=[("Past", 0, 5, ALL), ("Now", 5, 10, ALL), ("Future", 15, 10, [])]
        )
    with at(T0 + 10 * DAY):
        yield consultation


def phase(consultation: Consultation, name: str) -> Phase:
    return consultation.phases.get(name=name)


def update(p: Phase, **changes):  # type: ignore[no-untyped-def]
    data = {"name": p.name, "start": p.start, "end": p.end, "actions": p.actions, **changes}
    return services.phase_update(phase=p, **data)


def test_changing_phases_moves_updated_at_and_is_recorded(three):  # type: ignore[no-untyped-def]
    entries = RecordEntry.objects.count()
    moments = iter([T0 + 10 * DAY + n * DAY / 100 for n in range(1, 4)])
    with at(next(moments)):
        services.phase_add(consultation=three, name="Extra", start=T0 + 30 * DAY,
                           end=T0 + 31 * DAY, actions=[])  # fmt: skip
    three.refresh_from_db()
    assert three.updated_at == T0 + 10 * DAY + DAY / 100  # adding a phase moves it too
    with at(next(moments)):
        update(phase(three, "Future"), name="Later", actions=[Action.COMMENT])
    three.refresh_from_db()
    assert three.updated_at == T0 + 10 * DAY + 2 * DAY / 100
    with at(next(moments)):
        services.phase_delete(phase=phase(three, "Extra"))
    three.refresh_from_db()
    assert three.updated_at == T0 + 10 * DAY + 3 * DAY / 100
    assert RecordEntry.objects.count() == entries + 3
    latest = RecordEntry.objects.latest("sequence")
    assert (latest.kind, latest.object_uri) == ("edit", three.get_absolute_url())


def test_a_started_phase_keeps_its_start_and_actions(three):  # type: ignore[no-untyped-def]
    now = phase(three, "Now")
    with pytest.raises(ValidationError, match="keeps its start"):
        update(now, start=now.start + DAY)
    with pytest.raises(ValidationError, match="keeps its start"):
        update(now, actions=[Action.COMMENT])
    with pytest.raises(ValidationError, match="cannot end in the past"):
        update(now, end=T0 + 9 * DAY)
    update(now, end=T0 + 10 * DAY, name="Closed early")  # end it now
    now.refresh_from_db()
    assert (now.name, now.end) == ("Closed early", T0 + 10 * DAY)
    with pytest.raises(ValidationError, match="has started cannot be deleted"):
        services.phase_delete(phase=phase(three, "Closed early"))


def test_saving_a_started_phase_unchanged_through_the_form_keeps_it(client_for, three):  # type: ignore[no-untyped-def]
    """The form shows minutes: a start set to the second is not taken for a moved one."""
    now = phase(three, "Now")
    Phase.objects.filter(pk=now.pk).update(
        start=now.start + dt.timedelta(seconds=7, microseconds=5)
    )
    now.refresh_from_db()
    url = reverse("participation:phase_edit", args=[three.pk, now.pk])
    response = client_for("coordinator").post(
        url, {"name": "Now", "start": "2026-03-06T09:00", "end": "2026-03-17T09:00",
              "actions": ALL},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    stored = Phase.objects.get(pk=now.pk)
    assert stored.start == now.start and stored.end == T0 + 16 * DAY


def test_an_ended_phase_is_kept_as_it_was(three):  # type: ignore[no-untyped-def]
    past = phase(three, "Past")
    with pytest.raises(ValidationError, match="has ended cannot be changed"):
        update(past, name="Rewritten")
    with pytest.raises(ValidationError, match="has started cannot be deleted"):
        services.phase_delete(phase=past)
    past.refresh_from_db()
    assert past.name == "Past"


def test_future_phases_change_freely_but_not_into_the_past(three):  # type: ignore[no-untyped-def]
    future = phase(three, "Future")
    update(future, start=T0 + 12 * DAY, actions=[Action.SUPPORT])
    with pytest.raises(ValidationError, match="cannot start in the past"):
        update(future, start=T0 + 9 * DAY)
    with pytest.raises(ValidationError, match="cannot start in the past"):
        services.phase_add(consultation=three, name="Back", start=T0, end=T0 + 20 * DAY,
                           actions=[])  # fmt: skip
    with pytest.raises(ValidationError, match="must end after it starts"):
        update(future, end=future.start)
    services.phase_delete(phase=future)
    assert list(three.phases.values_list("name", flat=True)) == ["Past", "Now"]


def test_drafts_change_anything_and_archives_nothing(cast):  # type: ignore[no-untyped-def]
    with at(T0 + 10 * DAY):
        _member, plan = member_and_plan()
        draft = services.consultation_create(subject=plan, title="Draft")
        first = services.phase_add(consultation=draft, name="Old", start=T0, end=T0 + DAY,
                                   actions=ALL)  # fmt: skip
        entries = RecordEntry.objects.count()
        update(first, start=T0 - DAY, actions=[])
        services.phase_delete(phase=first)
        assert RecordEntry.objects.count() == entries  # a draft is not public
        archived = open_consultation(start=T0 + 11 * DAY)
        services.consultation_transition(consultation=archived, target="archived")
        only = archived.phases.get()
        with pytest.raises(ValidationError, match="archived"):
            update(only, name="x")
        with pytest.raises(ValidationError, match="archived"):
            services.phase_delete(phase=only)
        with pytest.raises(ValidationError, match="archived"):
            services.phase_add(consultation=archived, name="y", start=T0 + 40 * DAY,
                               end=T0 + 41 * DAY, actions=[])  # fmt: skip


def test_the_last_phase_of_a_public_consultation_stays(cast):  # type: ignore[no-untyped-def]
    with at(T0 - DAY):
        consultation = open_consultation()
        with pytest.raises(ValidationError, match="keeps at least one phase"):
            services.phase_delete(phase=consultation.phases.get())


def test_change_and_delete_through_the_pages(client_for, three):  # type: ignore[no-untyped-def]
    client = client_for("coordinator")
    future = phase(three, "Future")
    url = reverse("participation:phase_edit", args=[three.pk, future.pk])
    html = page(client, url)
    assert "Change a phase" in html and 'value="Future"' in html
    assert "its past stays as it was" in html
    html = page(client, three.get_absolute_url())
    assert html.count("Change<span") == 2  # "Now" and "Future": an ended phase is kept
    assert html.count("Delete<span") == 1  # "Future" only: a started phase stays
    assert "Change<span" not in page(client_for("anonymous"), three.get_absolute_url())
    bad = client.post(url, {"name": "Future", "start": "2026-03-05T09:00",
                            "end": "2026-03-30T09:00"})  # fmt: skip
    assert bad.status_code == 200 and "cannot start in the past" in bad.content.decode()
    ok = client.post(url, {"name": "Voting", "start": "2026-03-20T10:00",
                           "end": "2026-03-30T09:00", "actions": ["support"]})  # fmt: skip
    assert ok.status_code == 302
    future.refresh_from_db()
    assert (future.name, future.actions) == ("Voting", ["support"])
    now = phase(three, "Now")
    refused = client.post(
        reverse("participation:phase_delete", args=[three.pk, now.pk]), follow=True
    )
    assert "has started cannot be deleted" in refused.content.decode()
    client.post(reverse("participation:phase_delete", args=[three.pk, future.pk]))
    assert not Phase.objects.filter(pk=future.pk).exists()
    other = open_consultation(start=T0 + 20 * DAY)
    foreign = reverse("participation:phase_edit", args=[three.pk, other.phases.get().pk])
    assert client.get(foreign).status_code == 404  # a phase of another consultation


def test_the_api_sees_a_phase_change(client_for, three):  # type: ignore[no-untyped-def]
    """The API's ``modified`` and ETag of a consultation follow its ``updated_at``."""
    url = f"/api/v1/consultations/{three.pk}"
    client = client_for("anonymous")
    before = client.get(url)
    with at(T0 + 11 * DAY):
        services.phase_add(consultation=three, name="Extra", start=T0 + 30 * DAY,
                           end=T0 + 31 * DAY, actions=[])  # fmt: skip
    after = client.get(url)
    assert after["ETag"] != before["ETag"]
    assert after.json()["modified"] > before.json()["modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200
