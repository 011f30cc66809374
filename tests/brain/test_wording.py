"""Both voices for the same move: offline templates (clean speech, grounded) and LLM instructions."""

from __future__ import annotations

from dataclasses import replace

import pytest
from brain_fixtures import LIBRARY, backend_plan, outcome, problems

from agent.brain.hygiene import HygieneRules, SpeechHygiene
from agent.brain.instructions import render_move_instructions
from agent.brain.library import Workspace
from agent.brain.moves import Ack, CloseReason, Move, MoveKind
from agent.brain.questions import QuestionSpec, from_plan_item
from agent.brain.wording import OfflineWording

PLAN = backend_plan()
QUESTIONS = [from_plan_item(i) for i in PLAN.items] + [
    QuestionSpec("default:x", "technical", "general", "designing a rate limiter", "default"),
    QuestionSpec("default:c", "closing", "closing", "anything to add", "default"),
    QuestionSpec("coding:two-sum:debrief", "coding", "coding_debrief", "complexity", "problem"),
    QuestionSpec("coding:two-sum:debrief-tests", "coding", "coding_debrief_tests", "edge cases", "problem"),
]
PROBLEM = problems()[0]
NAME = "Alice Moreau"
WORDING = OfflineWording(
    LIBRARY.offline, role="Backend Engineer", workspace=LIBRARY.workspace_phrases("editor")
)


def every_move() -> list[Move]:
    moves: list[Move] = []
    for turn in range(1, 7):  # rotation covers every template variant
        moves += [Move("greet", "greeting", turn, may_use_name=True, candidate_name=NAME)]
        for q in QUESTIONS:
            acks: tuple[Ack, ...] = ("none", "positive", "neutral", "skip", "dont_know", "focus", "time")
            for ack in acks:
                moves.append(
                    Move(
                        "ask",
                        q.phase,
                        turn,
                        ack=ack,
                        entering_phase=turn % 2 == 0,
                        question=q,
                        candidate_name=NAME,
                    )
                )
            for aspect in ("specifics", "own_role", "outcome", "reasoning", "situation", "depth"):
                moves.append(Move("follow_up", q.phase, turn, question=q, aspect=aspect, candidate_name=NAME))
                moves.append(Move("follow_up", q.phase, turn, question=q, aspect=aspect, echo="Kafka"))
            other = "the fraud scoring pipeline"
            moves.append(Move("follow_up", q.phase, turn, question=q, aspect="this_project", echo=other))
            asked = Move("ask", q.phase, turn, ack="positive", question=q)
            follow_up = Move("follow_up", q.phase, turn, question=q, aspect="outcome", echo="Kafka")
            moves += [
                Move("repeat", q.phase, turn, question=q, candidate_name=NAME),
                Move("repeat", q.phase, turn + 1, question=q, repeat_of=asked),
                Move("repeat", q.phase, turn + 1, question=q, repeat_of=follow_up),
                Move("clarify", q.phase, turn, question=q, term="idempotency", candidate_name=NAME),
                Move("clarify", q.phase, turn, question=q, term="blorp", candidate_name=NAME),
                Move("clarify", q.phase, turn, question=q, candidate_name=NAME),
                Move("redirect", q.phase, turn, question=q, offtopic="off_topic", candidate_name=NAME),
                Move("redirect", q.phase, turn, question=q, offtopic="abusive", candidate_name=NAME),
                Move("nudge", q.phase, turn, question=q, candidate_name=NAME),
                Move("welcome_back", q.phase, turn, question=q, may_use_name=True, candidate_name=NAME),
                Move("allow_thinking", q.phase, turn, question=q, candidate_name=NAME),
            ]
        moves += [
            Move(
                "present_problem",
                "coding",
                turn,
                ack="positive",
                entering_phase=True,
                problem=PROBLEM,
                candidate_name=NAME,
            ),
            Move("coding_checkin", "coding", turn, problem=PROBLEM, candidate_name=NAME),
            Move("redirect", "coding", turn, problem=PROBLEM, offtopic="off_topic", candidate_name=NAME),
            Move(
                "give_hint",
                "coding",
                turn,
                problem=PROBLEM,
                hint=PROBLEM.hints[turn % 3],
                hint_level=1,
                hints_total=3,
                candidate_name=NAME,
            ),
            Move("give_hint", "coding", turn, problem=PROBLEM, hint=PROBLEM.hints[0], progress=True),
            Move(
                "repeat",
                "coding",
                turn,
                problem=PROBLEM,
                repeat_of=Move("present_problem", "coding", turn, entering_phase=True, problem=PROBLEM),
            ),
        ]
        for sub in (
            outcome("a", 5),
            outcome("b", 2),
            outcome("c", 0),
            outcome("d", 0, timed_out=True),
            outcome("e", 0, compile_error=True),
            outcome("f", 0, exit_code=1, stderr="ValueError: x"),
        ):
            moves.append(
                Move(
                    "discuss_submission", "coding", turn, problem=PROBLEM, submission=sub, candidate_name=NAME
                )
            )
        moves.append(
            Move(
                "discuss_submission",
                "coding",
                turn,
                problem=PROBLEM,
                submission=outcome("g", 5),
                question=QUESTIONS[-1],
                candidate_name=NAME,
            )
        )
        moves.append(
            Move(
                "discuss_submission",
                "coding",
                turn,
                problem=PROBLEM,
                submission=outcome("h", 1),
                hint=PROBLEM.hints[0],
                hint_level=1,
                hints_total=3,
                candidate_name=NAME,
            )
        )
        reasons: tuple[CloseReason, ...] = ("complete", "stop", "conduct", "time")
        for reason in reasons:
            moves.append(
                Move("close", "closing", turn, close_reason=reason, may_use_name=True, candidate_name=NAME)
            )
            moves.append(
                Move("close", "closing", turn, close_reason=reason, candidate_asked=True, candidate_name=NAME)
            )
            for recap in ({"recap_topic": "the payments service migration"}, {"recap_detail": "Kafka"}):
                moves.append(
                    Move("close", "closing", turn, close_reason=reason, may_use_name=True, **recap)  # type: ignore[arg-type]
                )
    return moves


