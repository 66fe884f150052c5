"""Signing a petition through the browser without an account, with and without JavaScript:
fill in the form, open the link of the email, confirm, see the count move once."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from openplan.participation.models import Petition, Signature
from tests.e2e.conftest import path_of
from tests.e2e.test_journeys import link_in_mail, submit
from tests.participation.world import DAY, petition, petition_consultation
from tests.personas import build_cast


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_sign_a_petition_and_confirm_by_email(new_context: Any, javascript: bool) -> None:
    cast = build_cast()
    consultation = petition_consultation(start=timezone.now() - DAY, threshold=2)
    started = petition(consultation, cast.participant, cast.moderator)
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(consultation.get_absolute_url())
    page.click("text=Read 1 petition")
    page.click(f"text={started.title}")
    assert "0 confirmed signatures of 2 needed" in page.locator("main").inner_text()
    page.fill("#sign_name", "Ana Lopez")
    page.check("#sign_show_name")
    page.fill("#sign_email", "ana@example.org")
    submit(page, "Sign the petition")
    assert path_of(page.url) == started.get_absolute_url()
    assert "we have sent an email to ana@example.org" in page.locator(".messages").inner_text()
    assert Signature.objects.get().confirmed_at is None

    page.goto(link_in_mail("ana@example.org", "/consultations/signatures/"))
    assert page.locator("h1").inner_text() == "Confirm your signature"
    submit(page, "Confirm my signature")
    assert path_of(page.url) == started.get_absolute_url()
    assert "your signature is confirmed and counts" in page.locator(".messages").inner_text()
    main = page.locator("main").inner_text()
    assert "1 confirmed signature of 2 needed" in main and "Ana Lopez" in main
    assert "ana@example.org" not in page.content()
    page.go_back()
    page.reload()  # the link again: it says the signature counts already
    assert "already confirmed" in page.locator("main").inner_text()
    assert Petition.objects.get().signatures_count == 1
