"""How many text-mode interview sessions one worker process holds at once.

Each session is a real `InterviewRuntime` (offline interviewer LLM, the brain, `AgentSession` in text mode,
the database store writing every turn and brain state) for its own interview row. The benchmark opens
sessions in steps (N = 1, 25, 50, 100, 200 by default), keeps them all alive, and at each step reports:
- resident memory per session (RSS growth over the baseline, divided by the number of sessions),
- turn latency (candidate text in → agent reply done, including its database writes): p50 / p95 / max,
  under a steady load where each session answers every `--interval` seconds on average (random gaps), and
  with `--burst` also when every session answers at the same instant (the worst case).

Goal: ≥ 200 sessions, ≤ 5 MB each, flat turn latency as N grows.

    .venv/bin/python bench/concurrency.py                          # SQLite file in a temp dir
    .venv/bin/python bench/concurrency.py --burst --database postgres://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
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
from bench.stats import percentile

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


async def steady_turns(runtimes: list[InterviewRuntime], *, interval: float, duration: float,
                       rng: random.Random) -> list[float]:
    """Every session answers at random moments (exponential gaps, mean `interval` s) for `duration` s:
    the load of N people in N interviews, each speaking and then listening to the reply."""
    latencies: list[float] = []
    deadline = time.perf_counter() + duration

    async def candidate(runtime: InterviewRuntime, index: int) -> None:
        turn = index
        await asyncio.sleep(rng.uniform(0, min(interval, duration)))
        while time.perf_counter() < deadline and not runtime.done:
            latencies.append(await timed_turn(runtime, ANSWERS[turn % len(ANSWERS)]))
            turn += 1
            pause = rng.expovariate(1 / interval)
            await asyncio.sleep(max(0.0, min(pause, deadline - time.perf_counter())))

    await asyncio.gather(*(candidate(r, i) for i, r in enumerate(runtimes)))
    return latencies


async def main(steps: list[int], database_url: str, *, interval: float, duration: float, burst: bool) -> None:
    from agent.interviewer_setup import make_interviewer_llm

    await init_db(database_url)
    await Tortoise.generate_schemas(safe=True)
    settings = Settings()
    engines = RuntimeEngines(llm=lambda: make_interviewer_llm(settings))
    rng = random.Random(7)
    runtimes: list[InterviewRuntime] = []
    # Warm one session first so imports, prompt files and caches are not billed to the sessions.
    warm = await open_session(engines)
    await timed_turn(warm, ANSWERS[0])
    await warm.close()
    gc.collect()
    baseline = rss_mb()
    print(f"baseline RSS {baseline:.1f} MB; steady load: one answer per session every {interval:.0f} s "
          f"on average, measured for {duration:.0f} s at each N")
    header = f"{'sessions':>8} {'MB/session':>10} {'turns':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
    print(header + (f" {'burst p50':>9} {'burst p95':>9}" if burst else ""))
    for target in steps:
        while len(runtimes) < target:
            runtimes.append(await open_session(engines))
        gc.collect()
        per_session = (rss_mb() - baseline) / len(runtimes)
        latencies = await steady_turns(runtimes, interval=interval, duration=duration, rng=rng)
        row = (f"{len(runtimes):>8} {per_session:>10.2f} {len(latencies):>6} "
               f"{statistics.median(latencies):>7.1f} {percentile(latencies, 0.95):>7.1f} "
               f"{max(latencies):>7.1f}")
        if burst:  # everyone answers at the same instant: the worst case, bounded by one core's throughput
            at_once = await asyncio.gather(*(timed_turn(r, ANSWERS[1]) for r in runtimes))
            row += f" {statistics.median(at_once):>9.1f} {percentile(at_once, 0.95):>9.1f}"
        print(row, flush=True)
    for runtime in runtimes:
        await runtime.close()
    await close_db()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", default="1,25,50,100,200", help="session counts to measure at")
    parser.add_argument("--database", default="", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--interval", type=float, default=20.0, help="mean seconds between answers")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of steady load per step")
    parser.add_argument("--burst", action="store_true", help="also time every session answering at once")
    args = parser.parse_args()
    url = args.database
    if not url:
        url = f"sqlite://{tempfile.mkdtemp(prefix='bench-concurrency-')}/bench.sqlite3"
    os.environ.setdefault("ENGINES", "embedded")
    asyncio.run(main([int(s) for s in args.steps.split(",")], url, interval=args.interval,
                     duration=args.duration, burst=args.burst))
