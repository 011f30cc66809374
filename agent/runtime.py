"""One interview running in one job: the interviewer agent, its session, the database store and code events.

The worker entrypoint, the console, the resume tests and the concurrency benchmark all run interviews through
`InterviewRuntime`, so they exercise the same wiring: load from the database → restore or create the brain
state → start the `AgentSession` → persist every turn → on `done`, mark completed and generate feedback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from livekit import rtc
from livekit.agents import AgentSession, llm, room_io, stt, tts, vad

from agent.code_events import SubmissionRelay, changed_attributes, room_attributes
from agent.store import (
    DatabaseInterviewStore,
    InterviewNotFoundError,
    SubmissionRecord,
    load_interview,
    mark_in_progress,
)

logger = logging.getLogger(__name__)

# Local-only turn handling: VAD endpointing and interruption (the defaults reach LiveKit Cloud in dev mode).
LOCAL_TURN_HANDLING: dict[str, Any] = {"turn_detection": "vad", "interruption": {"mode": "vad"}}
RUNNABLE_STATUSES = ("pending", "in_progress")


@dataclass
class RuntimeEngines:
    """What one worker process loads once and shares between its jobs.

    `llm` is the interviewer's LLM (offline or OpenAI-compatible). `stt`/`tts`/`vad` are None in text-only
    runs (tests, the concurrency benchmark), where no audio flows.
    """

    llm: llm.LLM
    stt: stt.STT | None = None
    tts: tts.TTS | None = None
    vad: vad.VAD | None = None
    turn_handling: dict[str, Any] | None = None


def load_runtime_engines(settings: Any) -> RuntimeEngines:
    """Build the engines the settings choose (embedded by default: no key, no network)."""
    from agent.engines import make_engines
    from agent.interviewer import make_interviewer_llm

    speech = make_engines(settings)
    return RuntimeEngines(
        llm=make_interviewer_llm(settings),
        stt=speech.stt,
        tts=speech.tts,
        vad=speech.vad,
        turn_handling=getattr(speech, "turn_handling", None),
    )


def submission_outcome(record: SubmissionRecord) -> Any:
    """The brain's view of a stored submission (hidden test details never reach it)."""
    from agent.brain.coding import SubmissionOutcome

    return SubmissionOutcome(
        submission_id=str(record.submission_id),
        language=record.language,
        status=record.status,
        exit_code=record.exit_code,
        timed_out=record.timed_out,
        compile_error=record.compile_error,
        stderr_excerpt=record.stderr_excerpt,
        tests_passed=record.tests_passed or 0,
        tests_total=record.tests_total or 0,
    )


def make_session(engines: RuntimeEngines) -> AgentSession:
    """An `AgentSession` on these engines only: never a model string, never livekit's default cloud pieces.

    Text-only engines get `vad=None` explicitly: the session would otherwise load its own VAD per session.
    """
    speech: dict[str, Any] = {}
    if engines.stt is not None:
        speech["stt"] = engines.stt
    if engines.tts is not None:
        speech["tts"] = engines.tts
    return AgentSession(
        llm=engines.llm,
        vad=engines.vad,
        turn_handling=engines.turn_handling or LOCAL_TURN_HANDLING,  # type: ignore[arg-type]
        **speech,
    )


AttributePublisher = Callable[[dict[str, str]], Awaitable[None]]


class InterviewRuntime:
    """The live parts of one interview. Build with `open`, then `start`, `wait_done`, `finish`, `close`."""

    def __init__(self, *, interview_id: int, store: DatabaseInterviewStore, interviewer: Any,
                 session: AgentSession) -> None:
        self.interview_id = interview_id
        self.store = store
        self.interviewer = interviewer
        self.session = session
        self.relay: SubmissionRelay[SubmissionRecord] = SubmissionRelay(
            interview_id=interview_id,
            claim=store.claim_submission,
            take_pending=store.take_undelivered_submissions,
            deliver=self._deliver_submission,
        )
        self.attribute_publisher: AttributePublisher | None = None
        self._published: dict[str, str] = {}
        self._done = asyncio.Event()
        self._finished = False
        self._background: set[asyncio.Task[None]] = set()

    @classmethod
    async def open(cls, interview_id: int, *, engines: RuntimeEngines) -> InterviewRuntime | None:
        """Load the interview and build its interviewer; None when it cannot run (missing, completed)."""
        from agent.interviewer import build_interviewer

        try:
            record = await load_interview(interview_id)
        except InterviewNotFoundError:
            logger.error("interview %s does not exist", interview_id)
            return None
        if record.status not in RUNNABLE_STATUSES:
            logger.warning("interview %s is %s: nothing to run", interview_id, record.status)
            return None
        await mark_in_progress(interview_id)
        store = DatabaseInterviewStore(interview_id, state_version=record.state_version)
        interviewer = build_interviewer(record, store=store, llm=engines.llm)
        session = make_session(engines)
        runtime = cls(interview_id=interview_id, store=store, interviewer=interviewer, session=session)
        interviewer.on_done(runtime._done.set)
        session.on("conversation_item_added", runtime._on_item_added)
        return runtime

    async def start(self, *, room: rtc.Room | None = None,
                    room_options: room_io.RoomOptions | None = None) -> None:
        """Start the session (the interviewer greets, or welcomes back on a resumed interview)."""
        if room is not None:
            await self.session.start(self.interviewer, room=room, room_options=room_options or
                                     room_io.RoomOptions(), record=False)
        else:
            await self.session.start(self.interviewer, record=False)
        await self._publish_attributes()

    def _on_item_added(self, _event: Any) -> None:
        task = asyncio.create_task(self._publish_attributes())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _publish_attributes(self) -> None:
        if self.attribute_publisher is None:
            return
        problem = getattr(self.interviewer, "current_problem", None)
        current = room_attributes(
            str(self.interviewer.phase),
            getattr(problem, "id", None),
            getattr(problem, "title", None),
        )
        changed = changed_attributes(self._published, current)
        if not changed:
            return
        try:
            await self.attribute_publisher(changed)
        except Exception:  # the room may be gone; attributes are a courtesy to frontends, not state
            logger.warning("could not publish interview attributes", exc_info=True)
            return
        self._published.update(changed)

    async def _deliver_submission(self, record: SubmissionRecord) -> None:
        await self.interviewer.on_submission(submission_outcome(record))

    @property
    def done(self) -> bool:
        return self._done.is_set()

    async def wait_done(self) -> None:
        await self._done.wait()

    async def finish(self) -> None:
        """Mark the interview completed and generate its feedback (once, even if called again)."""
        if self._finished:
            return
        self._finished = True
        await self._wait_for_last_words()
        completed = await self.store.mark_completed()
        if completed:
            await generate_feedback_for(self.interview_id)

    async def _wait_for_last_words(self) -> None:
        speech = self.session.current_speech
        if speech is not None:
            await speech.wait_for_playout()

    async def close(self) -> None:
        await self.session.aclose()


async def generate_feedback_for(interview_id: int) -> None:
    """Best effort: a failure is stored on the interview by the feedback service and retried by rescore."""
    from api.feedback.service import generate_feedback

    try:
        await generate_feedback(interview_id)
    except Exception:
        logger.exception("feedback generation failed for interview %s", interview_id)
