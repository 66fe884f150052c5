"""A consultation to test with: the personas' ministry governs "Demoland"; the consultation on
its action plan has one phase for proposing, one for commenting and supporting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from openplan.accounts.models import Organisation
from openplan.participation import services
from openplan.participation.models import Consultation, Meeting, Proposal
from openplan.participation.phases import Action
from openplan.participation.states import ConsultationStatus
from openplan.plans.models import ActionPlan, Member

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
ALL = [Action.PROPOSE, Action.COMMENT, Action.SUPPORT]
WITH_MEETINGS = [*ALL, Action.ATTEND]


def member_and_plan() -> tuple[Member, ActionPlan]:
    member, _created = Member.objects.get_or_create(
        code="DMO",
        defaults={
            "name": "Demoland", "slug": "dmo", "level": "national",
            "government": Organisation.objects.filter(slug="ministry").first(),
        },
    )  # fmt: skip
    plan, _created = ActionPlan.objects.get_or_create(
        member=member, number=1, defaults={"start_year": 2026, "end_year": 2028}
    )
    return member, plan


def open_consultation(
    *, start: dt.datetime = T0, phases: list[tuple[str, int, int, list[str]]] | None = None
) -> Consultation:
    """A published consultation on the plan; ``phases``: (name, first day, days, actions)
    counted from ``start``. Default: one phase of 30 days allowing everything."""
    _member, plan = member_and_plan()
    consultation = services.consultation_create(
        subject=plan, title="The next action plan", description="What should it *contain*?"
    )
    for name, first, days, actions in phases or [("Open", 0, 30, ALL)]:
        services.phase_add(
            consultation=consultation,
            name=name,
            start=start + first * DAY,
            end=start + (first + days) * DAY,
            actions=actions,
        )
    services.consultation_transition(consultation=consultation, target=ConsultationStatus.PUBLISHED)
    return consultation


def proposal(consultation: Consultation, author: Any, **kwargs: Any) -> Proposal:
    data = {"title": "Publish budgets monthly", "body": "Every month, as open data, please."}
    return services.proposal_create(consultation=consultation, author=author, **{**data, **kwargs})


def meeting(consultation: Consultation, **kwargs: Any) -> Meeting:
    """A meeting in person, five days after ``T0`` (override ``start``), two hours long."""
    start = kwargs.pop("start", T0 + 5 * DAY)
    data: dict[str, Any] = {
        "kind": "in_person", "title": "Open budget workshop", "start": start,
        "end": start + dt.timedelta(hours=2), "address": "Town hall, room 2",
        "agenda": "1. Welcome\n2. *Budgets*",
    }  # fmt: skip
    return services.meeting_create(consultation=consultation, **{**data, **kwargs})


def e2e_world(cast: Any) -> dict[str, Any]:
    """For the accessibility suite (real time): a consultation open now, a proposal with a
    tag, a comment and a reply, a hidden comment, a response and a moderation log entry, and
    a proposal received by letter (with a scan) and supports of it received on paper."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from openplan.taxonomy.models import Concept

    consultation = open_consultation(start=timezone.now() - 2 * DAY, phases=[
        ("Open", 0, 30, WITH_MEETINGS)])  # fmt: skip
    idea = proposal(consultation, cast.participant)
    idea.tags.set(Concept.objects.filter(notation="open-data")[:1])
    first = services.comment_create(proposal=idea, author=cast.cso_member, body="I *agree*.")
    services.comment_create(proposal=idea, author=cast.official, body="Thanks!", parent=first)
    rude = services.comment_create(proposal=idea, author=cast.cso_member, body="Rude words")
    services.content_hide(target=rude, moderator=cast.moderator, reason="Insults")
    services.flag_create(user=cast.participant, target=first, reason="Check it")
    services.response_set(proposal=idea, kind="under_review", reason="We are costing it.")
    today = timezone.localdate()
    offline = services.offline_proposal_record(
        consultation=consultation, recorder=cast.coordinator, channel="letter", received_on=today,
        title="Benches at bus stops", body="Written by hand.", author_name="Ana Pérez",
        name_consent=True, scan=SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n%%EOF\n"),
    )  # fmt: skip
    services.offline_supports_record(
        proposal=offline, recorder=cast.coordinator, channel="paper", received_on=today,
        supports=12,
    )  # fmt: skip
    return {"consultation": consultation, "proposal": idea, "comment": first, "offline": offline,
            **e2e_petitions(cast), **_e2e_meetings(cast, consultation, idea)}  # fmt: skip


def e2e_petitions(cast: Any) -> dict[str, Any]:
    """A petition open for signatures that reached its threshold (a named signer, a deadline),
    one held for a moderator, and a signature waiting for its confirmation link."""
    from django.utils import timezone

    consultation = petition_consultation(start=timezone.now() - 2 * DAY, threshold=1)
    reached = petition(consultation, cast.participant, cast.moderator)
    services.signature_create(
        petition=reached, email=cast.cso_member.email, user=cast.cso_member, name="Cecilia",
        show_name=True,
    )  # fmt: skip
    held = services.petition_create(
        consultation=consultation, author=cast.participant, title="Held", body="Wait for it."
    )
    waiting = services.signature_create(petition=reached, email="waiting@example.org")
    return {"petition_consultation": consultation, "petition": reached, "held_petition": held,
            "signature_token": services.signature_token(waiting.signature)}  # fmt: skip


PETITIONS = [Action.PETITION, Action.SIGN]


def petition_consultation(*, start: dt.datetime = T0, threshold: int | None = 3) -> Consultation:
    """A published consultation whose one phase (30 days from ``start``) allows everything,
    petitions included; petitions of it need ``threshold`` confirmed signatures."""
    consultation = open_consultation(start=start, phases=[("Open", 0, 30, ALL + PETITIONS)])
    consultation.petition_threshold = threshold
    consultation.save(update_fields=["petition_threshold"])
    return consultation


def petition(consultation: Consultation, author: Any, moderator: Any, **kwargs: Any) -> Any:
    """A petition started by ``author`` and approved by ``moderator`` (public)."""
    data = {"title": "Keep the library open on Sundays", "body": "Many of us work all week."}
    started = services.petition_create(
        consultation=consultation, author=author, **{**data, **kwargs}
    )
    return services.content_approve(target=started, moderator=moderator)


def _e2e_meetings(cast: Any, consultation: Consultation, idea: Proposal) -> dict[str, Meeting]:
    """A hybrid meeting in two days with one place, taken by the participant (the civil-society
    member waits), and a meeting held yesterday, closed with minutes and the proposal."""
    from django.utils import timezone

    now = timezone.now()
    upcoming = meeting(
        consultation, kind="hybrid", online_url="https://meet.example.org/budget",
        start=now + 2 * DAY, capacity=1,
    )  # fmt: skip
    for person in (cast.participant, cast.cso_member):
        services.registration_create(meeting=upcoming, user=person)
    held = meeting(consultation, title="First workshop", start=now - DAY)
    services.meeting_close(
        meeting=held, minutes="We *listed* three priorities.", attendees=14, organisations=4,
        proposals=[idea],
    )  # fmt: skip
    return {"meeting": upcoming, "closed_meeting": held}
