"""Optional LLM enrichment of a resume analysis: a written summary, checked before it is kept.

Pure part (prompt, validation, merge); `llm_summary.py` makes the call. The prompt is versioned data,
`prompts/resumes/<PROMPT_VERSION>.md` with `{facts}` and `{resume_text}` filled in. The reply must be a
JSON object `{"summary": str}` (schema-checked); the summary may only name skills the analysis already
found, and it is stored as `analysis["llm_summary"]` next to the extracted facts, never over them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from api.resumes.taxonomy import load_taxonomy

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts" / "resumes"
PROMPT_VERSION = "enrichment_v1"
PROMPT_PATH = PROMPTS_DIR / f"{PROMPT_VERSION}.md"
SUMMARY_MAX_CHARS = 600
RESUME_TEXT_MAX_CHARS = 12_000  # enough for a long resume; keeps the request small
_FACT_FIELDS = ("name", "skills", "years_experience", "experience", "education")


class EnrichmentReply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    summary: str = Field(min_length=20, max_length=SUMMARY_MAX_CHARS)


def build_enrichment_prompt(analysis: dict[str, Any], resume_text: str) -> str:
    facts = {key: analysis.get(key) for key in _FACT_FIELDS}
    facts["experience"] = [
        {k: v for k, v in entry.items() if k != "highlights"} for entry in analysis.get("experience") or []
    ]
    template = PROMPT_PATH.read_text(encoding="utf-8")
    return template.replace("{facts}", json.dumps(facts, ensure_ascii=False)).replace(
        "{resume_text}", resume_text[:RESUME_TEXT_MAX_CHARS]
    )


def validate_enrichment(reply: str, analysis: dict[str, Any]) -> str | None:
    """The summary to keep, or None when the reply breaks the schema or names a skill the resume lacks."""
    try:
        parsed = EnrichmentReply.model_validate(json.loads(reply))
    except (ValueError, ValidationError):
        return None
    summary = " ".join(parsed.summary.split())
    taxonomy = load_taxonomy()
    known = set(analysis.get("skills") or [])
    known |= {parent for skill in known for parent in taxonomy.ancestors(skill)}
    if any(skill not in known for skill in taxonomy.find_names(summary)):
        return None  # an invented skill: the extracted facts are the truth
    return summary


def merge_enrichment(analysis: dict[str, Any], summary: str | None, model: str) -> dict[str, Any]:
    """A copy of the analysis with the LLM summary added; extracted fields stay exactly as they were."""
    if summary is None:
        return analysis
    return {**analysis, "llm_summary": summary, "llm_summary_source": f"{model} ({PROMPT_VERSION})"}
