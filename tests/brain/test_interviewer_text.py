"""The livekit Agent in text mode (no room, no audio): the offline brain drives a real AgentSession."""

from __future__ import annotations

import asyncio
import re

import pytest
from brain_fixtures import LIBRARY, Clock, backend_plan, outcome, problems
from livekit.agents import AgentSession
from livekit.agents.voice.events import UserStateChangedEvent
from livekit.agents.voice.run_result import RunResult

from agent.brain.interview_store import InMemoryInterviewStore
from agent.brain.phases import InterviewBudgets
from agent.interviewer import Interviewer
from agent.interviewer_setup import build_interviewer
from agent.offline_llm import OfflineInterviewerLLM
from api import settings as settings_module
from api.settings import Settings


def _interviewer(store: InMemoryInterviewStore, clock: Clock) -> Interviewer:
    return Interviewer(plan=backend_plan(), problems=problems(), store=store, clock=clock)


async def _say(session: AgentSession, text: str) -> str:
    """One typed candidate turn; the interviewer answers with exactly one spoken message and nothing else."""
    result: RunResult[None] = await session.run(user_input=text)
    reply = result.expect.next_event().is_message(role="assistant").event().item
    result.expect.no_more_events()
    return reply.text_content or ""


@pytest.mark.asyncio
async def test_greeting_then_first_resume_question_names_the_real_project() -> None:
    store, clock = InMemoryInterviewStore(), Clock()
    async with AgentSession(llm=OfflineInterviewerLLM()) as session:
        run = await session.start(_interviewer(store, clock), capture_run=True)
        run.expect.next_event().is_agent_handoff()
        greeting = run.expect.next_event().is_message(role="assistant").event().item.text_content or ""
        assert "Alice" in greeting and "Backend Engineer" in greeting
        clock.advance(10)
        reply = await _say(session, "Yes, I'm ready.")
        assert "payments service migration" in reply
    assert [t.role for t in store.turns] == ["assistant", "user", "assistant"]
    assert store.questions[0]["key"] == "plan:r1"
    assert store.prompt_version and store.prompt_version.startswith("interviewer/v1@")


@pytest.mark.asyncio
async def test_vague_answer_gets_a_follow_up_and_a_full_interview_reaches_done() -> None:
    store, clock = InMemoryInterviewStore(), Clock()
    agent = _interviewer(store, clock)
    done: list[bool] = []
    agent.on_done(lambda: done.append(True))
    async with AgentSession(llm=OfflineInterviewerLLM()) as session:
        await session.start(agent, capture_run=True)
        await _say(session, "ready")
        follow_up = await _say(session, "I helped with it.")
        assert agent.moves[-1].kind == "follow_up"
        assert "?" in follow_up
        answers = [
            "I wrote the Helm charts and migrated 12 services; deploys dropped from 40 to 8 minutes.",
            "I built the scoring service in Python with Kafka, which cut fraud losses by 30 percent.",
            "I don't know.",
            "I tuned PostgreSQL indexes because reads were slow, which reduced p95 latency by 60 percent.",
            "I haven't used that.",
            "I would profile the endpoint first because the database is the usual suspect.",
            "I used py-spy and EXPLAIN on the 3 slowest queries, then added an index.",
            "I write unit tests for core logic because they are cheap, and integration tests on Postgres.",
        ]
        for text in answers:
            clock.advance(60)
            await _say(session, text)
            if agent.phase == "coding":
                break
        assert agent.phase == "coding"
        assert store.current_problem_id == "two-sum"
        store.submit(outcome("s1", 2))
        reply = await _say(session, "I ran it.")
        assert re.search(r"\b2 (out )?of 5\b", reply), reply
        assert await agent.on_submission(outcome("s2", 5)) is True
        await _say(session, "It is O(n) time and O(n) space because of the dictionary.")
        strong = (
            "Once at my last job there was a release deadline I pushed back on; I proposed a smaller "
            "scope, and as a result we shipped on time."
        )
        for _ in range(8):
            if agent.done:
                break
            await _say(session, strong)
    assert agent.done and done == [True]
    assert agent.hygiene.total_violations == 0
    visited = agent.brain.state.visited
    assert visited == ["greeting", "resume", "technical", "coding", "behavioral", "closing", "done"]


