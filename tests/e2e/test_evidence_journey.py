"""An official attaches a file to a progress report in the browser; anyone downloads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from openplan.plans.models import Evidence
from tests.core.test_files import HTML, PDF
from tests.e2e.conftest import path_of
from tests.e2e.pages import build_world


def fill_report(page: Any, name: str, content: bytes, mime: str) -> None:
    page.fill("#id_narrative", "The minutes are attached.")
    page.fill("#id_source", "Steering group, June")
    page.fill("#id_evidence_file_title", "June minutes")
    page.set_input_files("#id_evidence_file", {"name": name, "mimeType": mime, "buffer": content})
    page.click("main button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_an_evidence_file_is_refused_then_attached_and_downloaded(
    new_context: Any, log_in: Any, javascript: bool, tmp_path: Path
) -> None:
    world = build_world()
    commitment = world["commitment"]
    context = new_context(java_script_enabled=javascript)
    log_in(context, world["cast"].official)
    page = context.new_page()
    page.goto(commitment.get_absolute_url() + "progress/")

    fill_report(page, "june.pdf", HTML, "application/pdf")  # an HTML page in disguise
    assert "The content of “june.pdf” is not one of the accepted types" in page.content()
    assert page.input_value("#id_narrative") == "The minutes are attached."

    fill_report(page, "june.pdf", PDF, "application/pdf")
    assert path_of(page.url) == commitment.get_absolute_url(), page.url
    evidence = Evidence.objects.get(filename="june.pdf")

    visitor = new_context(java_script_enabled=javascript).new_page()
    visitor.goto(commitment.get_absolute_url())
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="June minutes").click()
    assert download.value.suggested_filename == "june.pdf"
    saved = tmp_path / "download.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == PDF
    assert evidence.content_type == "application/pdf"
