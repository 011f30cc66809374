"""Load benchmark: token minting and `GET /state` against a running `python -m api`, on SQLite and PostgreSQL.

    .venv/bin/python bench/api_load.py [--rate 200] [--seconds 10] [--backends sqlite,postgres]

For each backend it starts its own server process (a temporary SQLite file / a private PostgreSQL schema,
migrated with `python -m api migrate`), registers a user, starts an interview with 30 transcript turns, then
sends requests open-loop at a fixed rate (each request is scheduled at t0 + i/rate and its latency counts
from that scheduled moment, so a slow server cannot hide queueing). Prints p50/p95/p99 latency and errors.
The load generator shares the machine's cores with the server; the figures include that contention.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.db import close_db, init_db  # noqa: E402
from bench.databases import BenchDatabase, private_database, seed_transcript  # noqa: E402

SEEDED_TURNS = 30
GOAL_P95_MS = 20.0


@dataclass
class Result:
    backend: str
    endpoint: str
    latencies_ms: list[float]
    errors: int
    sent: int
    elapsed_s: float

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies_ms)
        return (
            ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))]
            if ordered
            else float("nan")
        )

    def line(self) -> str:
        p95 = self.percentile(0.95)
        verdict = "ok" if p95 <= GOAL_P95_MS and self.errors == 0 else "MISS"
        return (
            f"{self.backend:<9} {self.endpoint:<14} sent={self.sent:<5} "
            f"rate={self.sent / self.elapsed_s:6.1f}/s "
            f"p50={self.percentile(0.50):6.2f}ms p95={p95:6.2f}ms p99={self.percentile(0.99):6.2f}ms "
            f"mean={statistics.fmean(self.latencies_ms) if self.latencies_ms else float('nan'):6.2f}ms "
            f"errors={self.errors} [{verdict} vs p95<={GOAL_P95_MS:.0f}ms]"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    async with httpx.AsyncClient() as http:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}")
            try:
                if (await http.get(f"{base}/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("server did not become ready")


async def seed_session(base: str, database_url: str) -> tuple[dict[str, str], int]:
    """Register, log in, create + start an interview, add turns; returns (headers, interview id)."""
    email = f"bench-{secrets.token_hex(4)}@example.com"
    async with httpx.AsyncClient(base_url=base) as http:
        (
            await http.post("/auth/register", json={"email": email, "password": "bench-password"})
        ).raise_for_status()
        login = await http.post("/auth/login", json={"email": email, "password": "bench-password"})
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        created = await http.post("/interviews/", json={"title": "Bench"}, headers=headers)
        interview_id = int(created.json()["id"])
        (await http.post(f"/interviews/{interview_id}/start", headers=headers)).raise_for_status()
    await init_db(database_url)
    try:
        await seed_transcript(interview_id, SEEDED_TURNS)
    finally:
        await close_db()
    return headers, interview_id


async def drive(
    http: aiohttp.ClientSession,
    method: str,
    url: str,
    body: dict[str, object] | None,
    rate: float,
    seconds: float,
) -> tuple[list[float], int, int, float]:
    latencies: list[float] = []
    errors = 0
    total = int(rate * seconds)
    t0 = time.perf_counter() + 0.05

    async def one(i: int) -> None:
        nonlocal errors
        scheduled = t0 + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        try:
            async with http.request(method, url, json=body) as r:
                await r.read()
                if r.status != 200:
                    errors += 1
                    return
        except (aiohttp.ClientError, TimeoutError):
            errors += 1
            return
        latencies.append((time.perf_counter() - scheduled) * 1000)

    await asyncio.gather(*(one(i) for i in range(total)))
    return latencies, errors, total, time.perf_counter() - t0


async def bench_backend(backend: str, rate: float, seconds: float) -> list[Result]:
    async with private_database(backend, "bench-api") as database:
        return await serve_and_drive(backend, database, rate, seconds)


async def serve_and_drive(backend: str, database: BenchDatabase, rate: float, seconds: float) -> list[Result]:
    database_url, tmp = database.url, database.directory
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(tmp),
        "JWT_SECRET": secrets.token_urlsafe(48),
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
        "LIVEKIT_URL": "ws://127.0.0.1:9",
    }
    python = sys.executable
    if backend == "postgres":
        subprocess.run([python, "-m", "api", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    proc = subprocess.Popen([python, "-m", "api"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}/api/v1"
    results = []
    try:
        await wait_ready(base, proc)
        headers, interview_id = await seed_session(base, database_url)
        # aiohttp rather than httpx for the load itself: it costs the shared CPU less per request.
        connector = aiohttp.TCPConnector(limit=64)
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(headers=headers, connector=connector, timeout=timeout) as http:
            cases = [
                ("health", "GET", f"{base}/health", None),  # baseline: HTTP + middleware + one SELECT 1
                ("voice/token", "POST", f"{base}/voice/token", {"room_name": f"interview-{interview_id}"}),
                ("GET state", "GET", f"{base}/interviews/{interview_id}/state", None),
            ]
            for name, method, path, body in cases:
                await drive(http, method, path, body, rate, 1.0)  # warm-up, discarded
                latencies, errors, sent, elapsed = await drive(http, method, path, body, rate, seconds)
                results.append(Result(backend, name, latencies, errors, sent, elapsed))
                print(results[-1].line(), flush=True)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second (default 200)")
    parser.add_argument(
        "--seconds", type=float, default=10.0, help="measured seconds per endpoint (default 10)"
    )
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    print(
        f"# api_load: {args.rate:.0f} req/s for {args.seconds:.0f}s per endpoint, one server process, "
        f"{os.cpu_count()} cores shared with the load generator"
    )
    for backend in args.backends.split(","):
        asyncio.run(bench_backend(backend.strip(), args.rate, args.seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
