"""Configuration comes from the environment; production refuses to start without secrets."""

from __future__ import annotations

import base64
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from openplan.core.email_url import email_settings_from_url


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    ignored = {
        "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_URL", "OPENPLAN_RECORD_SIGNING_KEY"
    }  # fmt: skip
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    clean.pop("PYTEST_VERSION", None)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import openplan.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        ],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "x.org", "EMAIL_URL": "smtp://h"}, "SECRET_KEY"),
        ({"SECRET_KEY": "k" * 50, "EMAIL_URL": "smtp://h"}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "x.org"}, "EMAIL_URL"),
        (
            {"SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "x.org", "EMAIL_URL": "smtp://h"},
            "OPENPLAN_RECORD_SIGNING_KEY",
        ),
    ],
)
def test_production_refuses_to_start_without_a_secret(
    env: dict[str, str], missing: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    result = load_settings(OPENPLAN_ENV="production", OPENPLAN_VAR_DIR=str(tmp_path), **env)
    assert result.returncode != 0
    assert f"{missing} must be set when OPENPLAN_ENV=production" in result.stderr


def test_production_starts_with_everything_given(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = load_settings(
        OPENPLAN_ENV="production",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="x.org",
        EMAIL_URL="smtp://mail.x.org:587?tls=1",
        OPENPLAN_RECORD_SIGNING_KEY="ab" * 32,
        OPENPLAN_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.sqlite3"]


def test_an_unknown_environment_name_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = load_settings(OPENPLAN_ENV="prod", OPENPLAN_VAR_DIR=str(tmp_path))
    assert result.returncode != 0 and "OPENPLAN_ENV must be" in result.stderr


def test_sqlite_runs_in_wal_with_immediate_transactions() -> None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if "postgresql" in database["ENGINE"]:  # the PostgreSQL run: nothing SQLite-specific
        assert "init_command" not in database.get("OPTIONS", {})
        return
    options = database["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert "busy_timeout" in options["init_command"]


def test_email_url_parsing() -> None:
    smtp = email_settings_from_url("smtp://user%40x:p%3Ass@mail.example.org:587?tls=1")
    assert smtp["EMAIL_HOST"] == "mail.example.org"
    assert (smtp["EMAIL_PORT"], smtp["EMAIL_USE_TLS"], smtp["EMAIL_USE_SSL"]) == (587, True, False)
    assert (smtp["EMAIL_HOST_USER"], smtp["EMAIL_HOST_PASSWORD"]) == ("user@x", "p:ss")
    assert email_settings_from_url("smtps://h")["EMAIL_PORT"] == 465
    assert email_settings_from_url("file:///tmp/mail")["EMAIL_FILE_PATH"] == "/tmp/mail"
    with pytest.raises(ImproperlyConfigured):
        email_settings_from_url("carrier-pigeon://coop")


def test_production_refuses_a_malformed_record_signing_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = load_settings(
        OPENPLAN_ENV="production",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="x.org",
        EMAIL_URL="smtp://mail.x.org:587?tls=1",
        OPENPLAN_RECORD_SIGNING_KEY=base64.b64encode(bytes(31)).decode(),
        OPENPLAN_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "OPENPLAN_RECORD_SIGNING_KEY: the record signing key must be 32 bytes" in result.stderr
