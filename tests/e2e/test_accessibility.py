"""Every page of the registry, in every language: zero axe-core violations (WCAG 2.2 A/AA)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from tests.e2e.conftest import log_in, set_language
from tests.e2e.pages import REGISTRY, Page, build_world

LANGUAGES = [code for code, _ in settings.LANGUAGES]
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}
axe = Axe()


def describe(violations: list[dict]) -> str:  # type: ignore[type-arg]
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(
            f"    {node['target']}: {node['html'][:160]}" for node in violation["nodes"][:5]
        )
    return "\n".join(lines)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("entry", REGISTRY, ids=[entry.name for entry in REGISTRY])
def test_page_is_accessible_in_every_language(entry: Page, context, live_server) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    if entry.persona != "anonymous":
        log_in(context, world["cast"][entry.persona], live_server)
    page = context.new_page()
    failures = []
    for language in LANGUAGES:
        set_language(context, language, live_server)
        response = page.goto(entry.url(world))
        assert response is not None and response.status in (200, 404), (language, response)
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1, f"{entry.name} [{language}]: exactly one h1"
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures.append(f"{entry.name} [{language}] {page.url}\n{describe(violations)}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("path", ["/", "/accounts/signup/", "/organisations/collective/"])
def test_no_horizontal_scroll_at_320_px(browser, live_server, path: str) -> None:  # type: ignore[no-untyped-def]
    build_world()
    ctx = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = ctx.new_page()
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    ctx.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_skip_link_is_first_and_moves_focus_to_main(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_form_with_errors_is_accessible(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/signup/")
    page.fill("#id_email", "not-an-email")
    page.fill("#id_password1", "short")
    page.fill("#id_password2", "different")
    page.click("main button[type=submit]")
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)


def test_the_checker_finds_violations(page) -> None:  # type: ignore[no-untyped-def]
    """The audit above can fail: an unlabelled field and a wrong contrast are found."""
    page.set_content(
        '<html lang="en"><body><main><h1>Form</h1><input type="text">'
        '<p style="color:#bbb;background:#fff">faint</p></main></body></html>'
    )
    found = {v["id"] for v in axe.run(page, options=AXE_OPTIONS).response["violations"]}
    assert {"label", "color-contrast"} <= found
