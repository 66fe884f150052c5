"""Evidence files on progress reports: checked by content, stored under a random name, served
as attachments through a permission-checked view."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from openplan.accounts.models import Organisation
from openplan.plans.models import ActionPlan, Commitment, Evidence, Member, ProgressUpdate
from tests.core.test_files import EXE, GOOD, HTML, PDF, PNG, zipped
from tests.personas import PERSONAS, Cast

pytestmark = pytest.mark.django_db

FORM = {
    "reported_on": "2025-06-01", "completion": "substantial", "percent": "60",
    "narrative": "Half the budgets are online.", "source": "Steering group minutes, May 2025",
}  # fmt: skip


@pytest.fixture
def commitment(cast) -> Commitment:  # type: ignore[no-untyped-def]
    member = Member.objects.create(
        name="Demoland", slug="dmo", code="DMO", level="national",
        government=Organisation.objects.get(slug="ministry"),
    )  # fmt: skip
    plan = ActionPlan.objects.create(member=member, number=1, start_year=2025, end_year=2027)
    commitment = Commitment.objects.create(
        identifier="DMO0001", action_plan=plan, title="Open budgets", status="published"
    )
    commitment.co_owners.add(Organisation.objects.get(slug="collective"))
    return commitment


def upload(client: Client, commitment: Commitment, name: str, content: bytes, **fields: str):  # type: ignore[no-untyped-def]
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(
        reverse("plans:progress_report", args=[commitment.identifier]),
        {**FORM, "evidence_file": file, **fields},
    )


@pytest.mark.parametrize(
    ("name", "label", "content_type"),
    [
        ("Minutes May 2025.pdf", "PDF", "application/pdf"),
        ("chart.png", "PNG", "image/png"),
        ("budget.csv", "CSV", "text/csv"),
        (
            "budget.xlsx",
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("budget.ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    ],
)
def test_a_good_file_is_stored_listed_and_served(
    commitment: Commitment, client_for, media_root: Path, name: str, label: str, content_type: str
) -> None:  # type: ignore[no-untyped-def]
    content = GOOD[label]
    response = upload(client_for("official"), commitment, name, content)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.title, evidence.filename) == (name, name)
    assert (evidence.content_type, evidence.size) == (content_type, len(content))
    stored = Path(evidence.file.name)
    assert stored.name != name and stored.suffix == Path(name).suffix
    assert (media_root / evidence.file.name).read_bytes() == content

    page = Client().get(commitment.get_absolute_url()).content.decode()
    assert f'href="{evidence.get_absolute_url()}"' in page and f"({label}, " in page
    assert "/media" not in page and stored.name not in page

    download = Client().get(evidence.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content  # type: ignore[attr-defined]
    assert download["Content-Type"] == content_type
    assert download["Content-Disposition"].startswith(f'attachment; filename="{name}"')
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == "sandbox"


def test_a_file_and_a_link_together_with_titles(commitment: Commitment, client_for) -> None:  # type: ignore[no-untyped-def]
    upload(
        client_for("cso_member"), commitment, "Résumé.pdf", PDF,
        evidence_title="Portal", evidence_url="https://budgets.example.org/",
        evidence_file_title="Minutes",
    )  # fmt: skip
    link, file = ProgressUpdate.objects.get().evidence.order_by("pk")
    assert (link.title, link.url, file.title, file.filename) == (
        "Portal", "https://budgets.example.org/", "Minutes", "Résumé.pdf",
    )  # fmt: skip
    page = Client().get(commitment.get_absolute_url()).content.decode()
    assert 'Minutes</a> <span class="muted">(PDF, ' in page
    header = Client().get(file.get_absolute_url())["Content-Disposition"]
    assert header == "attachment; filename=\"Resume.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9.pdf"


def test_the_title_field_names_the_file_when_there_is_no_link(
    commitment: Commitment, client_for
) -> None:  # type: ignore[no-untyped-def]
    upload(client_for("official"), commitment, "m.pdf", PDF, evidence_title="Minutes")
    assert Evidence.objects.get().title == "Minutes"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", HTML, "The content of “report.pdf” is not one of the accepted types"),
        ("budget.xlsx", zipped({"a.txt": b"x"}), "The content of “budget.xlsx” is not one"),
        ("setup.pdf", EXE, "The content of “setup.pdf” is not one of the accepted types"),
        ("chart.pdf", PNG, "“chart.pdf” contains a PNG file, but its name does not end in .png"),
        ("data.csv", PDF, "“data.csv” contains a PDF file"),
        ("big.pdf", PDF + b"0" * 2000, "“big.pdf” is too large"),
    ],
)
def test_refused_files_are_explained_and_the_input_kept(
    commitment: Commitment, client_for, settings, media_root: Path, name, content, message
) -> None:  # type: ignore[no-untyped-def]
    settings.OPENPLAN_EVIDENCE_MAX_BYTES = 2000
    response = upload(client_for("official"), commitment, name, content, evidence_title="Kept")
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert message in html
    assert "Half the budgets are online." in html and 'value="Kept"' in html  # input kept
    assert "choose it again" in html
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    assert not any(p.is_file() for p in media_root.rglob("*"))


def test_the_size_limit_is_shown_and_localised(
    commitment: Commitment, client_for, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.OPENPLAN_EVIDENCE_MAX_BYTES = 5 * 1024 * 1024 // 2
    client = client_for("official")
    url = reverse("plans:progress_report", args=[commitment.identifier])
    assert "at most 2.5 MB" in client.get(url).content.decode()
    client.cookies["openplan_language"] = "fr"
    assert "2,5" in client.get(url).content.decode()
    form = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in form and 'type="file"' in form


def test_a_file_larger_than_django_s_memory_limits_goes_through(
    commitment: Commitment, client_for
) -> None:  # type: ignore[no-untyped-def]
    content = PDF + b"0" * (3 * 1024 * 1024)  # more than DATA_UPLOAD_ and FILE_UPLOAD_MAX_…
    assert upload(client_for("official"), commitment, "scan.pdf", content).status_code == 302
    assert Evidence.objects.get().size == len(content)


def test_a_draft_s_evidence_is_not_found_except_by_its_editors(
    commitment: Commitment, client_for
) -> None:  # type: ignore[no-untyped-def]
    upload(client_for("official"), commitment, "m.pdf", PDF)
    evidence = Evidence.objects.get()
    url = evidence.get_absolute_url()
    Commitment.objects.filter(pk=commitment.pk).update(status="withdrawn")  # test setup only
    assert Client().get(url).status_code == 200
    Commitment.objects.filter(pk=commitment.pk).update(status="draft")  # test setup only
    assert Client().get(url).status_code == 404
    assert client_for("participant").get(url).status_code == 404
    assert client_for("cso_member").get(url).status_code == 404
    assert client_for("official").get(url).status_code == 200


def test_wrong_names_links_and_missing_files_are_not_found(
    commitment: Commitment, client_for, media_root: Path
) -> None:  # type: ignore[no-untyped-def]
    upload(client_for("official"), commitment, "m.pdf", PDF, evidence_url="https://x.org/")
    link, file = Evidence.objects.order_by("pk")
    client = Client()
    assert client.get(f"/commitments/evidence/{file.pk}/other.pdf").status_code == 404
    assert client.get(f"/commitments/evidence/{link.pk}/x.org").status_code == 404
    assert client.get("/commitments/evidence/999/m.pdf").status_code == 404
    (media_root / file.file.name).unlink()
    assert client.get(file.get_absolute_url()).status_code == 404


def test_the_service_checks_files_itself(commitment: Commitment, cast, media_root: Path) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    from openplan.plans.services import progress_report

    data = {"reported_on": "2025-06-01", "completion": "limited", "narrative": "x"}
    with pytest.raises(ValidationError, match=r"“page\.pdf”"):
        progress_report(
            commitment=commitment,
            organisation=Organisation.objects.get(slug="ministry"),
            author=cast.official,
            data={**data, "source": "Minutes"},
            evidence_files=[("", SimpleUploadedFile("page.pdf", HTML))],
        )
    assert not ProgressUpdate.objects.exists()
    assert not any(p.is_file() for p in media_root.rglob("*"))


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        ("published", set(PERSONAS)),
        ("withdrawn", set(PERSONAS)),
        ("draft", {"official", "coordinator", "admin"}),
        ("submitted", {"official", "coordinator", "admin"}),
    ],
)
def test_who_may_download_evidence(cast: Cast, commitment: Commitment, status, allowed) -> None:  # type: ignore[no-untyped-def]
    commitment.status = status
    may = {n for n in PERSONAS if cast[n].has_perm("plans.view_evidence", commitment)}
    assert may == allowed
