"""The notifications page (unread first, paginated, marking read without JavaScript), the
email choice, and the unread count in the header (from the cache, else one COUNT)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from openplan.participation import services
from openplan.participation.models import Notification, NotificationSettings

pytestmark = pytest.mark.django_db
LIST = "/account/notifications/"


def _notify(user: Any, n: int, **kwargs: Any) -> list[Notification]:
    now = timezone.now()
    return Notification.objects.bulk_create(
        Notification(user=user, event="proposal.comment", title=f"Idea {i}", url=f"/p/{i}/",
                     created_at=now - dt.timedelta(minutes=i), content_type_id=1, object_id=i,
                     **kwargs)
        for i in range(n)
    )  # fmt: skip


def test_unread_first_then_newest(cast, client_for) -> None:  # type: ignore[no-untyped-def]
    old_unread, new_read = _notify(cast.participant, 2)[::-1]
    new_read.read_at = timezone.now()
    new_read.save()
    _notify(cast.cso_member, 1)  # someone else's
    page = client_for("participant").get(LIST).content.decode()
    assert page.index(old_unread.title) < page.index(new_read.title)
    assert page.count("/p/") == 2


def test_the_list_queries_do_not_grow(cast, client_for, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = client_for("participant")
    _notify(cast.participant, 2)
    client.get(LIST)  # warm the session and the header's cached count
    with django_assert_max_num_queries(8) as small:
        assert client.get(LIST).status_code == 200
    queries = len(small.captured_queries)  # the next request empties the log
    _notify(cast.participant, 28)
    client.get(LIST)
    with django_assert_max_num_queries(queries):
        page = client.get(LIST)
    assert page.content.decode().count("/p/") == 30


def test_paginated(cast, client_for) -> None:  # type: ignore[no-untyped-def]
    _notify(cast.participant, 31)
    client = client_for("participant")
    assert client.get(LIST).content.decode().count("/p/") == 30
    assert client.get(LIST + "?page=2").content.decode().count("/p/") == 1


def test_mark_one_and_all_read_with_forms(cast, client_for) -> None:  # type: ignore[no-untyped-def]
    first, _second, _third = _notify(cast.participant, 3)
    theirs = _notify(cast.cso_member, 1)[0]
    client = client_for("participant")
    assert client.post(f"{LIST}{first.pk}/read/").status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    response = client.post(f"{LIST}{theirs.pk}/read/", follow=True)  # not theirs
    assert b"does not exist" in response.content
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post(f"{LIST}read-all/")
    assert not Notification.objects.filter(user=cast.participant, read_at__isnull=True).exists()
    assert client.get(f"{LIST}read-all/").status_code == 405  # no state change on GET


def test_the_header_shows_the_unread_count_from_one_count(  # type: ignore[no-untyped-def]
    cast, client_for, django_assert_max_num_queries
) -> None:
    client = client_for("participant")
    _notify(cast.participant, 4)
    cache.clear()
    page = client.get("/about/").content.decode()
    assert '>4<span class="visually-hidden"> unread' in page
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as cold:
        cache.clear()
        client.get("/about/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/about/")
    counts = [q["sql"] for q in cold.captured_queries if "participation_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT" in counts[0]
    assert not [q for q in warm.captured_queries if "participation_notification" in q["sql"]]
    client.post(f"{LIST}read-all/")
    assert "unread" not in client.get("/about/").content.decode().split("</header>")[0]


def test_anonymous_pages_do_not_count(client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/about/")
    assert not [q for q in queries.captured_queries if "notification" in q["sql"]]


def test_the_email_choice_form(cast, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("participant")
    page = client.get(f"{LIST}settings/").content.decode()
    assert 'value="none" ' in page and "checked" in page.split('value="none"')[1][:40]
    response = client.post(f"{LIST}settings/", {"email": "daily"})
    assert response.status_code == 302
    assert NotificationSettings.objects.get(user=cast.participant).email == "daily"
    bad = client.post(f"{LIST}settings/", {"email": "hourly"})
    assert bad.status_code == 200 and b"error" in bad.content
    assert NotificationSettings.objects.get(user=cast.participant).email == "daily"
    with pytest.raises(Exception, match="Choose how"):
        services.notification_settings_set(user=cast.participant, email="hourly")


def test_signed_out_people_are_sent_to_log_in(client) -> None:  # type: ignore[no-untyped-def]
    for path in (LIST, f"{LIST}settings/"):
        assert "/accounts/login/" in client.get(path)["Location"]


def test_commitments_and_action_plans_can_be_followed_from_their_pages(cast, client_for) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from openplan.participation.models import Follow
    from openplan.plans.models import Commitment
    from tests.participation.world import member_and_plan

    _member, plan = member_and_plan()
    plan.status = "implementation"
    plan.save()
    commitment = Commitment.objects.create(
        identifier="DMO0001", action_plan=plan, title="Open budgets", status="published",
        start_date=dt.date(2025, 1, 1),
    )  # fmt: skip
    client = client_for("participant")
    for page, kind, target in (
        (commitment.get_absolute_url(), "commitment", commitment),
        (f"/commitments/plans/{plan.pk}/", "plan", plan),
    ):
        assert f"/consultations/follow/{kind}/{target.pk}/" in client.get(page).content.decode()
        client.post(f"/consultations/follow/{kind}/{target.pk}/", {"action": "follow"})
        assert Follow.objects.filter(user=cast.participant, object_id=target.pk).exists()
        assert "Stop following" in client.get(page).content.decode()
    anonymous = client_for("anonymous").get(commitment.get_absolute_url()).content.decode()
    assert "/consultations/follow/" not in anonymous