@pytest.mark.parametrize("workspace", ["editor", "console"])
def test_every_offline_template_is_clean_speech_with_at_most_one_question(workspace: Workspace) -> None:
    wording = OfflineWording(
        LIBRARY.offline, role="Backend Engineer", workspace=LIBRARY.workspace_phrases(workspace)
    )
    for move in every_move():
        hygiene = SpeechHygiene(HygieneRules.from_dict(LIBRARY.hygiene), candidate_name="Alice Moreau")
        text = wording.word(move)
        assert text.strip(), move
        assert hygiene.clean(text, move.turn) == text, (move.kind, text)
        assert hygiene.total_violations == 0, (move.kind, text, hygiene.counts)
        assert text.count("?") <= 1, text


@pytest.mark.parametrize("workspace", ["editor", "console"])
def test_the_interviewer_sends_the_candidate_where_the_exercise_really_is(workspace: Workspace) -> None:
    wording = OfflineWording(LIBRARY.offline, workspace=LIBRARY.workspace_phrases(workspace))
    for turn in range(1, 5):  # every variant of the greeting and of the presentation
        greet = Move("greet", "greeting", turn)
        present = Move("present_problem", "coding", turn, entering_phase=True, problem=PROBLEM)
        spoken = [wording.word(greet), wording.word(present)]
        told = [render_move_instructions(m, LIBRARY, workspace=workspace) for m in (greet, present)]
        assert all("{" not in text for text in spoken + told)
        if workspace == "console":
            assert "console" in spoken[0] and "/problem" in spoken[1] and "/submit" in spoken[1]
            assert "/problem" in told[1] and "/submit" in told[1] and "terminal console" in told[1]
            assert not [text for text in spoken if "editor" in text], spoken
            assert not [text for text in told if "in the editor" in text or "shared editor" in text], told
        else:
            assert "editor" in spoken[0] and "editor" in spoken[1] and "/problem" not in spoken[1]
            assert "in the editor" in told[1] and "shared editor" in told[1] and "/submit" not in told[1]


def test_offline_questions_name_the_candidates_real_projects_and_skills() -> None:
    r1, _r2, t1, t2 = QUESTIONS[:4]
    for turn in range(1, 4):
        assert "payments service migration" in WORDING.word(Move("ask", "resume", turn, question=r1))
        assert "PostgreSQL" in WORDING.word(Move("ask", "technical", turn, question=t1))
        assert "Kafka" in WORDING.word(Move("ask", "technical", turn, question=t2))


