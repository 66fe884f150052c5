"""Every view declares the permission it needs; nothing is reachable by omission.

Class-based views use :class:`PermissionRequiredMixin` and set ``permission_required`` to a
``rules`` permission name. Function views use :func:`requires`. Public pages name
``"core.view_public"``, so the URLconf walk in ``tests/architecture`` can check that no view was
forgotten (deny by default).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from openplan.core.mfa import mfa_enrolled

T = TypeVar("T")
PUBLIC = "core.view_public"
MFA_SETUP_URL = "mfa_activate_totp"
ViewFunc = Callable[..., HttpResponse]

# Set by apps (openplan.accounts) at start-up: tells whether a user holds a staff role and so
# must enrol MFA before acting in it. Core knows nothing of organisations.
staff_role_check: list[Callable[[Any], bool]] = []


def holds_staff_role(user: Any) -> bool:
    return any(check(user) for check in staff_role_check)


def deny(request: HttpRequest) -> HttpResponse:
    """Answer a refused request: log in, enrol MFA, or 403, in that order."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if holds_staff_role(user) and not mfa_enrolled(user):
        messages.warning(
            request,
            _(
                "Your role requires two-factor authentication. Set up an authenticator app "
                "to continue."
            ),
        )
        return redirect(MFA_SETUP_URL)
    raise PermissionDenied


class PermissionRequiredMixin:
    """Check ``permission_required`` against ``get_permission_object()`` before dispatch."""

    permission_required: str = ""

    def get_permission_object(self) -> Any:
        return None

    def has_permission(self) -> bool:
        request: HttpRequest = self.request  # type: ignore[attr-defined]
        return request.user.has_perm(self.permission_required, self.get_permission_object())

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.permission_required:
            raise PermissionDenied  # deny by default: a view that names nothing serves nobody
        if not self.has_permission():
            return deny(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def requires(permission: str) -> Callable[[ViewFunc], ViewFunc]:
    """Decorate a function view with the (object-less) permission it needs."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(permission):
                return deny(request)
            return view(request, *args, **kwargs)

        wrapper.permission_required = permission  # type: ignore[attr-defined]
        return wrapper

    return decorator


def or_404(load: Callable[[], T]) -> T:
    """``load()``, answering "not found" for a missing object and for one the selector hides
    from this person alike (a draft is not revealed by a 403)."""
    try:
        return load()
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
