"""Every page of the registry (tests/e2e/pages.py) in every language: the right ``<html lang>``,
exactly one ``<h1>``, zero axe-core violations of WCAG 2.0, 2.1 and 2.2 at levels A and AA,
no horizontal scrolling at 320 CSS pixels, and nothing refused by the Content-Security-Policy.
Then the skip link, and a form that came back with errors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from tests.e2e.pages import REGISTRY, Page, build_world

LANGUAGES = ("en", "es", "it", "lv", "fr")
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
REFLOW_VIEWPORT = {"width": 320, "height": 640}
axe = Axe()


def test_the_languages_are_the_sites_languages() -> None:
    assert {code for code, _name in settings.LANGUAGES} == set(LANGUAGES)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    return axe.run(page, options=AXE_OPTIONS).response["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per rule, then the first elements that break it and why."""
    lines = []
    for violation in violations:
        lines.append(
            f"  - {violation['id']} ({violation['impact']}): {violation['help']}"
            f" [{violation['helpUrl']}]"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"      at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary:
                lines.append(f"         {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      … and {len(violation['nodes']) - 5} more elements")
    return "\n".join(lines)


def check_page(page: Any, label: str, language: str) -> list[str]:
    """The problems of the page open in ``page``: an empty list if there are none."""
    problems = []
    lang = page.locator("html").get_attribute("lang")
    if lang != language:
        problems.append(f'<html lang="{lang}">, expected "{language}"')
    h1_count = page.locator("h1").count()
    if h1_count != 1:
        problems.append(f"{h1_count} <h1> elements, expected exactly one")
    violations = axe_violations(page)
    if violations:
        problems.append(f"{len(violations)} axe violation(s):\n{describe(violations)}")
    return [f"{label} [{language}]: {problem}" for problem in problems]


@pytest.mark.parametrize("entry", REGISTRY, ids=[entry.name for entry in REGISTRY])
def test_page_is_accessible_in_every_language(
    entry: Page, context: Any, log_in: Any, set_language: Any
) -> None:
    world = build_world()
    if entry.persona != "anonymous":
        log_in(context, world["cast"][entry.persona])
    page = context.new_page()
    refused: list[str] = []  # the Content-Security-Policy must not block anything we serve
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    path = entry.url(world)
    failures = []
    for language in LANGUAGES:
        set_language(context, language)
        response = page.goto(path)
        assert response is not None
        assert response.status == entry.status, f"{path} [{language}]: HTTP {response.status}"
        served = urlsplit(page.url)
        assert served.path == urlsplit(path).path, f"{path} [{language}] went to {page.url}"
        failures += check_page(page, f"{entry.name} ({path})", language)
    page.set_viewport_size(REFLOW_VIEWPORT)  # WCAG 1.4.10: no sideways scrolling at 320 px
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > REFLOW_VIEWPORT["width"]:
        failures.append(f"{entry.name} ({path}): {scroll_width}px wide at a 320px viewport")
    failures += [f"{entry.name} ({path}): {text}" for text in refused]
    assert not failures, "\n".join(failures)


def test_a_form_with_errors_is_accessible(page: Any) -> None:
    """The sign-up form sent back with an invalid address and mismatched passwords: an error
    summary that takes the focus, invalid fields marked and described, and nothing for axe."""
    page.goto("/accounts/signup/")
    page.fill("#id_email", "not-an-email")
    page.fill("#id_password1", "short")
    page.fill("#id_password2", "different")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    email = page.locator("#id_email")
    assert email.get_attribute("aria-invalid") == "true"
    described_by = (email.get_attribute("aria-describedby") or "").split()
    assert described_by and page.locator(f"#{described_by[0]}").inner_text().strip()
    assert summary.locator("a[href='#id_email']").count() == 1
    failures = check_page(page, "sign up with errors", "en")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", ["/", "/accounts/signup/"])
def test_no_horizontal_scroll_at_320_px(new_context: Any, path: str) -> None:
    """WCAG 1.4.10 Reflow: at 320 CSS pixels nothing needs scrolling sideways."""
    page = new_context(viewport=REFLOW_VIEWPORT).new_page()
    page.goto(path)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{path} is {scroll_width}px wide at a 320px viewport"


def test_skip_link_is_first_and_moves_focus_to_main(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    first = page.evaluate(
        "({cls: document.activeElement.className,"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert first == {"cls": "skip-link", "href": "#main"}
    assert page.locator(".skip-link").is_visible()  # it shows when it has the focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"


def test_the_checker_finds_violations(browser: Any) -> None:
    """The audit can fail: an unlabelled field and text without enough contrast are found."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.set_content(
        '<html lang="en"><body><main><h1>Form</h1><input type="text">'
        '<p style="color:#bbb;background:#fff">faint</p></main></body></html>'
    )
    found = {violation["id"] for violation in axe_violations(page)}
    ctx.close()
    assert {"label", "color-contrast"} <= found
