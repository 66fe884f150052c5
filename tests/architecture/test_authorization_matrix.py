"""The authorization matrix: every URL pattern of the URLconf × persona × object state →
allowed or denied, in one table-driven test (docs/roles-and-permissions.md says why).

Personas are one letter each (tests/personas.py): A anonymous, P participant, C a coordinator
of the civil-society organisation that co-owns every commitment, O an editor of the
government body (the member's government), G its coordinator, R reviewer, M moderator,
X platform admin (every staff persona has MFA). A cell lists who is allowed; everyone else
must be denied (deny by default). The URLconf is walked: a pattern missing from ``MATRIX``
fails the test, so a new view cannot go unclassified.

"Denied" is what ``core.permissions.deny`` and the selectors answer: 403, 404 (a draft is not
revealed), or a redirect to the login page, to MFA enrolment or to the admin's login.
"Allowed" is any other answer of the view (a page, a redirect after success, a 405 for a GET
on a form that only takes POST, a 400 for bad parameters): the view ran for that person.
Every request is a GET, so no state changes between cells.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from openplan.core.record.services import record_append
from tests.architecture.authz_world import (
    COMMITMENT_STATES,
    CONSULTATION_STATES,
    MEETING_STATES,
    ORGANISATION_KINDS,
    PETITION_STATES,
    PLAN_STATES,
    PROPOSAL_STATES,
    build_world,
)

pytestmark = pytest.mark.django_db

PERSONAS = {
    "A": "anonymous", "P": "participant", "C": "cso_member", "O": "official",
    "G": "coordinator", "R": "reviewer", "M": "moderator", "X": "admin",
}  # fmt: skip
ALL = "APCOGRMX"
SIGNED_IN = "PCOGRMX"
ADMIN = "X"
C4, P2, O2 = COMMITMENT_STATES, PLAN_STATES, ORGANISATION_KINDS
CN2, PR2 = CONSULTATION_STATES, PROPOSAL_STATES
PE3, ME2 = PETITION_STATES, MEETING_STATES
DENIAL_REDIRECTS = ("/accounts/login/", "/accounts/2fa/totp/activate/", "/admin/login/")

Row = tuple[tuple[str, ...], dict[str, str]]


def same(states: tuple[str, ...], allowed: str) -> Row:
    return states, dict.fromkeys(states, allowed)


def per(states: tuple[str, ...], *allowed: str) -> Row:
    return states, dict(zip(states, allowed, strict=True))


NONE = ("-",)
# route → (object states, allowed personas per state)
MATRIX: dict[str, Row] = {
    # web, record, open data: public
    "": same(NONE, ALL),
    "about/": same(NONE, ALL),
    "accessibility/": same(NONE, ALL),
    "search/": same(NONE, ALL),
    "health/": same(NONE, ALL),
    "health/ready/": same(NONE, ALL),
    "dashboard/": same(NONE, SIGNED_IN),
    "record/": same(NONE, ALL),
    "record/checkpoint.json": same(NONE, ALL),
    "record/entries/<int:sequence>/proof.json": same(NONE, ALL),
    "record/consistency.json": same(NONE, ALL),
    "catalog": same(NONE, ALL),
    "catalog.<str:fmt>": same(NONE, ALL),
    "feeds/commitments.atom": same(NONE, ALL),
    "feeds/progress.atom": same(NONE, ALL),
    "feeds/consultations.atom": same(NONE, ALL),
    "feeds/members/<slug:slug>/commitments.atom": same(NONE, ALL),
    # one object's feed: public objects only (a draft is not found, even for its officials)
    "feeds/consultations/<int:pk>.atom": per(CN2, "", ALL),
    "feeds/proposals/<int:pk>.atom": same(PR2, ALL),
    "feeds/commitments/<str:identifier>.atom": per(C4, "", "", ALL, ALL),
    "sitemap.xml": same(NONE, ALL),
    "sitemap-<slug:section>.xml": same(NONE, ALL),
    "robots.txt": same(NONE, ALL),
    "i18n/setlang/": same(NONE, ALL),
    # accounts: one's own account
    "account/profile/": same(NONE, SIGNED_IN),
    "account/data/": same(NONE, SIGNED_IN),
    "account/data/download/": same(NONE, SIGNED_IN),
    "account/delete/": same(NONE, SIGNED_IN),
    # one's own notifications (POST-only forms answer a GET with 405); the unsubscribe page
    # of an email answers anyone with the signed token in its address (no login needed)
    "account/notifications/": same(NONE, SIGNED_IN),
    "account/notifications/<int:pk>/read/": same(NONE, SIGNED_IN),
    "account/notifications/read-all/": same(NONE, SIGNED_IN),
    "account/notifications/settings/": same(NONE, SIGNED_IN),
    "account/notifications/unsubscribe/<str:token>/": same(NONE, ALL),
    # organisations: the civil-society one (C coordinates it) and the government body
    # (O edits, G coordinates; both with MFA)
    "organisations/": same(NONE, ALL),
    "organisations/new/": same(NONE, SIGNED_IN),
    "organisations/<slug:slug>/": same(O2, ALL),
    "organisations/<slug:slug>/edit/": per(O2, "CX", "OGX"),
    "organisations/<slug:slug>/members/": per(O2, "CX", "GX"),
    "organisations/<slug:slug>/members/<int:pk>/role/": per(O2, "CX", "GX"),
    "organisations/<slug:slug>/members/<int:pk>/remove/": per(O2, "CX", "GX"),
    "organisations/<slug:slug>/invitations/<int:pk>/revoke/": per(O2, "CX", "GX"),
    "organisations/<slug:slug>/leave/": per(O2, "CX", "OGX"),
    # an invitation to the participant: shown to nobody else
    "invitations/pending/<int:pk>/": same(NONE, "P"),
    "invitations/<str:token>/": same(NONE, SIGNED_IN),
    # vocabularies
    "vocab/": same(NONE, ALL),
    "vocab/<slug:scheme>/": same(NONE, ALL),
    "vocab/<slug:scheme>/skos.<str:fmt>": same(NONE, ALL),
    "vocab/<slug:scheme>/<slug:notation>/": same(NONE, ALL),
    # members, action plans (a draft plan is its officials' only)
    "commitments/": same(NONE, ALL),
    "commitments/commitments.csv": same(NONE, ALL),
    "commitments/members/": same(NONE, ALL),
    "commitments/members/<slug:slug>/": same(NONE, ALL),
    "commitments/members/<slug:slug>/plans/new/": same(NONE, "OGX"),
    "commitments/plans/<int:plan>/": per(P2, "OGX", ALL),
    "commitments/plans/<int:plan>/edit/": same(P2, "OGX"),
    "commitments/plans/<int:plan>/status/": per(P2, "OGX", "GX"),
    "commitments/plans/<int:plan>/new/": same(P2, "OGX"),
    # commitments by state: draft, submitted, published, withdrawn
    "commitments/evidence/<int:pk>/<str:filename>": per(C4, "OGX", "OGX", ALL, ALL),
    "commitments/<str:identifier>/": per(C4, "OGX", "OGX", ALL, ALL),
    # the history lists published versions: a commitment never published has none to show
    "commitments/<str:identifier>/history/": per(C4, "", "", ALL, ALL),
    "commitments/<str:identifier>/edit/": per(C4, "OGX", "OGX", "OGX", "X"),
    "commitments/<str:identifier>/milestones/": per(C4, "OGX", "OGX", "OGX", "X"),
    "commitments/<str:identifier>/milestones/<int:pk>/edit/": per(C4, "OGX", "OGX", "OGX", "X"),
    "commitments/<str:identifier>/milestones/<int:pk>/delete/": per(C4, "OGX", "OGX", "OGX", "X"),
    "commitments/<str:identifier>/milestones/<int:pk>/move/": per(C4, "OGX", "OGX", "OGX", "X"),
    "commitments/<str:identifier>/progress/": per(C4, "X", "X", "COGX", "X"),
    "commitments/<str:identifier>/submit/": per(C4, "OGX", "X", "X", "X"),
    "commitments/<str:identifier>/publish/": per(C4, "X", "GX", "X", "X"),
    "commitments/<str:identifier>/withdraw/": per(C4, "X", "X", "GX", "X"),
    # personal access tokens: one's own list; a token is revoked only by its owner (O)
    "account/api-tokens/": same(NONE, SIGNED_IN),
    "account/api-tokens/<int:pk>/revoke/": same(NONE, "O"),
    # the read API: public data only (a commitment that is not public is not found, even
    # for its officials); the write endpoint takes a token, and a GET is a 405 for all
    "api/v1/": same(NONE, ALL),
    "api/v1/^(?P<path>.*)$": same(NONE, ""),
    "api/v1/docs": same(NONE, ALL),
    "api/v1/openapi.json": same(NONE, ALL),
    "api/v1/members": same(NONE, ALL),
    "api/v1/members/<slug>": same(NONE, ALL),
    "api/v1/action-plans": same(NONE, ALL),
    "api/v1/action-plans/<int:pk>": same(NONE, ALL),
    "api/v1/commitments": same(NONE, ALL),
    "api/v1/commitments/<identifier>": per(C4, "", "", ALL, ALL),
    "api/v1/commitments/<identifier>/releases": per(C4, "", "", ALL, ALL),
    "api/v1/commitments/<identifier>/record": per(C4, "", "", ALL, ALL),
    "api/v1/commitments/<identifier>/progress": same(C4, ALL),
    "api/v1/vocabularies": same(NONE, ALL),
    "api/v1/vocabularies/<slug>": same(NONE, ALL),
    "api/v1/vocabularies/<slug>/concepts": same(NONE, ALL),
    "api/v1/vocabularies/<slug>/concepts/<notation>": same(NONE, ALL),
    # participation in the read API: a draft consultation is not found, even for its
    # coordinators; a hidden proposal is public (it shows only the moderators' reason)
    "api/v1/consultations": same(NONE, ALL),
    "api/v1/consultations/<int:pk>": per(CN2, "", ALL),
    "api/v1/consultations/<int:pk>/proposals": per(CN2, "", ALL),
    "api/v1/proposals/<int:pk>": same(PR2, ALL),
    "api/v1/consultations/<int:pk>/petitions": per(CN2, "", ALL),
    "api/v1/petitions/<int:pk>": per(PE3, ALL, "", ALL),  # a held petition is not public
    "api/v1/consultations/<int:pk>/meetings": per(CN2, "", ALL),
    "api/v1/meetings/<int:pk>": per(ME2, "", ALL),
    # bulk downloads: the page is public; no file is built in this world (404 for all)
    "data/downloads/": same(NONE, ALL),
    "data/downloads/manifest.json": same(NONE, ""),
    "data/downloads/<str:name>": same(NONE, ""),
    # participation: a draft consultation is its coordinators' only (G, with MFA); contributing
    # needs a sign-in (POST-only forms answer a GET with 405); the author edits and withdraws;
    # moderators moderate; a hidden proposal's page says why it is hidden
    "consultations/": same(NONE, ALL),
    "consultations/<int:pk>/": per(CN2, "GX", ALL),
    "consultations/<int:pk>/proposals/": per(CN2, "GX", ALL),
    "consultations/<int:pk>/propose/": per(CN2, "GX", SIGNED_IN),
    "consultations/<int:pk>/phases/new/": same(CN2, "GX"),
    "consultations/<int:pk>/phases/<int:phase>/": same(CN2, "GX"),
    "consultations/<int:pk>/phases/<int:phase>/delete/": same(CN2, "GX"),
    # offline input: recorded by the consultation's coordinators; a scan is theirs only
    "consultations/<int:pk>/offline/": same(CN2, "GX"),
    "consultations/proposals/<int:pk>/offline-supports/": same(PR2, "GX"),
    "consultations/offline/<int:pk>/<str:filename>": same(NONE, "GX"),
    "consultations/<int:pk>/status/": same(CN2, "GX"),
    "consultations/new/<str:kind>/<int:pk>/": same(NONE, "GX"),  # on the member's plan
    "consultations/<int:pk>/report/": per(CN2, "GX", ALL),
    "consultations/proposals/<int:pk>/": same(PR2, ALL),
    "consultations/proposals/<int:pk>/comment/": same(PR2, SIGNED_IN),
    "consultations/proposals/<int:pk>/support/": same(PR2, SIGNED_IN),
    "consultations/proposals/<int:pk>/unsupport/": same(PR2, SIGNED_IN),
    "consultations/proposals/<int:pk>/edit/": same(PR2, "PX"),
    "consultations/proposals/<int:pk>/withdraw/": same(PR2, "PX"),
    "consultations/proposals/<int:pk>/respond/": same(PR2, "GX"),
    "consultations/follow/<str:kind>/<int:pk>/": same(NONE, SIGNED_IN),
    "consultations/flag/<str:kind>/<int:pk>/": same(NONE, SIGNED_IN),
    "consultations/moderate/<str:kind>/<int:pk>/": same(NONE, "MX"),
    "consultations/moderation/": same(NONE, ALL),
    # meetings: of a draft consultation (its coordinators' only) or of a published one;
    # registering needs a sign-in (POST only: a GET is a 405); coordinators announce, close
    # and cancel; calendars are public data only (a draft's meetings are not found)
    "consultations/<int:pk>/meetings/new/": same(CN2, "GX"),
    "consultations/meetings/<int:pk>/": per(ME2, "GX", ALL),
    "consultations/meetings/<int:pk>/register/": per(ME2, "GX", SIGNED_IN),
    "consultations/meetings/<int:pk>/unregister/": per(ME2, "GX", SIGNED_IN),
    "consultations/meetings/<int:pk>/close/": same(ME2, "GX"),
    "consultations/meetings/<int:pk>/cancel/": same(ME2, "GX"),
    "consultations/meetings/<int:pk>.ics": per(ME2, "", ALL),
    "consultations/<int:pk>/meetings.ics": per(CN2, "", ALL),
    "consultations/moderation/queue/": same(NONE, "MX"),
    # petitions: anyone may start one signed in; it is held (only its author and moderators
    # see it) until approved; anyone, even without an account, signs a shown one; the
    # member's government answers; a confirmation link answers anyone (400 for a bad one)
    "consultations/<int:pk>/petitions/": per(CN2, "GX", ALL),
    "consultations/<int:pk>/petitions/new/": per(CN2, "GX", SIGNED_IN),
    "consultations/petitions/<int:pk>/": per(PE3, ALL, "PMX", ALL),
    "consultations/petitions/<int:pk>/sign/": per(PE3, ALL, "PMX", ALL),
    "consultations/petitions/<int:pk>/answer/": per(PE3, "GX", "X", "GX"),
    "consultations/signatures/<str:token>/": same(NONE, ALL),
    # allauth pages that answer only in a situation: a login half done, an authenticator
    # (the staff personas have TOTP), recovery codes (nobody has them); a key page answers
    # anyone (an unknown key is a page that says so)
    "accounts/2fa/authenticate/": same(NONE, SIGNED_IN),
    "accounts/login/code/confirm/": same(NONE, SIGNED_IN),
    "accounts/2fa/totp/deactivate/": same(NONE, "OGRMX"),
    "accounts/2fa/recovery-codes/": same(NONE, ""),
    "accounts/2fa/recovery-codes/download/": same(NONE, ""),
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": same(NONE, ALL),
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": same(NONE, ALL),
    # admin pages that refuse even the admin: task results are read-only, autocomplete needs
    # parameters, and an unknown admin address is not found
    "admin/django_tasks_database/dbtaskresult/add/": same(NONE, ""),
    "admin/django_tasks_database/dbtaskresult/<path:object_id>/delete/": same(NONE, ""),
    "admin/autocomplete/": same(NONE, ""),
    "admin/(?P<url>.*)$": same(NONE, ""),
}  # fmt: skip

# allauth's account pages: login and sign-up answer anyone; the rest need a login.
ALLAUTH_PUBLIC = {
    "accounts/login/", "accounts/signup/", "accounts/inactive/", "accounts/confirm-email/",
    "accounts/password/reset/", "accounts/password/reset/done/", "accounts/logout/",
    "accounts/password/reset/key/done/",
}  # fmt: skip
# The admin's own login and logout pages answer anyone; every other admin page only X.
ADMIN_PUBLIC = {"admin/login/", "admin/logout/"}


def walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def expected(route: str) -> Row:
    if route in MATRIX:
        return MATRIX[route]
    if route.startswith("accounts/"):
        return same(NONE, ALL if route in ALLAUTH_PUBLIC else SIGNED_IN)
    if route.startswith("admin/"):
        return same(NONE, ALL if route in ADMIN_PUBLIC else ADMIN)
    raise KeyError(route)


def values(route: str, state: str, w: dict[str, Any]) -> dict[str, Any]:
    """What to put in each of the route's parameters for the object in ``state``."""
    org_kind = state if state in ORGANISATION_KINDS else "cso"
    plan = w["plans"].get(state, w["plans"]["implementation"])
    commitment = w["commitments"].get(state)
    admin_model = re.match(r"admin/(\w+)/(\w+)/", route)
    admin_object = None
    if admin_model:
        admin_object = w["admin_objects"].get("_".join(admin_model.groups()))
    v: dict[str, Any] = {
        "fmt": "ttl", "section": "pages", "sequence": 1, "token": w["token"],
        "scheme": "ogp-policy-areas", "notation": "open-contracting", "plan": plan.pk,
        "key": "x", "uidb36": "1", "app_label": "accounts", "url": "nothing/",
        "content_type_id": w["content_type"].pk, "id": w["cast"].participant.pk,
        "path": "nothing", "name": "nothing.zip",
    }  # fmt: skip
    if route.startswith("organisations/"):
        v["slug"] = w["organisations"][org_kind].slug
        v["pk"] = (w["invitations"] if "/invitations/" in route else w["memberships"])[org_kind].pk
    else:
        v["slug"] = w["member"].slug
    if route.startswith("invitations/pending/"):
        v["pk"] = w["invitation_to_participant"].pk
    if commitment is not None:
        v["identifier"] = commitment.identifier
        v["pk"] = w["milestones"][state].pk
    _later_app_values(route, state, w, v)
    if route.startswith("commitments/evidence/"):
        v["pk"], v["filename"] = w["evidence"][state].pk, w["evidence"][state].filename
    # The admin's task results are empty (tests run tasks at once): a made-up id.
    v["object_id"] = admin_object.pk if admin_object is not None else uuid.UUID(int=1)
    if route.startswith("admin/r/"):  # "view on site" of an organisation
        v["object_id"] = w["organisations"]["cso"].pk
    return v


