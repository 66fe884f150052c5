from __future__ import annotations

import pytest
from django.core.management import call_command

from openplan.core.record.models import RecordEntry
from openplan.participation.models import Consultation, Meeting, Petition, Proposal
from openplan.participation.services import reconcile_counters

pytestmark = pytest.mark.django_db


def test_the_demo_has_labelled_consultations_and_loads_once() -> None:
    call_command("demo", verbosity=0)
    consultations = Consultation.objects.all()
    assert consultations.count() == 2
    assert all(c.is_demo and c.title.startswith("Demo") for c in consultations)
    assert all(p.is_demo and p.body.startswith(("Demo content", "Contenido de demostración"))
               for p in Proposal.objects.all())  # fmt: skip
    assert {p.language for p in Proposal.objects.all()} == {"en", "es"}
    assert Proposal.objects.filter(supports_count__gt=0).exists()
    petition = Petition.objects.get()
    assert petition.is_demo and petition.title.startswith("Demo") and petition.is_visible
    assert petition.signatures_count == 2 and petition.answer_due is not None
    offline = Proposal.objects.exclude(channel="online")
    assert {p.channel for p in offline} == {"paper", "letter"} and all(p.is_demo for p in offline)
    assert sorted(p.supports_count for p in offline) == [3, 14]
    assert reconcile_counters().fixed == 0
    held, upcoming = Meeting.objects.order_by("start")
    assert all(m.is_demo and m.title.startswith("Demo") for m in (held, upcoming))
    assert held.status == "closed" and held.minutes.startswith("Demo content")
    assert held.proposals_born.count() == 1
    assert upcoming.status == "scheduled" and upcoming.registrations.count() == 2
    entries = RecordEntry.objects.count()
    call_command("demo", verbosity=0)
    assert Consultation.objects.count() == 2 and RecordEntry.objects.count() == entries
    assert Petition.objects.count() == 1
