"""Receiving one uploaded file from a streamed multipart/form-data body, straight to disk, with a hard cap.

The body is parsed as it arrives (python-multipart's streaming parser); the file part is written to `dest`
chunk by chunk, and reading stops with 413 as soon as the file passes `max_bytes`, so an oversized upload
never sits in memory and is never read to its end. Only the part named `field` is kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

# Room for the multipart framing and a few small form fields around the file.
MULTIPART_OVERHEAD_BYTES = 64 * 1024
DEFAULT_FILENAME = "resume.pdf"
FILENAME_MAX_CHARS = 255


class UploadError(Exception):
    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


@dataclass(frozen=True)
class ReceivedFile:
    filename: str
    size: int
    path: Path


def clean_filename(raw: str | None) -> str:
    """The client's file name as safe metadata: no directories, no control characters, bounded length."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip().lstrip(".")
    return name[:FILENAME_MAX_CHARS] or DEFAULT_FILENAME


def multipart_boundary(content_type: str) -> bytes:
    kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadError(415, "Send the resume as multipart/form-data, the PDF in a field named 'file'.")
    return boundary


class _FilePartWriter:
    """python-multipart callbacks that write the wanted field's data to a file and count it."""

    def __init__(self, field: str, dest: Path) -> None:
        self.field = field
        self.dest = dest
        self.handle: IO[bytes] | None = None
        self.filename: str | None = None
        self.size = 0
        self.found = False
        self._writing = False
        self._header_field = b""
        self._header_value = b""
        self._disposition = b""

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": lambda data, start, end: self._add_field(data[start:end]),
            "on_header_value": lambda data, start, end: self._add_value(data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        }

    def _part_begin(self) -> None:
        self._disposition = b""
        self._writing = False

    def _add_field(self, chunk: bytes) -> None:
        self._header_field += chunk

    def _add_value(self, chunk: bytes) -> None:
        self._header_value += chunk

    def _header_end(self) -> None:
        if self._header_field.strip().lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_field = b""
        self._header_value = b""

    def _headers_finished(self) -> None:
        _, params = parse_options_header(self._disposition)
        name = params.get(b"name", b"").decode("utf-8", "replace")
        if name != self.field or self.found:
            return
        self.found = True
        self._writing = True
        raw_name = params.get(b"filename")
        self.filename = raw_name.decode("utf-8", "replace") if raw_name is not None else None
        self.handle = self.dest.open("wb")

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._writing and self.handle is not None:
            self.size += end - start
            self.handle.write(data[start:end])

    def _part_end(self) -> None:
        self._writing = False

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


async def receive_file(
    chunks: AsyncIterator[bytes], content_type: str, dest: Path, *, field: str, max_bytes: int
) -> ReceivedFile:
    """Stream the body's `field` file part into `dest`. Raises `UploadError` (400 / 413 / 415).

    `dest` may be left behind on error: the caller owns it and removes it."""
    boundary = multipart_boundary(content_type)
    writer = _FilePartWriter(field, dest)
    parser = MultipartParser(boundary, writer.callbacks())  # type: ignore[arg-type]
    body_limit = max_bytes + MULTIPART_OVERHEAD_BYTES
    received = 0
    try:
        async for chunk in chunks:
            received += len(chunk)
            if received > body_limit:
                raise UploadError(413, _too_large(max_bytes))
            parser.write(chunk)
            if writer.size > max_bytes:
                raise UploadError(413, _too_large(max_bytes))
        parser.finalize()
    except MultipartParseError as exc:
        raise UploadError(400, "The multipart body is malformed.") from exc
    finally:
        writer.close()
    if not writer.found:
        raise UploadError(400, f"No file in the upload: send the PDF in a form field named '{field}'.")
    return ReceivedFile(filename=clean_filename(writer.filename), size=writer.size, path=dest)


def _too_large(max_bytes: int) -> str:
    return f"The file is larger than {max_bytes // (1024 * 1024)} MiB."
