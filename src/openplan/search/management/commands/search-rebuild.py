"""``openplan search-rebuild [KIND ...]``: rebuild the search index (after bulk loads)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from openplan.search.registry import REGISTRY
from openplan.search.services import index_rebuild, index_size


class Command(BaseCommand):
    help = "Rebuild the search index of every registered kind, or of the kinds named."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kinds", nargs="*", help="e.g. plans.commitment (default: all)")

    def handle(self, *args: Any, kinds: list[str], **options: Any) -> None:
        unknown = sorted(set(kinds) - set(REGISTRY))
        if unknown:
            known = ", ".join(sorted(REGISTRY))
            raise CommandError(f"Unknown kind {', '.join(unknown)}; known kinds: {known}")
        with tqdm(total=index_size(kinds), unit="object", disable=options["verbosity"] == 0) as bar:
            written = index_rebuild(kinds, progress=bar.update)
        self.stdout.write(f"{written} documents indexed.")
