"""The entrypoint's reading of the dispatch metadata, inside a real (fake-job) livekit `JobContext`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from livekit.agents import JobContext
from livekit.agents.testing import fake_job_context

from agent.worker import AGENT_NAME, InvalidJobMetadataError, parse_job_metadata, server


@contextmanager
def job_context(metadata: str) -> Iterator[JobContext]:
    """`fake_job_context` (it builds an `rtc.Room`: call it inside a running loop), plus removing the
    scratch directory every JobContext creates (a real job's shutdown does it; a fake one never does)."""
    with fake_job_context(job_metadata=metadata, job_id="job-meta") as ctx:
        try:
            yield ctx
        finally:
            ctx._tempdir.cleanup()


@pytest.mark.parametrize(
    ("metadata", "interview_id"),
    [
        (json.dumps({"interview_id": 42}), 42),
        (json.dumps({"interview_id": "42"}), 42),
        (json.dumps({"interview_id": 7, "extra": "ignored"}), 7),
        ("", None),
        ("   ", None),
        ("{}", None),
    ],
)
@pytest.mark.asyncio
async def test_dispatch_metadata_names_the_interview(metadata: str, interview_id: int | None) -> None:
    with job_context(metadata) as ctx:
        assert ctx.is_fake_job()
        assert parse_job_metadata(ctx.job.metadata) == interview_id


@pytest.mark.parametrize(
    "metadata",
    [
        "not json", "[42]", '"42"', json.dumps({"interview_id": 0}), json.dumps({"interview_id": -3}),
        json.dumps({"interview_id": True}), json.dumps({"interview_id": "4x"}),
        json.dumps({"interview_id": 1.5}), json.dumps({"interview_id": None, "x": 1}) + "garbage",
    ],
)
@pytest.mark.asyncio
async def test_malformed_metadata_is_refused(metadata: str) -> None:
    with job_context(metadata) as ctx, pytest.raises(InvalidJobMetadataError):
        parse_job_metadata(ctx.job.metadata)


def test_worker_registers_for_explicit_dispatch_as_interviewer() -> None:
    assert AGENT_NAME == "interviewer"
    assert server._agent_name == "interviewer"
