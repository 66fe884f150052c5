"""``openplan demo``: load OpenPlan's own demo content (invented, and labelled as such).

Idempotent: running it twice leaves one copy. Demo people log in with the password printed at
the end; staff personas have no MFA yet and will be asked to enrol it before acting in role.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from openplan.accounts.models import Membership, Organisation, User

DEMO_PASSWORD = "demo-password-not-secret"  # noqa: S105 - demo accounts only, printed on screen
DEMO_NOTE = "Demo content: this organisation is invented for demonstration."

ORGANISATIONS = [
    ("Demo Ministry of Public Administration", "demo-ministry", "government"),
    ("Demo City of Riverton", "demo-riverton", "government"),
    ("Demo Open Data Collective", "demo-open-data-collective", "cso"),
    ("Demo Civic Tech Lab", "demo-civic-tech-lab", "academia"),
]

PEOPLE = [
    # email, display name, organisation slug, role
    ("coordinator@demo.openplan.invalid", "Demo Coordinator", "demo-ministry", "coordinator"),
    ("editor@demo.openplan.invalid", "Demo Editor", "demo-ministry", "editor"),
    ("city@demo.openplan.invalid", "Demo City Officer", "demo-riverton", "coordinator"),
    ("cso@demo.openplan.invalid", "Demo CSO Member", "demo-open-data-collective", "coordinator"),
    ("researcher@demo.openplan.invalid", "", "demo-civic-tech-lab", "coordinator"),
    ("resident@demo.openplan.invalid", "Demo Resident", None, None),
]


class Command(BaseCommand):
    help = "Load the demo content."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        organisations = {
            slug: Organisation.objects.update_or_create(
                slug=slug,
                defaults={"name": name, "org_type": org_type, "description": DEMO_NOTE},
            )[0]
            for name, slug, org_type in ORGANISATIONS
        }
        for email, display_name, slug, role in PEOPLE:
            user = self._person(email, display_name)
            if slug and role:
                Membership.objects.update_or_create(
                    organisation=organisations[slug], user=user, defaults={"role": role}
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content loaded: {len(ORGANISATIONS)} organisations, {len(PEOPLE)} people.\n"
                f"Log in as any of {', '.join(p[0] for p in PEOPLE)} "
                f"with the password {DEMO_PASSWORD!r}."
            )
        )

    def _person(self, email: str, display_name: str) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, display_name=display_name)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user
