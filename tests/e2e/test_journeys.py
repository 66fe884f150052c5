"""What people do, through the browser: sign up to personal data, erasure, no-JS, keyboard."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core import mail

from openplan.accounts.models import Membership, Organisation, User
from tests.db_search import rows_mentioning
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
NEW_PASSWORD = "a long and fresh passphrase 31"


def link_in_last_mail(to: str, pattern: str) -> str:
    """The path of the link matching ``pattern`` in the latest email to ``to`` that has one."""
    for message in reversed([m for m in mail.outbox if to in m.to]):
        assert "INVALID" not in message.body and "OpenPlan" in message.body
        match = re.search(rf"https?://\S*{pattern}\S*", message.body)
        if match:
            return re.sub(r"^https?://[^/]+", "", match.group(0))
    raise AssertionError(f"no email to {to} has a link with {pattern}")


def sign_up(page, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/signup/")
    page.fill("#id_email", email)
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/confirm-email/")


def verify(page, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(link_in_last_mail(email, "/confirm-email/"))
    page.click("main button[type=submit]")


def log_in_with_form(page, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", NEW_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")


def test_from_sign_up_to_personal_data(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    founder = browser.new_context(base_url=live_server.url)
    page = founder.new_page()
    sign_up(page, "founder@example.org")
    verify(page, "founder@example.org")
    page.goto("/accounts/logout/")
    page.click("main button[type=submit]")
    log_in_with_form(page, "founder@example.org")

    page.goto("/organisations/new/")
    page.fill("#id_name", "Riverton Residents")
    page.select_option("#id_org_type", "cso")
    page.click("main button[type=submit]")
    page.wait_for_url("**/organisations/riverton-residents/")
    page.click("text=Members and invitations")
    page.fill("#id_email", "friend@example.org")
    page.select_option("#id_role", "editor")
    page.click("text=Send invitation")
    assert "An invitation has been sent to friend@example.org." in page.content()

    friend = browser.new_context(base_url=live_server.url)
    friend_page = friend.new_page()
    sign_up(friend_page, "friend@example.org")
    verify(friend_page, "friend@example.org")
    friend_page.goto(link_in_last_mail("friend@example.org", "/invitations/"))
    if "/accounts/login/" in friend_page.url:
        friend_page.fill("#id_login", "friend@example.org")
        friend_page.fill("#id_password", NEW_PASSWORD)
        friend_page.click("main button[type=submit]")
    friend_page.click("button[value=accept]")
    friend_page.wait_for_url("**/organisations/riverton-residents/")
    assert Membership.objects.get(user__email="friend@example.org").role == "editor"

    page.goto("/organisations/riverton-residents/members/")
    assert "friend@example.org" not in page.locator("table").inner_text()  # only public names
    assert page.locator("table tbody tr").count() == 2

    friend_page.goto("/account/data/")
    with friend_page.expect_download() as download_info:
        friend_page.click("text=Download your data (JSON)")
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == "friend@example.org"
    assert data["memberships"][0]["organisation"] == "Riverton Residents"
    founder.close()
    friend.close()


def test_account_deletion_leaves_no_personal_data(context, live_server) -> None:  # type: ignore[no-untyped-def]
    person = UserFactory(email="leaving@example.org", display_name="Lea Leaving")
    organisation = OrganisationFactory(name="Stays Here")
    MembershipFactory(organisation=organisation, role="coordinator")
    MembershipFactory(organisation=organisation, user=person, role="editor")
    log_in(context, person, live_server)
    page = context.new_page()
    page.goto("/account/data/")
    page.click("main a.button--danger")
    page.fill("#id_password", PASSWORD)
    page.check("#id_confirm")
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    assert "Your account and personal data have been erased." in page.content()
    assert not User.objects.filter(email="leaving@example.org").exists()
    assert rows_mentioning("leaving@example.org", "Lea Leaving") == []
    assert Organisation.objects.filter(name="Stays Here").exists()


def test_sign_up_and_language_switch_without_javascript(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = ctx.new_page()
    page.goto("/about/")
    page.select_option("#language-select", "fr")
    page.click("text=Change language")
    page.wait_for_url("**/about/")
    assert page.locator("html").get_attribute("lang") == "fr"
    sign_up(page, "nojs@example.org")
    assert User.objects.filter(email="nojs@example.org").exists()
    ctx.close()


def test_log_in_with_the_keyboard_alone(page) -> None:  # type: ignore[no-untyped-def]
    UserFactory(email="keys@example.org")
    page.goto("/accounts/login/")
    page.focus("#id_login")
    page.keyboard.type("keys@example.org")
    for _ in range(3):  # past the "forgot your password?" link in the password's hint
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_password":
            break
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/")
    assert "Welcome" in page.locator("h1").inner_text()
