"""The XSS corpus (tests/security/xss_payloads.txt, 100+ payloads) goes through every
user-editable field (tests/security/xss.py); then every page that shows those fields is loaded
in Chromium, twice:

- with the Content-Security-Policy switched off (``bypass_csp``), so that escaping alone is
  tested: a payload that became markup would run;
- with the policy as served, listening for ``securitypolicyviolation`` events: a refusal means
  a payload became markup and only the policy stopped it.

Three signals say a payload ran or could run: a hooked ``alert``/``confirm``/``prompt``/
``print``/``xss`` was called (or a dialog opened), a CSP violation was reported, or the page
holds an element a payload would leave behind (an event-handler attribute, a script URL, an
iframe, object, embed, base or refresh). Template-injection payloads would print 62674.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from tests.security.xss import EVALUATED, build_xss_world

HOOKS = """
window.__xss = [];
const hit = (how) => (...args) => { window.__xss.push(how + "(" + args.join(",") + ")"); };
for (const name of ["alert", "confirm", "prompt", "print", "xss"]) { window[name] = hit(name); }
document.addEventListener("securitypolicyviolation", (e) => {
  window.__xss.push("CSP " + e.violatedDirective + ": " + (e.sample || e.blockedURI));
});
"""

SCAN = """() => {
  const found = [];
  const urls = ["href", "src", "action", "formaction", "xlink:href", "data", "poster"];
  const scripted = /^(javascript|vbscript|data:text\\/html)/;
  const odd = ["IFRAME", "FRAME", "OBJECT", "EMBED", "BASE", "MARQUEE", "ISINDEX", "KEYGEN"];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toUpperCase();
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (name.startsWith("on")) found.push(tag + " " + name + "=" + attr.value);
      if (name === "srcdoc" || (urls.includes(name) && scripted.test(value)))
        found.push(tag + " " + name + "=" + attr.value);
    }
    if (odd.includes(tag)) found.push(tag);
    if (tag === "META" && el.hasAttribute("http-equiv")) found.push("META http-equiv");
    if (tag === "SCRIPT" && !el.src) found.push("inline SCRIPT " + el.textContent.slice(0, 60));
    const foreign = tag === "LINK" && !el.href.startsWith(location.origin);
    if (tag === "STYLE" || foreign) found.push(tag + " " + (el.textContent || el.href));
  }
  return {ran: window.__xss || [], left: found, text: document.body.innerText};
}"""


def pages_of(world: dict[str, Any]) -> list[tuple[Any, str, str, bool]]:
    """(persona, language, path, also with the policy on) of every page that shows a field
    of the world. Every page is loaded with the policy off; the lists and the first round's
    pages also with it on (the policy is the same on every page; the time is not)."""
    pages: list[tuple[Any, str, str, bool]] = [
        ("anonymous", "en", path, True)
        for path in (
            "/", "/commitments/", "/commitments/?sort=title", "/commitments/members/",
            "/organisations/", "/record/", "/vocab/", "/search/?q=alert",
            "/search/?q=script+img", "/consultations/", "/consultations/moderation/",
        )
    ]  # fmt: skip
    for n, r in enumerate(world["rounds"]):
        detail = r["commitment"].get_absolute_url()
        plan, concept, organisation = r["plan"].pk, r["concept"], r["organisation"]
        for persona, language, path in (
            ("anonymous", "en", detail),
            ("anonymous", "en", detail + "history/"),
            ("anonymous", "en", reverse("plans:action_plan_detail", args=[plan])),
            ("anonymous", "en", reverse("plans:member_detail", args=[r["member"].slug])),
            ("anonymous", "en", organisation.get_absolute_url()),
            ("anonymous", "en", r["scheme"].get_absolute_url()),
            ("anonymous", "en", concept.get_absolute_url()),
            ("anonymous", "fr", concept.get_absolute_url()),
            ("anonymous", "es", reverse("taxonomy:scheme_detail", args=[r["scheme"].slug])),
            ("anonymous", "en", "/search/?" + urlencode({"q": r["query"]})),
            ("official", "en", detail + "edit/"),
            ("official", "en", detail + "milestones/"),
            ("official", "en", reverse("plans:action_plan_edit", args=[plan])),
            (r, "en", "/account/profile/"),
            (r, "en", organisation.get_absolute_url() + "edit/"),
            (r, "en", organisation.get_absolute_url() + "members/"),
            ("anonymous", "en", r["consultation"].get_absolute_url()),
            (
                "anonymous",
                "en",
                reverse("participation:proposal_list", args=[r["consultation"].pk]),
            ),
            ("anonymous", "en", r["proposal"].get_absolute_url()),
            ("anonymous", "en", r["meeting"].get_absolute_url()),
            (
                "anonymous",
                "en",
                reverse("participation:consultation_report", args=[r["consultation"].pk]),
            ),
            ("anonymous", "en", r["petition"].get_absolute_url()),
            (
                "anonymous",
                "en",
                reverse("participation:petition_list", args=[r["consultation"].pk]),
            ),
            ("moderator", "en", reverse("participation:moderation_queue")),
            ("anonymous", "en", r["offline"].get_absolute_url()),
            ("coordinator", "en", r["offline"].get_absolute_url()),
            (r, "en", "/account/api-tokens/"),
        ):
            pages.append((persona, language, path, n == 0))
    return pages


class Browser:
    """One page per (persona, language, policy), its hooks installed, logged in as needed."""

    def __init__(self, new_context: Callable[..., Any], log_in: Any, set_language: Any) -> None:
        self.new_context, self.log_in, self.set_language = new_context, log_in, set_language
        self.pages: dict[tuple[Any, ...], Any] = {}
        self.dialogs: list[str] = []

    def page(self, user: Any, language: str, enforce_csp: bool) -> Any:
        key = (user.pk if user else None, language, enforce_csp)
        if key not in self.pages:
            context = self.new_context(bypass_csp=not enforce_csp)
            context.add_init_script(HOOKS)
            self.set_language(context, language)
            if user is not None:
                self.log_in(context, user)
            page = context.new_page()
            page.on("dialog", self._dialog)
            self.pages[key] = page
        return self.pages[key]

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type} dialog: {dialog.message}")
        dialog.dismiss()

    def problems(self, page: Any, path: str) -> list[str]:
        """What ran on the page loaded at ``path``, or what was left there to run."""
        seen = page.evaluate(SCAN)
        ran, left = seen["ran"] + self.dialogs, seen["left"]
        self.dialogs.clear()
        found = [f"{path}: ran {ran}"] if ran else []
        found += [f"{path}: left {left}"] if left else []
        if EVALUATED in seen["text"]:
            found.append(f"{path}: a template payload was evaluated")
        return found


def test_no_payload_of_the_corpus_runs_on_any_page(
    new_context: Callable[..., Any], log_in: Any, set_language: Any
) -> None:
    world = build_xss_world()
    assert len(world["payloads"]) >= 100
    browser = Browser(new_context, log_in, set_language)
    problems: list[str] = []
    loads = 0
    for persona, language, path, with_policy in pages_of(world):
        if persona == "anonymous":
            user = None
        else:
            user = persona["person"] if isinstance(persona, dict) else world["cast"][persona]
        for enforce_csp in (False, True) if with_policy else (False,):
            page = browser.page(user, language, enforce_csp)
            response = page.goto(path)
            assert response is not None and response.status == 200, (path, response)
            problems += browser.problems(page, f"{path} ({language}, CSP {enforce_csp})")
            loads += 1
    assert not problems, "\n".join(problems)
    assert loads >= 90


CONTROL = "<!doctype html><html><body><h1>control</h1>%s</body></html>"


def _serve(body: str, headers: dict[str, str]) -> Callable[[Any], None]:
    def handle(route: Any) -> None:
        route.fulfill(body=body, content_type="text/html", headers=headers)

    return handle


def test_the_detectors_catch_a_payload_that_became_markup(
    new_context: Callable[..., Any], log_in: Any, set_language: Any, live_server: Any
) -> None:
    """The same checks on a page that prints payloads without escaping them (served by the
    browser itself): each signal fires, so the test above can fail."""
    browser = Browser(new_context, log_in, set_language)
    cases = {
        "<script>alert(1)</script>": "ran ['alert(1)']",
        "<img src=x onerror=xss(2)>": "ran ['xss(2)']",
        '<a href="javascript:alert(3)">x</a>': "left ['A href=javascript:alert(3)']",
        "{{31337*2}} 62674": "a template payload was evaluated",
    }
    for enforce_csp in (False, True):
        page = browser.page(None, "en", enforce_csp)
        for payload, expected in cases.items():
            headers = {"Content-Security-Policy": "script-src 'self'"} if enforce_csp else {}
            page.route("**/control", _serve(CONTROL % payload, headers))
            page.goto(live_server.url + "/control")
            found = " ".join(browser.problems(page, "/control"))
            if enforce_csp and "ran" in expected:
                assert "CSP script-src" in found, (payload, found)  # refused, and reported
            else:
                assert expected in found, (payload, found)
            page.unroute("**/control")
