"""Taking part through the browser: propose, comment, support (with and without JavaScript),
the government's reasoned response seen by the participant, and submitting a proposal with
the keyboard alone."""

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


def test_propose_comment_support_and_a_reasoned_response(new_context: Any, log_in: Any) -> None:
    """The issue's journey: a participant proposes, another comments and supports, the
    coordinator answers "accepted" with the commitment it became, and the participant reads
    the answer on the proposal page and "1 of 1 answered" in the report."""
    from openplan.plans.models import Commitment

    cast = build_cast()
    consultation = open_now()
    commitment = Commitment.objects.create(
        identifier="DMO0007", action_plan=consultation.action_plan, title="Monthly budgets",
        status="published",
    )  # fmt: skip
    author_context = new_context(java_script_enabled=False)
    log_in(author_context, cast.participant)
    author = author_context.new_page()
    author.goto(f"/consultations/{consultation.pk}/propose/")
    author.fill("#id_title", "Budgets every month")
    author.fill("#id_body", "Publish the budget every month.")
    submit(author, "Publish the proposal")
    proposal = Proposal.objects.get()

    supporter_context = new_context()
    log_in(supporter_context, cast.cso_member)
    supporter = supporter_context.new_page()
    supporter.goto(proposal.get_absolute_url())
    supporter.fill("#comment_body", "Yes, please.")
    submit(supporter, "Publish the comment")
    submit(supporter, "Support this proposal")
    assert "1 support" in supporter.locator(".counts").inner_text()

    coordinator_context = new_context()
    log_in(coordinator_context, cast.coordinator)
    coordinator = coordinator_context.new_page()
    coordinator.goto(proposal.get_absolute_url())
    coordinator.click("text=Respond to this proposal")
    coordinator.select_option("#id_kind", "accepted")
    coordinator.fill("#id_reason", "It becomes commitment **DMO0007** of the plan.")
    coordinator.check(f"input[name=commitments][value='{commitment.pk}']")
    submit(coordinator, "Publish the response")
    assert "The response has been published." in coordinator.locator(".messages").inner_text()

    author.goto(proposal.get_absolute_url())
    main = author.locator("main").inner_text()
    assert "Accepted · Ministry of Demo Affairs" in main
    assert "It becomes commitment DMO0007 of the plan." in main
    author.click("text=DMO0007: Monthly budgets")
    assert path_of(author.url) == commitment.get_absolute_url()
    author.goto(f"/consultations/{consultation.pk}/report/")
    report = author.locator("main")
    assert "1 of 1 answered" in report.inner_text()
    row = report.locator("tbody tr", has_text="Budgets every month")
    assert "Accepted" in row.inner_text() and "DMO0007" in row.inner_text()


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


def test_a_coordinator_records_a_letter_and_supports_on_paper(
    new_context: Any, log_in: Any, tmp_path: Any
) -> None:
    """Offline input through the browser (without JavaScript): a letter with its scan, then
    supports received on paper; the public sees the channel and the totals per channel."""
    from django.utils import timezone

    cast = build_cast()
    consultation = open_now()
    scan = tmp_path / "letter.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    context = new_context(java_script_enabled=False)
    log_in(context, cast.coordinator)
    page = context.new_page()
    page.goto(consultation.get_absolute_url())
    page.click("text=Record a proposal received offline")
    page.select_option("#id_channel", "letter")
    page.fill("#id_received_on", timezone.localdate().isoformat())
    page.fill("#id_title", "Benches at bus stops")
    page.fill("#id_body", "Written by hand.")
    page.set_input_files("#id_scan", str(scan))
    submit(page, "Publish the proposal")
    letter = Proposal.objects.get()
    assert letter.channel == "letter" and letter.offline_inputs.get().scan_name == "letter.pdf"
    page.click("text=Record supports received offline")
    page.select_option("#id_channel", "paper")
    page.fill("#id_received_on", timezone.localdate().isoformat())
    page.fill("#id_supports", "12")
    submit(page, "Count the supports")
    assert "12 supports" in page.locator(".counts").inner_text()

    public = new_context().new_page()
    public.goto(letter.get_absolute_url())
    text = public.locator("main").inner_text()
    assert "by an offline participant, received by letter on" in text
    assert "12 supports received by paper form on" in text and "scan:" not in text
    public.goto(consultation.get_absolute_url())
    table = public.locator("table", has_text="Proposals and supports by channel")
    assert "Letter\t1\t0" in table.inner_text() and "Paper form\t0\t12" in table.inner_text()
