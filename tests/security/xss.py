"""The XSS corpus (``xss_payloads.txt``) and a world that carries it in every user-editable
field, written through the services where a service writes the field, and through the ORM for
what only the admin or the OGP import writes (member names, vocabulary labels and their
translations).

Payloads go round the fields: field ``i`` of round ``r`` holds payload ``(r * F + i) mod P``,
with enough rounds that every payload sits in at least one field, and every field holds
several payloads.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile

from openplan.accounts.models import OrganisationType, User
from openplan.accounts.services import organisation_create, user_update_profile
from openplan.plans import services as plans
from openplan.plans.models import Member
from openplan.plans.states import CommitmentStatus, PlanStatus
from openplan.taxonomy.models import Concept, Scheme
from tests.factories import UserFactory
from tests.personas import Cast, build_cast, enrol_totp

CORPUS = Path(__file__).with_name("xss_payloads.txt")
# What a template would print if it evaluated one of the template-injection payloads.
EVALUATED = "62674"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def load_payloads() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("# ")]


def as_url(payload: str) -> str:
    """A payload inside a valid https URL (URL fields refuse anything else), quotes and
    angle brackets kept as typed so that attribute breaking is tried."""
    return "https://example.org/x?q=" + quote(payload, safe="\"'<>()=;:/`")


# Each field: (name shown in failures, where it is written).
FIELDS = [
    "organisation.name", "organisation.description", "organisation.website",
    "user.display_name", "member.name", "member.region", "action_plan.title",
    "commitment.title", "commitment.short_title", "commitment.problem",
    "commitment.description", "commitment.contribution", "commitment.relevance",
    "commitment.lead_institution", "commitment.supporting_institutions", "commitment.budget",
    "commitment.links", "milestone.title", "milestone.description", "progress.narrative",
    "progress.source", "evidence.link_title", "evidence.url", "evidence.file_name",
    "evidence.file_title", "scheme.title", "scheme.description", "concept.pref_label",
    "concept.label_fr", "concept.label_es", "concept.alt_label", "concept.definition",
    "search.query", "consultation.title", "consultation.description", "phase.name",
    "proposal.title", "proposal.body", "comment.body", "response.reason", "moderation.reason",
    "flag.reason", "token.name", "meeting.title", "meeting.agenda", "meeting.address",
    "meeting.online_url", "meeting.minutes",
]  # fmt: skip
# Fields that take another field's payloads (adding a field would move every payload to
# another field, and some payloads cannot be an evidence file's name).
SHARED = {"offline.author_name": "proposal.title", "offline.scan_name": "comment.body"}


def rounds_needed(payloads: list[str]) -> int:
    return math.ceil(len(payloads) / len(FIELDS))


def assignment(payloads: list[str], rounds: int) -> list[dict[str, str]]:
    n = len(FIELDS)
    return [
        {field: payloads[(r * n + i) % len(payloads)] for i, field in enumerate(FIELDS)}
        for r in range(rounds)
    ]


def _round(r: int, p: dict[str, str], cast: Cast, ministry: Any) -> dict[str, Any]:
    person: User = UserFactory()  # type: ignore[assignment]
    user_update_profile(user=person, display_name=p["user.display_name"], preferred_language="en")
    enrol_totp(person)  # it coordinates its organisation: a staff role
    org = organisation_create(
        actor=person, name=p["organisation.name"], org_type=OrganisationType.CSO,
        description=p["organisation.description"], website=as_url(p["organisation.website"]),
    )  # fmt: skip
    member = Member.objects.create(  # members come from the OGP import or the admin
        name=p["member.name"], region=p["member.region"], slug=f"xss-{r}", code=f"XS{r}",
        level="national", government=ministry,
    )  # fmt: skip
    plan = plans.action_plan_create(
        member=member, data={"title": p["action_plan.title"], "start_year": 2025, "end_year": 2027}
    )
    for status in (PlanStatus.SUBMITTED, PlanStatus.IMPLEMENTATION):
        plan = plans.action_plan_transition(plan=plan, target=status)
    text = {f.split(".")[1]: v for f, v in p.items() if f.startswith("commitment.")}
    data = {**text, "start_date": dt.date(2025, 1, 1), "end_date": dt.date(2026, 12, 31)}
    commitment = plans.commitment_create(action_plan=plan, data=data)
    commitment.co_owners.add(org)
    milestone = plans.milestone_create(
        commitment=commitment, organisation=ministry,
        data={"title": p["milestone.title"], "description": p["milestone.description"]},
    )  # fmt: skip
    for target in (CommitmentStatus.SUBMITTED, CommitmentStatus.PUBLISHED):
        commitment = plans.commitment_transition(
            commitment=commitment, target=target, organisation=ministry
        )
    upload = SimpleUploadedFile(p["evidence.file_name"] + ".pdf", PDF, "application/pdf")
    titled = SimpleUploadedFile("minutes.pdf", PDF, "application/pdf")
    plans.progress_report(
        commitment=commitment, organisation=org, author=person,
        data={"reported_on": dt.date(2025, 6, 1), "completion": "limited", "milestone": milestone,
              "narrative": p["progress.narrative"], "source": p["progress.source"]},
        evidence_links=[(p["evidence.link_title"], as_url(p["evidence.url"]))],
        evidence_files=[("", upload), (p["evidence.file_title"], titled)],
    )  # fmt: skip
    scheme = Scheme.objects.create(  # vocabularies come from the admin or shipped files
        slug=f"xss-{r}", title=p["scheme.title"], description=p["scheme.description"],
        version="1",
    )  # fmt: skip
    concept = Concept.objects.create(
        scheme=scheme, notation=f"xss-{r}", pref_label=p["concept.pref_label"],
        labels={"fr": p["concept.label_fr"], "es": p["concept.label_es"]},
        alt_labels=[p["concept.alt_label"]], definition=p["concept.definition"],
    )  # fmt: skip
    commitment.tags.add(concept)
    return {
        **_participation(p, person, plan, cast),
        "person": person, "organisation": org, "member": member, "plan": plan,
        "commitment": commitment, "milestone": milestone, "scheme": scheme, "concept": concept,
        "query": p["search.query"],
    }  # fmt: skip


def _participation(p: dict[str, str], person: User, plan: Any, cast: Cast) -> dict[str, Any]:
    """A published consultation on the plan with a phase open now, the person's proposal with
    a comment, a comment hidden with a reason, a response, a flag, and the person's access
    token. The participation services refuse script-like text outright (``check_text``, tested
    in tests/participation); the corpus goes in through the ORM, as older or imported content
    would, with its HTML made by the same sanitiser, so that the second defence is tested."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from openplan.core.text import markdown_to_html as html
    from openplan.opendata.services import access_token_create
    from openplan.participation.models import (
        Comment,
        Consultation,
        Flag,
        Meeting,
        ModerationEntry,
        Petition,
        PetitionAnswer,
        Phase,
        Proposal,
        Response,
        Signature,
    )  # fmt: skip

    now = timezone.now()
    consultation = Consultation.objects.create(
        member=plan.member, action_plan=plan, title=p["consultation.title"],
        description=p["consultation.description"],
        description_html=html(p["consultation.description"]), status="published",
    )  # fmt: skip
    Phase.objects.create(
        consultation=consultation, name=p["phase.name"], start=now - dt.timedelta(days=1),
        end=now + dt.timedelta(days=30), actions=["propose", "comment", "support"],
    )  # fmt: skip
    proposal = Proposal.objects.create(
        consultation=consultation, author=person, title=p["proposal.title"],
        body=p["proposal.body"], body_html=html(p["proposal.body"]),
    )  # fmt: skip
    Comment.objects.create(
        proposal=proposal, author=cast.participant, body=p["comment.body"],
        body_html=html(p["comment.body"]),
    )  # fmt: skip
    hidden = Comment.objects.create(
        proposal=proposal, author=cast.participant, body="Off topic", body_html="<p>Off topic</p>",
        moderation="hidden", moderation_reason=p["moderation.reason"],
    )  # fmt: skip
    as_comment = ContentType.objects.get_for_model(Comment)
    ModerationEntry.objects.create(
        content_type=as_comment, object_id=hidden.pk, act="hide", moderator=cast.moderator,
        reason=p["moderation.reason"], object_url=hidden.get_absolute_url(),
    )  # fmt: skip
    Response.objects.create(
        proposal=proposal, kind="under_review", reason=p["response.reason"],
        reason_html=html(p["response.reason"]),
    )  # fmt: skip
    Flag.objects.create(
        content_type=ContentType.objects.get_for_model(Proposal), object_id=proposal.pk,
        user=cast.participant, reason=p["flag.reason"],
    )  # fmt: skip
    access_token_create(user=person, name=p["token.name"], scopes=["progress:write"], days=30)
    # A petition carries the proposal's payloads (new fields would reshuffle the corpus).
    petition = Petition.objects.create(
        consultation=consultation, author=person, title=p["proposal.title"],
        body=p["proposal.body"], body_html=html(p["proposal.body"]), threshold=1,
        signatures_count=1, threshold_reached_at=now, answer_due=now + dt.timedelta(days=90),
    )  # fmt: skip
    Signature.objects.create(
        petition=petition, email="signer@example.org", name=p["comment.body"], show_name=True,
        confirmed_at=now,
    )  # fmt: skip
    PetitionAnswer.objects.create(
        petition=petition, text=p["response.reason"], text_html=html(p["response.reason"]),
    )  # fmt: skip
    meeting = Meeting.objects.create(
        consultation=consultation, kind="hybrid", title=p["meeting.title"],
        agenda=p["meeting.agenda"], agenda_html=html(p["meeting.agenda"]),
        address=p["meeting.address"], online_url=p["meeting.online_url"],
        start=now - dt.timedelta(hours=3), end=now - dt.timedelta(hours=1), status="closed",
        minutes=p["meeting.minutes"], minutes_html=html(p["meeting.minutes"]), attendees=3,
    )  # fmt: skip
    return {
        "consultation": consultation,
        "proposal": proposal,
        "petition": petition,
        "meeting": meeting,
        "offline": _offline(p, consultation, cast),
    }


