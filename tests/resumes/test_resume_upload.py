"""The streaming multipart reader on its own: byte-exact files whatever the chunking, and its refusals."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from api.resumes.upload import UploadError, clean_filename, receive_file

BOUNDARY = "----unit-boundary-42"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def _body(parts: list[tuple[str, str | None, bytes]]) -> bytes:
    out = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (
            f'; filename="{filename}"' if filename is not None else ""
        )
        out += f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + data + b"\r\n"
    return out + f"--{BOUNDARY}--\r\n".encode()


async def _chunks(data: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.mark.parametrize("chunk_size", [1, 7, 4096, 1 << 20])
@pytest.mark.asyncio
async def test_file_part_is_written_byte_exact_whatever_the_chunking(tmp_path: Path, chunk_size: int) -> None:
    payload = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\r\n--not-the-boundary\r\n"
    body = _body([("title", None, b"my cv"), ("file", "Zoë's CV.pdf", payload), ("file", "second.pdf", b"x")])
    dest = tmp_path / "upload.part"
    received = await receive_file(
        _chunks(body, chunk_size), CONTENT_TYPE, dest, field="file", max_bytes=1 << 20
    )
    assert dest.read_bytes() == payload
    assert (received.size, received.filename) == (len(payload), "Zoë's CV.pdf")


@pytest.mark.asyncio
async def test_reading_stops_as_soon_as_the_file_is_too_big(tmp_path: Path) -> None:
    pulled = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal pulled
        head = _body([("file", "big.pdf", b"")]).split(b"\r\n--" + BOUNDARY.encode() + b"--")[0]
        yield head
        while True:
            pulled += 1
            yield b"0" * 1024

    with pytest.raises(UploadError) as caught:
        await receive_file(endless(), CONTENT_TYPE, tmp_path / "f.part", field="file", max_bytes=10 * 1024)
    assert caught.value.status_code == 413
    assert pulled <= 12  # ten 1 KiB chunks reach the limit; the eleventh passes it


@pytest.mark.parametrize(
    ("content_type", "status"),
    [("application/json", 415), ("multipart/form-data", 415), ("text/plain; boundary=x", 415)],
)
@pytest.mark.asyncio
async def test_wrong_content_types_are_415(tmp_path: Path, content_type: str, status: int) -> None:
    with pytest.raises(UploadError) as caught:
        await receive_file(_chunks(b"{}", 10), content_type, tmp_path / "f.part", field="file", max_bytes=100)
    assert caught.value.status_code == status


@pytest.mark.asyncio
async def test_a_body_without_the_file_field_is_400(tmp_path: Path) -> None:
    body = _body([("resume", "cv.pdf", b"%PDF-1.7")])
    with pytest.raises(UploadError) as caught:
        await receive_file(_chunks(body, 64), CONTENT_TYPE, tmp_path / "f.part", field="file", max_bytes=100)
    assert caught.value.status_code == 400 and "'file'" in caught.value.message


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\CV 2024.pdf", "CV 2024.pdf"),
        ("  .hidden.pdf ", "hidden.pdf"),
        ("bad\x00name\n.pdf", "badname.pdf"),
        ("", "resume.pdf"),
        (None, "resume.pdf"),
        ("x" * 300 + ".pdf", "x" * 255),
    ],
)
def test_client_file_names_become_safe_metadata(raw: str | None, clean: str) -> None:
    assert clean_filename(raw) == clean
