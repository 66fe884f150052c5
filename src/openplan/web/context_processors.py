from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from openplan.core.mfa import mfa_enrolled
from openplan.core.permissions import holds_staff_role


def site(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    needs_mfa = bool(user.is_authenticated and holds_staff_role(user) and not mfa_enrolled(user))
    return {
        "site_name": settings.OPENPLAN_SITE_NAME,
        "needs_mfa": needs_mfa,
        "is_demo": getattr(settings, "OPENPLAN_DEMO", False),
    }
