from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from openplan.core.mfa import mfa_enrolled


class OpenPlanAdminSite(admin.AdminSite):
    site_header = _("OpenPlan administration")
    site_title = _("OpenPlan administration")

    def has_permission(self, request: HttpRequest) -> bool:
        """Platform admins only: an active superuser who has enrolled MFA."""
        user = request.user
        return bool(user.is_active and user.is_superuser and mfa_enrolled(user))
