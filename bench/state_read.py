"""The `GET /state` database read: the ORM read it replaced (baseline) against `api.state_reads.read_state`.

Both read the same seeded interview (30 turns, 5 questions, 3 submissions) in the same process, interleaved in
rounds so machine noise falls on both alike. Each is timed per call (wall clock) and per round (this process's
CPU time, which bounds one server process's throughput); both are first checked to return the same data.

    .venv/bin/python bench/state_read.py [--calls 2000] [--backends sqlite,postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.db import apply_migrations, close_db, init_db  # noqa: E402
from api.models import CodeSubmission, Interview, QuestionAsked, TranscriptMessage, User  # noqa: E402
from api.state_reads import read_state  # noqa: E402
from bench.databases import private_database, seed_transcript  # noqa: E402
from bench.stats import percentile  # noqa: E402

ROUND = 100


async def orm_read(interview_id: int, user_id: int) -> dict[str, Any] | None:
    """The baseline: how the route read before — the owned interview, then three `.values()` reads."""
    interview = await Interview.get_or_none(id=interview_id, user_id=user_id)
    if interview is None:
        return None
    messages, questions, submissions = await asyncio.gather(
        TranscriptMessage.filter(interview_id=interview_id)
        .order_by("seq")
        .values("role", "text", "phase", "started_at", "created_at", "latency"),
        QuestionAsked.filter(interview_id=interview_id)
        .order_by("asked_at", "id")
        .values("question_key", "text", "phase", "source", "asked_at"),
        CodeSubmission.filter(interview_id=interview_id)
        .order_by("created_at", "id")
        .values("id", "language", "created_at", "exit_code", "tests_passed", "tests_total"),
    )
    return {
        "status": interview.status,
        "phase": (interview.brain_state or {}).get("phase"),
        "turns": [(m["text"], (m["started_at"] or m["created_at"]).isoformat()) for m in messages],
        "questions": [(q["question_key"], q["asked_at"].isoformat()) for q in questions],
        "submissions": [(s["id"], s["created_at"].isoformat()) for s in submissions],
    }


async def raw_read(interview_id: int, user_id: int) -> dict[str, Any] | None:
    rows = await read_state(interview_id, user_id)
    if rows is None:
        return None
    return {
        "status": rows.status,
        "phase": (rows.brain_state or {}).get("phase"),
        "turns": [(m["text"], m["at"]) for m in rows.messages],
        "questions": [(q["question_key"], q["at"]) for q in rows.questions],
        "submissions": [(s["id"], s["at"]) for s in rows.submissions],
    }


async def seed() -> tuple[int, int]:
    user = await User.create(email=f"bench-{secrets.token_hex(4)}@example.com", password_hash="x")
    interview = await Interview.create(
        user=user, title="Bench", status="in_progress", brain_state={"phase": "coding", "notes": ["x"] * 50}
    )
    await seed_transcript(interview.id, 30)
    for n in range(5):
        await QuestionAsked.create(
            interview=interview, question_key=f"q{n}", text="Tell me about it", phase="resume", source="plan"
        )
    for _ in range(3):
        await CodeSubmission.create(
            interview=interview, language="python", code="print(1)", exit_code=0, status="ok"
        )
    return interview.id, user.id




async def measure(backend: str, calls: int) -> None:
    interview_id, user_id = await seed()
    baseline, new = await orm_read(interview_id, user_id), await raw_read(interview_id, user_id)
    if baseline != new:
        raise SystemExit(f"{backend}: the two reads differ:\n{baseline}\n{new}")
    readers = {"orm (baseline)": orm_read, "state_reads": raw_read}
    timings: dict[str, list[float]] = {name: [] for name in readers}
    cpu_ms = dict.fromkeys(readers, 0.0)
    for _ in range(max(1, calls // ROUND)):
        for name, reader in readers.items():
            cpu_start = time.process_time()
            for _ in range(ROUND):
                start = time.perf_counter()
                await reader(interview_id, user_id)
                timings[name].append((time.perf_counter() - start) * 1000)
            cpu_ms[name] += (time.process_time() - cpu_start) * 1000
    base_p50 = percentile(timings["orm (baseline)"], 0.50)
    base_cpu = cpu_ms["orm (baseline)"] / len(timings["orm (baseline)"])
    for name, values in timings.items():
        p50 = percentile(values, 0.50)
        cpu = cpu_ms[name] / len(values)
        print(
            f"{backend:<9} {name:<15} calls={len(values):<5} p50={p50:6.3f}ms "
            f"p95={percentile(values, 0.95):6.3f}ms cpu={cpu:6.3f}ms/read  "
            f"vs baseline: p50 {p50 / base_p50:4.2f}x, cpu {cpu / base_cpu:4.2f}x",
            flush=True,
        )


async def bench(backend: str, calls: int) -> None:
    async with private_database(backend, "bench-state") as database:
        await apply_migrations(database.url)
        await init_db(database.url)
        try:
            await measure(backend, calls)
        finally:
            await close_db()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=2000, help="timed calls per reader (default 2000)")
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        asyncio.run(bench(backend.strip(), args.calls))
    return 0


if __name__ == "__main__":
    sys.exit(main())
