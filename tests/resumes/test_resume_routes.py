"""Resume routes over HTTP on SQLite and PostgreSQL: upload, list, get, delete and every way an upload fails.

After each failed upload the database holds no resume row and the upload directory holds no file at all."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from api.models import Interview, Resume
from api.resumes import storage
from api.routes import resumes as resume_routes
from api.settings import Settings

from . import pdf_factory as make
from .resume_documents import ONE_PAGE, THREE_PAGES, TWO_COLUMN_MAIN, TWO_COLUMN_SIDEBAR
from .sample_texts import BACKEND_JOB

BASE = "/api/v1/resumes"
MIB = 1024 * 1024
BOUNDARY = "resume-test-boundary-7c1f"


def _files(data: bytes, filename: str = "resume.pdf", content_type: str = "application/pdf") -> dict:
    return {"file": (filename, data, content_type)}


def _upload_files(settings: Settings) -> list[Path]:
    directory = Path(settings.upload_dir)
    return sorted(directory.iterdir()) if directory.exists() else []


async def _assert_nothing_stored(settings: Settings) -> None:
    assert await Resume.all().count() == 0
    assert _upload_files(settings) == []


async def _upload(client: httpx.AsyncClient, headers: dict, data: bytes, **kwargs: str) -> httpx.Response:
    return await client.post(f"{BASE}/", headers=headers, files=_files(data, **kwargs))


@pytest.mark.asyncio
async def test_upload_stores_file_and_row_and_returns_the_analysis(client, user, settings) -> None:
    r = await _upload(
        client, user.headers, make.cached("text_pdf", [ONE_PAGE]), filename="../../etc/Jane Doe CV.pdf"
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == {"id", "filename", "size_bytes", "status", "analysis", "created_at"}
    assert body["filename"] == "Jane Doe CV.pdf"  # metadata only: no directories
    assert body["status"] == "analyzed"
    assert body["analysis"]["name"] == "Jane Doe"
    assert {"Go", "PostgreSQL", "Kubernetes"} <= set(body["analysis"]["skills"])
    row = await Resume.get(id=body["id"])
    assert row.user_id == user.id and row.size_bytes == body["size_bytes"]
    assert _upload_files(settings) == [Path(settings.upload_dir) / row.stored_name]
    assert (Path(settings.upload_dir) / row.stored_name).read_bytes().startswith(b"%PDF-")


@pytest.mark.asyncio
async def test_three_page_and_two_column_resumes(client, user) -> None:
    three = (await _upload(client, user.headers, make.cached("text_pdf", THREE_PAGES))).json()
    assert [e["company"] for e in three["analysis"]["experience"]] == [
        "Streamline Analytics",
        "Northwind Retail",
    ]
    two = (
        await _upload(
            client, user.headers, make.cached("two_column_pdf", TWO_COLUMN_SIDEBAR, TWO_COLUMN_MAIN)
        )
    ).json()
    assert two["analysis"]["name"] == "Zoë Łukasiewicz-Núñez"
    assert two["analysis"]["experience"][0]["title"] == "Frontend Lead"


@pytest.mark.asyncio
async def test_list_is_newest_first_without_text_and_get_has_text(client, user) -> None:
    first = (await _upload(client, user.headers, make.cached("text_pdf", [ONE_PAGE]))).json()
    second = (await _upload(client, user.headers, make.cached("text_pdf", THREE_PAGES))).json()
    listed = (await client.get(f"{BASE}/", headers=user.headers)).json()
    assert [r["id"] for r in listed] == [second["id"], first["id"]]
    assert all("text" not in r for r in listed)
    assert [r["id"] for r in (await client.get(BASE, headers=user.headers)).json()] == [
        second["id"],
        first["id"],
    ]
    one = (await client.get(f"{BASE}/{first['id']}", headers=user.headers)).json()
    assert one["text"].startswith("Jane Doe") and one["analysis"] == first["analysis"]


@pytest.mark.asyncio
async def test_delete_removes_row_and_file(client, user, settings, expect_error) -> None:
    created = (await _upload(client, user.headers, make.cached("text_pdf", [ONE_PAGE]))).json()
    assert len(_upload_files(settings)) == 1
    r = await client.delete(f"{BASE}/{created['id']}", headers=user.headers)
    assert r.status_code == 204 and r.content == b""
    await _assert_nothing_stored(settings)
    expect_error(await client.delete(f"{BASE}/{created['id']}", headers=user.headers), 404)
    expect_error(await client.get(f"{BASE}/{created['id']}", headers=user.headers), 404)


@pytest.mark.parametrize(
    ("build", "status", "words"),
    [
        (lambda: make.cached("encrypted_pdf", ONE_PAGE), 422, "password"),
        (make.corrupt_pdf, 422, "damaged"),
        (lambda: make.cached("image_only_pdf"), 422, "scanned"),
        (make.png_bytes, 415, "not a PDF"),
        (lambda: b"", 422, "empty"),
    ],
    ids=["encrypted", "corrupt", "image-only", "png-named-pdf", "empty"],
)
@pytest.mark.asyncio
async def test_unusable_files_are_refused_and_nothing_is_stored(
    client, user, settings, expect_error, build, status, words
) -> None:
    body = expect_error(await _upload(client, user.headers, build()), status)
    assert words in body["detail"]
    await _assert_nothing_stored(settings)


@pytest.mark.asyncio
async def test_eleven_mib_is_413_without_reading_the_whole_body(client, user, settings, expect_error) -> None:
    sent = 0
    total = 11 * MIB
    chunk = b"0" * (64 * 1024)

    async def body() -> AsyncIterator[bytes]:
        nonlocal sent
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n"
        ).encode()
        yield head
        sent += len(head)
        while sent < total:
            yield chunk
            sent += len(chunk)
        yield f"\r\n--{BOUNDARY}--\r\n".encode()

    headers = {**user.headers, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    r = await client.post(f"{BASE}/", headers=headers, content=body())
    expect_error(r, 413)
    assert sent < 10 * MIB + 256 * 1024  # stopped right after the limit, not at the end of the body
    await _assert_nothing_stored(settings)


@pytest.mark.asyncio
async def test_a_declared_oversized_body_is_refused_before_reading(
    client, user, settings, expect_error
) -> None:
    r = await _upload(client, user.headers, make.padded_pdf(11 * MIB))
    expect_error(r, 413)
    await _assert_nothing_stored(settings)


@pytest.mark.asyncio
async def test_wrong_media_type_and_missing_field(client, user, settings, expect_error) -> None:
    expect_error(await client.post(f"{BASE}/", headers=user.headers, json={"file": "x"}), 415)
    r = await client.post(
        f"{BASE}/",
        headers=user.headers,
        files={"resume": ("r.pdf", make.cached("text_pdf", [ONE_PAGE]), "application/pdf")},
    )
    assert "'file'" in expect_error(r, 400)["detail"]
    await _assert_nothing_stored(settings)


@pytest.mark.asyncio
async def test_another_users_resume_is_404_everywhere(client, user, other_user, expect_error) -> None:
    mine = (await _upload(client, user.headers, make.cached("text_pdf", [ONE_PAGE]))).json()
    expect_error(await client.get(f"{BASE}/{mine['id']}", headers=other_user.headers), 404)
    expect_error(await client.delete(f"{BASE}/{mine['id']}", headers=other_user.headers), 404)
    assert (await client.get(f"{BASE}/", headers=other_user.headers)).json() == []
    r = await client.post(
        "/api/v1/interviews/", headers=other_user.headers, json={"title": "Backend", "resume_id": mine["id"]}
    )
    expect_error(r, 404)
    assert await Resume.filter(id=mine["id"]).exists()
    expect_error(await client.get(f"{BASE}/not-a-number", headers=user.headers), 404)


@pytest.mark.asyncio
async def test_resume_routes_need_a_token(client, expect_error) -> None:
    expect_error(await client.get(f"{BASE}/"), 401)
    expect_error(await client.post(f"{BASE}/", files=_files(make.cached("text_pdf", [ONE_PAGE]))), 401)


@pytest.mark.asyncio
async def test_a_cancelled_upload_leaves_no_file_and_no_row(app, user, settings) -> None:
    stalled = asyncio.Event()

    async def body() -> AsyncIterator[bytes]:
        yield (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="r.pdf"\r\n\r\n'
        ).encode() + make.cached("text_pdf", [ONE_PAGE])[:2000]
        stalled.set()
        await asyncio.Event().wait()  # the client goes quiet mid-upload
        yield b""

    transport = httpx.ASGITransport(app=app)
    headers = {**user.headers, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        task = asyncio.create_task(http.post(f"{BASE}/", headers=headers, content=body()))
        await asyncio.wait_for(stalled.wait(), timeout=10)
        for _ in range(100):  # the temp file appears once the app has read the first chunk
            if _upload_files(settings):
                break
            await asyncio.sleep(0.01)
        assert [p.name.startswith(storage.TEMP_PREFIX) for p in _upload_files(settings)] == [True]
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    await _assert_nothing_stored(settings)


@pytest.mark.asyncio
async def test_a_failure_while_storing_rolls_back_the_row_and_removes_the_file(
    client, user, settings, monkeypatch, expect_error
) -> None:
    taken = "0" * 32 + ".pdf"
    directory = Path(settings.upload_dir)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / taken).mkdir()  # the rename onto this name fails, inside the transaction
    monkeypatch.setattr(storage, "new_stored_name", lambda: taken)
    body = expect_error(await _upload(client, user.headers, make.cached("text_pdf", [ONE_PAGE])), 500)
    assert "Traceback" not in body["detail"] and str(directory) not in body["detail"]
    assert await Resume.all().count() == 0
    assert _upload_files(settings) == [directory / taken]


@pytest.mark.asyncio
async def test_stale_temp_files_are_swept(client, user, settings) -> None:
    directory = Path(settings.upload_dir)
    directory.mkdir(parents=True, exist_ok=True)
    stale = storage.new_temp_path(directory)
    stale.write_bytes(b"left by a killed process")
    assert storage.sweep_stale_temp_files(directory, now=stale.stat().st_mtime + 10) == 0
    assert storage.sweep_stale_temp_files(directory, now=stale.stat().st_mtime + 7200) == 1
    assert not stale.exists()


@pytest.mark.asyncio
async def test_new_user_flow_resume_and_job_become_a_question_plan(client, user) -> None:
    resume = (await _upload(client, user.headers, make.cached("text_pdf", [ONE_PAGE]))).json()
    created = await client.post(
        "/api/v1/interviews/",
        headers=user.headers,
        json={"title": "Payments backend", "resume_id": resume["id"], "job_description": BACKEND_JOB},
    )
    assert created.status_code == 201, created.text
    started = await client.post(f"/api/v1/interviews/{created.json()['id']}/start", headers=user.headers)
    assert started.status_code == 200, started.text
    plan = (await Interview.get(id=created.json()["id"])).question_plan
    assert plan["level"] == "senior" and plan["problem_difficulty"] == "hard"
    assert {"Go", "PostgreSQL", "Kubernetes", "Apache Kafka"} <= set(plan["skills_matched"])
    assert "Elixir" in plan["skills_missing"]
    topics = [i["topic"] for i in plan["items"] if i["phase"] == "resume"]
    assert "leading migration of the billing service from MySQL to PostgreSQL" in topics


@pytest.mark.asyncio
async def test_a_bug_in_analysis_keeps_the_upload_as_failed(client, user, settings, monkeypatch) -> None:
    def broken(text: str) -> dict:
        raise RuntimeError("analysis bug")

    monkeypatch.setattr(resume_routes, "analyze_resume", broken)
    r = await _upload(client, user.headers, make.cached("text_pdf", [ONE_PAGE]))
    assert r.status_code == 201, r.text
    assert (r.json()["status"], r.json()["analysis"]) == ("failed", None)
    stored = await Resume.get(id=r.json()["id"])
    assert stored.text.startswith("Jane Doe") and len(_upload_files(settings)) == 1


@pytest.mark.asyncio
async def test_the_size_limit_is_exactly_10_mib(client, user, settings, expect_error) -> None:
    # 10 MiB is read (then refused as a damaged PDF); one byte more is refused as too large.
    expect_error(await _upload(client, user.headers, make.padded_pdf(10 * MIB)), 422)
    expect_error(await _upload(client, user.headers, make.padded_pdf(10 * MIB + 1)), 413)
    await _assert_nothing_stored(settings)


@pytest.mark.asyncio
async def test_deleting_a_resume_keeps_its_interviews(client, user) -> None:
    resume = (await _upload(client, user.headers, make.cached("text_pdf", [ONE_PAGE]))).json()
    created = await client.post(
        "/api/v1/interviews/", headers=user.headers, json={"title": "Backend", "resume_id": resume["id"]}
    )
    assert (await client.delete(f"{BASE}/{resume['id']}", headers=user.headers)).status_code == 204
    interview = await Interview.get(id=created.json()["id"])
    assert interview.resume_id is None
