"""Error pages rendered in the site layout and the person's language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from openplan.core.permissions import requires


@requires("core.view_public")
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/errors/csrf.html", status=403)


@requires("core.view_public")
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/errors/404.html", status=404)


@requires("core.view_public")
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/errors/403.html", status=403)


@requires("core.view_public")
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/errors/400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: context processors may need the database that just failed.
    return HttpResponseServerError(loader.render_to_string("web/errors/500.html"))
