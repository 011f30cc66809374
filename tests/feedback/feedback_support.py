"""Test support for feedback tests: gold cases as stored rows, and an LLM judge on the shared fake server.

It answers each chat completion with two judgements on the longest candidate turn of the prompt: one
quoting it verbatim (score 0.2) and one with a fabricated quote (score 1.0), so tests can see the
fabricated one dropped and the real one merged.
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fakes.openai_server import FakeOpenAIServer, message_text

from api.models import CodeSubmission, Interview, TranscriptMessage
from api.resumes.plan import PlanItem, QuestionPlan

GOLD_DIR = Path(__file__).parent / "gold"


def gold_case(name: str) -> dict[str, Any]:
    path = next(GOLD_DIR.glob(f"*_{name}.json"))
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@dataclass
class StoredInterview:
    interview: Interview
    messages: list[TranscriptMessage]
    submissions: list[CodeSubmission]


StoreInterview = Callable[..., Awaitable[StoredInterview]]


_CANDIDATE_LINE = re.compile(r"^\[turn (\d+)\] candidate \([a-z]+\): (.+)$", re.MULTILINE)
FABRICATED_QUOTE = "I have led Kubernetes platform teams for ten years"
REAL_QUOTE_SCORE = 0.2


def judge_responder(body: dict[str, Any]) -> str:
    """The fake LLM judge: two technical judgements on the longest candidate turn in the prompt, one quoting
    it verbatim (score 0.2) and one with a fabricated quote (score 1.0)."""
    prompt = message_text(body["messages"][-1])
    turns = [(int(m.group(1)), m.group(2)) for m in _CANDIDATE_LINE.finditer(prompt)]
    turn_id, text = max(turns, key=lambda t: len(t[1]))
    real = " ".join(text.split()[:6])
    judgements = [
        {
            "dimension": "technical",
            "score": REAL_QUOTE_SCORE,
            "turn_id": turn_id,
            "quote": real,
            "rationale": "r",
        },
        {"dimension": "technical", "score": 1.0, "turn_id": turn_id, "quote": FABRICATED_QUOTE},
    ]
    return json.dumps({"judgements": judgements})


def serve_fake_llm() -> Iterator[FakeOpenAIServer]:
    """The shared fake OpenAI-compatible server (tests/fakes), answering chat completions as a judge."""
    with FakeOpenAIServer(responder=judge_responder) as server:
        yield server


def closed_port_url() -> str:
    """A base URL where nothing listens: an LLM that is configured but unreachable."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def skills_plan(*items: PlanItem) -> QuestionPlan:
    """A mid-level plan of just these items (no role, no name, an easy problem)."""
    return QuestionPlan(level="mid", role=None, candidate_name=None, problem_difficulty="easy", items=items)
