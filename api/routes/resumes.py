"""Resume routes: upload (POST /resumes/), list, get, delete. Contract: API.md, section Resumes.

Upload is all-or-nothing: the body streams into a temp file (413 past 10 MiB without reading the rest), the
PDF is recognised by its bytes and read with pypdf (415 / 422 with a plain message, nothing kept), then the
row is created and the file renamed to its generated name inside one transaction. Any failure, including
the request being cancelled, removes whatever file this request wrote and leaves no row. When an LLM is
configured, a validated summary may be added to the analysis first (`api.resumes.llm_summary`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from tortoise.transactions import in_transaction

from api.auth import current_user, get_owned, path_id
from api.errors import ApiError
from api.models import Resume
from api.resumes import storage
from api.resumes.analysis import analyze_resume
from api.resumes.llm_summary import enrich_analysis, enrichment_config_from
from api.resumes.pdf import ResumeFileError, extract_pdf_text
from api.resumes.upload import MULTIPART_OVERHEAD_BYTES, UploadError, receive_file
from api.settings import Settings, get_settings
from api.validation import accepts_file

log = logging.getLogger(__name__)

MAX_RESUME_BYTES = 10 * 1024 * 1024
UPLOAD_FIELD = "file"


def _iso(resume: Resume) -> str | None:
    return resume.created_at.isoformat() if resume.created_at else None


def resume_json(resume: Resume, *, with_text: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": resume.id,
        "filename": resume.filename,
        "size_bytes": resume.size_bytes,
        "status": resume.status,
        "analysis": resume.analysis,
        "created_at": _iso(resume),
    }
    if with_text:
        body["text"] = resume.text
    return body


def _settings(request: Request) -> Settings:
    settings = getattr(request.app.state, "settings", None)
    return settings if isinstance(settings, Settings) else get_settings()


def _upload_dir(request: Request) -> Path:
    return storage.upload_dir(_settings(request).upload_dir)


def _analyze(text: str) -> tuple[str, dict[str, Any] | None]:
    try:
        return "analyzed", analyze_resume(text)
    except Exception:  # a bug in analysis must not lose the upload: keep the text, mark it failed
        log.exception("resume analysis failed")
        return "failed", None


@accepts_file(UPLOAD_FIELD, "application/pdf")
async def upload_resume(request: Request) -> Response:
    """Upload a PDF resume (multipart field `file`, at most 10 MiB); it is parsed and analysed."""
    user = current_user(request)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_RESUME_BYTES + MULTIPART_OVERHEAD_BYTES:
        raise ApiError(413, f"The file is larger than {MAX_RESUME_BYTES // (1024 * 1024)} MiB.")
    directory = _upload_dir(request)
    storage.sweep_stale_temp_files(directory)
    temp = storage.new_temp_path(directory)
    final: Path | None = None
    committed = False
    try:
        try:
            received = await receive_file(
                request.stream(),
                request.headers.get("content-type", ""),
                temp,
                field=UPLOAD_FIELD,
                max_bytes=MAX_RESUME_BYTES,
            )
            pdf = await run_in_threadpool(extract_pdf_text, temp)
        except (UploadError, ResumeFileError) as exc:
            raise ApiError(exc.status_code, exc.message) from None
        status, analysis = await run_in_threadpool(_analyze, pdf.text)
        if analysis is not None:
            analysis = await enrich_analysis(analysis, pdf.text, enrichment_config_from(_settings(request)))
        stored_name = storage.new_stored_name()
        final = storage.stored_path(directory, stored_name)
        async with in_transaction() as connection:
            resume = await Resume.create(
                user_id=user.id,
                filename=received.filename,
                stored_name=stored_name,
                size_bytes=received.size,
                status=status,
                text=pdf.text,
                analysis=analysis,
                using_db=connection,
            )
            # Renamed before the commit: if the commit fails, the `finally` below removes the file again.
            temp.replace(final)
        committed = True
    finally:
        if not committed:
            storage.remove_quietly(temp, final)
    return JSONResponse(resume_json(resume), status_code=201)


async def list_resumes(request: Request) -> Response:
    """The user's resumes, newest first (without their full text)."""
    user = current_user(request)
    resumes = await Resume.filter(user_id=user.id).order_by("-created_at", "-id")
    return JSONResponse([resume_json(r) for r in resumes])


async def get_resume(request: Request) -> Response:
    """One resume with its extracted text and analysis."""
    user = current_user(request)
    resume = await get_owned(Resume, path_id(request), user, "Resume")
    return JSONResponse(resume_json(resume, with_text=True))


async def delete_resume(request: Request) -> Response:
    """Delete a resume and its stored file."""
    user = current_user(request)
    resume = await get_owned(Resume, path_id(request), user, "Resume")
    directory = _upload_dir(request)
    await resume.delete()
    try:
        storage.remove_quietly(storage.stored_path(directory, resume.stored_name))
    except ValueError:
        log.warning("resume %s had an unexpected stored name; no file removed", resume.id)
    return Response(status_code=204)


routes: list[BaseRoute] = [
    Route("/resumes/", upload_resume, methods=["POST"], name="resumes_upload"),
    Route("/resumes/", list_resumes, methods=["GET"], name="resumes_list"),
    Route("/resumes/{id}", get_resume, methods=["GET"], name="resumes_get"),
    Route("/resumes/{id}", delete_resume, methods=["DELETE"], name="resumes_delete"),
]
