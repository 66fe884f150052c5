"""The API's interactive docs in Chromium: Swagger UI renders every operation from the local
static files, asks nothing of any other host, and the Content-Security-Policy refuses nothing."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit


def test_the_docs_page_works_from_local_files_only(page: Any, live_server: Any) -> None:
    requested: list[str] = []
    refused: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    response = page.goto("/api/v1/docs")
    assert response is not None and response.status == 200
    page.locator(".opblock").first.wait_for()
    summaries = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/commitments" in text for text in summaries)
    own = urlsplit(live_server.url).netloc
    elsewhere = [url for url in requested if urlsplit(url).netloc not in (own, "")]
    assert not [u for u in elsewhere if not u.startswith("data:")], elsewhere
    assert not refused, refused
