"""The deterministic rubric, read from a versioned data file under `prompts/feedback/`.

Every threshold, weight and phrase list the scorer uses lives in that file; this module only loads it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts" / "feedback"
DEFAULT_RUBRIC_FILE = "rubric_v2.json"
DIMENSIONS = ("communication", "technical", "problem_solving", "code_quality")


@dataclass(frozen=True)
class Rubric:
    version: str
    overall_weights: dict[str, float]
    bands: dict[str, tuple[float, float]]
    phases: dict[str, frozenset[str]]
    non_answer_phases: frozenset[str]
    # Lower-case patterns, searched in each sentence once normalised (lower-cased): no IGNORECASE, which
    # makes every one of them about twice as slow.
    procedural_requests: tuple[re.Pattern[str], ...]
    lexicon: dict[str, tuple[str, ...]]
    sections: dict[str, dict[str, Any]]

    def section(self, name: str) -> dict[str, Any]:
        return self.sections[name]

    def band_of(self, score: float) -> str:
        for name, (low, high) in sorted(self.bands.items(), key=lambda kv: kv[1][0]):
            if low <= score < high or (high >= 1.0 and score <= high and score >= low):
                return name
        raise ValueError(f"score {score} is in no band")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rubric:
        weights = {k: float(v) for k, v in data["overall_weights"].items()}
        if set(weights) != set(DIMENSIONS):
            raise ValueError(f"overall_weights must name exactly {DIMENSIONS}")
        return cls(
            version=str(data["version"]),
            overall_weights=weights,
            bands={k: (float(v[0]), float(v[1])) for k, v in data["bands"].items()},
            phases={k: frozenset(v) for k, v in data["phases"].items()},
            non_answer_phases=frozenset(data["non_answers"]["phases"]),
            procedural_requests=tuple(re.compile(p) for p in data["non_answers"]["procedural_requests"]),
            lexicon={k: tuple(p.lower() for p in v) for k, v in data["lexicon"].items()},
            sections={k: data[k] for k in ("communication", "technical", "problem_solving", "code_quality")},
        )


@lru_cache(maxsize=8)
def load_rubric(filename: str = DEFAULT_RUBRIC_FILE) -> Rubric:
    with (PROMPTS_DIR / filename).open(encoding="utf-8") as fh:
        return Rubric.from_dict(json.load(fh))
