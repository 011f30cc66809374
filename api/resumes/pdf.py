"""Reading a resume PDF's text with pypdf, and saying in plain words why a file cannot be used.

`extract_pdf_text(path)` returns the text of the first `MAX_PAGES` pages or raises `ResumeFileError` with the
HTTP status the API answers (415: not a PDF at all; 422: a PDF we cannot read) and a message for a person.
"""

from __future__ import annotations

import logging
import mmap
import warnings
from dataclasses import dataclass
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

from api.storable import storable_text

PDF_MAGIC = b"%PDF-"
# Some writers put junk before the header; readers accept it within the first kilobyte.
MAGIC_SEARCH_BYTES = 1024
MAX_PAGES = 30
MAX_TEXT_CHARS = 200_000
# A page with fewer letters than this carries no real text (page numbers, stray marks of a scan).
MIN_TEXT_LETTERS = 20

DAMAGED = "This PDF is damaged and could not be read. Try exporting it again."
ENCRYPTED = "This PDF is password-protected. Remove the password and upload it again."
NO_TEXT = (
    "This PDF has no readable text; it looks like a scanned image. "
    "Upload a PDF exported from your resume document instead."
)
# What pypdf raises, directly or from deep inside, on a malformed file.
_DAMAGE_ERRORS = (
    PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, ZeroDivisionError,
    RecursionError, AssertionError,
)  # fmt: skip

_KNOWN_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (a Word .docx file is one)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
)


class ResumeFileError(Exception):
    """A file the service cannot use as a resume; `status_code` is 415 or 422."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


@dataclass(frozen=True)
class PdfText:
    text: str
    pages: int  # pages in the document
    pages_read: int


def check_pdf_signature(head: bytes) -> None:
    """Raise 415 unless the bytes start like a PDF (the name and declared type of a file do not count)."""
    if not head:
        raise ResumeFileError(422, "The file is empty.")
    if PDF_MAGIC in head[:MAGIC_SEARCH_BYTES]:
        return
    for signature, what in _KNOWN_SIGNATURES:
        if head.startswith(signature):
            raise ResumeFileError(415, f"This file is {what}, not a PDF. Please upload your resume as a PDF.")
    raise ResumeFileError(415, "This file is not a PDF. Please upload your resume as a PDF.")


def _open(path: Path) -> PdfReader:
    try:
        reader = PdfReader(path, strict=False)
    except (*_DAMAGE_ERRORS, OSError) as exc:
        raise ResumeFileError(422, DAMAGED) from exc
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED  # no user password: readable
        except (DependencyError, PyPdfError, ValueError, KeyError, TypeError, NotImplementedError):
            opened = False
        if not opened:
            raise ResumeFileError(422, ENCRYPTED)
    return reader


def _has_objects(path: Path) -> bool:
    """Whether the file holds any PDF object at all. pypdf would otherwise scan megabytes of junk for
    objects to recover (seconds of CPU) before giving up."""
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data.find(b" obj") != -1 or data.find(b"\nobj") != -1


def extract_pdf_text(path: Path) -> PdfText:
    with path.open("rb") as handle:
        check_pdf_signature(handle.read(MAGIC_SEARCH_BYTES))
    if not _has_objects(path):
        raise ResumeFileError(422, DAMAGED)
    # pypdf reports recoverable oddities through logging and warnings; a bad file is our answer, not noise.
    pypdf_log = logging.getLogger("pypdf")
    previous_level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _read_text(path)
    finally:
        pypdf_log.setLevel(previous_level)


def _read_text(path: Path) -> PdfText:
    reader = _open(path)
    try:
        total = len(reader.pages)
        parts: list[str] = []
        size = 0
        for page in reader.pages[:MAX_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size >= MAX_TEXT_CHARS:
                break
    except FileNotDecryptedError as exc:
        raise ResumeFileError(422, ENCRYPTED) from exc
    except _DAMAGE_ERRORS as exc:
        raise ResumeFileError(422, DAMAGED) from exc
    text = storable_text("\n".join(parts)[:MAX_TEXT_CHARS])  # unmapped glyphs can come out as NUL
    if total == 0 or sum(c.isalpha() for c in text) < MIN_TEXT_LETTERS:
        raise ResumeFileError(422, NO_TEXT)
    return PdfText(text=text, pages=total, pages_read=len(parts))