def test_offline_wording_varies_across_turns_and_never_uses_the_name_unless_allowed() -> None:
    q = QUESTIONS[0]
    texts = {WORDING.word(Move("ask", "resume", turn, ack="positive", question=q)) for turn in range(1, 5)}
    assert len(texts) >= 3
    greet = Move("greet", "greeting", 1, candidate_name="Alice Moreau")
    assert "Alice" not in WORDING.word(greet)
    assert "Alice" in WORDING.word(replace(greet, may_use_name=True))


def test_submission_feedback_never_reveals_the_error_message_only_its_kind() -> None:
    sub = outcome("f", 0, exit_code=1, stderr="Traceback\nAssertionError: expected [0, 1] for nums=[2, 7]")
    text = WORDING.word(Move("discuss_submission", "coding", 1, problem=PROBLEM, submission=sub))
    assert "AssertionError" in text and "[0, 1]" not in text and "nums" not in text


@pytest.mark.parametrize("kind", sorted(LIBRARY.move_instructions))
def test_llm_instructions_carry_the_phase_prompt_and_the_move(kind: MoveKind) -> None:
    move = Move(
        kind,
        "resume",
        3,
        question=QUESTIONS[0],
        aspect="own_role",
        problem=PROBLEM,
        submission=outcome("x", 2),
        hint="Think about it.",
        hint_level=1,
        hints_total=3,
        candidate_name="Alice",
        close_reason="stop",
    )
    text = render_move_instructions(move, LIBRARY, role="Backend Engineer")
    phase_prompt = LIBRARY.phase_prompts["closing" if kind == "close" else "resume"]
    assert text.startswith(phase_prompt)
    assert "Move:" in text and "{" not in text
    if kind in ("ask", "repeat", "clarify", "nudge", "redirect", "follow_up"):
        assert "payments service migration" in text
    assert "do not use their name" in text or kind not in ("greet", "close")


def test_every_real_bank_problem_and_hint_is_spoken_cleanly() -> None:
    from agent.interviewer_setup import problem_briefs

    bank = problem_briefs()
    assert len(bank) >= 3
    for problem in bank:
        for turn in (1, 2):
            present = Move("present_problem", "coding", turn, entering_phase=True, problem=problem)
            moves = [present] + [
                Move("give_hint", "coding", turn, problem=problem, hint=h, hint_level=i + 1, hints_total=3)
                for i, h in enumerate(problem.hints)
            ]
            for move in moves:
                hygiene = SpeechHygiene(HygieneRules.from_dict(LIBRARY.hygiene))
                text = WORDING.word(move)
                assert hygiene.clean(text, turn) == text and hygiene.total_violations == 0, text
                assert "`" not in text and "[" not in text and text.count("?") <= 1


def test_honest_variants_still_vary_across_turns() -> None:
    q = QUESTIONS[0]
    asked = Move("ask", "resume", 3, question=q)
    repeats = {
        WORDING.word(Move("repeat", "resume", turn, question=q, repeat_of=asked)) for turn in range(4, 8)
    }
    assert len(repeats) >= 3  # the lead-in varies, the question after it does not
    closes = {
        WORDING.word(Move("close", "closing", turn, close_reason="complete", recap_detail="Kafka"))
        for turn in range(1, 5)
    } | {WORDING.word(Move("close", "closing", turn, close_reason="complete")) for turn in range(1, 5)}
    assert len(closes) >= 4
    tails = {WORDING.word(Move("give_hint", "coding", turn, hint="Think.")) for turn in range(1, 7)}
    assert len(tails) >= 3


def test_a_long_topic_is_cut_at_a_clause_boundary_never_mid_phrase() -> None:
    from agent.brain.speech import short_topic

    long = "the time you mentored three junior engineers and ran the team's weekly design review"
    assert short_topic(long) == "the time you mentored three junior engineers"
    assert (
        short_topic("the payments service migration to Kubernetes")
        == "the payments service migration to Kubernetes"
    )
    api = "designing a rate limiter for the public API used by mobile clients of partner teams everywhere"
    assert (
        short_topic(api) == "designing a rate limiter for the public API used by mobile clients"
    )  # not "…used"
    unbroken = " ".join(f"w{i}" for i in range(16))
    assert short_topic(unbroken) == " ".join(f"w{i}" for i in range(12))  # no boundary: the word limit holds
