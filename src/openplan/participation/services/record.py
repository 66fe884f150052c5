"""What participation writes to the public record (``core.record``), inside the service's own
transaction. Snapshots hold the public content only: no author, no email, no account."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from openplan.core.record.models import EntryKind, EntryRole, RecordEntry
from openplan.core.record.services import record_append
from openplan.participation.models import (
    Comment,
    Consultation,
    Meeting,
    OfflineInput,
    Petition,
    PetitionAnswer,
    Proposal,
    Response,
)


def consultation_snapshot(consultation: Consultation) -> dict[str, Any]:
    return {
        "member": consultation.member.code,
        "action_plan": consultation.action_plan_id,
        "commitment": consultation.commitment.identifier if consultation.commitment else None,
        "title": consultation.title,
        "description": consultation.description,
        "status": consultation.status,
        "phases": [
            {"name": p.name, "start": p.start.isoformat(), "end": p.end.isoformat(),
             "actions": sorted(p.actions)}
            for p in consultation.phases.order_by("start", "pk")
        ],
    }  # fmt: skip


def proposal_snapshot(proposal: Proposal) -> dict[str, Any]:
    return {
        "consultation": proposal.consultation_id,
        "title": proposal.title,
        "body": proposal.body,
        "language": proposal.language,
        "tags": sorted(
            f"{scheme}/{notation}"
            for scheme, notation in proposal.tags.values_list("scheme__slug", "notation")
        ),
        "status": proposal.status,
        "moderation": proposal.moderation,
        "moderation_reason": proposal.moderation_reason,
    }


def comment_snapshot(comment: Comment) -> dict[str, Any]:
    return {
        "proposal": comment.proposal_id,
        "parent": comment.parent_id,
        "body": comment.body,
        "moderation": comment.moderation,
        "moderation_reason": comment.moderation_reason,
    }


def response_snapshot(response: Response) -> dict[str, Any]:
    return {
        "proposal": response.proposal_id,
        "answer": response.kind,
        "reason": response.reason,
        "commitments": sorted(response.commitments.values_list("identifier", flat=True)),
    }


def petition_snapshot(petition: Petition) -> dict[str, Any]:
    """The petition's public text and state; never a signer (the count is derived data)."""
    return {
        "consultation": petition.consultation_id,
        "title": petition.title,
        "body": petition.body,
        "language": petition.language,
        "threshold": petition.threshold,
        "threshold_reached_at": _iso(petition.threshold_reached_at),
        "answer_due": _iso(petition.answer_due),
        "moderation": petition.moderation,
        "moderation_reason": petition.moderation_reason,
    }


def petition_answer_snapshot(answer: PetitionAnswer) -> dict[str, Any]:
    return {"petition": answer.petition_id, "answer": answer.text}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _snapshot(obj: Proposal | Comment | Petition) -> dict[str, Any]:
    if isinstance(obj, Petition):
        return petition_snapshot(obj)
    return proposal_snapshot(obj) if isinstance(obj, Proposal) else comment_snapshot(obj)


def meeting_snapshot(meeting: Meeting) -> dict[str, Any]:
    """The meeting as announced and, once closed, its minutes, attendance counts and the
    proposals born there. Who registered or attended is personal data: never here."""
    return {
        "consultation": meeting.consultation_id,
        "kind": meeting.kind,
        "title": meeting.title,
        "agenda": meeting.agenda,
        "start": meeting.start.isoformat(),
        "end": meeting.end.isoformat(),
        "address": meeting.address,
        "online_url": meeting.online_url,
        "capacity": meeting.capacity,
        "status": meeting.status,
        "minutes": meeting.minutes,
        "attendees": meeting.attendees,
        "organisations": meeting.organisations,
        "proposals": sorted(meeting.proposals_born.values_list("pk", flat=True)),
    }


def _government(consultation: Consultation) -> tuple[str, str]:
    government = consultation.member.government
    if government is None:
        return "", ""
    return government.name, EntryRole.GOVERNMENT


def record_consultation(*, consultation: Consultation, kind: str) -> RecordEntry:
    organisation, role = _government(consultation)
    return record_append(
        kind=kind,
        object_uri=consultation.get_absolute_url(),
        state=consultation_snapshot(consultation),
        organisation=organisation,
        role=role,
    )


def record_contribution(*, obj: Proposal | Comment | Petition, kind: str) -> RecordEntry:
    """A participant's proposal, comment or petition: no organisation, no role, no name."""
    state = _snapshot(obj)
    return record_append(
        kind=kind, object_uri=obj.get_absolute_url(), state=state, organisation="", role=""
    )


def record_moderation(*, obj: Proposal | Comment | Petition) -> RecordEntry:
    """Moderation acts in the platform's name."""
    state = _snapshot(obj)
    return record_append(
        kind=EntryKind.MODERATION,
        object_uri=obj.get_absolute_url(),
        state=state,
        organisation=settings.OPENPLAN_PUBLISHER_NAME,
        role="",
    )


def record_response(*, response: Response) -> RecordEntry:
    organisation, role = _government(response.proposal.consultation)
    return record_append(
        kind=EntryKind.RESPONSE,
        object_uri=f"{response.proposal.get_absolute_url()}#response",
        state=response_snapshot(response),
        organisation=organisation,
        role=role,
    )


def record_petition_reached(*, petition: Petition) -> RecordEntry:
    """The petition reached its threshold: the platform states it, with the answer's due
    date (the organisation that owes the answer has not acted yet)."""
    return record_append(
        kind=EntryKind.STATUS,
        object_uri=petition.get_absolute_url(),
        state=petition_snapshot(petition),
        organisation=settings.OPENPLAN_PUBLISHER_NAME,
        role="",
    )


def record_petition_answer(*, answer: PetitionAnswer) -> RecordEntry:
    organisation, role = _government(answer.petition.consultation)
    return record_append(
        kind=EntryKind.RESPONSE,
        object_uri=f"{answer.petition.get_absolute_url()}#answer",
        state=petition_answer_snapshot(answer),
        organisation=organisation,
        role=role,
    )


def record_meeting(*, meeting: Meeting, kind: str) -> RecordEntry:
    """A meeting announced, changed, cancelled or closed, in its government's name."""
    organisation, role = _government(meeting.consultation)
    return record_append(
        kind=kind,
        object_uri=meeting.get_absolute_url(),
        state=meeting_snapshot(meeting),
        organisation=organisation,
        role=role,
    )


def offline_snapshot(proposal: Proposal, supports: OfflineInput | None = None) -> dict[str, Any]:
    """A proposal received offline (its content, channel and date: never the author's name,
    which the append-only record could not forget), or supports of it received offline."""
    if supports is not None:
        return {
            "proposal": proposal.pk,
            "channel": supports.channel,
            "received_on": supports.received_on.isoformat(),
            "supports": supports.supports,
        }
    return {
        **proposal_snapshot(proposal),
        "channel": proposal.channel,
        "received_on": proposal.received_on.isoformat() if proposal.received_on else None,
    }


def record_offline(
    *, proposal: Proposal, kind: str, supports: OfflineInput | None = None
) -> RecordEntry:
    """Offline input, in the name of the government whose coordinators recorded it."""
    organisation, role = _government(proposal.consultation)
    suffix = f"#offline-{supports.pk}" if supports is not None else ""
    return record_append(
        kind=kind,
        object_uri=proposal.get_absolute_url() + suffix,
        state=offline_snapshot(proposal, supports),
        organisation=organisation,
        role=role,
    )
