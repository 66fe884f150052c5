"""Following and being notified through the browser, without JavaScript: follow a proposal,
someone comments, the header counts it, the notifications page lists it, mark it read."""

from __future__ import annotations

from typing import Any

from openplan.participation import services
from tests.e2e.test_participation_journey import open_now, submit
from tests.participation.world import proposal
from tests.personas import build_cast


def test_follow_get_notified_mark_read(new_context: Any, log_in: Any) -> None:
    cast = build_cast()
    idea = proposal(open_now(), cast.participant, title="Budgets every month")
    follower_context = new_context(java_script_enabled=False)
    log_in(follower_context, cast.participant)
    page = follower_context.new_page()
    page.goto(idea.get_absolute_url())
    submit(page, "Follow")
    assert "You follow this now." in page.locator(".messages").inner_text()

    services.comment_create(proposal=idea, author=cast.cso_member, body="Yes, as CSV.")

    page.goto("/about/")
    header_link = page.locator(".account-nav a", has_text="Notifications")
    assert "1 unread" in " ".join(header_link.inner_text().split())
    header_link.click()
    page.wait_for_load_state()
    item = page.locator(".notification--unread")
    assert "New comment on “Budgets every month”." in item.inner_text()
    submit(page, "Mark as read")
    assert page.locator(".notification--unread").count() == 0
    assert "unread" not in page.locator(".account-nav").inner_text()
