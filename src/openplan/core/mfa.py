from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator


def mfa_enrolled(user: Any) -> bool:
    """True when the user has an active TOTP authenticator (recovery codes alone do not count)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_openplan_mfa_enrolled", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._openplan_mfa_enrolled = cached
    return bool(cached)
