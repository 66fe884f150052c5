"""What the API answers, described for OpenAPI (``represent.py`` builds the values)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, get_args

from django.core.exceptions import ImproperlyConfigured
from ninja import Schema
from pydantic import ConfigDict, Field

from openplan.plans.states import Completion

CompletionValue = Literal[
    "not-started", "limited", "substantial", "complete", "withdrawn", "no-evidence-available"
]
if set(get_args(CompletionValue)) != set(Completion.values):  # kept in step with plans
    raise ImproperlyConfigured("CompletionValue and plans.states.Completion differ")


class Out(Schema):
    model_config = ConfigDict(extra="forbid")


class ProblemOut(Schema):
    """An RFC 9457 problem (served as ``application/problem+json``)."""

    type: str = Field(examples=["about:blank"])
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


class OrganisationRef(Out):
    slug: str
    name: str
    html_url: str


class MemberRef(Out):
    slug: str
    name: str
    url: str


class MemberOut(MemberRef):
    code: str
    level: Literal["national", "local"]
    region: str
    government: OrganisationRef | None
    commitment_count: int = Field(description="Published and withdrawn commitments.")
    html_url: str
    action_plans_url: str
    commitments_url: str
    created_at: dt.datetime
    updated_at: dt.datetime


class ActionPlanRef(Out):
    id: int
    number: int
    url: str


class ActionPlanOut(ActionPlanRef):
    title: str
    member: MemberRef
    start_year: int
    end_year: int
    status: Literal["co_creation", "submitted", "implementation", "ended"]
    commitment_count: int
    html_url: str
    commitments_url: str
    created_at: dt.datetime
    updated_at: dt.datetime


class MilestoneOut(Out):
    id: int
    position: int
    title: str
    description: str
    due_date: dt.date | None
    completed_on: dt.date | None
    completion: CompletionValue


class EvidenceOut(Out):
    title: str
    kind: Literal["link", "file"]
    url: str
    filename: str | None
    content_type: str | None
    size: int | None


class ProgressUpdateOut(Out):
    id: int
    html_url: str
    reported_on: dt.date
    milestone: int | None = Field(description="The id of the milestone reported on, if any.")
    organisation: OrganisationRef | None
    shadow: bool = Field(description="A co-owner's report, shown beside the government's.")
    completion_before: CompletionValue | None
    completion: CompletionValue
    percent: int | None
    narrative: str
    source: str
    evidence: list[EvidenceOut]
    created_at: dt.datetime


class CommitmentOut(Out):
    identifier: str
    url: str
    html_url: str
    member: MemberRef
    action_plan: ActionPlanRef
    number: str
    title: str
    short_title: str
    status: Literal["published", "withdrawn"]
    completion: CompletionValue | None
    language: str
    theme: str
    problem: str
    description: str
    contribution: str
    relevance: str
    start_date: dt.date | None
    end_date: dt.date | None
    dates_as_written: str
    lead_institution: str
    supporting_institutions: str
    co_owners: list[OrganisationRef]
    budget: str
    links: str
    source_url: str
    tags: list[str] = Field(description="URIs of the concepts the commitment is tagged with.")
    milestones: list[MilestoneOut]
    progress_updates: list[ProgressUpdateOut]
    created_at: dt.datetime
    modified: dt.datetime = Field(
        description="When this representation last changed (the commitment, a milestone, a "
        "progress report or a published version)."
    )


class SchemeOut(Out):
    slug: str
    uri: str
    url: str
    html_url: str
    title: str
    description: str
    publisher: str
    source_url: str
    version: str
    concept_count: int
    concepts_url: str
    skos_turtle_url: str
    skos_jsonld_url: str
    modified: dt.datetime


class ConceptOut(Out):
    uri: str
    notation: str
    scheme: str
    url: str
    pref_label: str
    labels: dict[str, str]
    alt_labels: list[str]
    definition: str
    broader: str | None
    position: int
    introduced_in: str | None
    deprecated_in: str | None
    modified: dt.datetime


class PageOut(Out):
    next: str | None = Field(description="The next page's address; null on the last page.")


class MemberPage(PageOut):
    items: list[MemberOut]


class ActionPlanPage(PageOut):
    items: list[ActionPlanOut]


class CommitmentPage(PageOut):
    items: list[CommitmentOut]


class SchemePage(PageOut):
    items: list[SchemeOut]


class ConceptPage(PageOut):
    items: list[ConceptOut]


class ReleaseRef(Out):
    id: str = Field(description="The release's identifier: the commitment's and a number.")
    number: int
    date: dt.datetime
    tag: Literal["planning", "commitment", "implementation", "assessment", "amendment"]


class ReleaseOut(ReleaseRef):
    commitment: CommitmentOut = Field(description="The commitment as published then.")


class ReleasePage(PageOut):
    items: list[ReleaseOut]


class FieldVersion(Out):
    release_id: str
    date: dt.datetime
    tag: str
    value: Any


class RecordOut(Out):
    identifier: str
    releases: list[ReleaseRef]
    compiled: CommitmentOut | None = Field(
        description="The commitment's latest state, compiled from its releases."
    )
    versioned: dict[str, list[FieldVersion]] = Field(
        description="Each field's value in the first release and each time it changed."
    )


# --- Consultations and proposals ------------------------------------------------------------


class PhaseOut(Out):
    name: str
    start: dt.datetime
    end: dt.datetime = Field(description="The phase is open from `start` until before `end`.")
    actions: list[Literal["propose", "comment", "support", "petition", "sign", "attend"]] = Field(
        description="What participants may do while the phase is open."
    )


class ConsultationSubject(Out):
    kind: Literal["member", "action_plan", "commitment"]
    member: str = Field(description="The member's API address.")
    action_plan: str | None = Field(description="The action plan's API address, if public.")
    commitment: str | None = Field(description="The commitment's API address, if public.")


class ConsultationOut(Out):
    id: int
    url: str
    html_url: str
    title: str
    description: str = Field(description="Markdown source.")
    description_html: str = Field(description="The description rendered and sanitised.")
    status: Literal["published", "archived"]
    member: MemberRef
    subject: ConsultationSubject
    phases: list[PhaseOut]
    proposals_url: str
    petitions_url: str
    meetings_url: str
    created_at: dt.datetime
    modified: dt.datetime


class ConsultationPage(PageOut):
    items: list[ConsultationOut]


class ConsultationRef(Out):
    id: int
    url: str


class ResponseOut(Out):
    kind: Literal["accepted", "partly", "not_accepted", "already_planned", "under_review"]
    reason: str = Field(description="Markdown source.")
    reason_html: str
    organisation: str = Field(description="The organisation that answered.")
    commitments: list[str] = Field(description="API addresses of the commitments it became.")
    modified: dt.datetime


class ProposalOut(Out):
    id: int
    url: str
    html_url: str
    consultation: ConsultationRef
    moderation: Literal["visible", "hidden"]
    hidden: str | None = Field(
        description='"hidden by moderation: <reason>" for a hidden proposal (whose title, '
        "body, author, tags and response are then not shown); null otherwise."
    )
    title: str | None
    body: str | None = Field(description="Markdown source.")
    body_html: str | None = Field(description="The body rendered and sanitised.")
    language: str | None
    tags: list[str] = Field(description="URIs of the concepts the proposal is tagged with.")
    author: str | None = Field(
        description="The display name the author chose to show; null if they chose none; "
        '"deleted participant" once they erased their account. For a proposal received '
        'offline: the name its author agreed to publish, else "offline participant".'
    )
    channel: Literal["online", "paper", "letter", "phone", "meeting", "email", "other"] = Field(
        description="How the proposal was received: online, or offline input recorded by the "
        "consultation's coordinators (paper form, letter, phone call, in-person meeting, email)."
    )
    received_on: dt.date | None = Field(
        description="The day a proposal received offline came in; null for online ones."
    )
    status: Literal["published", "withdrawn"]
    supports_count: int
    comments_count: int
    response: ResponseOut | None
    meeting: str | None = Field(description="The API address of the meeting it came from.")
    created_at: dt.datetime
    modified: dt.datetime = Field(
        description="When the proposal, its response, or its comments or supports last changed."
    )


class ProposalPage(PageOut):
    items: list[ProposalOut]


# --- Petitions ------------------------------------------------------------------------------


class PetitionAnswerOut(Out):
    text: str = Field(description="Markdown source.")
    text_html: str
    organisation: str = Field(description="The organisation that answered.")
    modified: dt.datetime


class PetitionOut(Out):
    id: int
    url: str
    html_url: str
    consultation: ConsultationRef
    moderation: Literal["visible", "hidden"]
    hidden: str | None = Field(
        description='"hidden by moderation: <reason>" for a hidden petition (whose title, '
        "body, author and answer are then not shown); null otherwise."
    )
    title: str | None
    body: str | None = Field(description="Markdown source.")
    body_html: str | None = Field(description="The body rendered and sanitised.")
    language: str | None
    author: str | None = Field(
        description="The display name the author chose to show; null if they chose none; "
        '"deleted participant" once they erased their account.'
    )
    threshold: int = Field(description="Confirmed signatures that oblige an answer.")
    signatures_count: int = Field(
        description="Signatures confirmed by email (who signed is never published)."
    )
    threshold_reached_at: dt.datetime | None
    answer_due: dt.datetime | None = Field(
        description="The deadline of the responsible organisation's answer, once the "
        "threshold is reached."
    )
    answer: PetitionAnswerOut | None
    created_at: dt.datetime
    modified: dt.datetime = Field(
        description="When the petition, its answer or its count last changed."
    )


class PetitionPage(PageOut):
    items: list[PetitionOut]


class MeetingOut(Out):
    id: int
    url: str
    html_url: str
    ical_url: str = Field(description="The meeting as iCalendar (RFC 5545).")
    consultation: ConsultationRef
    kind: Literal["in_person", "online", "hybrid"]
    title: str
    agenda: str = Field(description="Markdown source.")
    agenda_html: str
    start: dt.datetime
    end: dt.datetime
    address: str | None = Field(description="Where it takes place (in person or hybrid).")
    online_url: str | None = Field(description="The link to join (online or hybrid).")
    capacity: int | None = Field(description="Confirmed places; null: no limit.")
    places_taken: int = Field(description="Confirmed registrations (people are not named).")
    waiting: int = Field(description="Registrations on the waiting list.")
    status: Literal["scheduled", "closed", "cancelled"]
    minutes: str | None = Field(description="Markdown source, once the meeting is closed.")
    minutes_html: str | None
    attendees: int | None = Field(description="How many people attended (once closed).")
    organisations: int | None = Field(description="How many organisations they represented.")
    proposals: list[str] = Field(description="API addresses of the proposals born there.")
    created_at: dt.datetime
    modified: dt.datetime


class MeetingPage(PageOut):
    items: list[MeetingOut]