def _later_app_values(route: str, state: str, w: dict[str, Any], v: dict[str, Any]) -> None:
    """Parameters of the participation, API and token routes."""
    if route.startswith(
        (
            "consultations/",
            "api/v1/consultations/",
            "api/v1/proposals/",
            "api/v1/petitions/",
            "api/v1/meetings/",
            "feeds/consultations/",
            "feeds/proposals/",
        )
    ):
        _participation_values(state, {**w, "route": route}, v)
    if route.startswith("consultations/offline/"):  # a scan of offline input
        v["pk"] = w["scan"].pk
    if route.startswith("consultations/new/"):  # a new consultation on the member's plan
        v["kind"], v["pk"] = "plan", w["consultations"]["published"].action_plan_id
    if route.startswith("account/api-tokens/"):
        v["pk"] = w["access_token"].pk
    if route.startswith("account/notifications/"):
        v["pk"], v["token"] = w["notification"].pk, w["unsubscribe_token"]
    if route.startswith("api/v1/vocabularies/"):
        v["slug"] = "ogp-policy-areas"
    if route.startswith("api/v1/action-plans/"):
        v["pk"] = w["plans"]["implementation"].pk


def _participation_values(state: str, w: dict[str, Any], v: dict[str, Any]) -> None:
    if state in PE3 and w["route"].startswith(("consultations/petitions/", "api/v1/petitions/")):
        v["pk"] = w["petitions"][state].pk
    elif state in ME2:
        v["pk"] = w["meetings"][state].pk
    elif state in CN2:
        v["pk"] = w["consultations"][state].pk
        v["phase"] = w["consultations"][state].phases.first().pk
    else:  # a proposal's state, or none: the visible proposal
        v["pk"] = w["proposals"].get(state, w["proposals"]["visible"]).pk
    v["kind"] = "proposal"
    v["filename"] = w["scan"].scan_name


