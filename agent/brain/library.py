"""The versioned prompt bundle under `prompts/interviewer/<version>/`, loaded once per process.

Holds everything the interviewer says or reads as data: the system and per-phase prompts, the per-move
instructions for an LLM, the offline interviewer's templates, the intent patterns, the answer cues and the
default question bank. `version` names the bundle and a hash of its content; it is recorded with each
interview.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from agent.brain.answers import AnswerCues
from agent.brain.intents import IntentLexicon

PROMPTS_DIR_ENV = "INTERVIEWER_PROMPTS_DIR"
PROMPT_VERSION_ENV = "INTERVIEWER_PROMPT_VERSION"
DEFAULT_PROMPT_VERSION = "v1"
_REPO_PROMPTS = Path(__file__).resolve().parents[2] / "prompts"


@dataclass(frozen=True)
class PromptLibrary:
    version: str
    system: str
    phase_prompts: dict[str, str]
    move_instructions: dict[str, str]
    offline: dict[str, Any]
    intents: IntentLexicon
    cues: AnswerCues
    default_questions: dict[str, list[dict[str, Any]]]
    hygiene: dict[str, Any]


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def load_prompt_library(root: Path | None = None, version: str | None = None) -> PromptLibrary:
    """Load `<root>/interviewer/<version>/`. Defaults come from env INTERVIEWER_PROMPTS_DIR (the repo's
    `prompts/`) and INTERVIEWER_PROMPT_VERSION ("v1")."""
    root = root or Path(os.environ.get(PROMPTS_DIR_ENV) or _REPO_PROMPTS)
    version = version or os.environ.get(PROMPT_VERSION_ENV) or DEFAULT_PROMPT_VERSION
    base = root / "interviewer" / version
    if not base.is_dir():
        raise FileNotFoundError(f"no interviewer prompts at {base}")
    digest = hashlib.sha256()
    for path in sorted(p for p in base.rglob("*") if p.is_file()):
        digest.update(path.relative_to(base).as_posix().encode())
        digest.update(path.read_bytes())
    return PromptLibrary(
        version=f"interviewer/{version}@{digest.hexdigest()[:10]}",
        system=(base / "system.md").read_text(encoding="utf-8").strip(),
        phase_prompts={p.stem: p.read_text(encoding="utf-8").strip() for p in (base / "phases").glob("*.md")},
        move_instructions={
            p.stem: p.read_text(encoding="utf-8").strip() for p in (base / "moves").glob("*.md")
        },
        offline=_read_json(base / "offline.json"),
        intents=IntentLexicon(_read_json(base / "intents.json")),
        cues=AnswerCues(_read_json(base / "answer_cues.json")),
        default_questions=_read_json(base / "default_questions.json"),
        hygiene=_read_json(base / "hygiene.json"),
    )


@lru_cache(maxsize=4)
def default_prompt_library() -> PromptLibrary:
    return load_prompt_library()
