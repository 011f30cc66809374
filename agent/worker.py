"""The LiveKit worker: the `AgentServer`, its per-process prewarm, and the job entrypoint.

A job is one interview in one room. The API dispatches agent `interviewer` explicitly with the metadata
`{"interview_id": N}`; the entrypoint loads that interview from the database and runs the interviewer until
the brain says `done`, then marks it completed, generates feedback and leaves. Console mode (`python -m agent
console`) has no dispatch metadata: it runs the built-in demo interview against the local database instead.

This module is the thin edge: what happens inside an interview lives in `agent.runtime`.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import signal

from livekit import rtc
from livekit.agents import AgentServer, JobContext, JobProcess, cli, room_io

from agent.code_events import CODE_EVENT_TOPIC
from agent.runtime import InterviewRuntime, RuntimeEngines, load_runtime_engines
from api.db import apply_migrations, init_db
from api.settings import get_settings

logger = logging.getLogger(__name__)

AGENT_NAME = "interviewer"
# Console mode continues this interview instead of creating a fresh demo one (e.g. to try a resume).
CONSOLE_INTERVIEW_ENV = "AGENT_CONSOLE_INTERVIEW_ID"
ENGINES_KEY = "engines"


class InvalidJobMetadataError(ValueError):
    """The dispatch metadata is not `{"interview_id": <positive int>}` (or empty, for console)."""


def parse_job_metadata(raw: str | None) -> int | None:
    """The interview id from the dispatch metadata; None when there is none (console, a bare dev dispatch)."""
    if raw is None or not raw.strip():
        return None
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise InvalidJobMetadataError("job metadata is not JSON") from exc
    if not isinstance(data, dict):
        raise InvalidJobMetadataError("job metadata is not a JSON object")
    value = data.get("interview_id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidJobMetadataError("interview_id must be an integer")
    if isinstance(value, str) and not value.strip().isdigit():
        raise InvalidJobMetadataError("interview_id must be an integer")
    interview_id = int(value)
    if interview_id <= 0:
        raise InvalidJobMetadataError("interview_id must be positive")
    return interview_id


def prewarm(proc: JobProcess) -> None:
    """Load VAD and the embedded models once per worker process, before any job is assigned to it."""
    proc.userdata[ENGINES_KEY] = load_runtime_engines(get_settings())
    # Everything loaded so far lives for the whole process: keep the collector from rescanning it.
    gc.freeze()


_db_ready: set[int] = set()
# Tasks the event loop must not garbage-collect before they finish.
_background: set[asyncio.Task[object]] = set()


async def ensure_database(*, migrate: bool) -> None:
    """Connect tortoise once per process (console also creates the local schema: nothing to do by hand)."""
    if os.getpid() in _db_ready:
        return
    settings = get_settings()
    if migrate:
        await apply_migrations(settings.database_url)
    await init_db(settings.database_url)
    _db_ready.add(os.getpid())


def _console_enabled() -> bool:
    return bool(cli.AgentsConsole.get_instance().enabled)


async def _interview_for_job(ctx: JobContext) -> int | None:
    interview_id = parse_job_metadata(ctx.job.metadata)
    if interview_id is not None or not ctx.is_fake_job():
        return interview_id
    from_env = os.environ.get(CONSOLE_INTERVIEW_ENV, "").strip()
    if from_env:
        return parse_job_metadata(json.dumps({"interview_id": from_env}))
    from agent.demo import create_demo_interview

    return await create_demo_interview()


async def entrypoint(ctx: JobContext) -> None:
    try:
        await ensure_database(migrate=ctx.is_fake_job())
        interview_id = await _interview_for_job(ctx)
    except InvalidJobMetadataError:
        logger.exception("refusing job %s: bad dispatch metadata %r", ctx.job.id, ctx.job.metadata)
        ctx.shutdown(reason="bad dispatch metadata")
        return
    if interview_id is None:
        logger.error("job %s has no interview_id in its dispatch metadata", ctx.job.id)
        ctx.shutdown(reason="no interview")
        return
    engines: RuntimeEngines = ctx.proc.userdata[ENGINES_KEY]
    runtime = await InterviewRuntime.open(interview_id, engines=engines)
    if runtime is None:
        ctx.shutdown(reason="interview not runnable")
        return
    ctx.add_shutdown_callback(runtime.close)
    ctx.log_context_fields = {"interview_id": interview_id}

    if not ctx.is_fake_job():
        await ctx.connect()
        _wire_room(ctx.room, runtime)
        await ctx.wait_for_participant()
    await runtime.start(room=ctx.room, room_options=room_io.RoomOptions(close_on_disconnect=False))
    finishing = asyncio.create_task(_finish_when_done(ctx, runtime), name=f"interview-{interview_id}-finish")
    _background.add(finishing)
    finishing.add_done_callback(_background.discard)


def _wire_room(room: rtc.Room, runtime: InterviewRuntime) -> None:
    """Code events in, phase/problem attributes out. Runs only against a real LiveKit server."""

    def on_data(packet: rtc.DataPacket) -> None:
        task = asyncio.create_task(runtime.relay.on_packet(packet.data, packet.topic))
        _background.add(task)
        task.add_done_callback(_background.discard)

    async def publish(attributes: dict[str, str]) -> None:
        await room.local_participant.set_attributes(attributes)

    room.on("data_received", on_data)
    runtime.attribute_publisher = publish
    logger.info("listening for code events on topic %s", CODE_EVENT_TOPIC)


async def _finish_when_done(ctx: JobContext, runtime: InterviewRuntime) -> None:
    await runtime.wait_done()
    await runtime.finish()
    ctx.shutdown(reason="interview done")
    if _console_enabled():
        # The console keeps prompting until its process is told to exit; the interview is over, so say so.
        os.kill(os.getpid(), signal.SIGINT)


server = AgentServer(setup_fnc=prewarm)
server.rtc_session(entrypoint, agent_name=AGENT_NAME)
