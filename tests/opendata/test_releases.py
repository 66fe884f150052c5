"""Release history: every publication or change of a public commitment keeps an immutable
release (its full API representation), written by the plans services in the change's
transaction; the record compiles them into the current representation (a property test over
random sequences of changes) and gives each field's history."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openplan.accounts.models import Organisation
from openplan.opendata.api import represent
from openplan.opendata.api.selectors import commitment_get_api
from openplan.opendata.models import ImmutableReleaseError, Release
from openplan.opendata.releases import compile_releases, snapshot_digest
from openplan.opendata.services import release_site
from openplan.plans import services
from openplan.plans.models import ActionPlan, Commitment, Member
from openplan.taxonomy.models import Concept
from tests.personas import Cast

pytestmark = pytest.mark.django_db
API = "/api/v1/commitments"
numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def base_url(settings: Any) -> None:
    """Releases keep addresses on the configured base; the test client's host is the same."""
    settings.OPENPLAN_BASE_URL = "http://testserver"


@pytest.fixture
def plan(cast: Cast) -> ActionPlan:
    member = Member.objects.create(
        name="Demoland", slug="dmo", code="DMO", level="national",
        government=Organisation.objects.get(slug="ministry"),
    )  # fmt: skip
    return ActionPlan.objects.create(
        member=member, number=1, start_year=2025, end_year=2027, status="implementation"
    )


def published(
    plan: ActionPlan, title: str = "Open budgets", co_owner: Organisation | None = None
) -> Commitment:
    ministry = plan.member.government
    commitment = services.commitment_create(action_plan=plan, data={"title": title})
    if co_owner is not None:  # co-owners are set while drafting (or by the import)
        commitment.co_owners.add(co_owner)
    for target in ("submitted", "published"):
        commitment = services.commitment_transition(
            commitment=commitment, target=target, organisation=ministry
        )
    return commitment


def report(commitment: Commitment, completion: str = "limited") -> None:
    services.progress_report(
        commitment=commitment, organisation=commitment.action_plan.member.government,
        author=None, data={
            "reported_on": dt.date(2025, 6, 1), "completion": completion, "percent": 10,
            "narrative": "Under way.", "source": "Minutes",
        }, evidence_links=[("Portal", "https://example.org/")],
    )  # fmt: skip


def current(commitment: Commitment) -> dict[str, Any]:
    return represent.commitment(
        commitment_get_api(identifier=commitment.identifier), release_site()
    )


def test_each_public_change_is_a_tagged_release(plan: ActionPlan) -> None:
    draft = services.commitment_create(action_plan=plan, data={"title": "Draft only"})
    assert not Release.objects.filter(commitment=draft).exists()  # drafts are not public
    commitment = published(plan)
    ministry = plan.member.government
    services.commitment_update(
        commitment=commitment, data={"title": "Open budgets, monthly"}, organisation=ministry
    )
    report(commitment)
    services.commitment_transition(commitment=commitment, target="withdrawn", organisation=None)
    releases = list(Release.objects.filter(commitment=commitment).order_by("number"))
    assert [(r.release_id, r.tag) for r in releases] == [
        (f"{commitment.identifier}-0001", "commitment"),
        (f"{commitment.identifier}-0002", "amendment"),
        (f"{commitment.identifier}-0003", "implementation"),
        (f"{commitment.identifier}-0004", "amendment"),
    ]
    assert releases[0].snapshot["title"] == "Open budgets"
    assert releases[2].snapshot["progress_updates"][0]["source"] == "Minutes"
    assert releases[3].snapshot["status"] == "withdrawn"


