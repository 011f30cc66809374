"""The LLM judge edge: one chat-completions call to an OpenAI-compatible server, then quote verification.

Enabled when OPENAI_API_KEY or OPENAI_BASE_URL is configured (and FEEDBACK_LLM_JUDGE is not "off"). Any
failure (network, HTTP status, malformed reply) yields no judgements and the rubric's result stands alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import httpx

from api.feedback.evidence import InterviewRecord
from api.feedback.judgement import Judgement, build_judge_prompt, parse_judgements, verify_judgements
from api.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1"
DEFAULT_TIMEOUT_SECONDS = Settings.feedback_llm_judge_timeout_seconds


@dataclass(frozen=True)
class JudgeConfig:
    base_url: str
    api_key: str
    model: str
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS

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
    if not (settings.openai_api_key or settings.openai_base_url):
        return None
    return JudgeConfig(
        base_url=(settings.openai_base_url or DEFAULT_OPENAI_BASE_URL).rstrip("/"),
        api_key=settings.openai_api_key,
        model=settings.llm_model,
        timeout_seconds=settings.feedback_llm_judge_timeout_seconds,
    )


async def ask_llm(prompt: str, config: JudgeConfig, transport: httpx.AsyncBaseTransport | None = None) -> str:
    headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
    body: dict[str, object] = {
        "model": config.model,
        "temperature": 0,
        "response_format": {"type": "json_object"},
        "messages": [{"role": "user", "content": prompt}],
    }
    async with httpx.AsyncClient(timeout=config.timeout_seconds, transport=transport) as http:
        response = await http.post(f"{config.base_url}/chat/completions", json=body, headers=headers)
        if response.status_code == httpx.codes.BAD_REQUEST:
            # Some OpenAI-compatible servers refuse `response_format`; the prompt asks for JSON anyway.
            body.pop("response_format")
            response = await http.post(f"{config.base_url}/chat/completions", json=body, headers=headers)
        response.raise_for_status()
        content = response.json()["choices"][0]["message"]["content"]
    return str(content or "")


async def run_llm_judge(record: InterviewRecord, config: JudgeConfig) -> JudgeOutcome:
    """Ask the LLM for judgements and keep those whose quotes are verbatim; never raises."""
    try:
        reply = await ask_llm(build_judge_prompt(record), config)
    except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
        log.warning("LLM judge unavailable (%s); using the rubric alone", type(exc).__name__)
        return JudgeOutcome(error=f"LLM judge unavailable: {type(exc).__name__}")
    judgements = parse_judgements(reply)
    kept, dropped = verify_judgements(judgements, record)
    if dropped:
        log.info("LLM judge: dropped %d of %d judgements with unverifiable quotes", dropped, len(judgements))
    return JudgeOutcome(kept=kept, dropped=dropped)
