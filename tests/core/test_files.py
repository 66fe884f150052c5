"""core.files: a file's type is read from its content and its name must agree."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from openplan.core import files

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 20
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 40
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=compression)
    return buffer.getvalue()


def xlsx(**extra: bytes) -> bytes:
    """The smallest XLSX the sniffer accepts: an OOXML package with a workbook."""
    return zipped(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
            "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>',
            "xl/worksheets/sheet1.xml": b'<?xml version="1.0"?><worksheet/>',
            **extra,
        }
    )


def ods(mimetype: bytes = b"application/vnd.oasis.opendocument.spreadsheet") -> bytes:
    return zipped(
        {
            "mimetype": mimetype,
            "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest/>',
            "content.xml": b'<?xml version="1.0"?><office:document-content/>',
        }
    )


GOOD = {
    "PDF": PDF,
    "PNG": PNG,
    "JPEG": JPEG,
    "WebP": WEBP,
    "CSV": b"year,budget\n2024,100\n2025,120\n",
    "ODS": ods(),
    "XLSX": xlsx(),
}


@pytest.mark.parametrize(("label", "content"), GOOD.items(), ids=list(GOOD))
def test_accepted_types_are_recognised_by_content(label: str, content: bytes) -> None:
    kind = files.sniff(io.BytesIO(content))
    assert kind is not None and kind.label == label


@pytest.mark.parametrize(
    "content",
    [
        '\ufeffnom;montant\n"Pôle, Nord";1\n"deux\nlignes";2\n'.encode(),  # BOM, quotes
        b"a single column\nof text\n",
        b"a\tb\n1\t2\n",
    ],
    ids=["semicolons", "one column", "tabs"],
)
def test_csv_variants_are_csv(content: bytes) -> None:
    assert files.sniff(io.BytesIO(content)) == files.CSV


BAD = {
    "exe": EXE,
    "html": HTML,
    "html without doctype": b"  <p>Hello</p>",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
    "plain zip": zipped({"report.txt": b"hello"}),
    "xlsx with macros": xlsx(**{"xl/vbaProject.bin": b"\x00"}),
    "odt, not ods": ods(b"application/vnd.oasis.opendocument.text"),
    "broken zip": b"PK\x03\x04" + b"\x00" * 40,
    "latin-1 text": "année,coût\n2024,100\n".encode("latin-1"),
    "text with NUL": b"a,b\n1,\x002\n",
    "ragged csv": b"a,b,c\n1,2\n3\n",
    "empty": b"",
}


@pytest.mark.parametrize(("label", "content"), BAD.items(), ids=list(BAD))
def test_other_content_is_not_recognised(label: str, content: bytes) -> None:
    assert files.sniff(io.BytesIO(content)) is None


def test_sniffing_leaves_the_file_at_its_start() -> None:
    file = io.BytesIO(GOOD["XLSX"])
    files.sniff(file)
    assert file.tell() == 0


def check(content: bytes, name: str, max_bytes: int = 1000) -> files.FileKind:
    return files.check_upload(
        io.BytesIO(content), name=name, size=len(content), max_bytes=max_bytes
    )


def test_a_matching_name_passes() -> None:
    assert check(PDF, "Minutes.PDF") == files.PDF
    assert check(JPEG, "photo.jpeg") == check(JPEG, "photo.jpg") == files.JPEG


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (HTML, "report.pdf", "type_refused"),
        (EXE, "report.pdf", "type_refused"),
        (zipped({"a.txt": b"x"}), "budget.xlsx", "type_refused"),
        (PDF, "report.png", "extension_mismatch"),
        (PNG, "chart.pdf", "extension_mismatch"),
        (GOOD["CSV"], "data.xlsx", "extension_mismatch"),
        (GOOD["ODS"], "sheet.xlsx", "extension_mismatch"),
        (PDF, "report", "extension_mismatch"),
    ],
)
def test_disguised_files_are_refused_by_name(content: bytes, name: str, code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check(content, name)
    assert refused.value.code == code
    assert f"“{name}”" in refused.value.messages[0]


def test_a_too_large_file_names_the_limit_in_the_active_language() -> None:
    with pytest.raises(ValidationError) as refused:
        check(PDF, "big.pdf", max_bytes=len(PDF) - 1)
    assert refused.value.code == "too_large"
    content = b"x" * (files.MIB * 5 // 2)
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        files.check_upload(
            io.BytesIO(content), name="gros.csv", size=len(content), max_bytes=files.MIB
        )
    message = refused.value.messages[0]
    assert "«\xa0gros.csv\xa0»" in message  # French quotes, as the French catalogue writes them
    assert "2,5\xa0Mo" in message and "1\xa0Mo" in message


def test_only_the_kinds_asked_for_are_accepted() -> None:
    with pytest.raises(ValidationError):
        files.check_upload(
            io.BytesIO(PNG), name="a.png", size=len(PNG), max_bytes=1000, kinds=(files.PDF,)
        )


@pytest.mark.parametrize(
    ("uploaded", "shown"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd.csv", "passwd.csv"),
        ("C:\\Users\\ana\\budget 2025.xlsx", "budget 2025.xlsx"),
        ("bad\x00\nname.pdf", "badname.pdf"),
        ("", "file"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_display_names_lose_directories_and_control_characters(uploaded: str, shown: str) -> None:
    assert files.display_name(uploaded) == shown


def test_random_names_differ_and_keep_the_kind_s_extension() -> None:
    first, second = files.random_name(files.JPEG), files.random_name(files.JPEG)
    assert first != second and first.endswith(".jpg") and len(first) == 36


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("report.pdf", 'attachment; filename="report.pdf"'),
        (
            "Résumé 2025.pdf",
            'attachment; filename="Resume 2025.pdf"; '
            "filename*=UTF-8''R%C3%A9sum%C3%A9%202025.pdf",
        ),
        ('a"b\\c.csv', "attachment; filename=\"a_b_c.csv\"; filename*=UTF-8''a%22b%5Cc.csv"),
        (
            "Бюджет.xlsx",
            'attachment; filename="download.xlsx"; '
            "filename*=UTF-8''%D0%91%D1%8E%D0%B4%D0%B6%D0%B5%D1%82.xlsx",
        ),
    ],
)
def test_attachment_header_follows_rfc_6266(name: str, header: str) -> None:
    assert files.attachment_header(name) == header
