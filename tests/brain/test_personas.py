"""Whole interviews with scripted candidates (tests/personas/*.json) through the real Agent in text mode."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from brain_fixtures import Clock, backend_plan, problems
from livekit.agents import AgentSession, llm

from agent.brain.coding import SubmissionOutcome
from agent.brain.interview_store import InMemoryInterviewStore
from agent.brain.library import default_prompt_library
from agent.brain.speech import short_topic
from agent.brain.wording import OfflineWording
from agent.interviewer import Interviewer
from agent.offline_llm import OfflineInterviewerLLM

PERSONAS = sorted((Path(__file__).parents[1] / "personas").glob("*.json"))
MAX_ACTIONS = 80
WORDING = OfflineWording(
    default_prompt_library().offline, workspace=default_prompt_library().workspace_phrases("editor")
)


def submission(data: dict[str, Any], number: int) -> SubmissionOutcome:
    passed, total = int(data.get("tests_passed", 0)), int(data.get("tests_total", 6))
    solved = passed == total and not data.get("timed_out")
    return SubmissionOutcome(
        submission_id=f"run-{number}",
        language=data.get("language", "python"),
        status=data.get("status", "passed" if solved else "failed"),
        exit_code=data.get("exit_code", 0),
        timed_out=bool(data.get("timed_out", False)),
        compile_error=bool(data.get("compile_error", False)),
        stderr_excerpt=data.get("stderr_excerpt", ""),
        tests_passed=passed,
        tests_total=total,
    )


class Candidate:
    def __init__(self, persona: dict[str, Any]) -> None:
        self.script = {phase: list(actions) for phase, actions in persona["script"].items()}
        self.fallback: dict[str, str] = persona.get("fallback", {})

    def next_action(self, phase: str) -> dict[str, Any]:
        actions = self.script.get(phase, [])
        if actions:
            return actions.pop(0)
        if phase in self.fallback:
            return {"say": self.fallback[phase]}
        raise AssertionError(f"the persona has nothing to do in {phase}")


async def play(
    persona: dict[str, Any], model: llm.LLM | None = None
) -> tuple[Interviewer, InMemoryInterviewStore]:
    """Play the persona against the interviewer (offline voice unless `model` is given)."""
    store, clock = InMemoryInterviewStore(), Clock()
    agent = Interviewer(plan=backend_plan(), problems=problems(), store=store, clock=clock)
    candidate = Candidate(persona)
    runs = 0
    async with AgentSession(llm=model or OfflineInterviewerLLM()) as session:
        await session.start(agent, capture_run=True)
        for _ in range(MAX_ACTIONS):
            if agent.done:
                break
            clock.advance(persona.get("pace", 30))
            action = candidate.next_action(agent.phase)
            if "silence" in action:
                clock.advance(action["silence"])
                if await agent.on_silence() and agent.last_speech is not None:
                    await agent.last_speech.wait_for_playout()
                continue
            if "submit" in action:
                runs += 1
                outcome = submission(action["submit"], runs)
                if action.get("push"):
                    assert await agent.on_submission(outcome)
                    assert agent.last_speech is not None
                    await agent.last_speech.wait_for_playout()
                    continue
                store.submit(outcome)
            await session.run(user_input=action.get("say", "I ran it."))
    return agent, store


@pytest.mark.asyncio
@pytest.mark.parametrize("path", PERSONAS, ids=[p.stem for p in PERSONAS])
async def test_persona_interview(path: Path) -> None:
    persona = json.loads(path.read_text())
    expect = persona["expect"]
    agent, store = await play(persona)
    state = agent.brain.state
    moves = agent.moves
    kinds = Counter(m.kind for m in moves)

    assert agent.done, f"{persona['name']} never finished: {state.visited}"
    assert state.visited == expect["phases"]
    assert state.close_reason == expect["close_reason"]
    # No question is asked twice, by key or by wording.
    keys = [q.key for q in state.asked]
    assert len(keys) == len(set(keys))
    assert len(store.questions) == len({q["text"] for q in store.questions})
    # Every utterance was clean speech from the start.
    assert agent.hygiene_counts == {}, agent.hygiene_counts
    # Every reply was spoken and recorded, alternating with the candidate.
    assistant = [t for t in store.turns if t.role == "assistant"]
    assert all(t.text.strip() for t in assistant)
    assert len(assistant) == len(moves)
    for kind in expect.get("moves", []):
        assert kinds[kind] > 0, f"expected a {kind} move: {dict(kinds)}"
    for ack in expect.get("acks", []):
        assert any(m.ack == ack for m in moves), f"expected a {ack} acknowledgement"
    # Follow-ups go where answers lacked something, and only there.
    follow_ups = [m for m in moves if m.kind == "follow_up"]
    assert len(follow_ups) >= expect.get("min_follow_ups", 0)
    assert len(follow_ups) <= expect.get("max_follow_ups", 99)
    for move in follow_ups:
        assert move.question is not None
        asked = state.question(move.question.key)
        assert asked is not None and asked.follow_ups <= state.budgets.max_follow_ups_per_question
    assert kinds["redirect"] >= expect.get("min_redirects", 0)
    # The coding phase shows the problem and never reads hidden test details aloud.
    if "coding" in expect["phases"]:
        assert store.current_problem_id == "two-sum"
        spoken = " ".join(t.text for t in assistant)
        assert "list index out of range" not in spoken
    # Honesty: the interviewer claims nothing the candidate did not say or do.
    close_move, close_text = moves[-1], assistant[-1].text
    recap = close_move.recap_topic
    if recap is not None:  # a topic the candidate's substantive answer was about
        assert any(q.on_topic and short_topic(q.topic) == recap for q in state.asked), recap
    for item in backend_plan().items:
        if short_topic(item.topic) != recap:
            assert short_topic(item.topic) not in close_text, close_text
    if "recap" in expect:
        assert {"topic": recap, "detail": close_move.recap_detail} == expect["recap"]
    for move, turn in zip(moves, assistant, strict=True):
        if move.kind == "give_hint" and not move.progress:
            assert "progress" not in turn.text, turn.text
        if move.kind == "repeat" and move.repeat_of is not None:
            again = WORDING.question_text(move.repeat_of)
            assert turn.text.endswith(again)
            earlier = [t.text for t in assistant[: assistant.index(turn)]]
            assert any(again in text for text in earlier), again
