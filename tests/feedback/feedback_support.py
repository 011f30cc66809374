"""Test support for feedback tests: gold cases as stored rows, and a fake OpenAI-compatible server.

It answers each chat completion with two judgements on the longest candidate turn of the prompt: one
quoting it verbatim (score 0.2) and one with a fabricated quote (score 1.0), so tests can see the
fabricated one dropped and the real one merged.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from api.models import CodeSubmission, Interview, TranscriptMessage

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


@dataclass
class FakeLLM:
    """Answers chat completions with judgements built from the prompt: one real quote, one fabricated."""

    url: str = ""
    status: int = 200
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)

    def reply_for(self, prompt: str) -> str:
        turns = [(int(m.group(1)), m.group(2)) for m in _CANDIDATE_LINE.finditer(prompt)]
        turn_id, text = max(turns, key=lambda t: len(t[1]))
        real = " ".join(text.split()[:6])
        return json.dumps(
            {
                "judgements": [
                    {
                        "dimension": "technical",
                        "score": 0.2,
                        "turn_id": turn_id,
                        "quote": real,
                        "rationale": "r",
                    },
                    {"dimension": "technical", "score": 1.0, "turn_id": turn_id, "quote": FABRICATED_QUOTE},
                ]
            }
        )


def serve_fake_llm() -> Iterator[FakeLLM]:
    fake = FakeLLM()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append(body)
            fake.headers.append(dict(self.headers))
            if self.path != "/v1/chat/completions" or fake.status != 200:
                self.send_response(fake.status if fake.status != 200 else 404)
                self.end_headers()
                return
            content = fake.reply_for(body["messages"][-1]["content"])
            choice = {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
            payload = json.dumps(
                {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "model": body["model"],
                    "choices": [choice],
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
