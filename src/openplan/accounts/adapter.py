"""How allauth talks to OpenPlan: emails go out through the task queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation

from openplan.core.tasks import email_send


@dataclass(frozen=True)
class Site:
    """What allauth's email templates call ``current_site`` (OpenPlan has no sites framework)."""

    name: str
    domain: str


SITE = Site(
    name=settings.OPENPLAN_SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc or "localhost"
)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render now (in the request's language), send later (in ``openplan worker``)."""
        context = {"current_site": SITE, **context}
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        subject, body, to = str(message.subject), str(message.body), list(message.to)
        transaction.on_commit(
            lambda: email_send.enqueue(subject=subject, body=body, to=to, html=html)
        )

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user.preferred_language = translation.get_language() or "en"
        return super().save_user(request, user, form, commit=commit)
