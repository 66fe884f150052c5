"""Deny by default: every view in the URLconf names the permission it needs.

OpenPlan's own views declare ``permission_required`` (a ``rules`` permission that exists).
Views of third-party apps are listed below with the reason they are safe.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rules
from django.urls import URLPattern, URLResolver, get_resolver

# Views that OpenPlan does not write and that enforce access themselves.
THIRD_PARTY = {
    "allauth.": "allauth checks login, re-authentication and MFA for its own account pages",
}
# Every view under admin/ is wrapped by AdminSite.admin_view, which calls
# OpenPlanAdminSite.has_permission (superuser with MFA); tests/core/test_mfa_and_admin.py.
ADMIN_PREFIX = "admin/"


def walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def declared_permission(pattern: URLPattern) -> str | None:
    view = pattern.callback
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return getattr(view_class, "permission_required", None) or None
    return getattr(view, "permission_required", None)


def is_third_party(pattern: URLPattern) -> bool:
    module = pattern.callback.__module__
    return any(module.startswith(prefix) for prefix in THIRD_PARTY)


PATTERNS = sorted(walk(get_resolver()), key=lambda item: item[0])
OWN = [
    (route, p)
    for route, p in PATTERNS
    if not is_third_party(p) and not route.startswith(ADMIN_PREFIX)
]


def test_the_urlconf_has_own_views() -> None:
    assert len(OWN) >= 15


@pytest.mark.parametrize(("route", "pattern"), OWN, ids=[route for route, _ in OWN])
def test_every_view_declares_an_existing_permission(route: str, pattern: URLPattern) -> None:
    permission = declared_permission(pattern)
    assert permission, f"{route} ({pattern.callback.__module__}) declares no permission"
    assert rules.perm_exists(permission), f"{route}: permission {permission!r} is not defined"


def test_error_handlers_declare_permissions() -> None:
    from openplan.web.views import errors

    for handler in (errors.bad_request, errors.permission_denied, errors.page_not_found):
        assert handler.permission_required == "core.view_public"  # type: ignore[attr-defined]


def test_a_view_without_a_permission_serves_nobody(rf, admin_user) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied
    from django.views.generic import TemplateView

    from openplan.core.permissions import PermissionRequiredMixin

    class Forgotten(PermissionRequiredMixin, TemplateView):
        template_name = "web/home.html"

    request = rf.get("/")
    request.user = admin_user
    with pytest.raises(PermissionDenied):
        Forgotten.as_view()(request)
