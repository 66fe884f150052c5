"""``openplan export-data``: build the bulk downloads now, with a progress bar."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from tqdm import tqdm

from openplan.opendata.exports.build import exports_build
from openplan.opendata.exports.files import exports_dir
from openplan.opendata.exports.tables import TABLES, Table


class Command(BaseCommand):
    help = (
        "Build the bulk downloads (CSV in a ZIP, JSON Lines, XLSX) of all public data now, "
        "replacing the previous files only once all are complete."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["verbosity"] == 0
        total = 0 if quiet else sum(table.count() for table in TABLES)
        with tqdm(total=total, unit="row", disable=quiet) as bar:
            done: dict[str, int] = {}

            def progress(table: Table, count: int) -> None:
                bar.set_description(table.name)
                bar.update(count - done.get(table.name, 0))
                done[table.name] = count

            try:
                built = exports_build(progress)
            except Exception as exc:
                raise CommandError(
                    f"The build failed; the previous downloads are unchanged: {exc}"
                ) from exc
        directory = exports_dir()
        for entry in built.manifest.files:
            self.stdout.write(
                f"{directory / entry.name}  {filesizeformat(entry.size)}  sha256 {entry.sha256}"
            )
        rows = ", ".join(f"{name} {count}" for name, count in built.rows.items())
        self.stdout.write(self.style.SUCCESS(f"Built at {built.manifest.generated_at}: {rows}"))