def _offline(p: dict[str, str], consultation: Any, cast: Cast) -> Any:
    """A proposal received by letter whose author's name (public) and scan's file name (shown
    to the coordinators, cut to its base name as the upload service does) hold payloads."""
    from django.utils import timezone

    from openplan.core.files import display_name
    from openplan.participation.models import OfflineInput, Proposal

    letter = Proposal.objects.create(
        consultation=consultation, title="By letter", body="Text", body_html="<p>Text</p>",
        channel="letter", received_on=timezone.localdate(),
        offline_author_name=p[SHARED["offline.author_name"]],
    )  # fmt: skip
    scan = OfflineInput(
        proposal=letter, channel="letter", received_on=timezone.localdate(),
        recorded_by=cast.coordinator, scan_filename=display_name(p[SHARED["offline.scan_name"]]),
        scan_content_type="application/pdf", scan_size=len(PDF),
    )  # fmt: skip
    scan.scan.save("scan.pdf", SimpleUploadedFile("scan.pdf", PDF), save=False)
    scan.save()
    return letter


def build_xss_world() -> dict[str, Any]:
    """The personas' cast, then one round of objects per slice of the corpus."""
    from openplan.accounts.models import Organisation

    cast = build_cast()
    ministry = Organisation.objects.get(slug="ministry")
    payloads = load_payloads()
    table = assignment(payloads, rounds_needed(payloads))
    return {
        "cast": cast,
        "payloads": payloads,
        "assignment": table,
        "rounds": [_round(r, p, cast, ministry) for r, p in enumerate(table)],
    }


PageOf = Callable[[dict[str, Any]], str]
