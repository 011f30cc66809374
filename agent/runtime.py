"""One interview running in one job: the interviewer agent, its session, the database store and code events.

The worker entrypoint, the resume tests and the concurrency benchmark all run interviews through
`InterviewRuntime`, so they exercise the same wiring: load from the database → restore or create the brain
state → start the `AgentSession` → every turn persisted as it happens → on `done`, mark the interview
completed and generate its feedback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from livekit import rtc
from livekit.agents import NOT_GIVEN, AgentSession, NotGivenOr, RunResult, llm, room_io
from livekit.agents.voice.run_result import Run_T, RunOutputOptions

from agent.brain.interview_store import outcome_from
from agent.brain.library import Workspace
from agent.code_events import SubmissionRelay, changed_attributes, room_attributes
from agent.engines.factory import Engines
from agent.interviewer import SILENCE_PATIENCE, Interviewer
from agent.interviewer_setup import build_interviewer
from agent.store import (
    DatabaseInterviewStore,
    InterviewNotFoundError,
    InterviewRecord,
    SubmissionRecord,
    load_interview,
    mark_in_progress,
)
from agent.turn_latency import turn_latency_from_metrics
from api.feedback.service import generate_feedback

logger = logging.getLogger(__name__)

# Local-only turn handling for text-only sessions (speech engines bring their own, also local-only).
# Text-only sessions have no audio to detect turns in: every typed line is a turn ("manual" needs no model).
TEXT_TURN_HANDLING: dict[str, Any] = {"turn_detection": "manual", "interruption": {"mode": "vad"}}
RUNNABLE_STATUSES = ("pending", "in_progress")

SpeechFactory = Callable[[str | None], Engines]
LLMFactory = Callable[[], llm.LLM]
AttributePublisher = Callable[[dict[str, str]], Awaitable[None]]
# A typed line → the work it asks of the console (`/submit ...`), or None when it is an answer.
TypedCommands = Callable[[str], Awaitable[None] | None]


@dataclass
class RuntimeEngines:
    """What a worker process shares between its interviews.

    `llm` builds one session's interviewer LLM (offline or OpenAI-compatible). One per session, never shared:
    every session subscribes to its LLM's metrics events, so a shared LLM would broadcast each session's
    metrics to all of them (quadratic work; measured by bench/concurrency.py).
    `speech` builds one session's STT/TTS/VAD for a starting phase (`agent.engines.make_engines`); None for
    text-only sessions (tests, the concurrency benchmark), which then load no audio models at all.
    """

    llm: LLMFactory
    speech: SpeechFactory | None = None


class InterviewSession(AgentSession):
    """An `AgentSession` whose typed lines may be console commands rather than answers.

    `typed_commands(line)` returns the work a command line asks for, or None for an answer (run as usual).
    The work runs as that line's run: whoever typed it (livekit's console, a test) waits for it and sees what
    the interviewer says during it, such as its reaction to a submission, exactly as for an answer. The line
    itself never enters the conversation.
    """

    typed_commands: TypedCommands | None = None

    def run(
        self,
        *,
        user_input: str,
        input_modality: Literal["text", "audio"] = "text",
        output_type: type[Run_T] | None = None,
        output_options: NotGivenOr[RunOutputOptions | None] = NOT_GIVEN,
    ) -> RunResult[Run_T]:
        # `AgentSession.run`'s own bookkeeping (livekit-agents 1.8.9): one run at a time, registered as the
        # session's run so that the replies generated meanwhile are recorded in it and it ends after them.
        if self._global_run_state is not None and not self._global_run_state.done():
            raise RuntimeError("nested runs are not supported")
        work = self.typed_commands(user_input) if self.typed_commands is not None else None
        if work is None:
            return super().run(user_input=user_input, input_modality=input_modality, output_type=output_type,
                               output_options=output_options)
        run_state = RunResult(user_input=user_input, output_type=output_type, session=self)
        self._global_run_state = run_state
        run_state._watch_handle(asyncio.ensure_future(_logged(work)))
        return run_state


async def _logged(work: Awaitable[None]) -> None:
    try:
        await work
    except Exception:  # the console must keep prompting whatever a command did
        logger.exception("a console command failed")


def make_session(
    interviewer_llm: llm.LLM, speech: Engines | None, *, workspace: Workspace = "editor"
) -> InterviewSession:
    """A session on these engines only: never a model string, never livekit's default cloud pieces.

    A text-only session gets `vad=None` explicitly: it would otherwise load livekit's default VAD.
    """
    away = SILENCE_PATIENCE[workspace].away_seconds
    if speech is None:
        return InterviewSession(llm=interviewer_llm, vad=None, turn_handling=TEXT_TURN_HANDLING,  # type: ignore[arg-type]
                                user_away_timeout=away)
    return InterviewSession(
        llm=interviewer_llm,
        stt=speech.stt,
        tts=speech.tts,
        vad=speech.vad,
        turn_handling=speech.turn_handling,  # type: ignore[arg-type]
        user_away_timeout=away,
    )


def plan_vocabulary(record: InterviewRecord) -> list[str]:
    """Words the recogniser should expect: the job's and the resume's skills from the question plan."""
    plan = record.question_plan or {}
    words: list[str] = []
    for key in ("skills_matched", "skills_missing"):
        words.extend(str(skill) for skill in plan.get(key, []) if skill)
    return sorted(set(words))


class InterviewRuntime:
    """The live parts of one interview. Build with `open`, then `start`, `wait_done`, `finish`, `close`."""

    def __init__(self, *, record: InterviewRecord, store: DatabaseInterviewStore, interviewer: Interviewer,
                 session: InterviewSession, speech: Engines | None) -> None:
        self.interview_id = record.interview_id
        self.record = record
        self.store = store
        self.interviewer = interviewer
        self.session = session
        self.speech = speech
        self.relay: SubmissionRelay[SubmissionRecord] = SubmissionRelay(
            interview_id=record.interview_id,
            claim=store.claim_submission,
            take_pending=store.take_undelivered_submissions,
            deliver=self._deliver_submission,
        )
        self.attribute_publisher: AttributePublisher | None = None
        self._published: dict[str, str] = {}
        self._phase_for_speech = interviewer.phase
        self._last_user_metrics: dict[str, Any] = {}
        self._done = asyncio.Event()
        self._finished = False
        self._background: set[asyncio.Task[Any]] = set()
        self.opening = False  # True while the opening words are being generated

    @classmethod
    async def open(
        cls, interview_id: int, *, engines: RuntimeEngines, workspace: Workspace = "editor"
    ) -> InterviewRuntime | None:
        """Load the interview and build its interviewer; None when it cannot run (missing, completed).
        `workspace`: where the candidate gets the exercise (the room's editor, or the console's commands)."""
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
        interviewer_llm = engines.llm()
        interviewer = build_interviewer(record, store=store, llm=interviewer_llm, workspace=workspace)
        speech = None
        if engines.speech is not None:  # loads a VAD session: CPU work, kept off the event loop
            speech = await asyncio.to_thread(engines.speech, interviewer.phase)
        if speech is not None:
            speech.set_vocabulary(plan_vocabulary(record))
        session = make_session(interviewer_llm, speech, workspace=workspace)
        runtime = cls(record=record, store=store, interviewer=interviewer, session=session, speech=speech)
        interviewer.on_done(runtime._done.set)
        session.on("conversation_item_added", runtime._on_item_added)
        return runtime

    async def start(self, *, room: rtc.Room | None = None,
                    room_options: room_io.RoomOptions | None = None) -> None:
        """Start the session and wait until the interviewer's opening words (a greeting, or on a resumed
        interview a welcome back) are out, so nothing the candidate says can overtake them."""
        self.opening = True
        if room is not None:
            options = room_options or room_io.RoomOptions()
            opening = await self.session.start(self.interviewer, room=room, room_options=options,
                                               capture_run=True, record=False)
        else:
            opening = await self.session.start(self.interviewer, capture_run=True, record=False)
        if opening is not None:
            await opening
        self.opening = False
        self._spawn(self._after_turn())

    # ------------------------------------------------------------------ after every turn
    def _spawn(self, coro: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _on_item_added(self, event: Any) -> None:
        item = event.item
        if item.type != "message":
            return
        metrics = dict(getattr(item, "metrics", None) or {})
        if item.role == "user":
            self._last_user_metrics = metrics
            return
        if item.role == "assistant":
            latency = turn_latency_from_metrics(self._last_user_metrics, metrics)
            self._last_user_metrics = {}
            if latency is not None:
                self._spawn(self.store.set_latest_agent_latency(latency.to_json()))
            self._spawn(self._after_turn())

    async def _after_turn(self) -> None:
        """Keep the room and the ears in step with the brain: frontend attributes, endpointing per phase."""
        phase = self.interviewer.phase
        if self.speech is not None and phase != self._phase_for_speech:
            self.speech.set_phase(phase)
            self._phase_for_speech = phase
        await self._publish_attributes()

    async def _publish_attributes(self) -> None:
        if self.attribute_publisher is None:
            return
        problem = self.interviewer.current_problem
        current = room_attributes(
            self.interviewer.phase,
            problem.id if problem else None,
            problem.title if problem else None,
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
        await self.interviewer.on_submission(outcome_from(record))

    # ------------------------------------------------------------------ the end
    @property
    def done(self) -> bool:
        return self._done.is_set()

    async def wait_done(self) -> None:
        await self._done.wait()

    async def finish(self) -> bool:
        """After the closing words: mark the interview completed and generate its feedback (once).

        Returns True when this call completed the interview (False: already completed elsewhere)."""
        if self._finished:
            return False
        self._finished = True
        await self._wait_for_last_words()
        completed = await self.store.mark_completed()
        if completed:
            await generate_feedback_for(self.interview_id)
        return completed

    async def _wait_for_last_words(self) -> None:
        speech = self.session.current_speech
        if speech is not None:
            await speech.wait_for_playout()

    async def close(self) -> None:
        for task in list(self._background):
            await asyncio.gather(task, return_exceptions=True)
        await self.session.aclose()


async def generate_feedback_for(interview_id: int) -> None:
    """Best effort: a failure is stored on the interview by the feedback service and retried by rescore."""
    try:
        await generate_feedback(interview_id)
    except Exception:
        logger.exception("feedback generation failed for interview %s", interview_id)
