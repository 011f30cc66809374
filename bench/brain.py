"""How long the interviewer's own work takes per turn (reuses the brain tests' fixtures and persona player).

Prints p50/p95 for:
- the pure brain turn: decide the move, word it offline, run the speech-hygiene guard, serialise the state;
- a text-mode `AgentSession` turn through the real `Interviewer` with the offline LLM (in-memory store), over
  whole persona interviews.

    .venv/bin/python bench/brain.py [--rounds 200] [--interviews 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "brain"), str(ROOT)]

from brain_fixtures import LIBRARY, backend_plan, problems  # noqa: E402
from test_personas import play  # noqa: E402

from agent.brain.hygiene import HygieneRules, SpeechHygiene  # noqa: E402
from agent.brain.machine import InterviewBrain  # noqa: E402
from agent.brain.wording import OfflineWording  # noqa: E402
from bench.stats import percentile  # noqa: E402

ANSWERS = (
    "I built the deploy pipeline with Terraform and 12 services; as a result deploys got faster.",
    "We did it as a team.",
    "I don't know.",
    "Can you repeat that?",
    "Let me think.",
)




def pure_turns(rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        brain = InterviewBrain(plan=backend_plan(), problems=problems(), library=LIBRARY)
        wording = OfflineWording(
            LIBRARY.offline, role="Backend Engineer", workspace=LIBRARY.workspace_phrases("editor")
        )
        hygiene = SpeechHygiene(HygieneRules.from_dict(LIBRARY.hygiene), candidate_name="Alice Moreau")
        brain.start(0.0)
        for i in range(12):
            start = time.perf_counter()
            move = brain.on_candidate_turn(ANSWERS[i % len(ANSWERS)], 30.0 * (i + 1))
            hygiene.clean(wording.word(move), move.turn)
            json.dumps(brain.state.to_dict())
            timings.append((time.perf_counter() - start) * 1000)
    return timings


async def session_turns(interviews: int) -> tuple[list[float], int]:
    persona = json.loads((ROOT / "tests" / "personas" / "strong.json").read_text())
    per_turn: list[float] = []
    turns = 0
    for _ in range(interviews):
        start = time.perf_counter()
        _, store = await play(persona)
        turns = sum(t.role == "assistant" for t in store.turns)
        per_turn.append((time.perf_counter() - start) * 1000 / turns)
    return per_turn, turns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--interviews", type=int, default=10)
    args = parser.parse_args()
    pure = pure_turns(args.rounds)
    print(
        f"brain turn (decide + offline wording + hygiene + state JSON): n={len(pure)} "
        f"p50={percentile(pure, 0.50):.3f} ms p95={percentile(pure, 0.95):.3f} ms"
    )
    per_turn, turns = asyncio.run(session_turns(args.interviews))
    print(
        f"text-mode AgentSession turn, offline LLM ({args.interviews} interviews x {turns} agent turns): "
        f"p50={percentile(per_turn, 0.5):.1f} ms p95={percentile(per_turn, 0.95):.1f} ms (mean per interview)"
    )


if __name__ == "__main__":
    main()
