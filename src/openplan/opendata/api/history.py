"""Release history endpoints: a commitment's releases (immutable snapshots of each public
change) and its record (compiled latest state and per-field history), as in the Open
Contracting Data Standard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from openplan.core.permissions import or_404
from openplan.opendata.api import schemas
from openplan.opendata.api import selectors as api_selectors
from openplan.opendata.api.pages import keyset_page
from openplan.opendata.api.reads import NOT_FOUND, PageParams, last_modified, site_for
from openplan.opendata.models import Release
from openplan.opendata.releases import compile_releases, versioned

router = Router(tags=["release history"])


def _ref(release: Release) -> dict[str, Any]:
    return {
        "id": release.release_id,
        "number": release.number,
        "date": release.date,
        "tag": release.tag,
    }


@router.get("/commitments/{identifier}/releases", response={200: schemas.ReleasePage, **NOT_FOUND})
def release_list(
    request: HttpRequest, identifier: str, params: Query[PageParams]
) -> dict[str, Any]:
    """The commitment's releases, oldest first: each its full public state then."""
    commitment = or_404(lambda: api_selectors.commitment_public(identifier=identifier))
    page = keyset_page(
        api_selectors.release_list_public(commitment=commitment),
        kind=f"releases:{commitment.identifier}",
        fields=("number",),
        cursor=params.cursor,
        limit=params.limit,
    )
    last_modified(request, *(r.date for r in page.items))
    next_url = None
    if page.next_cursor:
        query = request.GET.copy()
        query["cursor"] = page.next_cursor
        next_url = site_for(request).url(request.path + "?" + query.urlencode())
    items = [{**_ref(r), "commitment": r.snapshot} for r in page.items]
    return {"items": items, "next": next_url}


@router.get("/commitments/{identifier}/record", response={200: schemas.RecordOut, **NOT_FOUND})
def release_record(request: HttpRequest, identifier: str) -> dict[str, Any]:
    """The commitment's record: its releases, its state compiled from them, and each field's
    history."""
    commitment = or_404(lambda: api_selectors.commitment_public(identifier=identifier))
    releases = list(api_selectors.release_list_public(commitment=commitment))
    last_modified(request, *(r.date for r in releases))
    return {
        "identifier": commitment.identifier,
        "releases": [_ref(r) for r in releases],
        "compiled": compile_releases(r.snapshot for r in releases),
        "versioned": versioned(releases),
    }
