"""sitemap.xml (an index of paginated sections) and robots.txt."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from openplan.opendata import sitemaps
from tests.opendata.world import World, add_member, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> World:
    return build()


def locations(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def all_pages(client: Client) -> list[str]:
    return [
        loc for section in locations(client, "/sitemap.xml") for loc in locations(client, section)
    ]


def test_robots_txt_points_to_the_sitemap(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_the_index_lists_every_section(client: Client, world: World) -> None:
    sections = locations(client, "/sitemap.xml")
    assert sections == [f"http://testserver/sitemap-{name}.xml" for name in sitemaps.SITEMAPS]


def test_the_sitemap_has_public_pages_only(client: Client, world: World) -> None:
    pages = {loc.removeprefix("http://testserver") for loc in all_pages(client)}
    expected = {"/", "/commitments/", "/commitments/members/", "/vocab/", "/catalog"}
    expected |= {"/data/downloads/"}
    expected |= {reverse("plans:member_detail", args=[m.slug]) for m in world.members}
    expected |= {reverse("plans:action_plan_detail", args=[p.pk]) for p in world.plans}
    expected |= {c.get_absolute_url() for c in world.published}
    expected |= {"/vocab/ogp-policy-areas/", "/vocab/ogp-policy-areas/open-contracting/"}
    assert expected <= pages
    assert not {c.get_absolute_url() for c in world.drafts} & pages
    assert world.draft_plan is not None
    assert reverse("plans:action_plan_detail", args=[world.draft_plan.pk]) not in pages


def test_large_sections_are_paginated(client: Client, world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sitemaps.CommitmentSitemap, "limit", 3)
    sections = locations(client, "/sitemap.xml")
    pages = [s for s in sections if "sitemap-commitments.xml" in s]
    assert len(pages) == 3  # 9 public commitments, 3 a page
    assert pages[1].endswith("?p=2")
    assert len(locations(client, pages[2].removeprefix("http://testserver"))) == 3
    assert client.get("/sitemap-commitments.xml?p=9").status_code == 404
    assert sitemaps.LIMIT == 10_000


def test_the_base_url_setting_is_used(client: Client, world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OPENPLAN_BASE_URL = "https://data.example.org"
    sections = locations(client, "/sitemap.xml")
    assert all(s.startswith("https://data.example.org/sitemap-") for s in sections)
    members = locations(client, "/sitemap-members.xml")
    assert members and all(m.startswith("https://data.example.org/commitments/") for m in members)
    assert (
        "Sitemap: https://data.example.org/sitemap.xml"
        in client.get("/robots.txt").content.decode()
    )


@pytest.mark.parametrize("section", ["", *(f"-{name}" for name in sitemaps.SITEMAPS)])
def test_sitemaps_take_constant_queries(  # type: ignore[no-untyped-def]
    client, world: World, section: str, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(12) as small:
        client.get(f"/sitemap{section}.xml")
    for n in range(10, 13):
        add_member(World(), n, plans=2, per_plan=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/sitemap{section}.xml")
