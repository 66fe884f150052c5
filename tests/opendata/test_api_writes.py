"""The write API: personal access tokens (scoped, expiring, revocable, stored hashed) and
progress reports through the same permissions, form and service as the progress page. Every
bad request is a 4xx problem and writes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from openplan.accounts.models import Organisation
from openplan.core.models import RecordEntry
from openplan.opendata import services
from openplan.opendata.models import AccessToken, Release, token_hash
from openplan.plans.models import (
    ActionPlan,
    Commitment,
    Evidence,
    Member,
    Milestone,
    ProgressUpdate,
)
from tests.core.test_files import EXE, PDF
from tests.personas import Cast

pytestmark = pytest.mark.django_db
GOOD = {
    "reported_on": "2025-06-01",
    "completion": "substantial",
    "percent": 60,
    "narrative": "Half the budgets are online.",
    "source": "Steering group minutes, May 2025",
    "evidence": [
        {"title": "Budget portal", "url": "https://budgets.example.org/"},
        {"title": "Dataset", "url": "https://data.example.org/budgets"},
    ],
}


@pytest.fixture
def commitment(cast: Cast) -> Commitment:
    member = Member.objects.create(
        name="Demoland", slug="dmo", code="DMO", level="national",
        government=Organisation.objects.get(slug="ministry"),
    )  # fmt: skip
    plan = ActionPlan.objects.create(
        member=member, number=1, start_year=2025, end_year=2027, status="implementation"
    )
    commitment = Commitment.objects.create(
        identifier="DMO0001", action_plan=plan, title="Open budgets", status="published"
    )
    commitment.co_owners.add(Organisation.objects.get(slug="collective"))
    Milestone.objects.create(commitment=commitment, title="Publish 2025 budget")
    return commitment


def token_for(user: Any, scopes: tuple[str, ...] = ("progress:write",), days: int = 30) -> str:
    return services.access_token_create(user=user, name="CI", scopes=scopes, days=days)[1]


def post(
    raw: str | None, identifier: str, body: Any = None, *, content_type: str = "application/json"
) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if raw else {}
    data = body if isinstance(body, str | bytes) else json.dumps(GOOD if body is None else body)
    return Client().post(
        f"/api/v1/commitments/{identifier}/progress", data, content_type=content_type, **headers
    )


def written() -> tuple[int, int, int, int]:
    return (
        ProgressUpdate.objects.count(),
        Evidence.objects.count(),
        RecordEntry.objects.count(),
        Release.objects.count(),
    )


def assert_refused(response: Any, status: int, before: tuple[int, int, int, int]) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert written() == before, "a refused request wrote something"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


def test_an_official_reports_progress_with_evidence(cast: Cast, commitment: Commitment) -> None:
    before = written()
    response = post(token_for(cast.official), commitment.identifier)
    assert response.status_code == 201, response.content
    body = response.json()
    update = ProgressUpdate.objects.get()
    assert body["id"] == update.pk and body["shadow"] is False
    assert body["organisation"]["slug"] == "ministry"
    assert [e["url"] for e in body["evidence"]] == [
        "https://budgets.example.org/",
        "https://data.example.org/budgets",
    ]
    assert update.author == cast.official and update.source == GOOD["source"]
    # with its public-record entry and its release
    assert written() == (before[0] + 1, before[1] + 2, before[2] + 1, before[3] + 1)
    commitment.refresh_from_db()
    assert commitment.completion == "substantial"  # as after the form
    public = Client().get(f"/api/v1/commitments/{commitment.identifier}").json()
    assert public["progress_updates"][0] == body


def test_a_co_owner_files_a_shadow_report(cast: Cast, commitment: Commitment) -> None:
    response = post(token_for(cast.cso_member), commitment.identifier)
    assert response.status_code == 201, response.content
    assert response.json()["shadow"] is True
    commitment.refresh_from_db()
    assert commitment.completion == ""  # a shadow report changes nothing else


def test_a_file_goes_with_the_report_as_multipart(cast: Cast, commitment: Commitment) -> None:
    raw = token_for(cast.official)
    client = Client()
    data = {
        "data": json.dumps({**GOOD, "evidence": []}),
        "evidence_file": SimpleUploadedFile("minutes.pdf", PDF),
        "evidence_file_title": "Minutes",
    }
    response = client.post(
        f"/api/v1/commitments/{commitment.identifier}/progress",
        data,
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.content
    (evidence,) = response.json()["evidence"]
    assert (evidence["kind"], evidence["title"], evidence["content_type"]) == (
        "file", "Minutes", "application/pdf",
    )  # fmt: skip
    bad = {**data, "evidence_file": SimpleUploadedFile("minutes.pdf", EXE)}
    before = written()
    refused = client.post(
        f"/api/v1/commitments/{commitment.identifier}/progress",
        bad,
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    body = assert_refused(refused, 422, before)
    assert body["errors"][0]["loc"] == ["body", "evidence_file"]


def _expired(user: Any) -> str:
    raw = token_for(user)
    AccessToken.objects.filter(token_hash=token_hash(raw)).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    return raw


def _revoked(user: Any) -> str:
    raw = token_for(user)
    services.access_token_revoke(token=AccessToken.objects.get(token_hash=token_hash(raw)))
    return raw


@pytest.mark.parametrize(
    "make",
    [
        lambda cast: None,
        lambda cast: "opt_not-a-token",
        lambda cast: "garbage",
        _expired,
        _revoked,
    ],
    ids=["none", "unknown", "malformed", "expired", "revoked"],
)
def test_without_an_active_token_it_is_401(cast: Cast, commitment: Commitment, make: Any) -> None:
    raw = make(cast.official) if make in (_expired, _revoked) else make(cast)
    response = assert_refused(post(raw, commitment.identifier), 401, written())
    assert response["type"] == "about:blank"


def test_an_inactive_account_s_token_is_401(cast: Cast, commitment: Commitment) -> None:
    raw = token_for(cast.official)
    cast.official.is_active = False
    cast.official.save()
    assert_refused(post(raw, commitment.identifier), 401, written())


def test_outside_its_scope_or_its_person_s_permissions_it_is_403(
    cast: Cast, commitment: Commitment
) -> None:
    raw = token_for(cast.official)
    AccessToken.objects.filter(token_hash=token_hash(raw)).update(scopes=["read:nothing"])
    assert_refused(post(raw, commitment.identifier), 403, written())
    assert_refused(post(token_for(cast.participant), commitment.identifier), 403, written())
    commitment.status = "withdrawn"
    commitment.save()
    assert_refused(post(token_for(cast.official), commitment.identifier), 403, written())


def test_a_draft_or_missing_commitment_is_404(cast: Cast, commitment: Commitment) -> None:
    commitment.status = "draft"
    commitment.save()
    assert_refused(post(token_for(cast.participant), commitment.identifier), 404, written())
    assert_refused(post(token_for(cast.official), "NOPE"), 404, written())


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ('{"reported_on": "2025-06-01",', 400, None),
        ("[1, 2]", 400, None),
        (b"\xff\xfe", 400, None),
        ({**GOOD, "percent": "sixty"}, 422, "percent"),
        ({**GOOD, "percent": "60"}, 422, "percent"),
        ({**GOOD, "percent": 101}, 422, "percent"),
        ({**GOOD, "reported_on": 20250601}, 422, "reported_on"),
        ({**GOOD, "reported_on": "June"}, 422, "reported_on"),
        ({**GOOD, "completion": "done"}, 422, "completion"),
        ({**GOOD, "author": "someone"}, 422, "author"),
        ({**GOOD, "evidence": [{"url": "https://x.org", "file": "y"}]}, 422, "file"),
        ({k: v for k, v in GOOD.items() if k != "source"}, 422, "source"),
        ({**GOOD, "source": ""}, 422, "source"),
        ({**GOOD, "source": "   "}, 422, "source"),
        ({**GOOD, "evidence": [{"title": "x", "url": "not a link"}]}, 422, "evidence_url"),
        ({**GOOD, "evidence": [GOOD["evidence"][0], {"url": "ftp://x"}]}, 422, "url"),
        ({**GOOD, "milestone": 999999}, 422, "milestone"),
    ],
)
def test_bad_input_is_a_problem_and_writes_nothing(
    cast: Cast, commitment: Commitment, body: Any, status: int, field: str | None
) -> None:
    raw = token_for(cast.official)
    problem = assert_refused(post(raw, commitment.identifier, body), status, written())
    if field is not None:
        assert any(e["loc"][-1] == field for e in problem["errors"]), problem["errors"]


def test_other_content_types_and_methods_are_refused(cast: Cast, commitment: Commitment) -> None:
    raw = token_for(cast.official)
    before = written()
    assert_refused(post(raw, commitment.identifier, "x=1", content_type="text/plain"), 415, before)
    response = Client().get(f"/api/v1/commitments/{commitment.identifier}/progress")
    assert_refused(response, 405, before)
    assert response["Allow"] == "OPTIONS, POST"


def test_a_milestone_of_another_commitment_is_refused(cast: Cast, commitment: Commitment) -> None:
    other = Commitment.objects.create(
        identifier="DMO0002", action_plan=commitment.action_plan, title="x", status="published"
    )
    foreign = Milestone.objects.create(commitment=other, title="Elsewhere")
    body = {**GOOD, "milestone": foreign.pk}
    assert_refused(post(token_for(cast.official), commitment.identifier, body), 422, written())
