"""What every API address does around its endpoint: declares its permission (deny by default),
answers OPTIONS and HEAD, refuses unknown query parameters, turns ninja's plain 405 into a
problem, and adds CORS, ETag and Last-Modified with conditional GET (304)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from openplan.opendata.api.problems import problem_response

ViewFunc = Callable[..., HttpResponseBase]
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link",
}


def _preflight(allowed: set[str]) -> HttpResponse:
    response = HttpResponse(status=204)
    methods = ", ".join(sorted(allowed | {"HEAD", "OPTIONS"} if "GET" in allowed else allowed))
    response["Allow"] = methods
    if "GET" in allowed:  # CORS is open for reading only
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        response["Access-Control-Max-Age"] = "86400"
    return response


def _unknown_parameters(request: HttpRequest, known: set[str] | None) -> HttpResponse | None:
    if known is None:
        return None
    unknown = sorted(set(request.GET) - known)
    if not unknown:
        return None
    errors = [
        {"loc": ["query", name], "msg": _("Unknown query parameter."), "type": "unknown"}
        for name in unknown
    ]
    detail = _("Unknown query parameters: %(names)s.") % {"names": ", ".join(unknown)}
    return problem_response(request, 400, detail, errors)


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponseBase:
    """ETag (of the body) and Last-Modified on a successful read, and 304 when the client's
    copy is current."""
    response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    modified = getattr(request, "api_last_modified", None)
    stamp = int(modified.timestamp()) if modified is not None else None
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    conditional = get_conditional_response(
        request, etag=response["ETag"], last_modified=stamp, response=response
    )
    return conditional or response


def _read(request: HttpRequest, response: HttpResponseBase, head: bool) -> HttpResponseBase:
    """A GET's answer: conditional, open to every origin (the 304 too), and empty for HEAD."""
    if response.status_code == 200 and isinstance(response, HttpResponse):
        response = _conditional(request, response)
    for name, value in CORS_HEADERS.items():
        response[name] = value
    if head and isinstance(response, HttpResponse):
        response.content = b""
    return response


def api_view(
    view: ViewFunc,
    *,
    permission: str,
    object_level: bool,
    allowed: set[str],
    query: set[str] | None,
) -> ViewFunc:
    """Wrap a ninja path view. ``permission``: what the address needs; ``object_level``: the
    operation checks it on its object itself (token-authenticated writes); ``allowed``: its
    methods; ``query``: the query parameters its GET takes (None: any)."""
    readable = "GET" in allowed

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not object_level and not request.user.has_perm(permission):
            return problem_response(request, 403, _("You may not do this."))
        if request.method == "OPTIONS":
            return _preflight(allowed)
        head = request.method == "HEAD" and readable
        if head:
            request.method = "GET"
        if request.method not in allowed:
            return _not_allowed(request, allowed)
        if request.method != "GET":
            return view(request, *args, **kwargs)
        unknown = _unknown_parameters(request, query)
        return _read(request, unknown or view(request, *args, **kwargs), head)

    wrapper.permission_required = permission  # type: ignore[attr-defined]
    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


def _not_allowed(request: HttpRequest, allowed: set[str]) -> HttpResponse:
    methods = set(allowed) | ({"HEAD", "OPTIONS"} if "GET" in allowed else {"OPTIONS"})
    detail = _("This address does not answer %(method)s.") % {"method": request.method}
    return problem_response(request, 405, detail, headers={"Allow": ", ".join(sorted(methods))})


def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any address under the API that is not one."""
    response = problem_response(request, 404, _("There is no such resource."))
    response["Access-Control-Allow-Origin"] = "*"
    return response


not_found.permission_required = "core.view_public"  # type: ignore[attr-defined]
not_found.csrf_exempt = True  # type: ignore[attr-defined]
