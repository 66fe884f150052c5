"""The ``openplan`` command and OpenPlan's own management commands."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from openplan.accounts.models import Membership, Organisation, User
from openplan.core.record.models import RecordEntry
from openplan.plans.models import Commitment, Member, Milestone, ProgressUpdate

pytestmark = pytest.mark.django_db


def test_createadmin_makes_a_verified_superuser(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ADMIN_PASSWORD", "a long admin passphrase 7")
    call_command("createadmin", email="Root@Example.org", password_from_env="ADMIN_PASSWORD")
    admin = User.objects.get(email="root@example.org")
    assert admin.is_superuser and admin.check_password("a long admin passphrase 7")
    assert EmailAddress.objects.get(user=admin).verified
    assert not admin.has_perm("accounts.manage_members")  # not before MFA enrolment


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-email", "a long admin passphrase 7", "Not a valid email"),
        ("ok@example.org", "password", "too common"),
    ],
)
def test_createadmin_refuses_bad_input(
    monkeypatch, email: str, password: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ADMIN_PASSWORD", password)
    with pytest.raises(CommandError, match=message):
        call_command("createadmin", email=email, password_from_env="ADMIN_PASSWORD")
    assert not User.objects.exists()


def test_demo_is_idempotent_and_labelled() -> None:
    call_command("demo", verbosity=0)
    counts = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
    entries = RecordEntry.objects.count()
    assert entries > len(set(Commitment.objects.values_list("action_plan", flat=True)))
    call_command("demo", verbosity=0)
    assert RecordEntry.objects.count() == entries  # the public record: nothing new to say
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    ) == counts
    assert counts[0] >= 4
    assert Member.objects.count() >= 3 and Member.objects.filter(level="local").exists()
    assert Commitment.objects.filter(status="published").count() >= 3
    assert len(set(Commitment.objects.values_list("language", flat=True))) >= 3
    assert Milestone.objects.exists() and ProgressUpdate.objects.exists()
    assert all(
        c.problem.startswith(("Demo", "Contenido de demostración", "Demonstrācijas"))
        for c in Commitment.objects.all()
    )
    assert all(
        o.name.startswith("Demo") and "Demo content" in o.description
        for o in Organisation.objects.all()
    )


def test_the_console_script_wraps_django_commands() -> None:
    env = {**os.environ, "OPENPLAN_ENV": "test"}
    result = subprocess.run(
        [sys.executable, "-m", "openplan", "help"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for command in ("serve", "demo", "createadmin", "compiletranslations", "db_worker"):
        assert command in result.stdout


@pytest.mark.parametrize(("given", "threads"), [([], "1"), (["--threads", "4"], "4")])
def test_serve_runs_gunicorn_with_threads(monkeypatch, given, threads) -> None:  # type: ignore[no-untyped-def]
    """Sync workers by default (ADR 0015); ``--threads 4`` gives gunicorn's threaded worker."""
    from openplan.core.management.commands import serve

    calls: list[list[str]] = []
    monkeypatch.setattr(serve.os, "execv", lambda path, argv: calls.append(argv))
    call_command("serve", "--bind", "127.0.0.1:9", *given, stdout=io.StringIO())
    argv = calls[0]
    assert argv[argv.index("--threads") + 1] == threads
    assert argv[argv.index("--workers") + 1] == "2"
