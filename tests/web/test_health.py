"""``/health/``: the plain-text answer for uptime checks and the benchmarks' baseline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult, get_date_max

pytestmark = pytest.mark.django_db


def test_health_answers_ok_in_plain_text_to_anyone(client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(0):
        response = client.get(reverse("web:health"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b"ok\n"


def test_health_answers_a_signed_in_person_too(client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    user = django_user_model.objects.create_user("someone@example.org", "a long passphrase 7")
    client.force_login(user)
    assert client.get(reverse("web:health")).content == b"ok\n"


def test_health_refuses_writes(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post(reverse("web:health")).status_code == 405


# --- /health/ready/: the database and the task queue's lag --------------------------------


def _enqueue(
    *, enqueued_at: dt.datetime, run_after: dt.datetime | None = None, status: str = "READY"
) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        task_path="openplan.core.tasks.email_send", args_kwargs={"args": [], "kwargs": {}},
        queue_name="default", backend_name="default", priority=0, status=status,
        run_after=run_after or get_date_max(),
    )  # fmt: skip
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=enqueued_at)  # auto_now_add
    return task


def test_ready_reports_the_database_and_an_empty_queue(client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(2):  # SELECT 1, and one aggregate over the ready tasks
        response = client.get(reverse("web:health_ready"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok" and body["database"]["ok"] is True
    assert body["tasks"] == {
        "ok": True, "ready": 0, "oldest_ready_seconds": None, "lag_limit_seconds": 300,
    }  # fmt: skip


def test_ready_reports_the_age_of_the_oldest_ready_task(client, time_machine) -> None:  # type: ignore[no-untyped-def]
    now = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
    time_machine.move_to(now, tick=False)
    _enqueue(enqueued_at=now - dt.timedelta(seconds=40))
    _enqueue(enqueued_at=now - dt.timedelta(seconds=90))  # the oldest
    _enqueue(enqueued_at=now - dt.timedelta(hours=2), status="SUCCESSFUL")  # done: not lag
    _enqueue(enqueued_at=now - dt.timedelta(hours=2), status="RUNNING")  # taken: not lag
    _enqueue(enqueued_at=now - dt.timedelta(hours=3), run_after=now + dt.timedelta(hours=1))
    _enqueue(enqueued_at=now - dt.timedelta(hours=3), run_after=now - dt.timedelta(seconds=60))
    body = client.get(reverse("web:health_ready")).json()
    assert body["tasks"]["ready"] == 3  # two enqueued, one whose time has come
    assert body["tasks"]["oldest_ready_seconds"] == 90.0
    assert body["status"] == "ok"


def test_ready_fails_when_the_queue_lags(client, settings, time_machine) -> None:  # type: ignore[no-untyped-def]
    settings.OPENPLAN_TASK_LAG_LIMIT_SECONDS = 60
    now = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
    time_machine.move_to(now, tick=False)
    _enqueue(enqueued_at=now - dt.timedelta(seconds=61))
    response = client.get(reverse("web:health_ready"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing" and body["tasks"]["ok"] is False
    assert body["database"]["ok"] is True


def test_ready_fails_when_the_database_does_not_answer(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.db import DatabaseError

    def broken(*args: object, **kwargs: object) -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setattr("openplan.core.health.connection.cursor", broken)
    response = client.get(reverse("web:health_ready"))
    assert response.status_code == 503
    body = response.json()
    assert body["database"]["ok"] is False and body["tasks"]["ready"] is None
