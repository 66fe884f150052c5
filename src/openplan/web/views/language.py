"""The language switcher. It is a GET form (Django's ``set_language`` wants a POST with a CSRF
token), so that public pages carry no per-visitor token and can be cached whole."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language

from openplan.core.permissions import PUBLIC, requires


@requires(PUBLIC)
def switch_language(request: HttpRequest) -> HttpResponse:
    """Remember ``language`` in the language cookie and go back to ``next`` (a local page)."""
    data = request.POST if request.method == "POST" else request.GET
    next_url = data.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    code = data.get("language", "")
    if code and check_for_language(code):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
        )
    return response
