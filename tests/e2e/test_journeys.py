"""What people do, through the browser as they would: from sign-up to downloading their data,
erasing their account, all of it without JavaScript too, and logging in with the keyboard."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from openplan.accounts.models import Membership, Organisation, User
from openplan.accounts.services import invitation_create
from tests.db_search import rows_mentioning
from tests.e2e.conftest import path_of
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

NEW_PASSWORD = "a long and fresh passphrase 31"


def link_in_mail(to: str, contains: str) -> str:
    """The path of the link containing ``contains`` in the latest email to ``to`` with one."""
    for message in reversed([m for m in mail.outbox if to in m.to]):
        assert "INVALID TEMPLATE VARIABLE" not in message.body
        for url in re.findall(r"https?://\S+", message.body):
            if contains in url:
                return path_of(url)
    raise AssertionError(f"no email to {to} has a link with {contains!r}: {mail.outbox!r}")


def submit(page: Any, label: str = "") -> None:
    """Press the form's submit button (the one labelled ``label`` if the page has several)."""
    button = "main button[type=submit]"
    page.click(f"{button}:has-text({label!r})" if label else button)
    page.wait_for_load_state()


def sign_up_and_verify(page: Any, email: str) -> None:
    """Sign up with the form, open the link of the verification email and confirm: the person
    is then logged in and on their dashboard."""
    page.goto("/accounts/signup/")
    page.fill("#id_email", email)
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    submit(page)
    assert path_of(page.url) == "/accounts/confirm-email/", page.url
    page.goto(link_in_mail(email, "/accounts/confirm-email/"))
    submit(page)
    assert path_of(page.url) == "/dashboard/", page.url
    assert page.locator("h1").inner_text().startswith("Welcome")


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_from_sign_up_to_membership_to_personal_data(new_context: Any, javascript: bool) -> None:
    founder = new_context(java_script_enabled=javascript).new_page()
    sign_up_and_verify(founder, "founder@example.org")

    founder.click("text=Create an organisation")
    founder.fill("#id_name", "Riverton Residents")
    founder.select_option("#id_org_type", "cso")
    founder.fill("#id_description", "Residents of Riverton who want open budgets.")
    submit(founder)
    assert path_of(founder.url) == "/organisations/riverton-residents/"
    assert "Riverton Residents has been created." in founder.locator(".messages").inner_text()

    founder.click("text=Members and invitations")
    founder.fill("#id_email", "friend@example.org")
    founder.select_option("#id_role", "editor")
    submit(founder, "Send invitation")
    assert "An invitation has been sent to friend@example.org." in founder.content()
    invitation_link = link_in_mail("friend@example.org", "/invitations/")

    friend = new_context(java_script_enabled=javascript).new_page()
    sign_up_and_verify(friend, "friend@example.org")
    friend.goto(invitation_link)
    assert "You are invited to join Riverton Residents as Editor." in friend.content()
    friend.click("button[value=accept]")
    friend.wait_for_load_state()
    assert path_of(friend.url) == "/organisations/riverton-residents/"
    assert "Welcome to Riverton Residents." in friend.locator(".messages").inner_text()
    invitee = User.objects.get(email="friend@example.org")
    assert Membership.objects.get(user=invitee).role == "editor"

    founder.goto("/organisations/riverton-residents/members/")
    names = founder.locator("table tbody th").all_inner_texts()
    assert invitee.public_name in names
    assert len(names) == 2
    assert "friend@example.org" not in founder.locator("table").inner_text()  # public names only

    friend.goto("/account/data/")
    with friend.expect_download() as download:
        friend.click("text=Download your data (JSON)")
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == "friend@example.org"
    assert {"email": "friend@example.org", "verified": True, "primary": True} in data[
        "email_addresses"
    ]
    [membership] = data["memberships"]
    assert membership["organisation"] == "Riverton Residents"
    assert membership["role"] == "editor"


def test_account_deletion_leaves_no_personal_data(page: Any) -> None:
    person = UserFactory(email="leaving@example.org", display_name="Lea Leaving")
    stays = OrganisationFactory(name="Stays Here", slug="stays-here")
    MembershipFactory(organisation=stays, role="coordinator")
    MembershipFactory(organisation=stays, user=person, role="editor")
    other = MembershipFactory(role="coordinator")
    invitation_create(
        actor=other.user, organisation=other.organisation, email=person.email, role="member"
    )

    page.goto("/accounts/login/")
    page.fill("#id_login", "leaving@example.org")
    page.fill("#id_password", PASSWORD)
    submit(page)
    assert path_of(page.url) == "/dashboard/"
    assert rows_mentioning("leaving@example.org", "Lea Leaving")  # the search does find them

    page.get_by_role("link", name="Your personal data: download or delete").click()
    page.get_by_role("link", name="Delete your account").click()
    assert path_of(page.url) == "/account/delete/"
    page.fill("#id_password", PASSWORD)
    page.check("#id_confirm")
    submit(page)
    assert path_of(page.url) == "/"
    assert "Your account and personal data have been erased." in page.content()
    assert page.locator("text=Log in").first.is_visible()

    assert not User.objects.filter(email="leaving@example.org").exists()
    assert rows_mentioning("leaving@example.org", "Lea Leaving") == []
    assert Organisation.objects.filter(slug="stays-here").exists()
    assert Membership.objects.filter(organisation=stays).count() == 1


def test_language_switcher_without_javascript(new_context: Any) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/about/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.select_option("#language-select", "fr")
    page.click("text=Change language")
    page.wait_for_load_state()
    assert path_of(page.url) == "/about/"
    assert page.locator("html").get_attribute("lang") == "fr"
    page.goto("/organisations/")
    assert page.locator("html").get_attribute("lang") == "fr"  # the choice is remembered


def test_sign_up_form_without_javascript(new_context: Any) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/accounts/signup/")
    page.fill("#id_email", "nojs@example.org")
    page.fill("#id_password1", "short")
    page.fill("#id_password2", "short")
    submit(page)  # the server checks: the browser does not (the form has novalidate)
    assert page.locator("[data-error-summary]").is_visible()
    assert not User.objects.filter(email="nojs@example.org").exists()
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    submit(page)
    assert path_of(page.url) == "/accounts/confirm-email/"
    assert User.objects.filter(email="nojs@example.org").exists()
    assert link_in_mail("nojs@example.org", "/accounts/confirm-email/")


def focused(page: Any) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.tagName")


def test_log_in_with_the_keyboard_alone(page: Any) -> None:
    UserFactory(email="keys@example.org", display_name="Kim Keys")
    page.goto("/accounts/login/")
    for _ in range(40):  # from the top of the page, through the header, to the form
        page.keyboard.press("Tab")
        if focused(page) == "id_login":
            break
    assert focused(page) == "id_login"
    page.keyboard.type("keys@example.org")
    for _ in range(5):  # past any link in the password's hint ("forgot your password?")
        page.keyboard.press("Tab")
        if focused(page) == "id_password":
            break
    assert focused(page) == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/")
    assert page.locator("h1").inner_text() == "Welcome, Kim Keys"
