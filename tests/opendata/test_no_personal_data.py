"""No personal data in what OpenPlan publishes for machines: every bulk download (the CSV
tables, JSON Lines, XLSX), the feeds, the catalogue, the sitemap and the downloads manifest,
built from a database that holds people: accounts without a public name (email addresses,
pseudonyms), a person with a public display name, and a person whose account was erased.

Scanned for: any email address (only the publisher's contact address may appear), and the
email address, email user name and pseudonym of every person who has no public display name,
and anything of the erased person. The erased person's contribution stays public.

The downloads and feeds name organisations, never people. ``API_PATHS`` is for the JSON API
(``/api/v1/...``): add its list and detail addresses; where it shows display names, the test
also expects the erased person's contribution to show "deleted participant".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.test import Client

from openplan.accounts.models import Membership, MembershipRole, Organisation, User
from openplan.accounts.services import account_erase, invitation_create
from openplan.opendata.exports.build import exports_build
from openplan.participation import services
from openplan.participation.models import Consultation, Meeting, Phase, Proposal
from openplan.plans.models import ProgressUpdate
from tests.factories import UserFactory
from tests.opendata.exports_helpers import all_text
from tests.opendata.world import SECRET_NAME, World, build, consultation_with_phase

pytestmark = pytest.mark.django_db

CONTACT = "opendata@publisher.example"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
DELETED = "deleted participant"
ERASED_REPORT = "Report written by a person who later erased their account"

# Machine-readable addresses to scan besides the downloads (the sitemap's sections are
# followed from its index). Add the JSON API's here: "/api/v1/commitments", ...
PUBLIC_PATHS = [
    "/catalog.ttl", "/catalog.jsonld", "/catalog.rdf", "/feeds/commitments.atom",
    "/feeds/progress.atom", "/feeds/members/member-0/commitments.atom", "/sitemap.xml",
    "/robots.txt", "/data/downloads/", "/data/downloads/manifest.json",
]  # fmt: skip
API_PATHS = [
    "/api/v1/commitments?limit=100", "/api/v1/members", "/api/v1/action-plans",
    "/api/v1/consultations", "/api/v1/consultations/{consultation}",
    "/api/v1/consultations/{consultation}/proposals?limit=100", "/api/v1/proposals/{erased}",
    "/api/v1/consultations/{consultation}/petitions", "/api/v1/petitions/{petition}",
    "/api/v1/vocabularies", "/api/v1/consultations/{consultation}/meetings",
    "/api/v1/meetings/{meeting}", "/consultations/meetings/{meeting}.ics",
    "/consultations/{consultation}/meetings.ics",
]  # fmt: skip
ERASED_PROPOSAL = "Proposal written by a person who later erased their account"
# One object's feed (object_feeds.py): a consultation, a proposal with comments by people
# without a public name and by the erased person, a commitment with their reports.
OBJECT_FEED_PATHS = [
    "/feeds/consultations/{consultation}.atom", "/feeds/proposals/{proposal}.atom",
    "/feeds/proposals/{erased}.atom", "/feeds/commitments/{commitment}.atom",
]  # fmt: skip


@dataclass
class People:
    forbidden: list[str] = field(default_factory=list)  # strings that must appear nowhere
    public_name: str = SECRET_NAME
    ids: dict[str, int] = field(default_factory=dict)  # for the API's addresses


def _report(world: World, author: User | None, narrative: str) -> ProgressUpdate:
    commitment = world.published[0]
    organisation = commitment.action_plan.member.government
    assert organisation is not None
    return ProgressUpdate.objects.create(
        commitment=commitment, organisation=organisation, author=author,
        reported_on=dt.date(2024, 5, 1), completion="substantial", narrative=narrative,
        source="Minutes",
    )  # fmt: skip


def _propose(consultation: Consultation, author: User, title: str) -> Proposal:
    return services.proposal_create(
        consultation=consultation, author=author, title=title, body="Publish it monthly."
    )


def _meeting_with_registrations(consultation: Consultation) -> Meeting:
    """A meeting with one place: the people without a public name register (one waits)."""
    from django.utils import timezone

    now = timezone.now()
    # Through the ORM: a public consultation's new phase cannot start in the past (services).
    Phase.objects.create(
        consultation=consultation, name="Meetings", start=now - dt.timedelta(days=1),
        end=now + dt.timedelta(days=30), actions=["attend"],
    )  # fmt: skip
    meeting = services.meeting_create(
        consultation=consultation, kind="hybrid", title="Workshop", address="Town hall",
        online_url="https://meet.example.org/w", start=now + dt.timedelta(days=2),
        end=now + dt.timedelta(days=2, hours=2), capacity=1,
    )  # fmt: skip
    quiet = ["hidden.official@ministry.example", "quiet.editor@gov.example"]
    for user in User.objects.filter(email__in=quiet).order_by("pk"):
        services.registration_create(meeting=meeting, user=user)
    assert meeting.registrations.count() == 2
    return meeting


def seed_people(world: World) -> People:
    people = People()
    consultation = consultation_with_phase(world.plans[0], "Ideas for the next plan", "published")
    people.ids["consultation"] = consultation.pk
    government = Organisation.objects.get(slug="gov-0")
    for n, email in enumerate(["hidden.official@ministry.example", "quiet.editor@gov.example"]):
        user = UserFactory(email=email, display_name="")
        Membership.objects.create(
            organisation=government, user=user,
            role=MembershipRole.COORDINATOR if n == 0 else MembershipRole.EDITOR,
        )  # fmt: skip
        _report(world, user, f"Report {n} by a person without a public name")
        idea = _propose(consultation, user, f"Proposal {n} by a person without a public name")
        services.comment_create(proposal=idea, author=user, body=f"Comment {n} by them")
        people.ids["proposal"] = idea.pk
        people.forbidden += [email, email.split("@")[0], user.pseudonym]
    coordinator = User.objects.get(email="hidden.official@ministry.example")
    invitation_create(
        actor=coordinator, organisation=government, email="invited.person@elsewhere.example",
        role=MembershipRole.MEMBER,
    )  # fmt: skip
    people.forbidden += ["invited.person@elsewhere.example", "invited.person"]
    people.ids["meeting"] = _meeting_with_registrations(consultation).pk
    erased = UserFactory(email="erased.person@example.net", display_name="Erika Erased")
    _report(world, erased, ERASED_REPORT)
    people.ids["erased"] = _propose(consultation, erased, ERASED_PROPOSAL).pk
    erased_idea = Proposal.objects.get(pk=people.ids["erased"])
    services.comment_create(proposal=erased_idea, author=erased, body="Erased person's comment")
    people.ids["commitment"] = world.published[0].identifier  # type: ignore[assignment]
    people.forbidden += [erased.email, "erased.person", erased.display_name, erased.pseudonym]
    account_erase(user=erased)
    public = User.objects.get(display_name=SECRET_NAME)  # authored the world's reports
    _propose(consultation, public, "Proposal by a person with a public name")
    people.forbidden += [public.email, public.email.split("@")[0]]
    people.forbidden += _petition_with_signers(consultation, people)
    return people


def _petition_with_signers(consultation: Consultation, people: People) -> list[str]:
    """A petition with confirmed signatures: one signer without an account who kept their name
    private, one signed-in signer; none of them may be published by the API."""
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    Phase.objects.create(  # in the past: through the ORM, as the meeting's phase
        consultation=consultation, name="Petitions", start=now - dt.timedelta(days=1),
        end=now + dt.timedelta(days=30), actions=["petition", "sign"],
    )  # fmt: skip
    quiet = UserFactory(email="quiet.petitioner@example.com", display_name="")
    petition = services.petition_create(
        consultation=consultation, author=quiet, title="Petition", body="Open the data."
    )
    services.content_approve(target=petition, moderator=None)
    people.ids["petition"] = petition.pk
    private = services.signature_create(
        petition=petition, email="private.signer@example.com", name="Pia Private"
    )
    services.signature_confirm(token=services.signature_token(private.signature))
    signer = UserFactory(email="signed.in.signer@example.com", display_name="")
    services.signature_create(petition=petition, email=signer.email, user=signer)
    return ["quiet.petitioner", quiet.pseudonym, "private.signer", "Pia Private",
            "signed.in.signer", signer.pseudonym]  # fmt: skip


def fetch_all(client: Client, paths: list[str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    queue = list(paths)
    while queue:
        path = queue.pop(0)
        response = client.get(path)
        assert response.status_code == 200, path
        content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        texts[path] = content.decode()
        if path.startswith("/sitemap"):
            for section in re.findall(r"<loc>http://testserver(/sitemap-[^<]+)</loc>", texts[path]):
                if section not in texts and section not in queue:
                    queue.append(section.replace("&amp;", "&"))
    return texts


def scan(texts: dict[str, str], people: People) -> list[str]:
    problems = []
    for where, text in texts.items():
        emails = set(EMAIL.findall(text)) - {CONTACT}
        if emails:
            problems.append(f"{where}: email addresses {sorted(emails)}")
        problems += [f"{where}: {s!r}" for s in people.forbidden if s.lower() in text.lower()]
    return problems


@pytest.fixture
def seeded(settings, db: None) -> tuple[World, People]:  # type: ignore[no-untyped-def]
    settings.OPENPLAN_CONTACT_EMAIL = CONTACT
    world = build()
    return world, seed_people(world)


def test_no_export_feed_or_catalogue_holds_personal_data(
    client: Client, seeded: tuple[World, People], exports_dir: Path
) -> None:
    _world, people = seeded
    exports_build()
    feeds = [path.format(**people.ids) for path in OBJECT_FEED_PATHS]
    texts = {"bulk downloads": all_text(exports_dir), **fetch_all(client, PUBLIC_PATHS + feeds)}
    assert any(section.startswith("/sitemap-") for section in texts)
    assert scan(texts, people) == []
    # What people contributed stays public, under the organisation, erased or not.
    assert ERASED_REPORT in texts["bulk downloads"]
    assert "Report 0 by a person without a public name" in texts["bulk downloads"]
    assert CONTACT in texts["/catalog.ttl"]  # the scan does look at the catalogue's addresses
    # The object feeds carry what people wrote (so the scan reads it), without their names.
    assert "Comment 1 by them" in texts[feeds[1]]
    assert "Erased person" in texts[feeds[2]]
    assert ERASED_REPORT in texts[feeds[3]]


def test_the_api_shows_no_personal_data(client: Client, seeded: tuple[World, People]) -> None:
    world, people = seeded
    commitment = f"/api/v1/commitments/{world.published[0].identifier}"
    paths = [path.format(**people.ids) for path in API_PATHS]
    texts = fetch_all(client, [*paths, commitment, f"{commitment}/releases"])
    assert ERASED_REPORT in texts[commitment]  # the scan reads the reports people wrote
    assert scan(texts, people) == []
    for where, text in texts.items():
        if people.public_name in text and ERASED_REPORT in text:
            assert DELETED in text, f"{where}: the erased person's report is not anonymised"
    # What people proposed stays public: by the public name, by nobody, or by a deleted
    # participant.
    proposals = texts[API_PATHS[5].format(**people.ids)]
    assert people.public_name in proposals and ERASED_PROPOSAL in proposals
    assert "Proposal 0 by a person without a public name" in proposals
    assert DELETED in texts[API_PATHS[6].format(**people.ids)]
    petition = texts["/api/v1/petitions/{petition}".format(**people.ids)]
    assert '"signatures_count": 2' in petition.replace(
        '"signatures_count":2', '"signatures_count": 2'
    )


def test_the_scan_finds_what_it_looks_for(seeded: tuple[World, People]) -> None:
    _world, people = seeded
    leaked = {"a": "written by Hidden.Official@Ministry.example", "b": f"by {people.forbidden[2]}"}
    problems = scan(leaked, people)
    assert len(problems) == 4  # a: an address, that address, its user name; b: a pseudonym
    assert scan({"c": f"contact {CONTACT}"}, people) == []
