"""Uploaded files: what they really are, whether they may be kept, and how to hand them back.

A file's type is read from its content (magic bytes, the entries of a zip container, or
UTF-8 text for CSV), never from the name or the browser's Content-Type, and the name's
extension must agree with it. Nothing here knows what the files are for.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

MIB = 1024 * 1024
HEAD_BYTES = 64 * 1024
CHUNK_BYTES = 64 * 1024
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
CSV_DELIMITERS = ",;\t|"
SNIFF_LINES = 50
MARKUP = re.compile(rb"^\s*<[a-z!?/]", re.I)  # HTML, SVG, XML: never taken for CSV
# Control characters other than tab, line feed and carriage return do not occur in CSV.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extensions: tuple[str, ...]  # the first is the one given to stored files


PDF = FileKind("PDF", "application/pdf", (".pdf",))
PNG = FileKind("PNG", "image/png", (".png",))
JPEG = FileKind("JPEG", "image/jpeg", (".jpg", ".jpeg"))
WEBP = FileKind("WebP", "image/webp", (".webp",))
CSV = FileKind("CSV", "text/csv", (".csv",))
ODS = FileKind("ODS", ODS_MIMETYPE.decode(), (".ods",))
XLSX = FileKind(
    "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)
KINDS: tuple[FileKind, ...] = (PDF, PNG, JPEG, WEBP, CSV, ODS, XLSX)


def kind_for_content_type(content_type: str) -> FileKind | None:
    return next((kind for kind in KINDS if kind.content_type == content_type), None)


def kinds_label(kinds: tuple[FileKind, ...] = KINDS) -> str:
    """ "PDF, PNG, …, XLSX": the accepted types, for hints and messages."""
    return ", ".join(kind.label for kind in kinds)


def megabytes(size: int) -> str:
    """``size`` in MB (MiB), as a number in the active language: "10", "2.5" or "2,5"."""
    value = size / MIB
    if value.is_integer():
        return formats.number_format(int(value))
    return formats.number_format(round(value, 1), decimal_pos=1)


# --- Sniffing -----------------------------------------------------------------------------


def _sniff_zip(file: IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as entry:  # read a few bytes: no zip bomb
                    if entry.read(len(ODS_MIMETYPE) + 1).strip() == ODS_MIMETYPE:
                        return ODS
                return None
            spreadsheet = "[Content_Types].xml" in names and "xl/workbook.xml" in names
            if spreadsheet and "xl/vbaProject.bin" not in names:  # no macros
                return XLSX
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError):
        pass
    return None


def _is_csv(file: IO[bytes]) -> bool:
    """UTF-8 text without control characters or markup whose first lines split alike."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    sample = ""
    try:
        while chunk := file.read(CHUNK_BYTES):
            text = decoder.decode(chunk)
            if CONTROL.search(text):
                return False
            if len(sample) < HEAD_BYTES:
                sample += text
        sample += decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    if not sample.strip() or MARKUP.match(sample.encode()):
        return False
    return _consistent(sample)


def _consistent(sample: str) -> bool:
    """Whether the first lines of ``sample`` have one column, or split alike on a delimiter."""
    complete = sample if len(sample) < HEAD_BYTES else sample[: sample.rfind("\n") + 1]
    lines = [line for line in complete.splitlines()[:SNIFF_LINES] if line.strip()]
    if not lines or not any(delimiter in lines[0] for delimiter in CSV_DELIMITERS):
        return bool(lines)
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines), delimiters=CSV_DELIMITERS)
    except csv.Error:
        return False
    rows = itertools.islice(csv.reader(io.StringIO(complete), dialect), SNIFF_LINES)
    return len({len(row) for row in rows if row}) == 1


def sniff(file: IO[bytes]) -> FileKind | None:
    """The kind of ``file`` (a binary, seekable file) read from its content, or None."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return WEBP
        if head.startswith(b"PK\x03\x04"):
            return _sniff_zip(file)
        return CSV if _is_csv(file) else None
    finally:
        file.seek(0)


# --- Checking an upload -------------------------------------------------------------------


def extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def check_upload(
    file: IO[bytes], *, name: str, size: int, max_bytes: int, kinds: tuple[FileKind, ...] = KINDS
) -> FileKind:
    """The kind of an uploaded file, or ValidationError naming the file: too large, of a type
    not in ``kinds``, or with an extension that does not match its content."""
    if size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s MB): a file may be at most %(limit)s MB.")
            % {"name": name, "size": megabytes(size), "limit": megabytes(max_bytes)},
            code="too_large",
        )
    kind = sniff(file)
    if kind is None or kind not in kinds:
        raise ValidationError(
            _("The content of “%(name)s” is not one of the accepted types (%(types)s).")
            % {"name": name, "types": kinds_label(kinds)},
            code="type_refused",
        )
    if extension(name) not in kind.extensions:
        raise ValidationError(
            _(
                "“%(name)s” contains a %(type)s file, but its name does not end in "
                "%(extensions)s. Rename it or choose another file."
            )
            % {"name": name, "type": kind.label, "extensions": " / ".join(kind.extensions)},
            code="extension_mismatch",
        )
    return kind


# --- Names ----------------------------------------------------------------------------------


def display_name(name: str, max_length: int = 200) -> str:
    """The base name of an uploaded file, without directories or control characters,
    at most ``max_length`` characters (the extension is kept)."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip(" .")
    if len(base) > max_length:
        suffix = PurePosixPath(base).suffix[:16]
        base = base[: max_length - len(suffix)] + suffix
    return base or "file"


def random_name(kind: FileKind) -> str:
    """A name for storing a file that cannot collide with another or be guessed."""
    return f"{uuid.uuid4().hex}{kind.extensions[0]}"


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r'[\x00-\x1f\x7f"\\/;]', "_", text).strip()


def attachment_header(filename: str) -> str:
    """``Content-Disposition`` for a download named ``filename`` (RFC 6266): a quoted ASCII
    fallback, and ``filename*`` (RFC 5987) when the name is not plain ASCII."""
    suffix = PurePosixPath(filename).suffix
    stem = filename[: len(filename) - len(suffix)]
    ascii_name = (_ascii(stem) or "download") + _ascii(suffix)
    header = f'attachment; filename="{ascii_name}"'
    if ascii_name != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header
