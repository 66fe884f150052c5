"""Security headers on every response."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client: Client) -> None:
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_a_view_keeps_its_own_policy(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    from django.http import HttpResponse

    from openplan.core.middleware import ContentSecurityPolicyMiddleware

    def sandboxed(request: object) -> HttpResponse:
        response = HttpResponse("x")
        response["Content-Security-Policy"] = "sandbox"
        return response

    response = ContentSecurityPolicyMiddleware(sandboxed)(client.get("/").wsgi_request)
    assert response["Content-Security-Policy"] == "sandbox"
