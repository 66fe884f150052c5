"""The public read endpoints of participation: consultations, their proposals, petitions and
meetings. As in
``reads.py``: parse, call one selector, represent; ``http.py`` adds ETag, Last-Modified, CORS
and problems around them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from pydantic import Field

from openplan.core.permissions import or_404
from openplan.opendata.api import represent_participation as represent
from openplan.opendata.api import schemas
from openplan.opendata.api import selectors as api_selectors
from openplan.opendata.api.pages import keyset_page
from openplan.opendata.api.problems import Problem
from openplan.opendata.api.reads import (
    LIST_ERRORS,
    NOT_FOUND,
    PageParams,
    _page_body,
    as_utc,
    last_modified,
    site_for,
)

router = Router()
MODIFIED_SINCE = Field(
    None,
    description="Only what changed at or after this time (ISO 8601; UTC if no offset is "
    "given): for incremental harvesting.",
)


class ConsultationFilters(PageParams):
    member: str | None = Field(None, max_length=80, description="A member's slug.")
    status: Literal["published", "archived"] | None = None
    modified_since: dt.datetime | None = MODIFIED_SINCE


@router.get(
    "/consultations",
    response={200: schemas.ConsultationPage, **LIST_ERRORS},
    tags=["consultations"],
)
def consultation_list(request: HttpRequest, filters: Query[ConsultationFilters]) -> dict[str, Any]:
    """Published and archived consultations, in the order they were opened, with their
    phases and subject (a member, an action plan or a commitment)."""
    consultations = api_selectors.consultation_list_api()
    if filters.member:
        if not api_selectors.member_slug_exists(slug=filters.member):
            raise Problem(
                400,
                _("A filter is not valid."),
                [{"loc": ["query", "member"], "msg": _("No such member."), "type": "invalid"}],
            )
        consultations = consultations.filter(member__slug=filters.member)
    if filters.status:
        consultations = consultations.filter(status=filters.status)
    if filters.modified_since is not None:
        consultations = consultations.filter(updated_at__gte=as_utc(filters.modified_since))
    page = keyset_page(
        consultations,
        kind="consultations",
        fields=("id",),
        cursor=filters.cursor,
        limit=filters.limit,
    )
    last_modified(request, *(c.updated_at for c in page.items))
    return _page_body(request, page, represent.consultation)


@router.get(
    "/consultations/{int:pk}",
    response={200: schemas.ConsultationOut, **NOT_FOUND},
    tags=["consultations"],
)
def consultation_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    consultation = or_404(lambda: api_selectors.consultation_get_api(pk=pk))
    last_modified(request, consultation.updated_at)
    return represent.consultation(consultation, site_for(request))


class ProposalFilters(PageParams):
    modified_since: dt.datetime | None = MODIFIED_SINCE


@router.get(
    "/consultations/{int:pk}/proposals",
    response={200: schemas.ProposalPage, **NOT_FOUND},
    tags=["consultations"],
)
def consultation_proposals(
    request: HttpRequest, pk: int, filters: Query[ProposalFilters]
) -> dict[str, Any]:
    """A consultation's proposals in the order they were made: shown ones with their counts,
    tags and response; hidden ones with the moderators' reason only. Proposals waiting for
    a moderator are not listed."""
    return _contributions_page(
        request, pk, filters, "proposals", api_selectors.proposal_list_api,
        api_selectors.proposals_modified_since, represent.proposal,
    )  # fmt: skip


def _contributions_page(
    request: HttpRequest,
    pk: int,
    filters: ProposalFilters,
    kind: str,
    listed: Callable[[], QuerySet[Any]],
    modified_since: Callable[[QuerySet[Any], dt.datetime], QuerySet[Any]],
    representation: Callable[..., dict[str, Any]],
) -> dict[str, Any]:
    """One page of a public consultation's proposals or petitions: ``modified_since``
    filtered, keyset-paged by id, with the newest ``modified`` as Last-Modified."""
    consultation = or_404(lambda: api_selectors.consultation_get_api(pk=pk))
    items = listed().filter(consultation=consultation)
    if filters.modified_since is not None:
        items = modified_since(items, as_utc(filters.modified_since))
    page = keyset_page(
        items,
        kind=f"{kind}:{consultation.pk}",
        fields=("id",),
        cursor=filters.cursor,
        limit=filters.limit,
    )
    last_modified(request, *(item.modified for item in page.items))
    return _page_body(request, page, representation)


@router.get(
    "/proposals/{int:pk}", response={200: schemas.ProposalOut, **NOT_FOUND}, tags=["consultations"]
)
def proposal_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    proposal = or_404(lambda: api_selectors.proposal_get_api(pk=pk))
    last_modified(request, proposal.modified)  # type: ignore[attr-defined]
    return represent.proposal(proposal, site_for(request))


@router.get(
    "/consultations/{int:pk}/petitions",
    response={200: schemas.PetitionPage, **NOT_FOUND},
    tags=["consultations"],
)
def consultation_petitions(
    request: HttpRequest, pk: int, filters: Query[ProposalFilters]
) -> dict[str, Any]:
    """A consultation's petitions in the order they were started: shown ones with their
    threshold, confirmed signatures, deadline and answer; hidden ones with the moderators'
    reason only. Petitions waiting for a moderator are not listed; signers never are."""
    return _contributions_page(
        request, pk, filters, "petitions", api_selectors.petition_list_api,
        api_selectors.petitions_modified_since, represent.petition,
    )  # fmt: skip


@router.get(
    "/petitions/{int:pk}", response={200: schemas.PetitionOut, **NOT_FOUND}, tags=["consultations"]
)
def petition_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    petition = or_404(lambda: api_selectors.petition_get_api(pk=pk))
    last_modified(request, petition.modified)  # type: ignore[attr-defined]
    return represent.petition(petition, site_for(request))


@router.get(
    "/consultations/{int:pk}/meetings",
    response={200: schemas.MeetingPage, **NOT_FOUND},
    tags=["consultations"],
)
def consultation_meetings(
    request: HttpRequest, pk: int, filters: Query[PageParams]
) -> dict[str, Any]:
    """A consultation's meetings in the order they were announced: agenda, place or link,
    places taken and waiting (counts, never names) and, once closed, the minutes, the
    attendance counts and the proposals born there."""
    consultation = or_404(lambda: api_selectors.consultation_get_api(pk=pk))
    meetings = api_selectors.meeting_list_api().filter(consultation=consultation)
    page = keyset_page(
        meetings,
        kind=f"meetings:{consultation.pk}",
        fields=("id",),
        cursor=filters.cursor,
        limit=filters.limit,
    )
    last_modified(request, *(m.updated_at for m in page.items))
    return _page_body(request, page, represent.meeting)


@router.get(
    "/meetings/{int:pk}", response={200: schemas.MeetingOut, **NOT_FOUND}, tags=["consultations"]
)
def meeting_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    meeting = or_404(lambda: api_selectors.meeting_list_api().get(pk=pk))
    last_modified(request, meeting.updated_at)
    return represent.meeting(meeting, site_for(request))
