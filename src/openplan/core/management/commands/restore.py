"""``openplan restore FILE``: replace the database's content with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openplan.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `openplan backup`. Everything in the database is replaced."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, file: Path, yes: bool, **options: Any) -> None:
        if not yes and input(f"Replace the whole database with {file}? [y/N] ").lower() != "y":
            raise CommandError("Nothing restored.")
        try:
            restore(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {file}.")
