"""Moves: what the interviewer does with its next turn, decided by the brain, worded by an LLM or templates.

A move is self-contained (it carries the question, problem, submission or hint it is about) so that the
offline interviewer can word it with no other state, and it serialises to JSON for the chat context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, cast

from agent.brain.coding import ProblemBrief, SubmissionOutcome
from agent.brain.phases import Phase, as_phase
from agent.brain.questions import QuestionSpec

MoveKind = Literal[
    "greet",  # open the interview, explain the shape, ask if ready
    "welcome_back",  # a restarted worker picks up where it was
    "ask",  # ask a primary question from the plan or the default bank
    "follow_up",  # probe what the last answer lacked (`aspect`)
    "clarify",  # explain `term` / the current question, then re-ask it
    "repeat",  # say the last question again, exactly as it was put (`repeat_of`)
    "allow_thinking",  # the candidate asked for time: say so briefly, ask nothing
    "nudge",  # silence: gently invite them to think aloud
    "redirect",  # off-topic or abusive: steer back to the current question
    "present_problem",  # introduce the coding problem
    "coding_checkin",  # the candidate talks during coding: acknowledge, invite a run
    "discuss_submission",  # react to a sandbox run without revealing hidden tests
    "give_hint",  # the next graded hint
    "close",  # thank, explain what happens next (truthfully), end
]
Ack = Literal["none", "positive", "neutral", "skip", "focus", "time", "dont_know"]
CloseReason = Literal["complete", "stop", "conduct", "time"]
# Moves that end with a question the candidate is expected to answer.
QUESTION_MOVES = frozenset(
    {"greet", "welcome_back", "ask", "follow_up", "clarify", "repeat", "redirect", "nudge"}
)


@dataclass(frozen=True)
class Move:
    kind: MoveKind
    phase: Phase
    turn: int
    ack: Ack = "none"
    entering_phase: bool = False  # first move of `phase`: the wording should bridge into it
    question: QuestionSpec | None = None  # the question asked, re-asked, clarified or followed up
    aspect: str | None = None  # follow_up: what the answer lacked
    term: str | None = None  # clarify: what the candidate asked about
    problem: ProblemBrief | None = None
    submission: SubmissionOutcome | None = None
    hint: str | None = None
    hint_level: int | None = None  # 1-based
    hints_total: int | None = None
    candidate_name: str | None = None
    may_use_name: bool = False
    close_reason: CloseReason | None = None
    offtopic: Literal["off_topic", "abusive"] | None = None
    candidate_asked: bool = False  # close: the candidate's last turn was a question for the interviewer
    echo: str | None = None  # follow_up: a detail from the answer to refer back to
    # close: what the candidate really talked about, for the thanks. `recap_topic` is a question's topic their
    # substantive answer matched; else `recap_detail` is a technology they named themselves; else neither.
    recap_topic: str | None = None
    recap_detail: str | None = None
    progress: bool = False  # give_hint: a better run or a reasoned approach backs saying they are progressing
    repeat_of: Move | None = None  # repeat: the move that last put the question into words, said again as is

    @property
    def ends_interview(self) -> bool:
        return self.kind == "close"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "phase": self.phase,
            "turn": self.turn,
            "ack": self.ack,
            "entering_phase": self.entering_phase,
            "question": self.question.to_dict() if self.question else None,
            "aspect": self.aspect,
            "term": self.term,
            "problem": self.problem.to_dict() if self.problem else None,
            "submission": self.submission.to_dict() if self.submission else None,
            "hint": self.hint,
            "hint_level": self.hint_level,
            "hints_total": self.hints_total,
            "candidate_name": self.candidate_name,
            "may_use_name": self.may_use_name,
            "close_reason": self.close_reason,
            "offtopic": self.offtopic,
            "candidate_asked": self.candidate_asked,
            "echo": self.echo,
            "recap_topic": self.recap_topic,
            "recap_detail": self.recap_detail,
            "progress": self.progress,
            "repeat_of": self.repeat_of.to_dict() if self.repeat_of else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Move:
        return cls(
            kind=cast(MoveKind, data["kind"]),
            phase=as_phase(data["phase"]),
            turn=int(data["turn"]),
            ack=cast(Ack, data.get("ack", "none")),
            entering_phase=bool(data.get("entering_phase", False)),
            question=QuestionSpec.from_dict(data["question"]) if data.get("question") else None,
            aspect=data.get("aspect"),
            term=data.get("term"),
            problem=ProblemBrief.from_dict(data["problem"]) if data.get("problem") else None,
            submission=SubmissionOutcome.from_dict(data["submission"]) if data.get("submission") else None,
            hint=data.get("hint"),
            hint_level=data.get("hint_level"),
            hints_total=data.get("hints_total"),
            candidate_name=data.get("candidate_name"),
            may_use_name=bool(data.get("may_use_name", False)),
            close_reason=data.get("close_reason"),
            offtopic=data.get("offtopic"),
            candidate_asked=bool(data.get("candidate_asked", False)),
            echo=data.get("echo"),
            recap_topic=data.get("recap_topic"),
            recap_detail=data.get("recap_detail"),
            progress=bool(data.get("progress", False)),
            repeat_of=cls.from_dict(data["repeat_of"]) if data.get("repeat_of") else None,
        )
