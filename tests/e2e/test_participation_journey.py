"""Taking part through the browser: propose, comment, support (with and without JavaScript),
and submitting a proposal with the keyboard alone."""

from __future__ import annotations

from typing import Any

import pytest

from openplan.participation.models import Proposal
from tests.e2e.conftest import path_of
from tests.participation.world import open_consultation
from tests.personas import build_cast


def open_now() -> Any:
    from django.utils import timezone

    from tests.participation.world import DAY

    return open_consultation(start=timezone.now() - DAY)


def submit(page: Any, label: str) -> None:
    page.click(f"main button[type=submit]:has-text({label!r})")
    page.wait_for_load_state()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_propose_comment_support(new_context: Any, log_in: Any, javascript: bool) -> None:
    cast = build_cast()
    consultation = open_now()
    author_context = new_context(java_script_enabled=javascript)
    log_in(author_context, cast.participant)
    author = author_context.new_page()
    author.goto("/consultations/")
    author.click(f"text={consultation.title}")
    assert "current phase" in author.locator("main").inner_text()
    author.click("text=Make a proposal")
    author.fill("#id_title", "Budgets every month")
    author.fill("#id_body", "Publish the **budget** every month.")
    submit(author, "Publish the proposal")
    proposal = Proposal.objects.get()
    assert path_of(author.url) == proposal.get_absolute_url()
    assert "Your proposal has been published." in author.locator(".messages").inner_text()
    assert author.locator("main strong", has_text="budget").count() == 1

    supporter_context = new_context(java_script_enabled=javascript)
    log_in(supporter_context, cast.cso_member)
    supporter = supporter_context.new_page()
    supporter.goto(proposal.get_absolute_url())
    supporter.fill("#comment_body", "Yes, and as CSV.")
    submit(supporter, "Publish the comment")
    assert "Your comment has been published." in supporter.locator(".messages").inner_text()
    submit(supporter, "Support this proposal")
    assert "1 support" in supporter.locator(".counts").inner_text()
    assert "1 comment" in supporter.locator(".counts").inner_text()
    proposal.refresh_from_db()
    assert (proposal.supports_count, proposal.comments_count) == (1, 1)


def test_submit_a_proposal_with_the_keyboard_alone(context: Any, log_in: Any) -> None:
    cast = build_cast()
    consultation = open_now()
    log_in(context, cast.participant)
    page = context.new_page()
    page.goto(f"/consultations/{consultation.pk}/propose/")

    def tab_to(selector: str, limit: int = 400) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                "document.activeElement.id || document.activeElement.textContent"
            )
            assert focused != "id_website", "the honeypot must never take the focus"
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#id_title")
    page.keyboard.type("Keyboard proposal")
    tab_to("#id_body")
    page.keyboard.type("Written without a mouse.")
    tab_to("main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    proposal = Proposal.objects.get()
    assert (proposal.title, proposal.body) == ("Keyboard proposal", "Written without a mouse.")
    assert path_of(page.url) == proposal.get_absolute_url()
