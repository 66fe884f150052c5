"""Every API error as an RFC 9457 problem (``application/problem+json``).

Problems use the type ``about:blank``: the title is the HTTP status phrase, ``detail`` says what
went wrong in words, and the extension ``errors`` lists each bad parameter or field (``loc``,
``msg``, ``type``) so that a program can point at it.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

CONTENT_TYPE = "application/problem+json"
logger = logging.getLogger("openplan.api")


class Problem(Exception):  # noqa: N818 - it is the RFC's name
    """Raised by endpoints to answer with a problem."""

    def __init__(
        self, status: int, detail: str, errors: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []


def problem_response(
    request: HttpRequest | None,
    status: int,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.path
    if errors:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, default=str),
        status=status,
        content_type=CONTENT_TYPE,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _ninja_errors(exc: NinjaValidationError) -> list[dict[str, Any]]:
    errors = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        errors.append({"loc": loc, "msg": str(error.get("msg", "")), "type": error.get("type", "")})
    return errors


def django_errors(exc: DjangoValidationError, source: str = "body") -> list[dict[str, Any]]:
    """A Django ValidationError (a form's or a service's) as problem ``errors``."""
    if hasattr(exc, "error_dict"):
        return [
            {"loc": [source, field], "msg": str(message), "type": "invalid"}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"loc": [source], "msg": str(message), "type": "invalid"} for message in exc.messages]


def install(api: NinjaAPI) -> None:
    """Make every error the API can raise a problem, and anything unexpected a logged 500
    problem (never Django's HTML page)."""

    @api.exception_handler(Problem)
    def on_problem(request: HttpRequest, exc: Problem) -> HttpResponse:
        return problem_response(request, exc.status, exc.detail, exc.errors)

    @api.exception_handler(NinjaValidationError)
    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = _ninja_errors(exc)
        in_body = any(e["loc"] and e["loc"][0] in ("body", "form", "file") for e in errors)
        status = 422 if in_body else 400
        return problem_response(request, status, _("The request is not valid."), errors)

    @api.exception_handler(AuthenticationError)
    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem_response(
            request,
            401,
            _("A valid, unexpired and unrevoked access token is required."),
            headers={"WWW-Authenticate": 'Bearer realm="openplan"'},
        )

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem_response(request, exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(request, 404, _("There is no such resource."))

    @api.exception_handler(Exception)
    def on_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s", request.path)
        return problem_response(request, 500, _("Something went wrong on our side."))
