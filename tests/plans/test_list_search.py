"""The commitment list's words filter (ADR 0013): the newest ``COUNT_LIMIT`` matches after the
other filters, "more than" beyond, and a CSV download that still holds every match."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from openplan.plans.models import ActionPlan, Commitment, Member
from tests.plans.test_pages import make_commitments

pytestmark = pytest.mark.django_db


def plan_of(code: str) -> ActionPlan:
    member = Member.objects.create(
        name=f"{code} land", slug=code.lower(), code=code, level="national"
    )
    return ActionPlan.objects.create(member=member, number=1, start_year=2024, end_year=2026)


def commit(plan: ActionPlan, n: int, title: str) -> Commitment:
    code = plan.member.code
    return Commitment.objects.create(
        identifier=f"{code}{n:04}", action_plan=plan, title=title, status="published"
    )


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    from openplan.plans import views

    monkeypatch.setattr(views, "COUNT_LIMIT", 3)
    return 3


def listed(client, query: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("plans:commitment_list"), query).content.decode()


def test_broad_words_list_the_newest_matches_and_say_more_matched(client, small_limit) -> None:  # type: ignore[no-untyped-def]
    plan = plan_of("AAA")
    for n in range(5):
        commit(plan, n, f"Harbour works {n}")
    commit(plan, 9, "Lighthouse")
    html = listed(client, {"q": "harb"})
    assert "More than 3 commitments match these words; the 3 newest are listed" in html
    shown = [n for n in range(5) if f"Harbour works {n}" in html]
    assert shown == [2, 3, 4] and "Lighthouse" not in html
    response = client.get(reverse("plans:commitment_csv"), {"q": "harb"})
    csv = b"".join(response.streaming_content).decode()
    assert all(f"Harbour works {n}" in csv for n in range(5)) and "Lighthouse" not in csv


def test_within_the_limit_the_count_is_exact(client, small_limit) -> None:  # type: ignore[no-untyped-def]
    plan = plan_of("AAA")
    for n in range(3):
        commit(plan, n, f"Harbour works {n}")
    html = listed(client, {"q": "harbour"})
    assert "3 commitments" in html and "More than" not in html


def test_other_filters_apply_before_the_cut(client, small_limit) -> None:  # type: ignore[no-untyped-def]
    """The newest matches are another member's: the member's own older ones are still found."""
    mine, theirs = plan_of("AAA"), plan_of("BBB")
    commit(mine, 1, "Harbour dredging")
    for n in range(5):
        commit(theirs, n, f"Harbour works {n}")
    html = listed(client, {"q": "harbour", "member": "aaa"})
    assert "Harbour dredging" in html and "Harbour works" not in html
    assert "1 commitment" in html and "More than" not in html
    html = listed(client, {"q": "harbour", "year": "2025", "sort": "title"})
    assert "More than 3 commitments" in html


def test_words_without_letters_do_not_filter(client) -> None:  # type: ignore[no-untyped-def]
    plan = plan_of("AAA")
    commit(plan, 1, "Harbour dredging")
    assert "Harbour dredging" in listed(client, {"q": "*** !!"})


def test_a_words_page_takes_as_many_queries_at_two_sizes(
    client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    make_commitments(5, milestones=0)
    with django_assert_max_num_queries(11) as small:
        assert "5 commitments" in listed(client, {"q": "commitment", "member": "dmo"})
    make_commitments(60, milestones=0)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = listed(client, {"q": "commitment", "member": "dmo", "page": "2"})
    assert "65 commitments" in html
    shown = re.findall(r"<td>(DMO\d{4})</td>", html)
    assert shown == [f"DMO{n:04}" for n in range(40, 65)]  # the second page, in the list's order


def test_words_keep_the_chosen_sort(client) -> None:  # type: ignore[no-untyped-def]
    plan = plan_of("AAA")
    for n, title in enumerate(["Harbour c", "Harbour a", "Lighthouse", "Harbour b"]):
        commit(plan, n, title)
    html = listed(client, {"q": "harbour", "sort": "title"})
    assert re.findall(r">(Harbour \w)</a>", html) == ["Harbour a", "Harbour b", "Harbour c"]
