"""The enrichment edge: one chat-completions call to an OpenAI-compatible server for a resume summary.

On when an LLM is configured (OPENAI_API_KEY or OPENAI_BASE_URL) unless RESUME_LLM_ENRICHMENT=off; the call
waits at most RESUME_LLM_ENRICHMENT_TIMEOUT_SECONDS (default 8). Any failure leaves the analysis as it was:
the offline analysis is complete on its own.
"""

from __future__ import annotations

import logging
from typing import Any

from api.llm import LLM_ERRORS, LLMConfig, ask_for_json, llm_config_from
from api.resumes.enrichment import build_enrichment_prompt, merge_enrichment, validate_enrichment
from api.settings import Settings

log = logging.getLogger(__name__)

# The enrichment call needs nothing beyond the shared connection settings.
EnrichmentConfig = LLMConfig


def enrichment_config_from(settings: Settings) -> EnrichmentConfig | None:
    """The enrichment call's connection, or None when RESUME_LLM_ENRICHMENT=off or no LLM is configured."""
    if not settings.resume_llm_enrichment:
        return None
    return llm_config_from(settings, timeout_seconds=settings.resume_llm_enrichment_timeout_seconds)


async def enrich_analysis(
    analysis: dict[str, Any], resume_text: str, config: EnrichmentConfig | None
) -> dict[str, Any]:
    """The analysis plus a validated `llm_summary` when the LLM answers well; else the analysis unchanged."""
    if config is None:
        return analysis
    try:
        reply = await ask_for_json(build_enrichment_prompt(analysis, resume_text), config)
    except LLM_ERRORS as exc:
        log.warning("resume enrichment unavailable (%s); keeping the offline analysis", type(exc).__name__)
        return analysis
    summary = validate_enrichment(reply, analysis)
    if summary is None:
        log.info("resume enrichment reply rejected (schema or invented skill); keeping the offline analysis")
    return merge_enrichment(analysis, summary, config.model)
