"""The API representation of consultations, proposals, petitions and meetings (``schemas.py``
describes them).
No personal data: an author is named only by the display name they chose to show
(``participation.selectors.public_author_name``); a hidden proposal shows only why."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from openplan.opendata.api.represent import Site, _stamp, member_ref
from openplan.participation.models import Consultation, Meeting, Petition, Proposal
from openplan.participation.selectors import public_author_name
from openplan.plans.selectors import PUBLIC_STATUSES as COMMITMENT_PUBLIC
from openplan.plans.states import PlanStatus

HIDDEN = "hidden by moderation: {reason}"  # the API speaks English, as its field names


def _subject(consultation: Consultation, site: Site) -> dict[str, Any]:
    plan, commitment = consultation.action_plan, consultation.commitment
    kind = "commitment" if commitment else "action_plan" if plan else "member"
    return {
        "kind": kind,
        "member": site.api("member_get", slug=consultation.member.slug),
        "action_plan": site.api("action_plan_get", pk=plan.pk)
        if plan is not None and plan.status != PlanStatus.DRAFT
        else None,
        "commitment": site.api("commitment_get", identifier=commitment.identifier)
        if commitment is not None and commitment.status in COMMITMENT_PUBLIC
        else None,
    }


def consultation(consultation: Consultation, site: Site) -> dict[str, Any]:
    """A public consultation from ``selectors.consultation_list_api`` (phases prefetched)."""
    return {
        "id": consultation.pk,
        "url": site.api("consultation_get", pk=consultation.pk),
        "html_url": site.url(consultation.get_absolute_url()),
        "title": consultation.title,
        "description": consultation.description,
        "description_html": consultation.description_html,
        "status": consultation.status,
        "member": member_ref(consultation.member, site),
        "subject": _subject(consultation, site),
        "phases": [
            {
                "name": phase.name,
                "start": _stamp(phase.start),
                "end": _stamp(phase.end),
                "actions": list(phase.actions),
            }
            for phase in consultation.phases.all()
        ],
        "proposals_url": site.api("consultation_proposals", pk=consultation.pk),
        "petitions_url": site.api("consultation_petitions", pk=consultation.pk),
        "meetings_url": site.api("consultation_meetings", pk=consultation.pk),
        "created_at": _stamp(consultation.created_at),
        "modified": _stamp(consultation.updated_at),
    }


def _response(proposal: Proposal, site: Site) -> dict[str, Any] | None:
    response = proposal.answer
    if response is None:
        return None
    return {
        "kind": response.kind,
        "reason": response.reason,
        "reason_html": response.reason_html,
        "organisation": response.organisation_name,
        "commitments": [
            site.api("commitment_get", identifier=c.identifier) for c in response.commitments.all()
        ],
        "modified": _stamp(response.updated_at),
    }


def proposal(proposal: Proposal, site: Site) -> dict[str, Any]:
    """A shown or hidden proposal from ``selectors.proposal_list_api``."""
    annotated: Any = proposal
    hidden = proposal.is_hidden
    return {
        "id": proposal.pk,
        "url": site.api("proposal_get", pk=proposal.pk),
        "html_url": site.url(proposal.get_absolute_url()),
        "consultation": {
            "id": proposal.consultation_id,
            "url": site.api("consultation_get", pk=proposal.consultation_id),
        },
        "moderation": proposal.moderation,
        "hidden": HIDDEN.format(reason=proposal.moderation_reason) if hidden else None,
        "title": None if hidden else proposal.title,
        "body": None if hidden else proposal.body,
        "body_html": None if hidden else proposal.body_html,
        "language": None if hidden else proposal.language or None,
        "tags": [] if hidden else sorted(tag.uri for tag in proposal.tags.all()),
        "author": None if hidden else public_author_name(proposal),
        "channel": proposal.channel,
        "received_on": proposal.received_on.isoformat() if proposal.received_on else None,
        "status": proposal.status,
        "supports_count": proposal.supports_count,
        "comments_count": proposal.comments_count,
        "response": None if hidden else _response(proposal, site),
        "meeting": site.api("meeting_get", pk=proposal.meeting_id) if proposal.meeting_id else None,
        "created_at": _stamp(proposal.created_at),
        "modified": _stamp(annotated.modified),
    }


def _petition_answer(petition: Petition) -> dict[str, Any] | None:
    answer = petition.answer
    if answer is None:
        return None
    return {
        "text": answer.text,
        "text_html": answer.text_html,
        "organisation": answer.organisation_name,
        "modified": _stamp(answer.updated_at),
    }


def petition(petition: Petition, site: Site) -> dict[str, Any]:
    """A shown or hidden petition from ``selectors.petition_list_api``; never a signer."""
    annotated: Any = petition
    hidden = petition.is_hidden
    reached, due = petition.threshold_reached_at, petition.answer_due
    return {
        "id": petition.pk,
        "url": site.api("petition_get", pk=petition.pk),
        "html_url": site.url(petition.get_absolute_url()),
        "consultation": {
            "id": petition.consultation_id,
            "url": site.api("consultation_get", pk=petition.consultation_id),
        },
        "moderation": petition.moderation,
        "hidden": HIDDEN.format(reason=petition.moderation_reason) if hidden else None,
        "title": None if hidden else petition.title,
        "body": None if hidden else petition.body,
        "body_html": None if hidden else petition.body_html,
        "language": None if hidden else petition.language or None,
        "author": None if hidden else public_author_name(petition),
        "threshold": petition.threshold,
        "signatures_count": petition.signatures_count,
        "threshold_reached_at": _stamp(reached) if reached else None,
        "answer_due": _stamp(due) if due else None,
        "answer": None if hidden else _petition_answer(petition),
        "created_at": _stamp(petition.created_at),
        "modified": _stamp(annotated.modified),
    }


def meeting(meeting: Meeting, site: Site) -> dict[str, Any]:
    """A public meeting from ``selectors.meeting_list_api`` (counts annotated, the proposals
    born there prefetched). Counts only: who registered or attended is never given."""
    annotated: Any = meeting
    closed = meeting.status == "closed"
    return {
        "id": meeting.pk,
        "url": site.api("meeting_get", pk=meeting.pk),
        "html_url": site.url(meeting.get_absolute_url()),
        "ical_url": site.url(reverse("opendata:meeting_ical", kwargs={"pk": meeting.pk})),
        "consultation": {
            "id": meeting.consultation_id,
            "url": site.api("consultation_get", pk=meeting.consultation_id),
        },
        "kind": meeting.kind,
        "title": meeting.title,
        "agenda": meeting.agenda,
        "agenda_html": meeting.agenda_html,
        "start": _stamp(meeting.start),
        "end": _stamp(meeting.end),
        "address": meeting.address or None,
        "online_url": meeting.online_url or None,
        "capacity": meeting.capacity,
        "places_taken": annotated.confirmed_total,
        "waiting": annotated.waiting_total,
        "status": meeting.status,
        "minutes": meeting.minutes if closed else None,
        "minutes_html": meeting.minutes_html if closed else None,
        "attendees": meeting.attendees,
        "organisations": meeting.organisations,
        "proposals": [site.api("proposal_get", pk=p.pk) for p in annotated.born],
        "created_at": _stamp(meeting.created_at),
        "modified": _stamp(meeting.updated_at),
    }
