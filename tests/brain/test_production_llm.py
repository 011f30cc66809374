"""The production voice: the real livekit-plugins-openai LLM/TTS/STT against the local fake OpenAI server."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import openai as openai_sdk
import pytest
from brain_fixtures import Clock, backend_plan, problems
from fakes.openai_server import FakeOpenAIServer, ToolCall, message_text
from livekit import rtc
from livekit.agents import AgentSession, APIConnectOptions, function_tool, llm
from livekit.agents.voice.agent_session import SessionConnectOptions
from livekit.agents.voice.run_result import RunResult
from livekit.plugins import openai
from test_personas import play

from agent.brain.interview_store import InMemoryInterviewStore
from agent.brain.library import default_prompt_library
from agent.brain.phases import PHASE_ORDER
from agent.interviewer import Interviewer
from agent.interviewer_setup import make_interviewer_llm

LIBRARY = default_prompt_library()


def sloppy_interviewer(body: dict[str, Any]) -> str:
    """A model that ignores the speech rules: markdown, a link, and two questions in one turn."""
    move = message_text(body["messages"][-1])
    topic = "the payments service migration" if "payments service migration" in move else "your background"
    return f"**Great.** Tell me about {topic}, see https://example.com. What did you build? What broke?"


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(responder=sloppy_interviewer) as running:
        yield running


@pytest.mark.asyncio
async def test_interviewer_prompts_carry_the_phase_prompt_and_the_move_and_replies_are_cleaned(
    server: FakeOpenAIServer,
) -> None:
    model = openai.LLM(model="fake-model", api_key="test-key", base_url=server.base_url)
    store, clock = InMemoryInterviewStore(), Clock()
    agent = Interviewer(plan=backend_plan(), problems=problems(), store=store, clock=clock, llm=model)
    async with AgentSession() as session:
        await session.start(agent, capture_run=True)
        result: RunResult[None] = await session.run(user_input="Yes, let's start.")
    await model.aclose()
    assert len(server.chat_requests) == 2  # one LLM call per turn: the greeting, then the first question
    greet_request, ask_request = server.chat_requests
    assert greet_request["stream"] is True
    greet_messages = greet_request["messages"]
    assert greet_messages[0]["role"] == "system" and LIBRARY.system in message_text(greet_messages[0])
    greet_turn = message_text(greet_messages[-1])
    assert (
        LIBRARY.phase_prompts["greeting"].format_map(LIBRARY.workspace_phrases("editor")) in greet_turn
        and "Move: greet the candidate" in greet_turn
    )
    ask_turn = message_text(ask_request["messages"][-1])
    assert LIBRARY.phase_prompts["resume"] in ask_turn
    assert "Move:" in ask_turn and "payments service migration" in ask_turn
    assert any(m["role"] == "user" and "let's start" in message_text(m) for m in ask_request["messages"])
    # The spoken reply went through the hygiene guard: no markdown, no link, one question.
    reply = [e.item for e in result.events if e.type == "message"][-1].text_content or ""
    assert "**" not in reply and "https" not in reply and reply.count("?") == 1
    assert "payments service migration" in reply
    assert agent.hygiene_counts["markdown"] >= 2 and agent.hygiene_counts["extra_question"] >= 2
    assert store.turns[-1].text == reply.strip()


@pytest.mark.asyncio
async def test_the_fake_server_streams_tool_calls_to_the_openai_plugin(server: FakeOpenAIServer) -> None:
    @function_tool
    async def record_note(note: str) -> str:
        """Record a note about the candidate."""
        return note

    server.script_chat(["Noted.", ToolCall("record_note", {"note": "strong on SQL"})])
    model = openai.LLM(model="fake-model", api_key="test-key", base_url=server.base_url)
    ctx = llm.ChatContext()
    ctx.add_message(role="user", content="Remember that they are strong on SQL.")
    collected = await model.chat(chat_ctx=ctx, tools=[record_note]).collect()
    await model.aclose()
    assert collected.text == "Noted."
    assert [(c.name, c.arguments) for c in collected.tool_calls] == [
        ("record_note", '{"note": "strong on SQL"}')
    ]
    tools_sent = server.chat_requests[-1]["tools"]
    assert tools_sent[0]["function"]["name"] == "record_note"


@pytest.mark.asyncio
async def test_the_fake_server_speaks_and_transcribes_for_the_openai_plugins(
    server: FakeOpenAIServer,
) -> None:
    for tts in (
        openai.TTS(
            model="gpt-4o-mini-tts", api_key="k", base_url=server.base_url, response_format="pcm"
        ),  # SSE
        openai.TTS(model="tts-1", api_key="k", base_url=server.base_url, response_format="wav"),  # raw WAV
    ):
        frame = await tts.synthesize("Tell me about your last project.").collect()
        await tts.aclose()
        assert frame.sample_rate == 24000 and frame.duration > 0.5
    server.script_transcripts("my name is Dana")
    # openai.STT.aclose() leaves its own HTTP client open (plugin 1.8.9): hand it one we close ourselves.
    client = openai_sdk.AsyncClient(api_key="k", base_url=server.base_url)
    stt = openai.STT(model="whisper-1", client=client)
    samples = (0.2 * 32767 * np.sin(np.arange(16000) / 10)).astype(np.int16)
    frame = rtc.AudioFrame(samples.tobytes(), sample_rate=16000, num_channels=1, samples_per_channel=16000)
    event = await stt.recognize([frame])
    await stt.aclose()
    await client.close()
    assert event.alternatives[0].text == "my name is Dana"
    assert server.requests[-1].body["seconds"] == pytest.approx(1.0, abs=0.05)
    assert {"/v1/audio/speech", "/v1/audio/transcriptions"} <= set(server.paths())


def test_settings_choose_the_offline_or_the_openai_interviewer(server: FakeOpenAIServer) -> None:
    class Embedded:
        engines = "embedded"

    class Remote:
        engines = "openai"
        openai_api_key = "k"
        openai_base_url = server.base_url
        llm_model = "fake-model"

    assert make_interviewer_llm(Embedded()).provider == "interviewlab"
    remote = make_interviewer_llm(Remote())
    assert isinstance(remote, openai.LLM) and remote.model == "fake-model"
    asyncio.run(remote.aclose())


@pytest.mark.asyncio
async def test_a_silent_or_unreachable_llm_falls_back_to_the_offline_wording(
    server: FakeOpenAIServer,
) -> None:
    server.script_chat("")  # the model says nothing for the greeting
    store = InMemoryInterviewStore()
    silent = openai.LLM(model="fake-model", api_key="k", base_url=server.base_url)
    agent = Interviewer(plan=backend_plan(), problems=problems(), store=store, clock=Clock(), llm=silent)
    async with AgentSession() as session:
        await session.start(agent, capture_run=True)
    await silent.aclose()
    assert agent.offline_fallbacks == 1 and "Alice" in store.turns[0].text

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/v1"
    down = openai.LLM(model="fake-model", api_key="k", base_url=closed)
    agent = Interviewer(plan=backend_plan(), problems=problems(), store=InMemoryInterviewStore(), llm=down)
    no_retry = SessionConnectOptions(llm_conn_options=APIConnectOptions(max_retry=0))
    async with AgentSession(conn_options=no_retry) as session:
        await session.start(agent, capture_run=True)
        result: RunResult[None] = await session.run(user_input="Ready.")
    await down.aclose()
    assert agent.offline_fallbacks == 2 and agent.moves[-1].kind == "ask"
    reply = [e.item for e in result.events if e.type == "message"][-1].text_content or ""
    assert "payments service migration" in reply


@pytest.mark.asyncio
async def test_the_llm_cannot_steer_the_interview_only_word_it() -> None:
    """A model that keeps declaring the interview over changes nothing: the brain walks every phase."""

    def rogue(body: dict[str, Any]) -> str:
        return "We're done here, the interview is over. You passed! We'll email you. Any questions?"

    persona = json.loads((Path(__file__).parents[1] / "personas" / "strong.json").read_text())
    with FakeOpenAIServer(responder=rogue) as rogue_server:
        model = openai.LLM(model="fake-model", api_key="k", base_url=rogue_server.base_url)
        agent, store = await play(persona, model)
        await model.aclose()
        assert len(rogue_server.chat_requests) == len(agent.moves)  # one call per turn
    assert agent.brain.state.visited == list(PHASE_ORDER)
    spoken = [t.text for t in store.turns if t.role == "assistant"]
    assert all("email" not in t and "passed" not in t for t in spoken)
    assert agent.hygiene_counts["promise"] == 2 * len(spoken)
