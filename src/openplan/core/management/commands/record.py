"""``openplan record verify`` checks the public record; ``openplan record checkpoint`` signs
its current tree now (run it from cron to sign checkpoints while the record is quiet);
``openplan record rebuild-nodes`` computes the stored subtree hashes again from the entries."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from openplan.core.record.selectors import record_size
from openplan.core.record.services import checkpoint_issue, record_rebuild_nodes
from openplan.core.record.verify import Problem, record_verify


class Command(BaseCommand):
    help = "Verify the public record, or sign a checkpoint of it."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        verify = actions.add_parser("verify", help="recompute every hash and signature")
        verify.add_argument("--no-progress", action="store_true", help="no progress bar")
        actions.add_parser("checkpoint", help="sign a checkpoint of the record as it stands")
        rebuild = actions.add_parser(
            "rebuild-nodes", help="compute the stored subtree hashes again from the entries"
        )
        rebuild.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            checkpoint = checkpoint_issue()
            if checkpoint is None:
                self.stdout.write("The record is empty: no checkpoint.")
            else:
                self.stdout.write(
                    f"Checkpoint of size {checkpoint.tree_size}, root {checkpoint.root_hash}"
                )
            return
        if options["action"] == "rebuild-nodes":
            self._rebuild(show_progress=not options["no_progress"])
            return
        self._verify(show_progress=not options["no_progress"])

    def _verify(self, *, show_progress: bool) -> None:
        total = record_size()
        with tqdm(total=total, unit="entry", disable=not show_progress or total < 1000) as bar:
            result = record_verify(progress=bar.update)
        if isinstance(result, Problem):
            raise CommandError(f"The public record does not verify. First problem: {result}")
        self.stdout.write(
            f"The public record verifies: {result.entries} entries, "
            f"{result.checkpoints} checkpoints, root {result.root_hash}."
        )

    def _rebuild(self, *, show_progress: bool) -> None:
        total = record_size()
        with tqdm(total=total, unit="entry", disable=not show_progress or total < 1000) as bar:
            stored = record_rebuild_nodes(progress=bar.update)
        self.stdout.write(f"Stored {stored} subtree hashes for {total} entries.")
