"""What a file is, judged from its bytes: its format (magic bytes) and, for text, its encoding.

A file name or a content type is a claim; these functions look at the content. The plan reader
(extract/readers.py), the data loader (indicators/tables.py), evidence uploads and the Excel
workbook upload (reporting/services) all ask here, so "is this a PDF, an old .xls, a Word file,
GBK text?" is answered once. Pure Python, no Django: the extractor is usable as a library.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile

PDF = b"%PDF-"
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc / .xls / .ppt before 2007
ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with members, an empty zip
RTF = b"{\\rtf"
_OFFICE_FOLDERS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}


def sniff(data: bytes) -> str:
    """'pdf', 'png', 'jpeg', 'ole' (old Office), 'zip' (OOXML or any zip), 'rtf' or 'other'.

    A PDF or RTF may follow a little whitespace (their readers tolerate it); every other
    signature must open the file.
    """
    head = data[:1024].lstrip()
    if head.startswith(PDF):
        return "pdf"
    if head.startswith(RTF):
        return "rtf"
    for kind, magic in (("png", PNG), ("jpeg", JPEG), ("ole", OLE), ("zip", ZIP)):
        if data.startswith(magic):
            return kind
    return "other"


def office_kind(source) -> str | None:
    """'docx', 'xlsx' or 'pptx' for an Office Open XML file (bytes or a binary file object:
    a readable zip with [Content_Types].xml and the format's folder); None otherwise.
    A file object is left at its start."""
    archive_source = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    try:
        archive_source.seek(0)
        with zipfile.ZipFile(archive_source) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        archive_source.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for folder, kind in _OFFICE_FOLDERS.items():
        if any(n.startswith(folder) for n in names):
            return kind
    return None


def decode_text(data: bytes) -> str | None:
    """The bytes as text in whatever encoding an office saved them (a byte-order mark, UTF-8,
    BOM-less UTF-16, GB18030/GBK, last a guess), or None for binary content that is not text."""
    text = _decoded(data)
    return None if text is None or _looks_binary(text) else text


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _decoded(data: bytes) -> str | None:
    """A byte-order mark, then strict UTF-8, BOM-less UTF-16, GB18030, and last a guess.

    NUL bytes never occur in UTF-8 or GB18030 text, but UTF-16 puts one beside every ASCII
    character, so a file with NULs is either BOM-less UTF-16 or binary.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], codec)
    if b"\x00" in data:
        return _guess_utf16(data)
    text = _strict_utf8(data)
    if text is None:
        text = _strict(data, "gb18030")
    return text if text is not None else _guess_charset(data)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _strict_utf8(data: bytes) -> str | None:
    """UTF-8, tolerating only a character cut off by truncation at the very end of the file."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8")
        return None


def _guess_utf16(data: bytes) -> str | None:
    """BOM-less UTF-16: every ASCII character (newline, digit, space) puts a NUL in one byte of
    its pair. Both byte orders are tried and the one that reads as Chinese/ASCII text wins;
    binary files with NULs read as neither."""
    if len(data) % 2:
        return None
    best = None, 0.0
    for codec in ("utf-16-le", "utf-16-be"):
        text = _strict(data, codec)
        share = _plausible_share(text) if text else 0.0
        if share > best[1]:
            best = text, share
    return best[0] if best[1] >= 0.95 else None


def _guess_charset(data: bytes) -> str | None:
    """Last resort: charset-normalizer's guess, kept only if it reads as plausible text."""
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    text = None if match is None else str(match)
    return text if text and _plausible_share(text) >= 0.9 else None


CJK = (
    "\u2e80-\u2fff\u3001-\u303f\u3040-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\ufe30-\ufe4f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
)
_PLAUSIBLE = re.compile(f"[{CJK}\\x20-\\x7e\\s\u3000\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def _plausible_share(text: str) -> float:
    """Share of characters a Chinese plan is written in: CJK, ASCII, whitespace."""
    return len(_PLAUSIBLE.findall(text)) / len(text) if text else 0.0


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # category Cc less \t \n \v \f \r


def _looks_binary(text: str) -> bool:
    """NUL or more than 1% control characters: a binary file that happened to decode."""
    return "\x00" in text or len(_CONTROL.findall(text)) > max(2, len(text) // 100)