@pytest.mark.asyncio
async def test_a_restarted_worker_welcomes_back_and_continues_where_it_was() -> None:
    store, clock = InMemoryInterviewStore(), Clock()
    async with AgentSession(llm=OfflineInterviewerLLM()) as session:
        await session.start(_interviewer(store, clock), capture_run=True)
        await _say(session, "ready")
        first = await _say(
            session, "I wrote the Helm charts myself; deploys went from 40 to 8 minutes as a result."
        )
    saved = store.latest_state
    assert saved is not None
    record = type(
        "Record",
        (),
        {"question_plan": backend_plan().to_dict(), "brain_state": saved, "candidate_name": "Alice Moreau"},
    )()
    restored = build_interviewer(record, store=store, problems=problems(), clock=clock)
    async with AgentSession(llm=OfflineInterviewerLLM()) as session:
        run = await session.start(restored, capture_run=True)
        run.expect.next_event().is_agent_handoff()
        welcome = run.expect.next_event().is_message(role="assistant").event().item.text_content or ""
        assert restored.moves[0].kind == "welcome_back"
        assert "fraud scoring pipeline" in first and "fraud scoring pipeline" in welcome
        await _say(
            session, "I built the scorer in Python myself and as a result fraud losses fell 30 percent."
        )
    keys = [q["key"] for q in store.questions]
    assert len(keys) == len(set(keys)) and restored.brain.state.turn > saved["turn"]


@pytest.mark.asyncio
async def test_build_interviewer_uses_the_real_problem_bank() -> None:
    record = type(
        "Record",
        (),
        {"question_plan": backend_plan().to_dict(), "brain_state": None, "candidate_name": "Alice Moreau"},
    )()
    agent = build_interviewer(record, store=InMemoryInterviewStore())
    assert {"two-sum", "lru-cache"} <= {p.id for p in agent.brain.problems}
    assert agent.phase == "greeting" and agent.current_problem is None


@pytest.mark.asyncio
async def test_while_the_candidate_stays_quiet_the_interviewer_waits_then_nudges() -> None:
    store, clock = InMemoryInterviewStore(), Clock()
    agent = Interviewer(
        plan=backend_plan(), problems=problems(), store=store, clock=clock, silence_tick_seconds=0.02
    )
    async with AgentSession(llm=OfflineInterviewerLLM()) as session:
        await session.start(agent, capture_run=True)
        await _say(session, "ready")
        await _say(session, "Hmm, let me think.")
        session.emit("user_state_changed", UserStateChangedEvent(old_state="listening", new_state="away"))
        await asyncio.sleep(0.2)  # ticks inside the thinking grace: nothing is said
        assert agent.moves[-1].kind == "allow_thinking"
        clock.advance(InterviewBudgets().think_grace_seconds + 1)
        for _ in range(200):
            if agent.moves[-1].kind == "nudge":
                break
            await asyncio.sleep(0.01)
        assert agent.moves[-1].kind == "nudge" and agent.last_speech is not None
        await agent.last_speech.wait_for_playout()
        session.emit("user_state_changed", UserStateChangedEvent(old_state="away", new_state="listening"))
        nudges = sum(m.kind == "nudge" for m in agent.moves)
        await asyncio.sleep(0.1)  # back: no more ticks
        assert sum(m.kind == "nudge" for m in agent.moves) == nudges
    assert store.turns[-1].role == "assistant" and store.turns[-1].text in LIBRARY.offline["nudge"]


def test_budgets_come_from_the_interview_then_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    base = {"question_plan": backend_plan().to_dict(), "brain_state": None, "candidate_name": "Alice"}
    budgets = Settings.from_env({"INTERVIEWER_BUDGETS_JSON": '{"phases": {"coding": {"max_seconds": 900}}}',
                                 "JWT_SECRET": "x" * 32}).interviewer_budgets_json
    monkeypatch.setattr(settings_module, "_cached", Settings(interviewer_budgets_json=budgets))
    from_env = build_interviewer(type("Record", (), base)(), store=InMemoryInterviewStore(), problems=[])
    assert from_env.brain.state.budgets.for_phase("coding").max_seconds == 900
    own = dict(base, budgets={"phases": {"resume": {"max_questions": 1}}})
    from_record = build_interviewer(type("Record", (), own)(), store=InMemoryInterviewStore(), problems=[])
    assert from_record.brain.state.budgets.for_phase("resume").max_questions == 1
    assert from_record.brain.state.budgets.for_phase("coding").max_seconds == 20 * 60


@pytest.mark.asyncio
async def test_no_reply_is_generated_preemptively_from_a_transcript_that_may_still_change() -> None:
    agent = _interviewer(InMemoryInterviewStore(), Clock())
    async with AgentSession(llm=OfflineInterviewerLLM()) as session:
        await session.start(agent, capture_run=True)
        # The session's default turns it on; the interviewer's own turn handling must win.
        assert session.options.preemptive_generation["enabled"] is True
        assert agent._get_activity_or_raise().preemptive_generation_opts["enabled"] is False


def test_without_a_role_in_the_plan_the_interview_title_names_it() -> None:
    plan = dict(backend_plan().to_dict(), role=None)
    record = type(
        "Record",
        (),
        {
            "question_plan": plan,
            "brain_state": None,
            "candidate_name": "Alice",
            "title": "Senior Backend Engineer (built-in demo)",
        },
    )()
    agent = build_interviewer(record, store=InMemoryInterviewStore(), problems=[])
    assert agent.wording_context["role"] == "Senior Backend Engineer"
