"""``openplan reconcile-counters``: recompute every proposal's and petition's counters from
the rows."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openplan.participation.services import reconcile_counters, signatures_purge_unconfirmed


class Command(BaseCommand):
    help = (
        "Recompute supports, comments and confirmed signatures counters from the rows; "
        "report the drift fixed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        drift = reconcile_counters()
        for pk, stored, real in drift.supports:
            self.stdout.write(f"proposal {pk}: supports {stored} → {real}")
        for pk, stored, real in drift.comments:
            self.stdout.write(f"proposal {pk}: comments {stored} → {real}")
        for pk, stored, real in drift.signatures:
            self.stdout.write(f"petition {pk}: signatures {stored} → {real}")
        self.stdout.write(
            f"{drift.checked} proposals and petitions checked, {drift.fixed} counter(s) fixed."
        )
        purged = signatures_purge_unconfirmed()
        if purged:
            self.stdout.write(f"{purged} unconfirmed signature(s) with long-expired links deleted.")
