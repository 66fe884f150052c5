"""Background tasks that belong to no domain app."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def email_send(*, subject: str, body: str, to: list[str], html: str = "") -> int:
    """Send one email. Runs in ``openplan worker`` so a slow mail server never slows a page."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
