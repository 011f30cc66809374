"""The LLM judge edge: one chat-completions call to an OpenAI-compatible server, then quote verification.

Enabled when OPENAI_API_KEY or OPENAI_BASE_URL is configured (and FEEDBACK_LLM_JUDGE is not "off"). Any
failure (network, HTTP status, malformed reply) yields no judgements and the rubric's result stands alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from api.feedback.evidence import InterviewRecord
from api.feedback.judgement import Judgement, build_judge_prompt, parse_judgements, verify_judgements
from api.feedback.rubric import Rubric
from api.llm import LLM_ERRORS, LLMConfig, ask_for_json, llm_config_from
from api.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JudgeConfig(LLMConfig):
    timeout_seconds: float = Settings.feedback_llm_judge_timeout_seconds

    @property
    def label(self) -> str:
        return f"rubric+llm:{self.model}"


@dataclass(frozen=True)
class JudgeOutcome:
    kept: list[Judgement] = field(default_factory=list)
    dropped: int = 0
    error: str | None = None


def judge_config_from(settings: Settings) -> JudgeConfig | None:
    """The judge's connection, or None when FEEDBACK_LLM_JUDGE=off or no LLM is configured."""
    if not settings.feedback_llm_judge:
        return None
    config = llm_config_from(settings, timeout_seconds=settings.feedback_llm_judge_timeout_seconds)
    return None if config is None else JudgeConfig(**vars(config))


async def run_llm_judge(record: InterviewRecord, config: JudgeConfig, rubric: Rubric) -> JudgeOutcome:
    """Ask the LLM for judgements and keep those quoting an answer verbatim; never raises."""
    try:
        reply = await ask_for_json(build_judge_prompt(record), config)
    except LLM_ERRORS as exc:
        log.warning("LLM judge unavailable (%s); using the rubric alone", type(exc).__name__)
        return JudgeOutcome(error=f"LLM judge unavailable: {type(exc).__name__}")
    judgements = parse_judgements(reply)
    kept, dropped = verify_judgements(judgements, record, rubric)
    if dropped:
        log.info(
            "LLM judge: dropped %d of %d judgements (quote not verbatim, or not an answer)",
            dropped,
            len(judgements),
        )
    return JudgeOutcome(kept=kept, dropped=dropped)
