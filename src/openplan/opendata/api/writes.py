"""Write endpoints for officials, authenticated by personal access tokens.

``POST /api/v1/commitments/{identifier}/progress`` reports progress exactly as the progress
form does: the token's person needs ``plans.report_progress`` on the commitment (rules.py), the
input goes through ``plans.forms.ProgressForm`` and then ``plans.services.progress_report``,
which writes the report, its evidence and its public-record entry in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFilesSent, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.security import HttpBearer
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from openplan.core.permissions import or_404
from openplan.opendata import services
from openplan.opendata.api import represent, schemas
from openplan.opendata.api import selectors as api_selectors
from openplan.opendata.api.problems import Problem, django_errors
from openplan.opendata.api.reads import site_for
from openplan.opendata.models import AccessToken, Scope
from openplan.plans import selectors as plans_selectors
from openplan.plans import services as plans_services
from openplan.plans.forms import ProgressForm
from openplan.plans.models import Commitment

router = Router()
PROGRESS_PERMISSION = "plans.report_progress"
# Operations whose permission is checked on their object (URL name → rules permission).
OBJECT_PERMISSIONS: dict[str, str] = {"progress_create": PROGRESS_PERMISSION}
MAX_LINKS = 10


class TokenAuth(HttpBearer):
    """``Authorization: Bearer opt_…``: an active personal access token acts for its person."""

    def authenticate(self, request: HttpRequest, token: str) -> AccessToken | None:
        access = api_selectors.access_token_authenticate(raw=token)
        if access is None:
            return None
        services.access_token_touch(token=access)
        request.user = access.user
        return access


class EvidenceLinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    title: str = Field("", max_length=300)
    url: str = Field(max_length=500, description="An http(s) address.")


class ProgressIn(BaseModel):
    """A progress report. ``source`` is required: where the information comes from."""

    model_config = ConfigDict(extra="forbid", strict=True)

    reported_on: dt.date
    completion: schemas.CompletionValue
    percent: int | None = Field(None, ge=0, le=100)
    narrative: str = Field(min_length=1, max_length=5000)
    source: str = Field(min_length=1, max_length=500)
    milestone: int | None = Field(None, description="The id of one of its milestones.")
    evidence: list[EvidenceLinkIn] = Field(default_factory=list, max_length=MAX_LINKS)


REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/ProgressIn"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["data"],
                "properties": {
                    "data": {"type": "string", "description": "The report as JSON (ProgressIn)."},
                    "evidence_file": {"type": "string", "format": "binary"},
                    "evidence_file_title": {"type": "string", "maxLength": 300},
                },
            }
        },
    },
}
ERRORS = (400, 401, 403, 404, 413, 415, 422)


@router.post(
    "/commitments/{identifier}/progress",
    auth=TokenAuth(),
    response={201: schemas.ProgressUpdateOut, **dict.fromkeys(ERRORS, schemas.ProblemOut)},
    tags=["writing"],
    openapi_extra={"requestBody": REQUEST_BODY},
)
def progress_create(request: HttpRequest, identifier: str) -> Status[dict[str, Any]]:
    """Report progress on a published commitment, with evidence links and optionally a file,
    as the progress form does. Needs a token with the `progress:write` scope of an official of
    the member's government (or of a co-owner, for a shadow report)."""
    token: AccessToken = request.auth  # type: ignore[attr-defined]
    if Scope.PROGRESS_WRITE not in token.scopes:
        raise Problem(403, _("This token does not have the progress:write scope."))
    commitment = or_404(
        lambda: plans_selectors.commitment_get_for_user(identifier=identifier, user=request.user)
    )
    if not request.user.has_perm(PROGRESS_PERMISSION, commitment):
        raise Problem(403, _("You may not report progress on this commitment."))
    report, upload, upload_title = _parse(request)
    form, links = _validated_form(commitment, report, upload)
    organisation = plans_selectors.progress_organisation_for_user(
        commitment=commitment, user=request.user
    )
    if organisation is None:
        raise Problem(403, _("You report for no organisation linked to this commitment."))
    files = [(upload_title, upload)] if upload is not None else []
    try:
        update = plans_services.progress_report(
            commitment=commitment,
            organisation=organisation,
            author=request.user,
            data=form.cleaned_data,
            evidence_links=links,
            evidence_files=files,
        )
    except ValidationError as error:
        raise Problem(422, _("The report was not accepted."), django_errors(error)) from error
    return Status(201, represent.progress_update(update, site_for(request)))


def _parse(request: HttpRequest) -> tuple[ProgressIn, UploadedFile | None, str]:
    """The report from a JSON body, or from the ``data`` field of a multipart form with an
    ``evidence_file``."""
    content_type = request.content_type or ""
    try:
        if content_type == "application/json":
            return _report(request.body), None, ""
        if content_type == "multipart/form-data":
            upload = request.FILES.get("evidence_file")
            title = request.POST.get("evidence_file_title", "")[:300]
            return _report(request.POST.get("data", "").encode()), upload, title
    except RequestDataTooBig as error:
        raise Problem(413, _("The request is too large.")) from error
    except (TooManyFilesSent, MultiPartParserError) as error:
        raise Problem(400, _("The form data could not be read.")) from error
    raise Problem(415, _("Send the report as application/json or multipart/form-data."))


def _report(body: bytes) -> ProgressIn:
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise Problem(
            400,
            _("The body is not valid JSON."),
            [{"loc": ["body"], "msg": str(error), "type": "json_invalid"}],
        ) from error
    if not isinstance(parsed, dict):
        raise Problem(400, _("The body must be a JSON object."))
    try:
        return ProgressIn.model_validate_json(body)
    except PydanticValidationError as error:
        errors = [
            {"loc": ["body", *map(str, e["loc"])], "msg": e["msg"], "type": e["type"]}
            for e in error.errors(include_url=False)
        ]
        raise Problem(422, _("The report is not valid."), errors) from error


def _validated_form(
    commitment: Commitment, report: ProgressIn, upload: UploadedFile | None
) -> tuple[ProgressForm, list[tuple[str, str]]]:
    """The report through the progress form's own fields and checks (the first evidence link
    in its evidence fields, each further link through the same fields); the form and the
    evidence links as cleaned."""
    first = report.evidence[0] if report.evidence else None
    data = {
        "milestone": "" if report.milestone is None else str(report.milestone),
        "reported_on": report.reported_on.isoformat(),
        "completion": report.completion,
        "percent": "" if report.percent is None else str(report.percent),
        "narrative": report.narrative,
        "source": report.source,
        "evidence_title": first.title if first else "",
        "evidence_url": first.url if first else "",
    }
    form = ProgressForm(data, {"evidence_file": upload} if upload else {}, commitment=commitment)
    errors = [] if form.is_valid() else django_errors(ValidationError(form.errors.as_data()))
    links = []
    for n, link in enumerate(report.evidence):
        try:
            url = ProgressForm.base_fields["evidence_url"].clean(link.url)
        except ValidationError as error:
            errors += [
                {"loc": ["body", "evidence", str(n), "url"], "msg": m, "type": "invalid"}
                for m in error.messages
            ]
        else:
            links.append((link.title, url))
    if errors:
        raise Problem(422, _("The report is not valid."), errors)
    return form, links


def openapi_components() -> dict[str, Any]:
    """The request body's schemas, for the OpenAPI document (ninja sees no body parameter)."""
    schema = ProgressIn.model_json_schema(ref_template="#/components/schemas/{model}")
    definitions = schema.pop("$defs", {})
    return {"ProgressIn": schema, **definitions}
