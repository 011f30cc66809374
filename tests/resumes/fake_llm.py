"""A tiny OpenAI-compatible chat-completions server on 127.0.0.1 for the enrichment tests (the network edge).

`FakeLLM(reply=...)` answers every POST /chat/completions with `reply` as the message content (or with
`status` / after `delay` seconds), and records the request bodies it received."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeLLM:
    def __init__(self, reply: str = "", status: int = 200, delay: float = 0.0) -> None:
        self.reply = reply
        self.status = status
        self.delay = delay
        self.requests: list[dict[str, Any]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                fake.requests.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
                time.sleep(fake.delay)
                payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": fake.reply}}]})
                data = payload.encode() if fake.status == 200 else b'{"error": "boom"}'
                try:
                    self.send_response(fake.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client gave up waiting (the timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> FakeLLM:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
