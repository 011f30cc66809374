"""Sandbox overhead and throughput.

    .venv/bin/python -m bench.sandbox [--runs 30]

Per-run overhead of each backend over a bare process (python and javascript hello world; median and
p95 of N runs, as milliseconds and as a ratio), then throughput of the service behind its concurrency cap.
The bare process gets the same clean environment (`env={}`), so the comparison is fair (node is much
slower with the host's NODE_EXTRA_CA_CERTS).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from api.sandbox.interface import RunRequest, Sandbox, SandboxUnavailable
from api.sandbox.languages import LANGUAGES
from api.sandbox.limits import Limits
from api.sandbox.result import Status
from api.sandbox.service import make_sandbox, max_concurrency, run_request
from bench.stats import percentile

HELLO = {"python": "print('hello')\n", "javascript": "console.log('hello');\n"}
BARE = {"python": ["/usr/bin/python3", "-I", "-B"], "javascript": ["/usr/bin/node"]}
LIMITS = Limits(wall_s=10, cpu_s=5)




def timed_interleaved(runners: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Time each runner `runs` times, alternating between them, so a busy machine slows all alike."""
    out: dict[str, list[float]] = {name: [] for name in runners}
    for fn in runners.values():
        fn()  # warm the page cache and any lazy setup
    for _ in range(runs):
        for name, fn in runners.items():
            start = time.perf_counter()
            fn()
            out[name].append((time.perf_counter() - start) * 1000)
    return out


def bare_runner(language: str, directory: Path) -> Callable[[], object]:
    path = directory / ("main.py" if language == "python" else "main.js")
    path.write_text(HELLO[language])
    argv = [*BARE[language], str(path)]
    return lambda: subprocess.run(argv, env={}, capture_output=True, check=True)


def sandbox_runner(sandbox: Sandbox, language: str) -> Callable[[], object]:
    request = RunRequest(LANGUAGES[language], HELLO[language], b"", LIMITS)

    def run() -> object:
        result = sandbox.run(request)
        if result.status is not Status.OK:
            raise RuntimeError(f"{sandbox.name} {language}: {result.status} {result.stderr[-200:]!r}")
        return result

    return run


def overhead(runs: int) -> None:
    print(f"per-run cost, hello world, N={runs}, backends interleaved with the bare process (ms)")
    print(f"{'backend':10} {'language':11} {'p50':>8} {'p95':>8} {'over bare p50':>14} {'ratio':>6}")
    sandboxes: dict[str, Sandbox] = {}
    for name in ("bwrap", "docker"):
        try:
            sandbox = make_sandbox(name)
            sandbox.selfcheck()
            sandboxes[name] = sandbox
        except SandboxUnavailable as exc:
            print(f"{name:10} skipped: {exc}")
    with tempfile.TemporaryDirectory() as tmp:
        for lang in HELLO:
            runners = {"bare": bare_runner(lang, Path(tmp))}
            runners |= {name: sandbox_runner(sb, lang) for name, sb in sandboxes.items()}
            times = timed_interleaved(runners, runs)
            base = statistics.median(times["bare"])
            for name, values in times.items():
                p50 = statistics.median(values)
                extra = "" if name == "bare" else f" {p50 - base:+14.1f} {p50 / base:6.2f}"
                print(f"{name:10} {lang:11} {p50:8.1f} {percentile(values, 0.95):8.1f}{extra}")


async def throughput(total: int) -> None:
    request = RunRequest(LANGUAGES["python"], HELLO["python"], b"", LIMITS)
    await run_request(request)  # self-check outside the timing
    start = time.perf_counter()
    results = await asyncio.gather(*(run_request(request) for _ in range(total)))
    elapsed = time.perf_counter() - start
    ok = sum(r.status is Status.OK for r in results)
    print(f"throughput: {total} python runs through the service, cap {max_concurrency()} concurrent: "
          f"{elapsed:.2f} s, {total / elapsed:.1f} runs/s, {ok}/{total} ok")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    overhead(args.runs)
    asyncio.run(throughput(max(args.runs, 30)))


if __name__ == "__main__":
    main()
