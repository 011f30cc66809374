"""The enrichment edge: one chat-completions call to an OpenAI-compatible server for a resume summary.

On when an LLM is configured (OPENAI_API_KEY or OPENAI_BASE_URL) unless RESUME_LLM_ENRICHMENT=off; the call
waits at most RESUME_LLM_ENRICHMENT_TIMEOUT_SECONDS (default 8). Any failure leaves the analysis as it was:
the offline analysis is complete on its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx

from api.resumes.enrichment import build_enrichment_prompt, merge_enrichment, validate_enrichment
from api.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1"
DEFAULT_TIMEOUT_SECONDS = Settings.resume_llm_enrichment_timeout_seconds


@dataclass(frozen=True)
class EnrichmentConfig:
    base_url: str
    api_key: str
    model: str
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS


def enrichment_config_from(settings: Settings) -> EnrichmentConfig | None:
    """The enrichment call's connection, or None when RESUME_LLM_ENRICHMENT=off or no LLM is configured."""
    if not settings.resume_llm_enrichment:
        return None
    if not (settings.openai_api_key or settings.openai_base_url):
        return None
    return EnrichmentConfig(
        base_url=(settings.openai_base_url or DEFAULT_OPENAI_BASE_URL).rstrip("/"),
        api_key=settings.openai_api_key,
        model=settings.llm_model,
        timeout_seconds=settings.resume_llm_enrichment_timeout_seconds,
    )


async def _ask(prompt: str, config: EnrichmentConfig) -> str:
    headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
    body = {
        "model": config.model,
        "temperature": 0,
        "response_format": {"type": "json_object"},
        "messages": [{"role": "user", "content": prompt}],
    }
    async with httpx.AsyncClient(timeout=config.timeout_seconds) as http:
        response = await http.post(f"{config.base_url}/chat/completions", json=body, headers=headers)
        response.raise_for_status()
        content = response.json()["choices"][0]["message"]["content"]
    return str(content or "")


async def enrich_analysis(
    analysis: dict[str, Any], resume_text: str, config: EnrichmentConfig | None
) -> dict[str, Any]:
    """The analysis plus a validated `llm_summary` when the LLM answers well; else the analysis unchanged."""
    if config is None:
        return analysis
    try:
        reply = await _ask(build_enrichment_prompt(analysis, resume_text), config)
    except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
        log.warning("resume enrichment unavailable (%s); keeping the offline analysis", type(exc).__name__)
        return analysis
    summary = validate_enrichment(reply, analysis)
    if summary is None:
        log.info("resume enrichment reply rejected (schema or invented skill); keeping the offline analysis")
    return merge_enrichment(analysis, summary, config.model)
