"""The real worker entrypoint in a fake-job livekit `JobContext` (no LiveKit server: an unconnected room)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from livekit.agents import JobContext
from livekit.agents.testing import fake_job_context

import agent.worker as worker
from api.models import Interview, TranscriptMessage
from tests.agent.interview_driver import make_interview, text_engines


@contextmanager
def job(metadata: str, shutdowns: list[str]) -> Iterator[JobContext]:
    with fake_job_context(job_metadata=metadata, job_id="job-entry") as ctx:
        ctx._on_shutdown = shutdowns.append  # what `ctx.shutdown(reason)` reaches in a real job
        ctx.proc.userdata[worker.ENGINES_KEY] = text_engines()
        try:
            yield ctx
        finally:
            ctx._tempdir.cleanup()


@pytest.fixture
def connected_worker(db: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The worker process's database is the test's (already connected): the entrypoint must not re-init."""
    monkeypatch.setattr(worker, "_db_ready", {os.getpid()})
    return db


async def end_job(ctx: JobContext) -> None:
    for callback in ctx._shutdown_callbacks:
        await callback("test over")


@pytest.mark.asyncio
async def test_a_dispatched_interview_is_loaded_and_greeted_from_the_database(connected_worker: str) -> None:
    interview_id = await make_interview(status="pending")
    shutdowns: list[str] = []
    with job(json.dumps({"interview_id": interview_id}), shutdowns) as ctx:
        await worker.entrypoint(ctx)
        turns = await TranscriptMessage.filter(interview_id=interview_id)
        interview = await Interview.get(id=interview_id)
        await end_job(ctx)
    assert shutdowns == []
    assert [(t.role, t.phase) for t in turns] == [("agent", "greeting")]
    assert "Jordan" in turns[0].text
    assert interview.status == "in_progress" and interview.state_version == 1


@pytest.mark.parametrize(
    ("metadata", "reason"),
    [("garbage", "bad dispatch metadata"), (json.dumps({"interview_id": -1}), "bad dispatch metadata"),
     (json.dumps({"interview_id": 987654}), "interview not runnable")],
)
@pytest.mark.asyncio
async def test_a_job_that_names_no_runnable_interview_is_shut_down(
    connected_worker: str, metadata: str, reason: str
) -> None:
    shutdowns: list[str] = []
    with job(metadata, shutdowns) as ctx:
        await worker.entrypoint(ctx)
    assert shutdowns == [reason]
    assert await TranscriptMessage.all().count() == 0


@pytest.mark.asyncio
async def test_a_completed_interview_is_not_run_again(connected_worker: str) -> None:
    interview_id = await make_interview(status="completed")
    shutdowns: list[str] = []
    with job(json.dumps({"interview_id": interview_id}), shutdowns) as ctx:
        await worker.entrypoint(ctx)
    assert shutdowns == ["interview not runnable"]
