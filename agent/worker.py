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
from livekit.agents import AgentServer, JobContext, JobProcess, cli, llm, room_io

# livekit plugins register themselves on import and refuse to unless on the main thread; jobs (and the
# console's prewarm) run in other threads, so they are imported here, when the worker module loads.
from livekit.plugins import openai as _openai_plugin  # noqa: F401
from livekit.plugins import silero as _silero_plugin  # noqa: F401

from agent.brain.library import Workspace
from agent.code_events import CODE_EVENT_TOPIC
from agent.console_command_runner import ConsoleCommandRunner
from agent.console_commands import COMMANDS_HINT
from agent.console_echo import install_console_echo, print_console_hint, print_console_note
from agent.console_scorecard import console_scorecard
from agent.engines.factory import Engines
from agent.runtime import InterviewRuntime, RuntimeEngines
from api.db import apply_migrations, close_db, init_db
from api.settings import Settings, get_settings

logger = logging.getLogger(__name__)

AGENT_NAME = "interviewer"
# Console mode continues this interview instead of creating a fresh demo one (e.g. to try a resume).
ENGINES_KEY = "engines"
CONSOLE_EXIT_GRACE_SECONDS = 1.0
# How long a typed console command lets the console echo the line before showing its own lines.
CONSOLE_ECHO_GRACE_SECONDS = 0.2


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


def load_runtime_engines(settings: Settings) -> RuntimeEngines:
    """The engines the settings choose (embedded by default: no key, no network), models loaded now."""
    from agent.engines.factory import engine_mode, load_embedded_models, make_engines
    from agent.interviewer_setup import make_interviewer_llm

    if engine_mode(settings) == "embedded":
        load_embedded_models()  # whisper tiny.en, the Piper voice, Silero: hash-checked, once per process

    def speech(phase: str | None) -> Engines:
        return make_engines(settings, phase=phase)

    def interviewer_llm() -> llm.LLM:
        return make_interviewer_llm(settings)

    return RuntimeEngines(llm=interviewer_llm, speech=speech)


def prewarm(proc: JobProcess) -> None:
    """Load VAD and the embedded models once per worker process, before any job is assigned to it."""
    proc.userdata[ENGINES_KEY] = load_runtime_engines(get_settings())
    # Everything loaded so far lives for the whole process: keep the collector from rescanning it.
    gc.collect()
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


async def release_database() -> None:
    """Close this process's connections at the end of a job. aiosqlite keeps a non-daemon thread per
    connection: left open, it keeps the process alive after the worker has shut down (the console hangs)."""
    if os.getpid() in _db_ready:
        _db_ready.discard(os.getpid())
        await close_db()


# Libraries whose DEBUG output (every SQL statement) would drown the console's transcript.
QUIET_LOGGERS = ("aiosqlite", "tortoise", "asyncpg", "httpx", "httpcore", "faster_whisper")


def quiet_library_logs() -> None:
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    livekit_logger = logging.getLogger("livekit.agents")
    if not any(isinstance(f, UnusedTurnDetectorWarning) for f in livekit_logger.filters):
        livekit_logger.addFilter(UnusedTurnDetectorWarning())


class UnusedTurnDetectorWarning(logging.Filter):
    """Drops one misleading warning. livekit-agents 1.8.9's `AgentSession` builds its default
    `inference.TurnDetector()` even when `turn_detection` is given (an eagerly evaluated `dict.get` default);
    in dev mode (the console) that detector, never used here ("vad" or "manual"), warns that
    "LIVEKIT_INFERENCE_URL is set but LIVEKIT_API_KEY… missing" although nothing of the kind is set."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("LIVEKIT_INFERENCE_URL is set but")


def _console_enabled() -> bool:
    return bool(cli.AgentsConsole.get_instance().enabled)


async def _interview_for_job(ctx: JobContext) -> int | None:
    interview_id = parse_job_metadata(ctx.job.metadata)
    if interview_id is not None or not ctx.is_fake_job():
        return interview_id
    configured = get_settings().agent_console_interview_id  # AGENT_CONSOLE_INTERVIEW_ID
    if configured is not None:
        return parse_job_metadata(json.dumps({"interview_id": configured}))
    from agent.demo import create_demo_interview

    return await create_demo_interview()


async def entrypoint(ctx: JobContext) -> None:
    quiet_library_logs()
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
    workspace: Workspace = "console" if _console_enabled() else "editor"
    runtime = await InterviewRuntime.open(interview_id, engines=engines, workspace=workspace)
    if runtime is None:
        ctx.shutdown(reason="interview not runnable")
        return

    async def end_job() -> None:
        # One callback, in this order: livekit runs shutdown callbacks concurrently, and the session's last
        # writes need the database.
        await runtime.close()
        await release_database()

    ctx.add_shutdown_callback(end_job)
    ctx.log_context_fields = {"interview_id": interview_id}

    if _console_enabled():
        _wire_console(runtime)
    if not ctx.is_fake_job():
        await ctx.connect()
        _wire_room(ctx.room, runtime)
        await ctx.wait_for_participant()
    await runtime.start(room=ctx.room, room_options=room_io.RoomOptions(close_on_disconnect=False))
    finishing = asyncio.create_task(_finish_when_done(ctx, runtime), name=f"interview-{interview_id}-finish")
    _background.add(finishing)
    finishing.add_done_callback(_background.discard)


def _wire_console(runtime: InterviewRuntime) -> None:
    """The agent's lines the console would not print, and, in place of an editor, typed /problem and
    /submit PATH (announced before the greeting)."""
    install_console_echo(runtime.session, lambda: runtime.opening)
    commands = ConsoleCommandRunner(runtime, print_console_note,
                                    echo_grace_seconds=CONSOLE_ECHO_GRACE_SECONDS)
    runtime.session.typed_commands = commands.intercept
    print_console_hint(COMMANDS_HINT)


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
    if _console_enabled():
        # The console keeps prompting until its process is told to exit. It prints a turn's reply from its
        # own thread once the turn is over (polling every 0.1 s): let it show the closing words, then the
        # scorecard, then exit. Ending the console ends the job with it (as Ctrl+C would).
        try:
            scorecard = await console_scorecard(runtime.interview_id)
        except Exception:  # the console must still exit; the scorecard stays readable through the API
            logger.exception("the scorecard of interview %s could not be shown", runtime.interview_id)
            scorecard = f"Not shown here: GET /api/v1/interviews/{runtime.interview_id} serves it."
        await asyncio.sleep(CONSOLE_EXIT_GRACE_SECONDS)
        print_console_note(scorecard, label="Scorecard")
        os.kill(os.getpid(), signal.SIGINT)
    else:
        ctx.shutdown(reason="interview done")


server = AgentServer(setup_fnc=prewarm)
server.rtc_session(entrypoint, agent_name=AGENT_NAME)
