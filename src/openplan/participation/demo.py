# ruff: noqa: E501 - demo texts are data; long lines keep them readable
"""Demo consultations for ``openplan demo`` (invented, labelled as demo content), with their
proposals and meetings (one held, with minutes; one to come). Written
through the services, so they reach the public record as real ones do. Idempotent: a
consultation whose title exists already is left alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from openplan.participation import services
from openplan.participation.models import Consultation
from openplan.participation.phases import Action
from openplan.participation.states import ConsultationStatus
from openplan.plans.models import ActionPlan, Commitment

DAY = dt.timedelta(days=1)
OPEN = [
    Action.PROPOSE,
    Action.COMMENT,
    Action.SUPPORT,
    Action.PETITION,
    Action.SIGN,
    Action.ATTEND,
]
HOUR = dt.timedelta(hours=1)

CONSULTATIONS: list[dict[str, Any]] = [
    {
        "plan_of": "DEMO", "commitment": None,
        "title": "Demo: what should the next action plan of the Demo Republic contain?",
        "description": "Demo content. The Demo Ministry of Public Administration co-creates its next action plan. Propose commitments, comment on others' proposals and support the ones you want to see.",
        "phases": [("Proposals and discussion", -7, 30, OPEN), ("The government answers every proposal", 30, 15, [])],
        "proposals": [
            ("resident", "Publish the budget every month as open data", "Demo content. Publish **monthly** budget execution data as CSV, with a plain-language summary.\n\n- per ministry\n- per region", ["open-data", "fiscal-openness"], ["cso"]),
            ("cso", "A register of lobby meetings", "Demo content. Every meeting between officials and lobbyists should be listed within a week, with its topic.", ["lobbying", "anti-corruption-and-integrity"], ["resident"]),
        ],
        # A small threshold so that the demo shows a petition that reached it, and its deadline.
        "petition_threshold": 2,
        "petitions": [
            ("resident", "Demo: open the ministries' meeting calendars", "Demo content. We ask the Demo Ministry of Public Administration to publish the calendars of its minister and senior officials every week.", ["cso", "coordinator"]),
        ],
        "meetings": [
            {"kind": "in_person", "title": "Demo: first co-creation workshop", "day": -3, "address": "Demo Ministry of Public Administration, 1 Demo Square, room 4",
             "agenda": "Demo content.\n\n1. How the action plan is made\n2. Your ideas, in small groups\n3. What happens next",
             "minutes": "Demo content. Thirty people discussed open budgets and lobbying. The groups asked for **monthly** budget data; the ministry will answer every proposal in the response phase.",
             "attendees": 31, "organisations": 9, "born": "Publish the budget every month as open data"},
            {"kind": "hybrid", "title": "Demo: workshop on lobby transparency", "day": 10, "address": "Demo Library, 12 River Street, reading room", "online_url": "https://meet.example.org/demo-lobby",
             "agenda": "Demo content.\n\n1. What a lobby register could contain\n2. Examples from other members", "capacity": 30, "registered": ["resident", "cso"]},
        ],
    },
    {
        "plan_of": None, "commitment": "DEMO-RIV0001",
        "title": "Demo: presupuesto participativo de Riverton 2026",
        "description": "Contenido de demostración. ¿En qué debería invertir la ciudad? Las propuestas en papel recogidas en las bibliotecas se suman a las de la web.",
        "phases": [("Ideas", -10, 20, [Action.PROPOSE, Action.COMMENT]), ("Apoyos", 10, 15, [Action.SUPPORT, Action.COMMENT])],
        "proposals": [
            ("resident", "Más bancos y sombra en el parque del río", "Contenido de demostración. Poner bancos cada cien metros y plantar árboles para dar sombra en verano.", [], []),
        ],
        # Offline input (channel, received days ago, title, body, published name, supports)
        "offline": [
            ("paper", 3, "Una fuente de agua potable en la plaza", "Contenido de demostración. Formulario en papel recogido en la biblioteca central.", "", 14),
            ("letter", 2, "Iluminación en el camino de la escuela", "Contenido de demostración. Carta de una vecina del barrio norte.", "Rosa M.", 3),
        ],
    },
]  # fmt: skip


def demo_consultations(*, people: dict[str, Any]) -> int:
    """Create the demo consultations that do not exist yet; returns how many it created.
    ``people``: "resident", "cso" and "coordinator" accounts, and "city" (Riverton's
    coordinator, who records the offline input of its consultation)."""
    created = 0
    for spec in CONSULTATIONS:
        if Consultation.objects.filter(title=spec["title"]).exists():
            continue
        _consultation(spec, people)
        created += 1
    return created


def _subject(spec: dict[str, Any]) -> ActionPlan | Commitment:
    if spec["commitment"]:
        return Commitment.objects.get(identifier=spec["commitment"])
    return ActionPlan.objects.filter(member__code=spec["plan_of"]).order_by("-number").first()  # type: ignore[return-value]


def _consultation(spec: dict[str, Any], people: dict[str, Any]) -> None:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    consultation = services.consultation_create(
        subject=_subject(spec), title=spec["title"], description=spec["description"],
        is_demo=True, petition_threshold=spec.get("petition_threshold"),
    )  # fmt: skip
    for name, first, days, actions in spec["phases"]:
        services.phase_add(
            consultation=consultation, name=name, start=now + first * DAY,
            end=now + (first + days) * DAY, actions=actions,
        )  # fmt: skip
    services.consultation_transition(consultation=consultation, target=ConsultationStatus.PUBLISHED)
    from openplan.taxonomy.models import Concept

    for author, title, body, tags, supporters in spec["proposals"]:
        proposal = services.proposal_create(
            consultation=consultation, author=people[author], title=title, body=body,
            tags=Concept.objects.filter(notation__in=tags), is_demo=True,
        )  # fmt: skip
        for supporter in supporters:
            services.support_add(proposal=proposal, user=people[supporter])
        services.comment_create(
            proposal=proposal, author=people["cso" if author == "resident" else "resident"],
            body="Demo content. A good idea; who would pay for it?",
        )  # fmt: skip
    _petitions(consultation, spec.get("petitions", []), people)
    for meeting in spec.get("meetings", []):
        _meeting(consultation, meeting, people, now)
    recorder = people.get("city", people["coordinator"])  # Riverton's officer, in the demo
    _offline(consultation, spec.get("offline", []), recorder, now)
    if spec["commitment"] is None:
        first = consultation.proposals.order_by("pk").first()
        if first is not None:
            services.response_set(
                proposal=first, kind="partly",
                reason="Demo content. Monthly data, yes; the regional breakdown needs a new system first.",
                commitments=Commitment.objects.filter(identifier="DEMO0001"),
            )  # fmt: skip


def _petitions(consultation: Consultation, specs: list[Any], people: dict[str, Any]) -> None:
    """Petitions, approved (the demo has no moderator: the loader approves them) and signed by
    demo accounts with their verified addresses (counted at once, no email to confirm)."""
    for author, title, body, signers in specs:
        petition = services.petition_create(
            consultation=consultation, author=people[author], title=title, body=body, is_demo=True
        )
        services.content_approve(target=petition, moderator=None)
        for signer in signers:
            person = people[signer]
            services.signature_create(
                petition=petition, email=person.email, user=person, name=person.display_name,
                show_name=True,
            )  # fmt: skip


def _meeting(consultation: Any, spec: dict[str, Any], people: dict[str, Any], now: Any) -> None:
    start = (now + spec["day"] * DAY).replace(hour=17)
    meeting = services.meeting_create(
        consultation=consultation, kind=spec["kind"], title=spec["title"], agenda=spec["agenda"],
        start=start, end=start + 2 * HOUR, address=spec.get("address", ""),
        online_url=spec.get("online_url", ""), capacity=spec.get("capacity"), is_demo=True,
    )  # fmt: skip
    for person in spec.get("registered", []):
        services.registration_create(meeting=meeting, user=people[person])
    if "minutes" in spec:
        services.meeting_close(
            meeting=meeting, minutes=spec["minutes"], attendees=spec["attendees"],
            organisations=spec["organisations"],
            proposals=consultation.proposals.filter(title=spec["born"]),
        )  # fmt: skip


def _offline(consultation: Consultation, rows: list[Any], recorder: Any, now: Any) -> None:
    """Proposals received offline, each with supports received on paper at the library."""
    for channel, days_ago, title, body, name, supports in rows:
        received = timezone.localdate(now) - days_ago * DAY
        proposal = services.offline_proposal_record(
            consultation=consultation, recorder=recorder, channel=channel, received_on=received,
            title=title, body=body, author_name=name, name_consent=bool(name), is_demo=True,
        )  # fmt: skip
        services.offline_supports_record(
            proposal=proposal, recorder=recorder, channel="paper",
            received_on=timezone.localdate(now), supports=supports,
        )  # fmt: skip
