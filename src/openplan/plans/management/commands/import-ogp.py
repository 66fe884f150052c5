"""``openplan import-ogp FILE.csv [--dry-run]``: import OGP's commitment spreadsheet export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from openplan.plans.importer import OgpImportError, ogp_import


class Command(BaseCommand):
    help = "Import OGP's commitment export (CSV, 171 columns). All or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args: Any, file: Path, dry_run: bool, **options: Any) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        try:
            with tqdm(unit="row", disable=options["verbosity"] == 0) as bar:

                def set_total(total: int) -> None:
                    bar.total = total
                    bar.refresh()

                result = ogp_import(
                    data=data, dry_run=dry_run, progress=bar.update, on_total=set_total
                )
        except OgpImportError as failed:
            for problem in failed.problems[:200]:
                self.stderr.write(f"{file}: {problem}")
            if len(failed.problems) > 200:
                self.stderr.write(f"… and {len(failed.problems) - 200} more")
            raise CommandError(
                f"{len(failed.problems)} problem(s): nothing was imported."
            ) from failed
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {result.rows} commitments: "
                + ", ".join(
                    f"{kind}s {result.created[kind]} new / {result.updated[kind]} updated"
                    for kind in ("member", "plan", "commitment")
                )
            )
        )