def test_the_endpoints_give_releases_and_the_record(client: Client, plan: ActionPlan) -> None:
    commitment = published(plan)
    services.commitment_update(
        commitment=commitment, data={"title": "Second title"}, organisation=None
    )
    report(commitment)
    page = client.get(f"{API}/{commitment.identifier}/releases?limit=2").json()
    assert [r["tag"] for r in page["items"]] == ["commitment", "amendment"]
    rest = client.get(page["next"]).json()
    assert [r["number"] for r in rest["items"]] == [3] and rest["next"] is None
    record = client.get(f"{API}/{commitment.identifier}/record").json()
    assert record["compiled"] == client.get(f"{API}/{commitment.identifier}").json()
    titles = [(v["tag"], v["value"]) for v in record["versioned"]["title"]]
    assert titles == [("commitment", "Open budgets"), ("amendment", "Second title")]
    assert len(record["versioned"]["progress_updates"]) == 2
    draft = services.commitment_create(action_plan=plan, data={"title": "Hidden"})
    for tail in ("releases", "record"):
        assert client.get(f"{API}/{draft.identifier}/{tail}").status_code == 404


def test_a_published_release_never_changes(plan: ActionPlan) -> None:
    commitment = published(plan)
    first = Release.objects.get(commitment=commitment)
    kept = (first.snapshot, first.digest, first.date, first.tag)
    services.commitment_update(commitment=commitment, data={"title": "Changed"}, organisation=None)
    report(commitment, "substantial")
    first.refresh_from_db()
    assert (first.snapshot, first.digest, first.date, first.tag) == kept
    assert all(snapshot_digest(r.snapshot) == r.digest for r in Release.objects.all())
    first.tag = "amendment"
    with pytest.raises(ImmutableReleaseError):
        first.save()
    with pytest.raises(ImmutableReleaseError):
        Release.objects.filter(pk=first.pk).update(tag="amendment")
    with pytest.raises(ImmutableReleaseError):
        first.delete()
    with pytest.raises(ImmutableReleaseError):
        Release.objects.all().delete()
    assert Release.objects.get(pk=first.pk).tag == "commitment"


def test_a_refused_change_keeps_no_release(plan: ActionPlan) -> None:
    commitment = published(plan)
    before = Release.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - the service's ValidationError
        services.progress_report(
            commitment=commitment, organisation=plan.member.government, author=None,
            data={"reported_on": dt.date(2025, 1, 1), "completion": "limited",
                  "narrative": "x", "source": ""},
        )  # fmt: skip
    assert Release.objects.count() == before


CHANGES = st.lists(
    st.sampled_from(["title", "text", "tags", "milestone", "progress", "shadow"]),
    min_size=0,
    max_size=5,
)


@settings(
    max_examples=12, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(changes=CHANGES, withdraw=st.booleans())
def test_compiling_the_releases_gives_the_current_representation(
    plan: ActionPlan, changes: list[str], withdraw: bool
) -> None:
    n = next(numbers)
    collective = Organisation.objects.get(slug="collective")
    commitment = published(plan, f"Commitment {n}", co_owner=collective)
    ministry = plan.member.government
    concepts = list(Concept.objects.filter(scheme__slug="ogp-values")[:3])
    for i, change in enumerate(changes):
        if change == "title":
            data: dict[str, Any] = {"title": f"Commitment {n}, take {i}"}
            services.commitment_update(commitment=commitment, data=data, organisation=ministry)
        elif change == "text":
            data = {"description": f"Text {i}", "end_date": dt.date(2027, 1, 1 + i)}
            services.commitment_update(commitment=commitment, data=data, organisation=ministry)
        elif change == "tags":
            data = {"tags": concepts[: i % 3 + 1]}
            services.commitment_update(commitment=commitment, data=data, organisation=ministry)
        elif change == "milestone":
            services.milestone_create(
                commitment=commitment, data={"title": f"Step {i}"}, organisation=ministry
            )
        else:
            organisation = ministry if change == "progress" else collective
            services.progress_report(
                commitment=commitment, organisation=organisation, author=None,
                data={"reported_on": dt.date(2025, 6, 1 + i), "completion": "substantial",
                      "narrative": f"Report {i}", "source": "Minutes"},
            )  # fmt: skip
        commitment.refresh_from_db()
    if withdraw:
        services.commitment_transition(commitment=commitment, target="withdrawn", organisation=None)
    releases = Release.objects.filter(commitment=commitment).order_by("number")
    assert compile_releases(r.snapshot for r in releases) == current(commitment)
