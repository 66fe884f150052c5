from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView, View

from openplan.accounts import selectors as account_selectors
from openplan.core.health import health_check
from openplan.core.pagecache import cache_public_page
from openplan.core.permissions import PUBLIC, PermissionRequiredMixin
from openplan.participation import selectors as participation_selectors


@method_decorator(cache_public_page, name="dispatch")
class HomeView(PermissionRequiredMixin, TemplateView):
    permission_required = PUBLIC
    template_name = "web/home.html"


@method_decorator(cache_public_page, name="dispatch")
class AccessibilityView(PermissionRequiredMixin, TemplateView):
    permission_required = PUBLIC
    template_name = "web/accessibility.html"


@method_decorator(cache_public_page, name="dispatch")
class AboutView(PermissionRequiredMixin, TemplateView):
    permission_required = PUBLIC
    template_name = "web/about.html"


class DashboardView(PermissionRequiredMixin, TemplateView):
    """A signed-in person's own page: their organisations, open invitations and the meetings
    they registered for."""

    permission_required = "core.view_own_account"
    template_name = "web/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "memberships": account_selectors.membership_list_for_user(user=user),  # type: ignore[arg-type]
            "invitations": account_selectors.invitation_list_for_user(user=user),  # type: ignore[arg-type]
            "registrations": participation_selectors.registrations_upcoming(user=user),
        }


class HealthView(PermissionRequiredMixin, View):
    """A tiny plain-text answer for load balancers and uptime checks (and the benchmarks'
    baseline): it goes through the whole middleware stack but touches no database table."""

    permission_required = PUBLIC

    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


class HealthReadyView(PermissionRequiredMixin, View):
    """Readiness, for monitoring: the database answers and the task queue keeps up. JSON;
    503 when either fails (docs/operations.md, "Health"). Never cached."""

    permission_required = PUBLIC

    def get(self, request: HttpRequest) -> HttpResponse:
        health = health_check()
        response = JsonResponse(health.as_dict(), status=200 if health.ok else 503)
        response["Cache-Control"] = "no-store"
        return response
