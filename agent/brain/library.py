"""The versioned prompt bundle under `prompts/interviewer/<version>/`, loaded once per process.

Holds everything the interviewer says or reads as data: the system and per-phase prompts, the per-move
instructions for an LLM, the offline interviewer's templates, the intent patterns, the answer cues and the
default question bank. `version` names the bundle and a hash of its content; it is recorded with each
interview.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from agent.brain.answers import AnswerCues
from agent.brain.intents import IntentLexicon

DEFAULT_PROMPT_VERSION = "v1"
# Where the candidate sees the coding exercise and runs code: the room's shared editor, or the console's
# typed /problem and /submit. The interviewer must not send a console user to an editor that is not there.
Workspace = Literal["editor", "console"]
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
    workspaces: dict[str, dict[str, str]]

    def workspace_phrases(self, workspace: Workspace) -> dict[str, str]:
        """`{workspace_<key>: phrase}` for one workspace, ready to fill into templates."""
        return {f"workspace_{key}": text for key, text in self.workspaces[workspace].items()}


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def load_prompt_library(root: Path | None = None, version: str | None = None) -> PromptLibrary:
    """Load `<root>/interviewer/<version>/` (defaults: the repo's `prompts/`, version "v1")."""
    root = root or _REPO_PROMPTS
    version = version or DEFAULT_PROMPT_VERSION
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
        workspaces={k: v for k, v in _read_json(base / "workspaces.json").items() if not k.startswith("_")},
    )


@lru_cache(maxsize=4)
def cached_prompt_library(root: str = "", version: str = "") -> PromptLibrary:
    """`load_prompt_library`, once per (root, version) and process; empty strings mean the defaults."""
    return load_prompt_library(Path(root) if root else None, version or None)


def default_prompt_library() -> PromptLibrary:
    """The bundle the settings name (INTERVIEWER_PROMPTS_DIR, INTERVIEWER_PROMPT_VERSION)."""
    from api.settings import get_settings  # stdlib-only settings; imported here to keep the core import-light

    settings = get_settings()
    return cached_prompt_library(settings.interviewer_prompts_dir, settings.interviewer_prompt_version)
