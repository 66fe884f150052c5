# ruff: noqa: E501 - demo texts are data; long lines keep them readable
"""``openplan demo``: load OpenPlan's own demo content (invented, and labelled as such).

Idempotent: running it twice leaves one copy. Demo people log in with the password printed at
the end; staff personas have no MFA yet and will be asked to enrol it before acting in role.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from openplan.accounts.models import Membership, Organisation, User
from openplan.core.record.services import checkpoint_issue
from openplan.participation.demo import demo_consultations
from openplan.plans.models import ActionPlan, Commitment, Member, Milestone, ProgressUpdate
from openplan.plans.services import commitment_snapshot
from openplan.plans.services.record import (
    CO_OWNER,
    GOVERNMENT,
    action_plan_snapshot,
    commitment_changed,
    plan_uri,
    progress_snapshot,
    progress_uri,
    record_current_state,
)
from openplan.taxonomy.models import Concept

DEMO_PASSWORD = "demo-password-not-secret"  # nosec B105 # noqa: S105 - demo accounts only, printed on screen
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


MEMBERS = {
    # key: code, name, level, region, government organisation slug
    "ministry": ("DEMO", "Demo Republic", "national", "Europe", "demo-ministry"),
    "riverton": ("DEMO-RIV", "Demo City of Riverton", "local", "Europe", "demo-riverton"),
    "lakeland": ("DEMO-LAK", "Demo Lakeland", "national", "Europe", "demo-ministry"),
}

COMMITMENTS = [
    {
        "identifier": "DEMO0001", "member": "ministry", "language": "en",
        "title": "Publish all public contracts as open data",
        "problem": "Demo content. Contracts are published as scanned documents that nobody can search.",
        "description": "Publish every contract above 10,000 euros in the Open Contracting Data Standard.",
        "tags": ["open-contracting", "open-data", "access-to-information", "public-accountability"],
        "completion": "limited",
        "progress": "Demo content. The first 200 contracts are online.",
        "milestones": [("Adopt the publication rule", "2025-06-30", "complete"),
                       ("Publish contracts of all ministries", "2026-12-31", "limited")],
    },
    {
        "identifier": "DEMO-RIV0001", "member": "riverton", "language": "es",
        "title": "Presupuesto participativo con canales presenciales",
        "problem": "Contenido de demostración. Muchas personas mayores no participan en línea.",
        "description": "Recoger propuestas en bibliotecas y por teléfono, y contarlas junto con las de la web.",
        "tags": ["public-participation-in-budget-fiscal-policy", "digital-inclusion",
                 "civic-participation"],
        "completion": "substantial",
        "progress": "Contenido de demostración. Tres bibliotecas recogen propuestas en papel.",
        "milestones": [("Abrir puntos de recogida en bibliotecas", "2025-09-30", "complete"),
                       ("Publicar la respuesta razonada a cada propuesta", "2026-03-31", "not-started")],
    },
    {
        "identifier": "DEMO-LAK0001", "member": "lakeland", "language": "lv",
        "title": "Atvērtā pirmkoda risinājumi valsts pārvaldē",
        "problem": "Demonstrācijas saturs. Iestādes iegādājas vienu un to pašu programmatūru vairākkārt.",
        "description": "Izveidot katalogu ar atvērtā pirmkoda risinājumiem, ko iestādes var atkārtoti izmantot.",
        "tags": ["digital-transformation", "open-source", "technology-and-innovation"],
        "completion": "not-started",
        "progress": "",
        "milestones": [("Publicēt risinājumu katalogu", "2026-06-30", "not-started")],
    },
    {
        "identifier": "DEMO0002", "member": "ministry", "language": "en",
        "title": "A public register of who owns companies",
        "problem": "Demo content. Nobody can see who is behind the companies that win contracts.",
        "description": "Open the beneficial ownership register to everyone, free of charge, as open data.",
        "tags": ["beneficial-ownership", "anti-corruption-and-integrity", "open-data",
                 "public-accountability"],
        "completion": "substantial",
        "progress": "Demo content. The register is online; the bulk download follows.",
        "shadow": "Demo content. The register is online but half the records lack a natural person.",
        "milestones": [("Amend the company law", "2025-04-30", "complete"),
                       ("Publish the register as open data", "2026-09-30", "substantial")],
    },
]  # fmt: skip


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
        for spec in COMMITMENTS:
            self._commitment(spec, organisations)
        self._record([str(spec["identifier"]) for spec in COMMITMENTS])
        consultations = demo_consultations(
            people={key: User.objects.get(email=f"{key}@demo.openplan.invalid")
                    for key in ("resident", "cso", "coordinator", "city")}
        )  # fmt: skip
        checkpoint_issue()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content loaded: {len(ORGANISATIONS)} organisations, {len(PEOPLE)} people, "
                f"{len(MEMBERS)} OGP members, {len(COMMITMENTS)} commitments, "
                f"{consultations} new consultation(s).\n"
                f"Log in as any of {', '.join(p[0] for p in PEOPLE)} "
                f"with the password {DEMO_PASSWORD!r}."
            )
        )

    def _commitment(self, spec: dict[str, Any], organisations: dict[str, Organisation]) -> None:
        code, name, level, region, government = MEMBERS[spec["member"]]
        member, _ = Member.objects.update_or_create(
            code=code,
            defaults={"name": name, "slug": code.lower(), "level": level, "region": region,
                      "government": organisations[government]},
        )  # fmt: skip
        plan, _ = ActionPlan.objects.update_or_create(
            member=member, number=1,
            defaults={"title": f"{name}: demo action plan 2025–2027", "start_year": 2025,
                      "end_year": 2027, "status": "implementation"},
        )  # fmt: skip
        commitment, created = Commitment.objects.update_or_create(
            identifier=spec["identifier"],
            defaults={
                "action_plan": plan, "title": spec["title"], "language": spec["language"],
                "problem": spec["problem"], "description": spec["description"],
                "start_date": dt.date(2025, 1, 1), "end_date": dt.date(2027, 6, 30),
                "lead_institution": organisations[government].name, "status": "published",
                "completion": spec["completion"],
                "full_text": "Demo content: this commitment is invented for demonstration.",
            },
        )  # fmt: skip
        commitment.tags.set(Concept.objects.filter(notation__in=spec["tags"]))
        if not created:
            return
        for position, (title, due, completion) in enumerate(spec["milestones"]):
            milestone = Milestone.objects.create(
                commitment=commitment, position=position, title=title,
                due_date=dt.date.fromisoformat(due), completion=completion,
            )  # fmt: skip
            if completion != "not-started":
                ProgressUpdate.objects.create(
                    commitment=commitment, milestone=milestone,
                    organisation=organisations[government], reported_on=dt.date(2025, 10, 1),
                    completion=completion, percent=100 if completion == "complete" else 40,
                    narrative=spec["progress"], source="Demo content: invented minutes",
                )  # fmt: skip
        if spec.get("shadow"):
            commitment.co_owners.add(organisations["demo-open-data-collective"])
            ProgressUpdate.objects.create(
                commitment=commitment, organisation=organisations["demo-open-data-collective"],
                reported_on=dt.date(2025, 11, 1), completion="limited", percent=50,
                narrative=spec["shadow"], source="Demo content: invented sample check",
                is_shadow=True,
            )  # fmt: skip

    def _record(self, identifiers: list[str]) -> None:
        """Write the demo's plans, commitments and progress reports to the public record
        (they were written directly, not through the services). Unchanged ones are skipped,
        so loading the demo again appends nothing."""
        commitments = Commitment.objects.filter(identifier__in=identifiers).select_related(
            "action_plan__member__government"
        )
        for commitment in commitments.order_by("identifier"):
            plan, government = commitment.action_plan, commitment.action_plan.member.government
            name = government.name if government else ""
            record_current_state(
                object_uri=plan_uri(plan), state=action_plan_snapshot(plan),
                organisation=name, role=GOVERNMENT,
            )  # fmt: skip
            entries = [record_current_state(
                object_uri=commitment.get_absolute_url(), state=commitment_snapshot(commitment),
                organisation=name, role=GOVERNMENT,
            )]  # fmt: skip
            for update in commitment.progress_updates.select_related("organisation", "milestone"):
                entries.append(record_current_state(
                    object_uri=progress_uri(update), state=progress_snapshot(update),
                    organisation=update.organisation.name,
                    role=CO_OWNER if update.is_shadow else GOVERNMENT,
                ))  # fmt: skip
            changed = [entry for entry in entries if entry is not None]
            if changed:  # one release of the demo commitment as it now stands
                commitment_changed(commitment, changed[0].kind)

    def _person(self, email: str, display_name: str) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, display_name=display_name)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user
