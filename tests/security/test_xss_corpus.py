"""The XSS corpus itself, and what the browser test (tests/e2e/test_xss.py) relies on: every
payload lands in a field, every field gets several payloads, and the pages show the payloads
as text (escaped), so the browser test looks at pages that really carry them."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from openplan.accounts.models import OrganisationType
from openplan.accounts.services import organisation_create
from openplan.core.files import display_name
from openplan.plans import services as plans
from tests.security.xss import (
    FIELDS,
    SHARED,
    assignment,
    build_xss_world,
    load_payloads,
    rounds_needed,
)


def test_the_corpus_has_over_a_hundred_distinct_payloads() -> None:
    payloads = load_payloads()
    assert len(payloads) >= 100
    assert len(set(payloads)) == len(payloads)
    assert all(len(p) <= 80 for p in payloads)  # the shortest field: a display name


def test_every_payload_goes_into_a_field_and_every_field_gets_several() -> None:
    payloads = load_payloads()
    table = assignment(payloads, rounds_needed(payloads))
    used = {value for row in table for value in row.values()}
    assert used == set(payloads)
    for field in FIELDS:
        assert len({row[field] for row in table}) == len(table) >= 3


@pytest.mark.django_db
def test_script_urls_are_refused_where_a_link_is_entered(cast: Any) -> None:
    for url in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>"):
        with pytest.raises(ValidationError):
            organisation_create(
                actor=cast.participant, name="X", org_type=OrganisationType.CSO, website=url
            )


@pytest.mark.django_db
def test_the_pages_show_the_payloads_as_text() -> None:
    world = build_xss_world()
    first, row = world["rounds"][0], world["assignment"][0]
    page = Client().get(first["commitment"].get_absolute_url()).content.decode()
    shown = [
        "commitment.title", "commitment.problem", "commitment.lead_institution", "milestone.title",
        "progress.narrative", "progress.source", "evidence.link_title", "evidence.file_title",
        "organisation.name", "concept.pref_label",
    ]  # fmt: skip
    for field in shown:
        assert html.escape(row[field]) in page, field
    assert html.escape(row["evidence.file_name"]) in page  # the file's name is its title
    # Every text field of the commitment form is among the fields, and its edit page shows
    # each one's payload (budget and links appear only there).
    editable = {name for name in plans.EDITABLE_FIELDS if not name.endswith("_date")}
    assert {f"commitment.{name}" for name in editable} <= set(FIELDS)
    official = Client()
    official.force_login(world["cast"].official)
    form = official.get(first["commitment"].get_absolute_url() + "edit/").content.decode()
    for name in editable:
        assert html.escape(row[f"commitment.{name}"]) in form, name


@pytest.mark.django_db
def test_the_participation_pages_show_the_payloads_as_text() -> None:
    world = build_xss_world()
    first, row = world["rounds"][0], world["assignment"][0]
    proposal = Client().get(first["proposal"].get_absolute_url()).content.decode()
    for field in ("proposal.title", "moderation.reason"):
        assert html.escape(row[field]) in proposal, field
    consultation = Client().get(first["consultation"].get_absolute_url()).content.decode()
    for field in ("consultation.title", "phase.name", "meeting.title"):
        assert html.escape(row[field]) in consultation, field
    meeting = Client().get(first["meeting"].get_absolute_url()).content.decode()
    for field in ("meeting.title", "meeting.address"):
        assert html.escape(row[field]).replace("\n", "<br>") in meeting, field
    letter = Client().get(first["offline"].get_absolute_url()).content.decode()
    assert html.escape(row[SHARED["offline.author_name"]]) in letter
    coordinator = Client()
    coordinator.force_login(world["cast"].coordinator)
    letter = coordinator.get(first["offline"].get_absolute_url()).content.decode()
    assert html.escape(display_name(row[SHARED["offline.scan_name"]])) in letter
    owner = Client()
    owner.force_login(first["person"])
    tokens = owner.get("/account/api-tokens/").content.decode()
    assert html.escape(row["token.name"]) in tokens
    petition = Client().get(first["petition"].get_absolute_url()).content.decode()
    for field in ("proposal.title", "comment.body"):  # the petition's title, a signer's name
        assert html.escape(row[field]) in petition, field