def fill(route: str, v: dict[str, Any]) -> str:
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(v[m.group(1)]), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(v[m.group(1)]), path)
    return "/" + path.replace("^", "").replace("$", "")


def denied(response: Any) -> bool:
    if response.status_code in (403, 404):
        return True
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return any(location.split("?")[0].endswith(target) for target in DENIAL_REDIRECTS)


ROUTES = sorted({route for route, _pattern in walk(get_resolver())})


def test_every_url_pattern_is_in_the_matrix() -> None:
    missing = []
    for route in ROUTES:
        try:
            expected(route)
        except KeyError:
            missing.append(route)
    assert not missing, f"URL patterns missing from the authorization matrix: {missing}"
    assert not set(MATRIX) - set(ROUTES), "rows for patterns that no longer exist"


def test_every_view_answers_each_persona_in_each_state_as_the_matrix_says(
    settings: Any,
) -> None:
    world = build_world()
    record_append(kind="edit", object_uri="/x/", organisation="o", role="government", state={})
    clients: dict[str, Client] = {}
    for letter, name in PERSONAS.items():
        clients[letter] = Client()
        if name != "anonymous":
            clients[letter].force_login(world["cast"][name])
    mismatches: list[str] = []
    cells = 0
    for route in ROUTES:
        states, allowed = expected(route)
        for state in states:
            path = fill(route, values(route, state, world))
            for letter, client in clients.items():
                response = client.get(path)
                is_allowed = not denied(response)
                if is_allowed != (letter in allowed[state]):
                    mismatches.append(
                        f"{route} [{state}] {PERSONAS[letter]}: {response.status_code} "
                        f"{response.get('Location', '')} (expected "
                        f"{'allowed' if letter in allowed[state] else 'denied'})"
                    )
                cells += 1
    assert not mismatches, "\n".join(mismatches)
    assert cells >= 8 * len(ROUTES)
