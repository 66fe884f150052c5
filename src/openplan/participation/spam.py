"""Spam protection without puzzles (WCAG 2.2, 3.3.8): a honeypot field that people never
see, and rate limits per account and per IP address counted in the cache."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.adapter import get_adapter
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HONEYPOT = "website"


class HoneypotForm(forms.Form):
    """A form with a field hidden from people (``hidden`` on its wrapper: not shown, not
    announced, not focusable); bots that fill every field give themselves away."""

    website = forms.CharField(
        label=gettext_lazy("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get(HONEYPOT):
            raise ValidationError(_("Your contribution could not be accepted."), code="honeypot")
        return cleaned


def _parse(rate: str) -> tuple[int, int]:
    count, seconds = rate.split("/")
    return int(count), int(seconds)


def _hit(key: str, rate: str) -> bool:
    """Count one contribution in the current window; True if it goes over the limit."""
    limit, seconds = _parse(rate)
    window = int(time.time()) // seconds
    full_key = f"participation-rate:{key}:{window}"
    cache.add(full_key, 0, timeout=seconds)
    try:
        used = cache.incr(full_key)
    except ValueError:  # evicted between add and incr
        cache.set(full_key, 1, timeout=seconds)
        used = 1
    return used > limit


def rate_limit_check(request: HttpRequest) -> None:
    """Count a contribution by this account and this address; a ValidationError with a clear
    message once either is over its limit (nothing is then written)."""
    address = get_adapter(request).get_client_ip(request)
    over = [
        _hit(f"account:{request.user.pk}", settings.OPENPLAN_CONTRIBUTION_RATE_ACCOUNT),
        _hit(f"address:{address}", settings.OPENPLAN_CONTRIBUTION_RATE_ADDRESS),
    ]
    if any(over):
        raise ValidationError(
            _(
                "You have sent many contributions in a short time. Please wait a while "
                "(at most an hour) and try again; what you wrote is still in the form."
            ),
            code="rate_limited",
        )


def signature_rate_check(request: HttpRequest) -> None:
    """Count a signing request from this address (signing needs no account, and each one
    sends an email); a ValidationError once over OPENPLAN_SIGNATURE_RATE_ADDRESS."""
    address = get_adapter(request).get_client_ip(request)
    if _hit(f"signature:{address}", settings.OPENPLAN_SIGNATURE_RATE_ADDRESS):
        raise ValidationError(
            _(
                "Many signatures have come from your network in a short time. Please wait a "
                "while (at most an hour) and try again."
            ),
            code="rate_limited",
        )
