"""``openplan serve``: gunicorn in front of OpenPlan (``--dev`` for Django's runserver)."""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

# Sync workers by default: measured faster and steadier for pages, and as fast for supports
# (ADR 0015). Threads (gunicorn's gthread worker) help where commits wait long for a slow disk.
THREADS = 1


class Command(BaseCommand):
    help = "Serve OpenPlan over HTTP."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="host:port to listen on")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--threads", type=int, default=THREADS,
            help="threads per worker (1, the default: sync workers; more: gunicorn's gthread)",
        )  # fmt: skip
        parser.add_argument("--dev", action="store_true", help="Django's autoreloading server")

    def handle(
        self, *args: Any, bind: str, workers: int, threads: int, dev: bool, **options: Any
    ) -> None:
        if dev:
            call_command("runserver", bind)
            return
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
        self.stdout.write(f"OpenPlan on http://{bind}/ (Ctrl+C to stop)")
        argv = [gunicorn, "openplan.wsgi", "--bind", bind, "--workers", str(workers)]
        argv += ["--threads", str(max(1, threads))]
        argv += ["--access-logfile", "-", "--forwarded-allow-ips", "127.0.0.1"]
        os.execv(gunicorn, argv)  # nosec B606 # noqa: S606 - replaces this process with gunicorn
