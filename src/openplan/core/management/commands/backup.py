"""``openplan backup [FILE]``: a consistent copy of the whole database, taken online."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from openplan.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (SQLite backup API or pg_dump) with a .sha256 file beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="default: var/backups/<time>")

    def handle(self, *args: Any, file: Path | None, **options: Any) -> None:
        if file is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            file = Path(settings.VAR_DIR) / "backups" / f"openplan-{stamp}.backup"
        try:
            written = backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written to {written} (checksum in {written}.sha256).")
