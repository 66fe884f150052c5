"""``openplan send-digests``: the daily notification digests. Run it once a day (cron or a
systemd timer, docs/notifications.md); running it again sends nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openplan.participation.services import digests_send


class Command(BaseCommand):
    help = "Email the daily digest of notifications to everyone who chose it (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digests_send()
        self.stdout.write(
            f"{sent['emails']} digest(s) sent with {sent['notifications']} notification(s)."
        )
