"""Whole public pages cached for visitors without a session, and invalidated by any change."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from openplan.core.pagecache import content_changed, per_content_version
from openplan.plans.models import Commitment
from openplan.taxonomy.models import Concept
from tests.plans.test_pages import make_commitments

pytestmark = pytest.mark.django_db
LIST = "/commitments/"


@pytest.fixture(autouse=True)
def page_cache(settings):  # type: ignore[no-untyped-def]
    settings.OPENPLAN_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_a_second_visit_is_served_from_the_cache_without_the_database(
    client: Client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    make_commitments(2, milestones=0)
    first = client.get(LIST)
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(LIST)
    assert second["X-Cache"] == "hit" and second.content == first.content
    assert client.get(LIST, {"page": "1"})["X-Cache"] == "miss"  # another address, another page


def test_every_kind_of_change_shows_at_once(client: Client) -> None:
    (commitment,) = make_commitments(1, milestones=0)
    url = commitment.get_absolute_url()
    client.get(url)
    commitment.title = "A new title"
    commitment.save()
    page = client.get(url)
    assert page["X-Cache"] == "miss" and "A new title" in page.content.decode()
    client.get(url)
    commitment.tags.add(Concept.objects.get(scheme__slug="open-digital", notation="open-source"))
    assert client.get(url)["X-Cache"] == "miss"
    client.get(url)
    Commitment.objects.filter(pk=commitment.pk).update(title="Changed in bulk")
    assert client.get(url)["X-Cache"] == "hit"  # bulk writes skip signals ...
    content_changed()  # ... so their callers say so
    assert "Changed in bulk" in client.get(url).content.decode()


def test_each_language_has_its_own_page(client: Client) -> None:
    client.get(LIST)
    client.cookies["openplan_language"] = "lv"
    page = client.get(LIST)
    assert page["X-Cache"] == "miss" and '<html lang="lv"' in page.content.decode()


def test_people_with_a_session_are_never_served_a_cached_page(client_for) -> None:  # type: ignore[no-untyped-def]
    Client().get(LIST)
    official = client_for("official")
    page = official.get(LIST)
    assert "X-Cache" not in page and "Log out" in page.content.decode()


def test_refusals_and_missing_pages_are_not_kept(client: Client) -> None:
    (draft,) = make_commitments(1, milestones=0)
    Commitment.objects.filter(pk=draft.pk).update(status="draft")
    content_changed()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "X-Cache" not in client.get(draft.get_absolute_url())


def test_an_unchanged_page_answers_304(client: Client) -> None:
    make_commitments(1, milestones=0)
    etag = client.get(LIST)["ETag"]
    assert client.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_public_pages_carry_no_csrf_token_for_visitors(client: Client) -> None:
    (commitment,) = make_commitments(1, milestones=0)
    for url in (LIST, commitment.get_absolute_url(), reverse("web:search") + "?q=c", "/"):
        response = client.get(url)
        assert not response.cookies, url
        assert response["X-Cache"] == "miss", url


def test_a_kept_value_lasts_until_the_content_changes_and_is_per_language() -> None:
    from django.utils import translation

    loads: list[str] = []

    def load() -> str:
        loads.append(translation.get_language() or "")
        return f"value {len(loads)}"

    assert per_content_version("test", load) == per_content_version("test", load) == "value 1"
    with translation.override("fr"):
        assert per_content_version("test", load) == "value 2"
    content_changed()
    assert per_content_version("test", load) == "value 3"
    assert loads == ["en", "fr", "en"]
