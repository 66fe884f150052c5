"""The public read endpoints: members, action plans, commitments, vocabularies and concepts.
Each endpoint parses its parameters, calls a selector and represents the result; ETag,
Last-Modified, CORS and problems are added around them (``http.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from openplan.core.permissions import or_404
from openplan.opendata.api import represent, schemas
from openplan.opendata.api import selectors as api_selectors
from openplan.opendata.api.pages import DEFAULT_LIMIT, MAX_LIMIT, Page, keyset_page
from openplan.opendata.api.problems import Problem
from openplan.opendata.api.represent import Site
from openplan.plans.filters import CommitmentFilterForm, MemberFilterForm

router = Router()
NOT_FOUND: dict[int | tuple[int, ...], Any] = {404: schemas.ProblemOut, 400: schemas.ProblemOut}
LIST_ERRORS: dict[int | tuple[int, ...], Any] = {400: schemas.ProblemOut}


class PageParams(Schema):
    cursor: str | None = Field(
        None, max_length=1000, description="From the `next` link of the previous page."
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items on a page.")


def site_for(request: HttpRequest) -> Site:
    return Site(settings.OPENPLAN_BASE_URL or request.build_absolute_uri("/").rstrip("/"))


def _page_body(
    request: HttpRequest, page: Page, render: Callable[[Any, Site], dict[str, Any]]
) -> dict[str, Any]:
    site = site_for(request)
    next_url = None
    if page.next_cursor:
        query = request.GET.copy()
        query["cursor"] = page.next_cursor
        next_url = site.url(request.path + "?" + query.urlencode())
    return {"items": [render(item, site) for item in page.items], "next": next_url}


def _form_errors(form: Any) -> Problem:
    errors = [
        {"loc": ["query", name], "msg": str(message), "type": "invalid"}
        for name, messages in form.errors.items()
        for message in messages
    ]
    return Problem(400, _("A filter is not valid."), errors)


def request_modified(request: HttpRequest) -> dt.datetime | None:
    return getattr(request, "api_last_modified", None)


def last_modified(request: HttpRequest, *stamps: dt.datetime | None) -> None:
    """Tell ``http.py`` the latest change of what the response shows (Last-Modified)."""
    known = [stamp for stamp in stamps if stamp is not None]
    if known:
        request.api_last_modified = max(known)  # type: ignore[attr-defined]


# --- Members -------------------------------------------------------------------------------


class MemberFilters(PageParams):
    level: Literal["national", "local"] | None = None
    region: str | None = Field(None, max_length=100)


@router.get("/members", response={200: schemas.MemberPage, **LIST_ERRORS}, tags=["members"])
def member_list(request: HttpRequest, filters: Query[MemberFilters]) -> dict[str, Any]:
    """OGP members, national and local, by name."""
    form = MemberFilterForm({"level": filters.level or "", "region": filters.region or ""})
    if not form.is_valid():
        raise _form_errors(form)
    members = api_selectors.member_list_api(**form.cleaned_data)
    page = keyset_page(
        members, kind="members", fields=("name", "slug"), cursor=filters.cursor, limit=filters.limit
    )
    last_modified(request, *(m.updated_at for m in page.items))
    return _page_body(request, page, represent.member)


@router.get("/members/{slug}", response={200: schemas.MemberOut, **NOT_FOUND}, tags=["members"])
def member_get(request: HttpRequest, slug: str) -> dict[str, Any]:
    member = or_404(lambda: api_selectors.member_get_api(slug=slug))
    last_modified(request, member.updated_at)
    return represent.member(member, site_for(request))


# --- Action plans --------------------------------------------------------------------------


class ActionPlanFilters(PageParams):
    member: str | None = Field(None, max_length=80, description="A member's slug.")


@router.get(
    "/action-plans", response={200: schemas.ActionPlanPage, **LIST_ERRORS}, tags=["action plans"]
)
def action_plan_list(request: HttpRequest, filters: Query[ActionPlanFilters]) -> dict[str, Any]:
    """Action plans out of draft, in the order they were created."""
    plans = api_selectors.action_plan_list_api()
    if filters.member:
        plans = plans.filter(member__slug=filters.member)
    page = keyset_page(
        plans, kind="plans", fields=("id",), cursor=filters.cursor, limit=filters.limit
    )
    last_modified(request, *(p.updated_at for p in page.items))
    return _page_body(request, page, represent.action_plan)


@router.get(
    "/action-plans/{int:pk}",
    response={200: schemas.ActionPlanOut, **NOT_FOUND},
    tags=["action plans"],
)
def action_plan_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    plan = or_404(lambda: api_selectors.action_plan_get_api(pk=pk))
    last_modified(request, plan.updated_at)
    return represent.action_plan(plan, site_for(request))


# --- Commitments ---------------------------------------------------------------------------


class CommitmentFilters(PageParams):
    """The filters of the commitment list page (``plans.filters.CommitmentFilterForm``)."""

    q: str | None = Field(None, max_length=200, description="Words in the title or text.")
    member: str | None = Field(None, max_length=80, description="A member's slug.")
    plan: int | None = Field(None, ge=1, le=99, description="With a member: its nth plan.")
    level: Literal["national", "local"] | None = None
    region: str | None = Field(None, max_length=100)
    status: Literal["published", "withdrawn"] | None = None
    completion: schemas.CompletionValue | None = None
    area: str | None = Field(None, max_length=80, description="A policy area's notation.")
    value: str | None = Field(None, max_length=80, description="An OGP value's notation.")
    digital: str | None = Field(None, max_length=80, description="An open-digital notation.")
    year: int | None = Field(None, ge=1990, le=2100, description="A year the plan covers.")
    modified_since: dt.datetime | None = Field(
        None,
        description="Only commitments whose representation changed at or after this time "
        "(ISO 8601; UTC if no offset is given): for incremental harvesting.",
    )


def _filter_form(filters: CommitmentFilters) -> CommitmentFilterForm:
    data = filters.model_dump(exclude={"cursor", "limit", "modified_since"}, exclude_none=True)
    form = CommitmentFilterForm({name: str(value) for name, value in data.items()})
    if not form.is_valid():
        raise _form_errors(form)
    return form


def as_utc(since: dt.datetime) -> dt.datetime:
    """``modified_since`` without an offset is read as UTC (as the OpenAPI document says)."""
    return since if since.tzinfo is not None else since.replace(tzinfo=dt.UTC)


@router.get(
    "/commitments", response={200: schemas.CommitmentPage, **LIST_ERRORS}, tags=["commitments"]
)
def commitment_list(request: HttpRequest, filters: Query[CommitmentFilters]) -> dict[str, Any]:
    """Published and withdrawn commitments by identifier, with milestones, progress reports
    and tags. Filters as on the commitment list page."""
    commitments = _filter_form(filters).apply(api_selectors.commitment_list_api())
    if filters.modified_since is not None:
        since = as_utc(filters.modified_since)
        commitments = api_selectors.commitments_modified_since(commitments, since)
    page = keyset_page(
        commitments,
        kind="commitments",
        fields=("identifier",),
        cursor=filters.cursor,
        limit=filters.limit,
    )
    last_modified(request, *(c.modified for c in page.items))
    return _page_body(request, page, represent.commitment)


@router.get(
    "/commitments/{identifier}",
    response={200: schemas.CommitmentOut, **NOT_FOUND},
    tags=["commitments"],
)
def commitment_get(request: HttpRequest, identifier: str) -> dict[str, Any]:
    commitment = or_404(lambda: api_selectors.commitment_get_api(identifier=identifier))
    last_modified(request, commitment.modified)  # type: ignore[attr-defined]
    return represent.commitment(commitment, site_for(request))


# --- Vocabularies --------------------------------------------------------------------------


@router.get(
    "/vocabularies", response={200: schemas.SchemePage, **LIST_ERRORS}, tags=["vocabularies"]
)
def vocabulary_list(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    """The controlled vocabularies (SKOS concept schemes)."""
    page = keyset_page(
        api_selectors.scheme_list_api(),
        kind="schemes",
        fields=("slug",),
        cursor=params.cursor,
        limit=params.limit,
    )
    last_modified(request, *(s.updated_at for s in page.items))
    last_modified(request, request_modified(request), *(s.concepts_modified for s in page.items))
    return _page_body(request, page, represent.scheme)


@router.get(
    "/vocabularies/{slug}", response={200: schemas.SchemeOut, **NOT_FOUND}, tags=["vocabularies"]
)
def vocabulary_get(request: HttpRequest, slug: str) -> dict[str, Any]:
    scheme = or_404(lambda: api_selectors.scheme_get_api(slug=slug))
    last_modified(request, scheme.updated_at, scheme.concepts_modified)  # type: ignore[attr-defined]
    return represent.scheme(scheme, site_for(request))


@router.get(
    "/vocabularies/{slug}/concepts",
    response={200: schemas.ConceptPage, **NOT_FOUND},
    tags=["vocabularies"],
)
def concept_list(request: HttpRequest, slug: str, params: Query[PageParams]) -> dict[str, Any]:
    """A vocabulary's concepts in their order (broader concepts first)."""
    scheme = or_404(lambda: api_selectors.scheme_get_api(slug=slug))
    page = keyset_page(
        api_selectors.concept_list_api(scheme=scheme),
        kind=f"concepts:{scheme.slug}",
        fields=("position", "id"),
        cursor=params.cursor,
        limit=params.limit,
    )
    last_modified(request, *(c.updated_at for c in page.items))
    return _page_body(request, page, represent.concept)


@router.get(
    "/vocabularies/{slug}/concepts/{notation}",
    response={200: schemas.ConceptOut, **NOT_FOUND},
    tags=["vocabularies"],
)
def concept_get(request: HttpRequest, slug: str, notation: str) -> dict[str, Any]:
    concept = or_404(lambda: api_selectors.concept_get_api(scheme=slug, notation=notation))
    last_modified(request, concept.updated_at)
    return represent.concept(concept, site_for(request))
