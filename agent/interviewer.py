"""The livekit `Agent` that hands every turn of the interview to the brain.

Where the brain sits: `on_enter` (the greeting, or a welcome back), `llm_node` (every reply, whether the
candidate spoke, typed, or nothing happened: `on_user_turn_completed` does not fire for text input),
`on_submission` (a sandbox run, pushed by the runtime) and `on_silence` (the candidate went quiet, wired to
the session's "away" state). Each reply is: brain → move → chat context (phase prompt + move, from
`prompts/`) → one streamed LLM call (offline or OpenAI-compatible) → speech-hygiene guard → speech, and every
step is persisted through the `InterviewStore`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from livekit.agents import Agent, ModelSettings, llm
from livekit.agents.voice import SpeechHandle

from agent.brain.coding import ProblemBrief, SubmissionOutcome
from agent.brain.hygiene import HygieneRules, SpeechHygiene
from agent.brain.instructions import render_move_instructions
from agent.brain.interview_store import InterviewStore, outcome_from
from agent.brain.library import PromptLibrary, Workspace, default_prompt_library
from agent.brain.machine import InterviewBrain
from agent.brain.moves import Move
from agent.brain.phases import InterviewBudgets
from agent.brain.state import BrainState
from agent.brain.wording import OfflineWording
from agent.offline_llm import CONTEXT_KEY, MOVE_KEY
from api.resumes.plan import QuestionPlan

logger = logging.getLogger(__name__)

DoneCallback = Callable[[], Any]


@dataclass(frozen=True)
class SilencePatience:
    """`away_seconds`: silence before the session calls the candidate away (livekit's `user_away_timeout`);
    `tick_seconds`: while away, how often the brain is asked whether to nudge, hint or move on."""

    away_seconds: float
    tick_seconds: float


# In a call, 15 s without a word is long. At the console the candidate types, which the session cannot see,
# and a considered typed answer takes a minute or two: nudging after 15 s (and moving on after 55) was rude.
SILENCE_PATIENCE: dict[Workspace, SilencePatience] = {
    "editor": SilencePatience(away_seconds=15.0, tick_seconds=20.0),
    "console": SilencePatience(away_seconds=120.0, tick_seconds=60.0),
}


def _utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


class Interviewer(Agent):
    """One interview's interviewer.

    Construct with the question `plan`, the coding `problems` (as `ProblemBrief`s), the `store`, and either a
    restored `state` (from `BrainState.to_dict`, via `BrainState.from_dict`) or none for a new interview.
    `llm` is the interviewer's LLM (`interviewer_setup.make_interviewer_llm`); None uses the session's.
    `clock` returns seconds (wall time by default; tests pass a controllable one).

    For the runtime: `on_done(callback)`, `done`, `phase`, `current_problem`, `await on_submission(outcome)`,
    `await on_silence()`, `hygiene_counts`, `prompt_version`, `moves` (every move decided, in order),
    `offline_fallbacks`, `last_speech`. While the session reports the user "away", the agent itself calls
    `on_silence` every `silence_tick_seconds` (the brain decides: wait, nudge, hint, or move on).
    """

    def __init__(
        self,
        *,
        plan: QuestionPlan,
        problems: Sequence[ProblemBrief],
        store: InterviewStore,
        candidate_name: str | None = None,
        state: BrainState | None = None,
        budgets: InterviewBudgets | None = None,
        llm: llm.LLM | None = None,
        library: PromptLibrary | None = None,
        workspace: Workspace = "editor",
        clock: Callable[[], float] = time.time,
        silence_tick_seconds: float | None = None,
    ) -> None:
        self.library = library or default_prompt_library()
        # Each reply starts with a brain decision that changes the interview's state, so no reply may be
        # generated speculatively from a transcript that can still change (livekit's preemptive generation).
        options: dict[str, Any] = {"turn_handling": {"preemptive_generation": {"enabled": False}}}
        # Agent(llm=None) would mean "no LLM at all"; leaving it unset uses the session's LLM.
        if llm is not None:
            options["llm"] = llm
        super().__init__(instructions=self.library.system, **options)
        self.brain = InterviewBrain(
            plan=plan,
            problems=problems,
            library=self.library,
            candidate_name=candidate_name,
            state=state,
            budgets=budgets,
        )
        self.store = store
        self.clock = clock
        budgets_now = self.brain.state.budgets
        self.hygiene = SpeechHygiene(
            HygieneRules.from_dict(self.library.hygiene),
            candidate_name=self.brain.candidate_name,
            name_every_turns=budgets_now.name_every_turns,
            name_last_turn=self.brain.state.name_last_turn,
        )
        self.workspace: Workspace = workspace
        self.wording_context = {"role": plan.role or "engineering", "workspace": workspace}
        self.offline_wording = OfflineWording(
            self.library.offline, role=plan.role, workspace=self.library.workspace_phrases(workspace)
        )
        # Turns the production LLM failed (or said nothing) and the offline templates spoke instead.
        self.offline_fallbacks = 0
        self.moves: list[Move] = []
        self._pending: deque[Move] = deque()
        self._seen_user_messages: set[str] = set()
        self._done_callbacks: list[DoneCallback] = []
        self._done_fired = False
        default_tick = SILENCE_PATIENCE[workspace].tick_seconds
        self.silence_tick_seconds = default_tick if silence_tick_seconds is None else silence_tick_seconds
        self._silence_watch: asyncio.Task[None] | None = None
        # The reply started by on_enter, on_submission or on_silence (`.wait_for_playout()` follows it).
        self.last_speech: SpeechHandle | None = None

    # ------------------------------------------------------------------ for the runtime
    @property
    def prompt_version(self) -> str:
        return self.library.version

    @property
    def phase(self) -> str:
        return self.brain.phase

    @property
    def done(self) -> bool:
        return self.brain.done

    @property
    def current_problem(self) -> ProblemBrief | None:
        pid = self.brain.state.coding.problem_id
        return next((p for p in self.brain.problems if p.id == pid), None) if pid else None

    @property
    def hygiene_counts(self) -> dict[str, int]:
        return dict(self.hygiene.counts)

    def on_done(self, callback: DoneCallback) -> None:
        """Call `callback()` once the closing words have been generated (the brain reached `done`)."""
        self._done_callbacks.append(callback)
        if self._done_fired:
            callback()

    async def on_submission(self, outcome: SubmissionOutcome) -> bool:
        """A sandbox run finished: the interviewer speaks about it. False when it was not news."""
        move = self.brain.on_submission(outcome, self.clock())
        if move is None:
            return False
        await self._speak(move)
        return True

    async def on_silence(self) -> bool:
        """The candidate has been quiet. The brain may nudge, hint or keep waiting (False: said nothing)."""
        move = self.brain.on_silence(self.clock())
        if move is None:
            return False
        await self._speak(move)
        return True

    # ------------------------------------------------------------------ livekit hooks
    async def on_enter(self) -> None:
        self.session.on("user_state_changed", self._on_user_state_changed)
        await self._speak(self.brain.start(self.clock()))

    async def on_exit(self) -> None:
        self.session.off("user_state_changed", self._on_user_state_changed)
        self._stop_silence_watch()

    def _on_user_state_changed(self, event: Any) -> None:
        if getattr(event, "new_state", None) == "away" and not self.done:
            if self._silence_watch is None or self._silence_watch.done():
                self._silence_watch = asyncio.create_task(self._watch_silence(), name="interviewer-silence")
        else:
            self._stop_silence_watch()

    async def _watch_silence(self) -> None:
        """While the candidate stays away, let the brain decide every tick whether to nudge, hint or move on
        (the session reports "away" once, however long the silence lasts)."""
        while not self.done:
            if self.session.agent_state not in ("speaking", "thinking"):
                await self.on_silence()
            await asyncio.sleep(self.silence_tick_seconds)

    def _stop_silence_watch(self) -> None:
        if self._silence_watch is not None and not self._silence_watch.done():
            self._silence_watch.cancel()
        self._silence_watch = None

    async def llm_node(
        self,
        chat_ctx: llm.ChatContext,
        tools: list[llm.Tool],
        model_settings: ModelSettings,
    ) -> AsyncIterable[str]:
        move = await self._move_for(chat_ctx)
        if move is None:
            return
        turn_ctx = chat_ctx.copy()
        turn_ctx.add_message(
            role="system",
            content=render_move_instructions(
                move, self.library, role=self.wording_context["role"], workspace=self.workspace
            ),
            extra={
                MOVE_KEY: move.to_dict(),
                CONTEXT_KEY: dict(self.wording_context),
                "prompt_version": self.prompt_version,
            },
        )
        started = self.clock()
        guard = self.hygiene.begin(move.turn)
        complete = False
        try:
            async for delta in self._worded(move, turn_ctx, tools, model_settings):
                for sentence in guard.feed(delta):
                    yield sentence + " "
            for sentence in guard.finish():
                yield sentence + " "
            complete = True
        finally:
            # Also when the candidate interrupts: what was already said is part of the transcript.
            if guard.violations:
                logger.warning("speech hygiene repaired turn %d: %s", move.turn, guard.violations)
            await self._record_agent_turn(move, guard.text, started, complete=complete)

    async def _worded(
        self, move: Move, turn_ctx: llm.ChatContext, tools: list[llm.Tool], model_settings: ModelSettings
    ) -> AsyncIterator[str]:
        """The LLM's wording of the move; the offline wording when the LLM fails or says nothing."""
        produced = False
        try:
            async for chunk in Agent.default.llm_node(self, turn_ctx, tools, model_settings):
                delta = _text_of(chunk)
                if delta.strip():
                    produced = True
                if delta:
                    yield delta
        except Exception:
            if produced:
                raise
            logger.exception("the interviewer LLM failed on turn %d: wording it offline", move.turn)
        if not produced:
            self.offline_fallbacks += 1
            yield self.offline_wording.word(move)

    # ------------------------------------------------------------------ internals
    async def _speak(self, move: Move) -> None:
        await self._commit(move)
        self._pending.append(move)
        self.last_speech = self.session.generate_reply()

    async def _move_for(self, chat_ctx: llm.ChatContext) -> Move | None:
        """A new candidate message goes to the brain; else the move queued by on_enter or a submission."""
        user = self._unseen_user_message(chat_ctx)
        if user is None:
            return self._pending.popleft() if self._pending else None
        self._seen_user_messages.add(user.id)
        text = user.text_content or ""
        now = self.clock()
        await self.store.record_turn("user", text, self.brain.phase, _utc(user.created_at), _utc(now))
        move = await self._move_from_pending_submissions(text, now)
        if move is None:
            move = self.brain.on_candidate_turn(text, now)
        await self._commit(move)
        return move

    async def _move_from_pending_submissions(self, text: str, now: float) -> Move | None:
        """Runs the candidate made since the last turn come first, unless the candidate asked to stop."""
        if self.brain.phase != "coding":
            return None
        latest: Move | None = None
        for submission in await self.store.take_undelivered_submissions():
            latest = self.brain.on_submission(outcome_from(submission), now) or latest
        if latest is not None and self.library.intents.detect(text).intent == "stop":
            return None
        return latest

    def _unseen_user_message(self, chat_ctx: llm.ChatContext) -> llm.ChatMessage | None:
        for item in reversed(chat_ctx.items):
            if item.type == "message" and item.role == "user":
                return None if item.id in self._seen_user_messages else item
        return None

    async def _commit(self, move: Move) -> None:
        """Persist the brain's decision before it is spoken, so a restart never repeats or skips a step."""
        self.moves.append(move)
        await self.store.save_state(self.brain.state.to_dict(), prompt_version=self.prompt_version)
        if move.kind == "present_problem" and move.problem is not None:
            await self.store.set_current_problem(move.problem.id)

    async def _record_agent_turn(self, move: Move, text: str, started: float, *, complete: bool) -> None:
        if text:
            await self.store.record_turn("assistant", text, move.phase, _utc(started), _utc(self.clock()))
        asked = move.question
        if complete and asked is not None and move.kind in ("ask", "discuss_submission"):
            await self.store.record_question(asked.key, text, asked.phase, asked.source)
        if move.ends_interview and not self._done_fired:
            self._done_fired = True
            for callback in self._done_callbacks:
                callback()


def _text_of(chunk: Any) -> str:
    if isinstance(chunk, str):
        return chunk
    if isinstance(chunk, llm.ChatChunk) and chunk.delta is not None:
        return chunk.delta.content or ""
    return ""
