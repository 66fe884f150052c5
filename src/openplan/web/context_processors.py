from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from openplan.core.mfa import mfa_enrolled
from openplan.core.permissions import holds_staff_role
from openplan.participation.selectors import notification_unread_count


def site(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    needs_mfa = bool(user.is_authenticated and holds_staff_role(user) and not mfa_enrolled(user))
    return {
        "site_name": settings.OPENPLAN_SITE_NAME,
        "needs_mfa": needs_mfa,
        "is_demo": getattr(settings, "OPENPLAN_DEMO", False),
        # The header's count of unread notifications: a callable, so the template reads it
        # only where it shows it (signed in), from the cache or with one COUNT.
        "notifications_unread": lambda: notification_unread_count(user=user),
    }
