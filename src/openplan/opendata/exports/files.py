"""The downloads, where they live and their manifest (what was built, when, checksums)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileSpec:
    key: str
    name: str
    content_type: str
    label: Promise
    file_type: str  # the term of the EU file-type table

    def entry(self, path: Path, sha256: str, generated_at: dt.datetime) -> FileEntry:
        return FileEntry(
            key=self.key,
            name=self.name,
            content_type=self.content_type,
            size=path.stat().st_size,
            sha256=sha256,
            generated_at=generated_at,
        )


FILES: dict[str, FileSpec] = {
    spec.key: spec
    for spec in (
        FileSpec("csv", "openplan-data-csv.zip", "application/zip",
                 _("CSV, one file per table, in a ZIP archive"), "ZIP"),
        FileSpec("jsonl", "openplan-data.jsonl", "application/jsonl",
                 _("JSON Lines, one record per line"), "JSON"),
        FileSpec("xlsx", "openplan-data.xlsx",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 _("Excel workbook (XLSX), one sheet per table"), "XLSX"),
    )
}  # fmt: skip


@dataclass(frozen=True)
class FileEntry:
    key: str
    name: str
    content_type: str
    size: int
    sha256: str
    generated_at: dt.datetime

    @property
    def spec(self) -> FileSpec:
        return FILES[self.key]


@dataclass(frozen=True)
class Manifest:
    generated_at: dt.datetime
    files: list[FileEntry]
    rows: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> str:
        data = asdict(self)
        data["generated_at"] = self.generated_at.isoformat()
        for item in data["files"]:
            item["generated_at"] = item["generated_at"].isoformat()
        return json.dumps(data, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        files = [
            FileEntry(**{**item, "generated_at": dt.datetime.fromisoformat(item["generated_at"])})
            for item in data["files"]
            if item["key"] in FILES
        ]
        return cls(
            generated_at=dt.datetime.fromisoformat(data["generated_at"]),
            files=files,
            rows=data.get("rows", {}),
        )

    def get(self, name: str) -> FileEntry | None:
        return next((entry for entry in self.files if entry.name == name), None)


def exports_dir() -> Path:
    directory = Path(settings.OPENPLAN_EXPORTS_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def manifest_read() -> Manifest | None:
    """The manifest of the latest complete build, or None before the first one (or if it is
    unreadable: then the downloads are treated as not built, and the next build replaces it)."""
    path = Path(settings.OPENPLAN_EXPORTS_DIR) / "manifest.json"
    try:
        return Manifest.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def download_path(entry: FileEntry) -> Path:
    return Path(settings.OPENPLAN_EXPORTS_DIR) / entry.name
