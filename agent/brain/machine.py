"""The interview brain: decides, in code, every move of the interview.

`InterviewBrain` is fed what happens (a candidate turn, a code submission, a silence) with the current time,
and answers with the next `Move`. Transitions come from budgets, coverage of the question plan and the
candidate's intents, never from the LLM. All state lives in `BrainState`, which serialises to JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from agent.brain.coding import ProblemBrief, SubmissionOutcome, pick_problem
from agent.brain.exercise import debrief_question, hint_due, record_run, take_hint
from agent.brain.intents import Intent
from agent.brain.library import PromptLibrary
from agent.brain.moves import Ack, CloseReason, Move, MoveKind
from agent.brain.phases import QUESTION_PHASES, InterviewBudgets, Phase, next_phase
from agent.brain.questions import QuestionSpec, build_question_bank, other_project_answered
from agent.brain.speech import short_topic
from agent.brain.state import AskedQuestion, BrainState
from api.resumes.plan import QuestionPlan

_NAME_MOVES = frozenset({"greet", "welcome_back", "close"})
# Moves whose wording puts the question on the table into words: what a "repeat" says again, as it was said.
_QUESTION_WORDING = frozenset({"ask", "follow_up", "clarify", "redirect", "welcome_back", "present_problem"})
# Answers that say enough for the closing thanks to cite what they were about.
_SUBSTANTIVE = frozenset({"complete", "partial", "rambling"})


class InterviewBrain:
    def __init__(
        self,
        *,
        plan: QuestionPlan,
        problems: Sequence[ProblemBrief],
        library: PromptLibrary,
        candidate_name: str | None = None,
        state: BrainState | None = None,
        budgets: InterviewBudgets | None = None,
    ) -> None:
        self.plan = plan
        self.problems = list(problems)
        self.library = library
        self.candidate_name = candidate_name or plan.candidate_name
        self.state = state or BrainState(budgets=budgets or InterviewBudgets())
        per_phase = {p: self.state.budgets.for_phase(p).max_questions for p in QUESTION_PHASES}
        self.bank = build_question_bank(plan, library.default_questions, per_phase)
        self._specs: dict[str, QuestionSpec] = {q.key: q for qs in self.bank.values() for q in qs}

    # ------------------------------------------------------------------ public API
    @property
    def phase(self) -> Phase:
        return self.state.phase

    @property
    def done(self) -> bool:
        return self.state.phase == "done"

    def start(self, now: float) -> Move:
        """The opening move: a greeting, or a welcome back when the state was restored mid-interview."""
        st = self.state
        if st.turn == 0 and st.started_at is None:
            st.started_at = now
            st.phase_started_at = now
            st.visited = ["greeting"]
            return self._emit("greet")
        if self.done:
            return self._emit("close", close_reason=_close_reason(st.close_reason))
        return self._emit("welcome_back", question=self.current_question(), problem=self._current_problem())

    def on_candidate_turn(self, text: str, now: float) -> Move:
        """The candidate said `text`. Returns what the interviewer does next."""
        st = self.state
        if self.done:
            return self._emit("close", close_reason=_close_reason(st.close_reason))
        detected = self.library.intents.detect(text)
        intent = detected.intent
        st.silence_nudges = 0
        if intent is not Intent.THINK:
            st.thinking_since = None
        if intent is Intent.STOP:
            return self._close("stop", now)
        if intent is Intent.ABUSIVE:
            st.abusive_turns += 1
            if st.abusive_turns >= st.budgets.max_abusive_turns:
                return self._close("conduct", now)
            return self._emit(
                "redirect",
                offtopic="abusive",
                question=self.current_question(),
                problem=self._current_problem(),
            )
        if st.phase == "greeting":
            if intent is Intent.THINK:  # "give me a moment" before starting
                st.thinking_since = now
                return self._emit("allow_thinking")
            return self._advance(now, "none")
        if st.phase == "closing":
            asked_back = "?" in text or intent is Intent.CLARIFY
            return self._close("complete", now, candidate_asked=asked_back)
        conversational = self._conversational(intent, detected.term, now)
        if conversational is not None:
            return conversational
        if self._phase_time_up(now):
            return self._advance(now, "time")
        if st.phase == "coding":
            return self._coding_turn(intent, text, now)
        if intent is Intent.MOVE_ON:
            self._mark_skipped()
            return self._next_question(now, "skip")
        if intent in (Intent.DONT_KNOW, Intent.HINT):
            self._mark_skipped()
            return self._next_question(now, "dont_know")
        return self._answer(text, now)

    def on_submission(self, outcome: SubmissionOutcome, now: float) -> Move | None:
        """A sandbox run finished. None when it is not news (already seen, or not in the coding phase)."""
        cp = self.state.coding
        if self.state.phase != "coding" or not record_run(cp, outcome, now):
            return None
        self.state.thinking_since = None
        if cp.solved:  # a run after the solve: report it, the debrief question stays on the table
            return self._emit("discuss_submission", submission=outcome, problem=self._current_problem())
        if outcome.verdict == "solved":
            cp.solved = True
            cp.failures_in_row = 0
            debrief = debrief_question(cp.problem_id, complexity_stated=cp.complexity_stated)
            self._register_question(debrief)
            cp.debrief_asked = True
            return self._emit(
                "discuss_submission", submission=outcome, question=debrief, problem=self._current_problem()
            )
        cp.failures_in_row += 1
        hint_fields: dict[str, Any] = {}
        if cp.failures_in_row >= self.state.budgets.hint_after_failures:
            hint_fields = self._take_hint(now)
            if hint_fields:
                cp.failures_in_row = 0
        return self._emit(
            "discuss_submission", submission=outcome, problem=self._current_problem(), **hint_fields
        )

    def on_silence(self, now: float) -> Move | None:
        """The candidate has been quiet for a while. None means: keep waiting, say nothing."""
        st = self.state
        if self.done or st.phase == "greeting":
            return None
        if st.thinking_since is not None and now - st.thinking_since < st.budgets.think_grace_seconds:
            return None
        if st.phase != "closing" and self._phase_time_up(now):
            st.thinking_since = None
            return self._advance(now, "time")
        if st.phase == "coding" and not st.coding.solved:
            hint = self._take_hint(now) if self._hint_due(now) else {}
            return self._emit("give_hint", problem=self._current_problem(), **hint) if hint else None
        st.thinking_since = None
        st.silence_nudges += 1
        if st.silence_nudges > st.budgets.max_silence_nudges:
            st.silence_nudges = 0
            self._mark_skipped()
            return self._next_question(now, "skip")
        return self._emit("nudge", question=self.current_question(), problem=self._current_problem())

    def current_question(self) -> QuestionSpec | None:
        return self._specs.get(self.state.current_key or "")

    def question_spec(self, key: str) -> QuestionSpec | None:
        return self._specs.get(key)

    # ------------------------------------------------------------------ turn handling
    def _conversational(self, intent: Intent, term: str | None, now: float) -> Move | None:
        """Intents that do not move the interview: off-topic, repeat, clarify, "let me think"."""
        st = self.state
        question, problem = self.current_question(), self._current_problem()
        if intent is Intent.OFF_TOPIC:
            st.off_topic_turns += 1
            return self._emit("redirect", offtopic="off_topic", question=question, problem=problem)
        if intent is Intent.REPEAT:
            said = Move.from_dict(st.last_question) if st.last_question else None
            return self._emit("repeat", question=question, problem=problem, repeat_of=said)
        if intent is Intent.CLARIFY:
            return self._emit("clarify", term=term, question=question, problem=problem)
        if intent is Intent.THINK:
            st.thinking_since = now
            return self._emit("allow_thinking", question=question, problem=problem)
        return None

    def _answer(self, text: str, now: float) -> Move:
        st = self.state
        asked = st.question(st.current_key)
        assessment = self.library.cues.assess(text, st.phase)
        substantive = assessment.quality in _SUBSTANTIVE
        spec = self.current_question()
        if asked is not None:
            asked.covered = sorted(set(asked.covered) | set(assessment.covered))
            asked.lacked = [a for a in assessment.lacked if a not in asked.covered]
            asked.quality = assessment.quality
            if substantive:
                asked.on_topic = asked.on_topic or (spec is not None and spec.answered_by(text))
                asked.detail = asked.detail or self.library.cues.notable_detail(text)
        elsewhere = other_project_answered(spec, self.bank, text) if spec and substantive else None
        if substantive:
            self._note_already_answered(text)
        if elsewhere is not None and elsewhere.key not in st.asked_keys() | set(st.covered_keys):
            st.covered_keys.append(elsewhere.key)  # what they said counts for that project
        if asked is not None and asked.follow_ups < st.budgets.max_follow_ups_per_question:
            # An answer about another project from the resume: the question is put again about the project
            # it was about, once (only as its first follow-up, whatever the follow-up budget).
            if asked.follow_ups == 0 and elsewhere is not None:
                return self._follow_up(asked, spec, "this_project", short_topic(elsewhere.topic), ack="none")
            # A long answer that never says what the candidate did is refocused on exactly that.
            rambled_past_own_role = assessment.quality == "rambling" and "own_role" in assessment.lacked
            if (assessment.needs_follow_up or rambled_past_own_role) and asked.lacked:
                aspect = "own_role" if rambled_past_own_role else asked.lacked[0]
                echo = self.library.cues.notable_detail(text)
                ack: Ack = "focus" if rambled_past_own_role else "none"
                return self._follow_up(asked, spec, aspect, echo, ack=ack)
        moving_on: Ack = {"complete": "positive", "rambling": "focus"}.get(assessment.quality, "neutral")  # type: ignore[assignment]
        return self._next_question(now, moving_on)

    def _follow_up(
        self, asked: AskedQuestion, spec: QuestionSpec | None, aspect: str, echo: str | None, *, ack: Ack
    ) -> Move:
        asked.follow_ups += 1
        return self._emit(
            "follow_up", ack=ack, question=spec, aspect=aspect, echo=echo, problem=self._current_problem()
        )

    def _coding_turn(self, intent: Intent, text: str, now: float) -> Move:
        cp = self.state.coding
        if intent is Intent.MOVE_ON:
            return self._advance(now, "skip")
        if cp.solved:
            if intent is Intent.DONT_KNOW:
                return self._advance(now, "dont_know")
            # The debrief answer: probed once if it lacked reasoning, then the interview moves on.
            return self._answer(text, now)
        if intent is Intent.ANSWER and self.library.cues.assess(text, "coding").quality == "complete":
            cp.approach_explained = True  # a reasoned approach, said in enough words
        if intent is Intent.ANSWER and "?" not in text:  # "What complexity do you want?" states nothing
            cp.complexity_stated = cp.complexity_stated or self.library.cues.covers(text, "complexity")
        if intent in (Intent.HINT, Intent.DONT_KNOW):
            hint = self._take_hint(now)
            if hint:
                return self._emit("give_hint", problem=self._current_problem(), **hint)
            return self._advance(now, "dont_know")
        if self._hint_due(now):
            return self._emit("give_hint", problem=self._current_problem(), **self._take_hint(now))
        return self._emit("coding_checkin", problem=self._current_problem())

    # ------------------------------------------------------------------ questions and phases
    def _next_question(self, now: float, ack: Ack) -> Move:
        st = self.state
        if st.phase in QUESTION_PHASES and not self._phase_time_up(now):
            asked_here = st.phase_questions.get(st.phase, 0)
            if asked_here < st.budgets.for_phase(st.phase).max_questions:
                spec = self._pick(st.phase)
                if spec is not None:
                    return self._ask(spec, ack, entering=False)
        return self._advance(now, ack)

    def _advance(self, now: float, ack: Ack) -> Move:
        """Leave the current phase for the next one that has something to do."""
        st = self.state
        while True:
            self._enter(next_phase(st.phase), now)
            budget = st.budgets.for_phase(st.phase)
            if st.phase == "done":
                return self._close("complete", now)
            if budget.max_seconds <= 0 or budget.max_questions <= 0:
                continue
            if st.phase == "coding":
                problem = pick_problem(
                    self.problems, difficulty=self.plan.problem_difficulty, tags=self.plan.problem_tags
                )
                if problem is None:
                    continue
                st.coding.problem_id = problem.id
                st.coding.presented_at = now
                return self._emit("present_problem", ack=ack, entering_phase=True, problem=problem)
            spec = self._pick(st.phase)
            if spec is not None:
                return self._ask(spec, ack, entering=True)

    def _enter(self, phase: Phase, now: float) -> None:
        st = self.state
        if st.phase_started_at is not None:
            st.phase_seconds[st.phase] = st.phase_seconds.get(st.phase, 0.0) + (now - st.phase_started_at)
        st.phase = phase
        st.phase_started_at = now
        st.current_key = None
        st.visited.append(phase)

    def _close(self, reason: CloseReason, now: float, *, candidate_asked: bool = False) -> Move:
        st = self.state
        if st.phase not in ("closing", "done"):
            self._enter("closing", now)
        if st.phase == "closing":
            self._enter("done", now)
        st.close_reason = reason
        move = self._emit("close", close_reason=reason, candidate_asked=candidate_asked, **st.recap())
        return replace(move, phase="closing")

    def _pick(self, phase: Phase) -> QuestionSpec | None:
        taken = self.state.asked_keys() | set(self.state.covered_keys)
        asked_words = {w for q in self.state.asked if q.phase == phase for w in _theme_words(q.topic)}
        for spec in self.bank.get(phase, []):
            if spec.key in taken:
                continue
            # A default question on a theme already discussed would feel like asking again.
            if spec.source == "default" and _theme_words(spec.topic) & asked_words:
                continue
            return spec
        return None

    def _ask(self, spec: QuestionSpec, ack: Ack, *, entering: bool) -> Move:
        self._register_question(spec)
        st = self.state
        st.phase_questions[st.phase] = st.phase_questions.get(st.phase, 0) + 1
        return self._emit("ask", ack=ack, entering_phase=entering, question=spec)

    def _register_question(self, spec: QuestionSpec) -> None:
        self._specs[spec.key] = spec
        self.state.asked.append(
            AskedQuestion(key=spec.key, phase=spec.phase, source=spec.source, topic=spec.topic)
        )
        self.state.current_key = spec.key

    def _mark_skipped(self) -> None:
        asked = self.state.question(self.state.current_key)
        if asked is not None:
            asked.skipped = True

    def _note_already_answered(self, text: str) -> None:
        """Planned questions whose subject the candidate already talked about are not asked again."""
        taken = self.state.asked_keys() | set(self.state.covered_keys)
        for spec in (q for qs in self.bank.values() for q in qs):
            if spec.key not in taken and spec.already_covered_by(text):
                self.state.covered_keys.append(spec.key)

    def _phase_time_up(self, now: float) -> bool:
        st = self.state
        if st.phase_started_at is None:
            return False
        return now - st.phase_started_at >= st.budgets.for_phase(st.phase).max_seconds

    # ------------------------------------------------------------------ coding
    def _current_problem(self) -> ProblemBrief | None:
        pid = self.state.coding.problem_id
        return next((p for p in self.problems if p.id == pid), None) if pid else None

    def _hint_due(self, now: float) -> bool:
        return hint_due(
            self.state.coding, self._current_problem(), now, self.state.budgets.hint_after_seconds
        )

    def _take_hint(self, now: float) -> dict[str, Any]:
        return take_hint(self.state.coding, self._current_problem(), now)

    # ------------------------------------------------------------------ emitting
    def _emit(self, kind: MoveKind, **fields: Any) -> Move:
        st = self.state
        st.turn += 1
        may_use_name = bool(self.candidate_name) and kind in _NAME_MOVES
        if may_use_name and st.name_last_turn is not None:
            may_use_name = st.turn - st.name_last_turn >= st.budgets.name_every_turns
        if may_use_name:
            st.name_last_turn = st.turn
        move = Move(
            kind=kind,
            phase=st.phase,
            turn=st.turn,
            candidate_name=self.candidate_name,
            may_use_name=may_use_name,
            **fields,
        )
        if kind in _QUESTION_WORDING or (kind == "discuss_submission" and move.question is not None):
            st.last_question = move.to_dict()
        return move


def _theme_words(topic: str) -> set[str]:
    return {w.strip(".,").lower()[:7] for w in topic.split() if len(w) > 6}


def _close_reason(value: str | None) -> CloseReason:
    return value if value in ("complete", "stop", "conduct", "time") else "complete"  # type: ignore[return-value]
