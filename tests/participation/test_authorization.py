"""Every participation URL × persona × consultation state (published, draft) → allowed or
denied, in one table (the shape of tests/architecture's matrix, whose letters it uses):
A anonymous, P participant (the proposal's author), C CSO member, O the ministry's editor,
G its coordinator (the consultation's coordinator), R reviewer, M moderator, X admin."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver

from openplan.participation import services
from tests.participation.world import (
    DAY,
    T0,
    meeting,
    petition,
    petition_consultation,
    proposal,
)

pytestmark = pytest.mark.django_db

PERSONAS = {
    "A": "anonymous", "P": "participant", "C": "cso_member", "O": "official",
    "G": "coordinator", "R": "reviewer", "M": "moderator", "X": "admin",
}  # fmt: skip
ALL, SIGNED_IN = "APCOGRMX", "PCOGRMX"
STATES = ("published", "draft")
# route (under consultations/) → allowed personas in a published and in a draft consultation.
# A GET on a POST-only view that answers 405 counts as allowed: the view ran for that person.
MATRIX: dict[str, tuple[str, str]] = {
    "": (ALL, ALL),
    "<int:pk>/": (ALL, "GX"),
    "<int:pk>/proposals/": (ALL, "GX"),
    "new/<str:kind>/<int:pk>/": ("GX", "GX"),
    "<int:pk>/phases/new/": ("GX", "GX"),
    "<int:pk>/phases/<int:phase>/": ("GX", "GX"),
    "<int:pk>/phases/<int:phase>/delete/": ("GX", "GX"),
    "<int:pk>/offline/": ("GX", "GX"),
    "proposals/<int:pk>/offline-supports/": ("GX", "GX"),
    "offline/<int:pk>/<str:filename>": ("GX", "GX"),  # a scan: never public
    "<int:pk>/status/": ("GX", "GX"),
    "<int:pk>/propose/": (SIGNED_IN, "GX"),
    "<int:pk>/report/": (ALL, "GX"),
    "proposals/<int:pk>/": (ALL, "GX"),
    "proposals/<int:pk>/edit/": ("PX", "X"),
    "proposals/<int:pk>/withdraw/": ("PX", "X"),
    "proposals/<int:pk>/comment/": (SIGNED_IN, "GX"),
    "proposals/<int:pk>/support/": (SIGNED_IN, "GX"),
    "proposals/<int:pk>/unsupport/": (SIGNED_IN, "GX"),
    "proposals/<int:pk>/respond/": ("GX", "GX"),
    "follow/<str:kind>/<int:pk>/": (SIGNED_IN, SIGNED_IN),
    "flag/<str:kind>/<int:pk>/": (SIGNED_IN, "GX"),
    "moderation/": (ALL, ALL),
    "moderation/queue/": ("MX", "MX"),
    "moderate/<str:kind>/<int:pk>/": ("MX", "X"),
    "<int:pk>/petitions/": (ALL, "GX"),
    "<int:pk>/petitions/new/": (SIGNED_IN, "GX"),
    "petitions/<int:pk>/": (ALL, "GX"),
    "petitions/<int:pk>/sign/": (ALL, "X"),  # no account needed; never in a draft
    "petitions/<int:pk>/answer/": ("GX", "GX"),
    "signatures/<str:token>/": (ALL, ALL),  # a made-up token: a page that says it is not valid
    "<int:pk>/meetings/new/": ("GX", "GX"),
    "meetings/<int:pk>/": (ALL, "GX"),
    "meetings/<int:pk>/register/": (SIGNED_IN, "GX"),
    "meetings/<int:pk>/unregister/": (SIGNED_IN, "GX"),
    "meetings/<int:pk>/close/": ("GX", "GX"),
    "meetings/<int:pk>/cancel/": ("GX", "GX"),
}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DENIAL_REDIRECTS = ("/accounts/login/", "/accounts/2fa/totp/activate/")


def routes() -> set[str]:
    resolver = next(
        entry for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and getattr(entry, "namespace", "") == "participation"
    )  # fmt: skip
    return {str(pattern.pattern) for pattern in resolver.url_patterns}


def denied(response: Any) -> bool:
    if response.status_code in (403, 404):
        return True
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return location.split("?")[0].endswith(DENIAL_REDIRECTS)


def path_of(
    route: str, consultation: Any, idea: Any, workshop: Any, scan: Any, petition_: Any
) -> str:
    pk = idea.pk if route.startswith(("proposals/", "flag/", "moderate/")) else consultation.pk
    kind = "consultation" if route.startswith("follow/") else "proposal"
    if route.startswith("new/"):
        kind, pk = "plan", consultation.action_plan_id
    if route.startswith("petitions/"):
        pk = petition_.pk
    if route.startswith("meetings/"):
        pk = workshop.pk
    if route.startswith("offline/"):
        pk = scan.pk
    values = {"pk": str(pk), "kind": kind, "token": "made-up", "filename": scan.scan_name,
              "phase": consultation.phases.first().pk}  # fmt: skip
    return "/consultations/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).format(**values)


def test_every_participation_route_is_in_the_matrix() -> None:
    assert routes() == set(MATRIX)


def test_each_persona_is_allowed_or_denied_as_the_matrix_says(cast) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(T0 + DAY, tick=False):
        objects, petitions = {}, {}
        for state in STATES:
            consultation = petition_consultation()
            idea = proposal(consultation, cast.participant)
            petitions[state] = petition(consultation, cast.participant, cast.moderator)
            workshop = meeting(consultation)
            letter = services.offline_proposal_record(
                consultation=consultation, recorder=cast.coordinator, channel="letter",
                received_on=T0.date(), title="By letter", body="Text",
                scan=SimpleUploadedFile("letter.pdf", PDF),
            )  # fmt: skip
            scan = letter.offline_inputs.get()
            if state == "draft":
                consultation.status = "draft"
                consultation.save(update_fields=["status"])
            objects[state] = (consultation, idea, workshop, scan)
        services.comment_create(proposal=objects["published"][1], author=cast.official, body="c")
        clients = {}
        for letter, name in PERSONAS.items():
            clients[letter] = Client()
            if name != "anonymous":
                clients[letter].force_login(cast[name])
        mismatches = []
        for route, allowed_in in MATRIX.items():
            for state, allowed in zip(STATES, allowed_in, strict=True):
                path = path_of(route, *objects[state], petitions[state])
                for letter, client in clients.items():
                    response = client.get(path)
                    if (not denied(response)) != (letter in allowed):
                        mismatches.append(
                            f"{route} [{state}] {PERSONAS[letter]}: {response.status_code} "
                            f"(expected {'allowed' if letter in allowed else 'denied'})"
                        )
    assert not mismatches, "\n".join(mismatches)
