"""Search on whichever database the suite runs on (SQLite, then PostgreSQL under make test)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from openplan.plans.models import ActionPlan, Commitment, Member
from openplan.search.models import SearchDocument
from openplan.search.selectors import matching_ids, search, search_count
from openplan.search.services import index_rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan() -> ActionPlan:
    member = Member.objects.create(name="Demoland", slug="dmo", code="DMO", level="national")
    return ActionPlan.objects.create(member=member, number=1, start_year=2024, end_year=2026)


def commit(plan: ActionPlan, n: int, title: str, **fields: str) -> Commitment:
    fields.setdefault("status", "published")
    return Commitment.objects.create(
        identifier=f"DMO{n:04}", action_plan=plan, title=title, **fields
    )


def titles(text: str, **kwargs: object) -> list[str]:
    return [hit.title for hit in search(text, kinds=["plans.commitment"], **kwargs)]  # type: ignore[arg-type]


def test_accents_and_case_do_not_matter(plan: ActionPlan) -> None:
    commit(plan, 1, "Participación ciudadana en el presupuesto", language="es")
    for words in ("participacion", "PARTICIPACIÓN", "Participación ciudadana", "ciudadána"):
        assert len(titles(words)) == 1, words


def test_the_start_of_a_word_is_enough_and_every_word_must_match(plan: ActionPlan) -> None:
    commit(plan, 1, "Open budget portal")
    commit(plan, 2, "Open contracting register")
    assert len(titles("ope")) == 2
    assert len(titles("open bud")) == 1
    assert titles("open budget nothing") == []


def test_matches_are_marked_and_the_rest_is_escaped(plan: ActionPlan) -> None:
    commit(plan, 1, "Publish <script>alert(1)</script> budgets", description="Budgets & more.")
    (hit,) = search("budget")
    assert hit.title == "Publish &lt;script&gt;alert(1)&lt;/script&gt; <mark>budgets</mark>"
    assert "<mark>Budgets</mark> &amp; more" in hit.snippet
    assert hit.url == "/commitments/DMO0001/"


def test_text_fields_and_member_name_are_searchable(plan: ActionPlan) -> None:
    commit(plan, 1, "A title", problem="Hospitals lack waiting-list data")
    assert len(titles("hospital")) == 1
    assert len(titles("demoland")) == 1  # the member's name is in the commitment's text
    assert sorted(hit.kind for hit in search("demoland")) == ["plans.commitment", "plans.member"]


def test_only_public_commitments_are_indexed(plan: ActionPlan) -> None:
    draft = commit(plan, 1, "Secret draft about forests", status="draft")
    assert titles("forests") == []
    draft.status = "published"
    draft.save()
    assert len(titles("forests")) == 1
    draft.title = "Renamed: oceans"
    draft.save()
    assert titles("forests") == [] and len(titles("oceans")) == 1
    draft.delete()
    assert titles("oceans") == []
    assert not SearchDocument.objects.filter(kind="plans.commitment").exists()


def test_words_that_look_like_query_syntax_are_only_words(plan: ActionPlan) -> None:
    commit(plan, 1, "Roads and bridges")
    for words in ('"roads" *', "roads & !bridges | :*", "(roads)", "roads'; --", "AND(bridges)"):
        assert len(titles(words)) == 1, words
    assert search("*** !!!") == [] and search_count("") == 0 and matching_ids("k", "--") is None


def test_counting_paging_and_ranking(plan: ActionPlan) -> None:
    for n in range(1, 26):
        commit(plan, n, f"Water {n}", description="water" if n != 7 else "water water water")
    commit(plan, 30, "Something else", description="mentions water once")
    assert search_count("water") == 26
    first, second = search("water", limit=20), search("water", limit=20, offset=20)
    assert len(first) == 20 and len(second) == 6
    assert not {h.object_id for h in first} & {h.object_id for h in second}
    assert second[-1].title == "Something else"  # a title match outranks a text-only match


def test_stemming_where_postgresql_has_a_stemmer(plan: ActionPlan) -> None:
    commit(plan, 1, "Budgets were published", language="en")
    with translation.override("en"):
        found = titles("publishing")
    if connection.vendor == "postgresql":
        assert len(found) == 1  # English stemmer: publishing ~ published
    else:
        assert found == []  # FTS5 here matches words and prefixes, without stemming


def test_rebuild_indexes_what_bulk_writes_skipped(plan: ActionPlan) -> None:
    Commitment.objects.bulk_create(
        [Commitment(identifier=f"BLK{n}", action_plan=plan, title=f"Bulk lantern {n}",
                    status="published") for n in range(5)]
    )  # fmt: skip
    assert titles("lantern") == []
    seen: list[int] = []
    assert index_rebuild(["plans.commitment"], progress=seen.append) == 5
    assert sum(seen) == 5 and len(titles("lantern")) == 5
    out = io.StringIO()
    call_command("search-rebuild", stdout=out, verbosity=0)
    assert "6 documents indexed." in out.getvalue()  # 5 commitments and the member


def test_rebuild_refuses_an_unknown_kind() -> None:
    with pytest.raises(CommandError, match=r"Unknown kind plans\.nothing"):
        call_command("search-rebuild", "plans.nothing", verbosity=0)


def test_commitment_list_words_filter_uses_the_index(client, plan: ActionPlan) -> None:  # type: ignore[no-untyped-def]
    commit(plan, 1, "Transparencia presupuestaria")
    commit(plan, 2, "Open contracting")
    html = client.get(reverse("plans:commitment_list"), {"q": "transparen"}).content.decode()
    assert "Transparencia presupuestaria" in html and "Open contracting" not in html


def test_search_page(client, plan: ActionPlan) -> None:  # type: ignore[no-untyped-def]
    commit(plan, 1, "Participación ciudadana")
    page = client.get(reverse("web:search"), {"q": "participacion"})
    html = page.content.decode()
    assert page.status_code == 200 and "1 result" in html
    assert "<mark>Participación</mark> ciudadana" in html and 'href="/commitments/DMO0001/"' in html
    html = client.get(reverse("web:search"), {"q": "nothing-like-it"}).content.decode()
    assert "Nothing matches these words." in html
    html = client.get(reverse("web:search"), {"q": "demoland", "kind": "plans.member"}).content
    assert b"1 result" in html and b'href="/commitments/members/dmo/"' in html
    bad = client.get(reverse("web:search"), {"q": "x", "kind": "secret.table"})
    assert bad.status_code == 200 and "Select a valid choice." in bad.content.decode()


def test_search_page_queries_do_not_grow(client, plan, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for n in range(3):
        commit(plan, n, f"Lighthouse {n}")
    with django_assert_max_num_queries(6) as small:
        client.get(reverse("web:search"), {"q": "lighthouse"})
    for n in range(3, 60):
        commit(plan, n, f"Lighthouse {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(reverse("web:search"), {"q": "lighthouse", "page": 2}).content.decode()
    assert "Page 2 of 3" in html


def test_counting_stops_after_the_limit_and_the_page_says_so(
    client, plan: ActionPlan, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from openplan.search import backends, selectors

    monkeypatch.setattr(backends, "COUNT_LIMIT", 5)
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 5)
    for n in range(8):
        commit(plan, n, f"Harbour {n}")
    assert search_count("harbour") == 6  # the limit and one more
    assert len(search("harbour", limit=20)) == 6  # a broad query lists the newest 6 matches
    html = client.get(reverse("web:search"), {"q": "harbour"}).content.decode()
    assert "More than 5 results, newest first; titles with every word come before the rest" in html


def test_a_broad_query_lists_title_matches_first_newest_first_without_scoring_every_match(
    plan: ActionPlan, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from openplan.search import backends, selectors

    monkeypatch.setattr(backends, "COUNT_LIMIT", 3)
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 3)
    commit(plan, 1, "Harbour master plan")
    commit(plan, 2, "Dredging", description="The harbour master is consulted.")
    commit(plan, 3, "Harbour master register")
    commit(plan, 4, "Quays", description="Harbour masters and pilots.")
    commit(plan, 5, "Lighthouse", description="Nothing about ports.")
    expected = ["Harbour master register", "Harbour master plan", "Quays", "Dredging"]
    unmarked = [t.replace("<mark>", "").replace("</mark>", "") for t in titles("harb mast")]
    assert unmarked == expected
    pages = [titles("harb mast", limit=3, offset=0), titles("harb mast", limit=3, offset=3)]
    assert [len(page) for page in pages] == [3, 1]
    joined = [t.replace("<mark>", "").replace("</mark>", "") for t in pages[0] + pages[1]]
    assert joined == expected  # pages follow one order, nothing twice, nothing missed
    assert "<mark>" in titles("harb mast")[0]  # matches are still marked


def test_a_query_within_the_limit_is_ranked_titles_weighing_more(plan: ActionPlan) -> None:
    commit(plan, 1, "Dredging", description="The harbour is dredged yearly near the harbour.")
    commit(plan, 2, "Harbour register")
    assert titles("harbour")[0] == "<mark>Harbour</mark> register"


def test_a_snippet_is_the_window_around_the_first_match_and_says_where_it_was_cut() -> None:
    from openplan.search.fulltext import MARK_END, MARK_START
    from openplan.search.query import mark_matches

    text = " ".join(f"w{i}" for i in range(100)).replace("w50", "Educación")
    snippet = mark_matches(text, ["educa"], window=24)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert f"{MARK_START}Educación{MARK_END}" in snippet
    assert len(snippet.strip("…").split()) == 24 and snippet.split()[0] == "…w42"
    assert mark_matches("no match here", ["x"], window=24) == "no match here"
    assert (
        mark_matches("Río y rio", ["rio"])
        == f"{MARK_START}Río{MARK_END} y {MARK_START}rio{MARK_END}"
    )


@pytest.mark.postgres
def test_a_rebuild_leaves_statistics_for_the_planner_on_postgresql(plan: ActionPlan) -> None:
    """Without them, a common word read every match through the GIN index (ADR 0013)."""
    assert connection.vendor == "postgresql"
    commit(plan, 1, "Harbour works")
    index_rebuild()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stats WHERE tablename = 'search_searchdocument'"
            " AND attname = 'vector'"
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.postgres
def test_postgresql_keeps_the_vectors_in_the_row() -> None:
    """A broad query's probe tests documents one by one: out of line, each test read three or
    four more pages (migration 0004, ADR 0013)."""
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute"
            " WHERE attrelid = 'search_searchdocument'::regclass AND attname = 'vector'"
        )
        assert cursor.fetchone()[0] == "m"
