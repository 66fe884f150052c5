"""The authentication backends of settings.py, loading the signed-in person of every request
with one statement built once (``core.rows``) instead of a compiled ORM query (ADR 0014). How
people sign in is unchanged: Django's and allauth's own code."""

from __future__ import annotations

from typing import Any

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends, get_user_model

from openplan.core.rows import get_by_pk


class FastUserMixin:
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = get_by_pk(model, user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(FastUserMixin, backends.ModelBackend):
    """Django's: email and password."""


class AuthenticationBackend(FastUserMixin, allauth_backends.AuthenticationBackend):
    """allauth's: what its login, code and signup flows sign people in with."""
