"""One chat-completions call to an OpenAI-compatible server that answers JSON.

Shared by the API's optional LLM passes (the resume enrichment and the feedback judge): both are off unless
an LLM is configured (OPENAI_API_KEY or OPENAI_BASE_URL), and both fall back to their offline result on any
failure, so callers catch `LLM_ERRORS`.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from api.settings import Settings

DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1"

# What a failed call or a malformed reply raises (transport and HTTP errors, an unexpected body shape).
LLM_ERRORS: tuple[type[Exception], ...] = (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError)


@dataclass(frozen=True)
class LLMConfig:
    base_url: str
    api_key: str
    model: str
    timeout_seconds: float


def llm_config_from(settings: Settings, *, timeout_seconds: float) -> LLMConfig | None:
    """The configured LLM's connection, or None when no LLM is configured."""
    if not (settings.openai_api_key or settings.openai_base_url):
        return None
    return LLMConfig(
        base_url=(settings.openai_base_url or DEFAULT_OPENAI_BASE_URL).rstrip("/"),
        api_key=settings.openai_api_key,
        model=settings.llm_model,
        timeout_seconds=timeout_seconds,
    )


async def ask_for_json(
    prompt: str, config: LLMConfig, transport: httpx.AsyncBaseTransport | None = None
) -> str:
    """The model's reply (expected to be a JSON object) to one user prompt, at temperature 0."""
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
            # Some OpenAI-compatible servers refuse `response_format`; the prompts ask for JSON anyway.
            body.pop("response_format")
            response = await http.post(f"{config.base_url}/chat/completions", json=body, headers=headers)
        response.raise_for_status()
        content = response.json()["choices"][0]["message"]["content"]
    return str(content or "")
