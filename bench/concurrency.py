"""How many text-mode interview sessions one worker process holds at once.

Each session is a real `InterviewRuntime` (offline interviewer LLM, the brain, `AgentSession` in text mode,
the database store writing every turn and brain state) for its own interview row. The benchmark opens
sessions in steps (N = 1, 25, 50, 100, 200 by default), and at each step runs one candidate turn in *every*
open session at the same time, then reports:
- resident memory per session (RSS growth over the baseline, divided by the number of sessions),
- turn latency (candidate text in → agent reply done, including its database writes): p50 / p95 / max.

Goal: ≥ 200 sessions, ≤ 5 MB each, flat turn latency as N grows.

    .venv/bin/python bench/concurrency.py                      # SQLite file in a temp dir
    .venv/bin/python bench/concurrency.py --steps 1,50,100,200,300 --database postgres://postgres@127.0.0.1/test
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise import Tortoise

from agent.demo import create_demo_interview
from agent.runtime import InterviewRuntime, RuntimeEngines
from api.db import close_db, init_db
from api.settings import Settings

ANSWERS = [
    "Sure, I'm ready. I'm a backend engineer and I mostly work in Python.",
    "At Parcelway I led the move from a Django monolith to FastAPI services, and p95 latency dropped a lot.",
    "We partitioned the tracking events table by month in PostgreSQL and archived old partitions to S3.",
    "I'd use a Kafka consumer group with idempotent writes keyed by the event id to avoid double processing.",
]


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


async def open_session(engines: RuntimeEngines) -> InterviewRuntime:
    interview_id = await create_demo_interview()
    runtime = await InterviewRuntime.open(interview_id, engines=engines)
    assert runtime is not None
    await runtime.start()
    return runtime


async def timed_turn(runtime: InterviewRuntime, text: str) -> float:
    started = time.perf_counter()
    await runtime.session.run(user_input=text)
    return (time.perf_counter() - started) * 1000


async def main(steps: list[int], database_url: str) -> None:
    from agent.interviewer import make_interviewer_llm

    await init_db(database_url)
    await Tortoise.generate_schemas(safe=True)
    engines = RuntimeEngines(llm=make_interviewer_llm(Settings()))
    runtimes: list[InterviewRuntime] = []
    # Warm one session first so imports, prompt files and caches are not billed to the sessions.
    warm = await open_session(engines)
    await timed_turn(warm, ANSWERS[0])
    await warm.close()
    gc.collect()
    baseline = rss_mb()
    print(f"baseline RSS {baseline:.1f} MB (process with models and one warm-up session closed)")
    print(f"{'sessions':>8} {'MB/session':>10} {'turn p50 ms':>11} {'p95 ms':>8} {'max ms':>8} {'open s':>7}")
    for turn_index, target in enumerate(steps):
        opened = time.perf_counter()
        while len(runtimes) < target:
            runtimes.append(await open_session(engines))
        open_seconds = time.perf_counter() - opened
        text = ANSWERS[turn_index % len(ANSWERS)]
        latencies = await asyncio.gather(*(timed_turn(r, text) for r in runtimes))
        gc.collect()
        per_session = (rss_mb() - baseline) / len(runtimes)
        print(
            f"{len(runtimes):>8} {per_session:>10.2f} {statistics.median(latencies):>11.1f} "
            f"{percentile(latencies, 0.95):>8.1f} {max(latencies):>8.1f} {open_seconds:>7.1f}",
            flush=True,
        )
    for runtime in runtimes:
        await runtime.close()
    await close_db()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", default="1,25,50,100,200", help="session counts to measure at")
    parser.add_argument("--database", default="", help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    url = args.database
    if not url:
        url = f"sqlite://{tempfile.mkdtemp(prefix='bench-concurrency-')}/bench.sqlite3"
    os.environ.setdefault("ENGINES", "embedded")
    asyncio.run(main([int(s) for s in args.steps.split(",")], url))
