from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.models import Resume
from api.resumes.analysis import analyze_resume
from api.resumes.enrichment import validate_enrichment
from api.resumes.llm_summary import EnrichmentConfig, enrich_analysis, enrichment_config_from
from api.settings import Settings, set_settings

from . import pdf_factory as make
from .fake_llm import FakeLLM
from .resume_documents import ONE_PAGE
from .sample_texts import JANE_RESUME

GOOD_SUMMARY = (
    "Backend engineer with about ten years of experience, most recently leading payment systems work in Go "
    "and PostgreSQL."
)


@pytest.fixture(scope="module")
def jane() -> dict:
    return analyze_resume(JANE_RESUME, today=date(2026, 11, 1))


def _config(server: FakeLLM, timeout: float = 5.0) -> EnrichmentConfig:
    return EnrichmentConfig(
        base_url=server.base_url, api_key="test-key", model="fake-model", timeout_seconds=timeout
    )


@pytest.mark.asyncio
async def test_a_valid_summary_is_added_and_the_facts_are_untouched(jane: dict) -> None:
    with FakeLLM(reply=json.dumps({"summary": GOOD_SUMMARY})) as server:
        enriched = await enrich_analysis(jane, JANE_RESUME, _config(server))
    assert enriched["llm_summary"] == GOOD_SUMMARY
    assert enriched["llm_summary_source"] == "fake-model (enrichment_v1)"
    assert {k: v for k, v in enriched.items() if not k.startswith("llm_")} == jane
    [request] = server.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["model"] == "fake-model"
    prompt = request["body"]["messages"][0]["content"]
    assert "Led migration of the billing service" in prompt and '"skills": ["Go"' in prompt


@pytest.mark.parametrize(
    "reply",
    [
        "not json at all",
        json.dumps({"summary": "Too short."}),
        json.dumps({"headline": GOOD_SUMMARY}),
        json.dumps({"summary": "x" * 700}),
        json.dumps(
            {"summary": "A strong engineer with deep Haskell and Elixir experience across many teams."}
        ),
    ],
    ids=["not-json", "too-short", "wrong-key", "too-long", "invented-skills"],
)
@pytest.mark.asyncio
async def test_a_bad_reply_leaves_the_analysis_unchanged(jane: dict, reply: str) -> None:
    with FakeLLM(reply=reply) as server:
        assert await enrich_analysis(jane, JANE_RESUME, _config(server)) == jane


@pytest.mark.asyncio
async def test_an_llm_error_or_timeout_leaves_the_analysis_unchanged(jane: dict) -> None:
    with FakeLLM(reply=json.dumps({"summary": GOOD_SUMMARY}), status=500) as server:
        assert await enrich_analysis(jane, JANE_RESUME, _config(server)) == jane
    with FakeLLM(reply=json.dumps({"summary": GOOD_SUMMARY}), delay=1.0) as server:
        assert await enrich_analysis(jane, JANE_RESUME, _config(server, timeout=0.2)) == jane


def test_a_summary_may_name_broader_skills_the_resume_implies(jane: dict) -> None:
    # PostgreSQL on the resume implies SQL: naming SQL invents nothing.
    summary = "Engineer who builds payment services in Go with solid SQL skills and production experience."
    assert validate_enrichment(json.dumps({"summary": summary}), jane) == summary


def test_enrichment_is_on_only_when_an_llm_is_configured() -> None:
    assert enrichment_config_from(Settings()) is None
    configured = Settings(openai_base_url="http://127.0.0.1:1/v1", llm_model="m")
    config = enrichment_config_from(replace(configured, resume_llm_enrichment_timeout_seconds=3.0))
    assert config is not None and (config.base_url, config.model, config.timeout_seconds) == (
        "http://127.0.0.1:1/v1",
        "m",
        3.0,
    )
    assert enrichment_config_from(replace(configured, resume_llm_enrichment=False)) is None


@pytest.mark.asyncio
async def test_upload_with_an_llm_configured_stores_the_summary(db, settings, make_user) -> None:
    user = await make_user()
    with FakeLLM(reply=json.dumps({"summary": GOOD_SUMMARY})) as server:
        app = create_app(replace(settings, openai_base_url=server.base_url), manage_db=False)
        try:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
                r = await http.post(
                    "/api/v1/resumes/",
                    headers=user.headers,
                    files={"file": ("cv.pdf", make.cached("text_pdf", [ONE_PAGE]), "application/pdf")},
                )
        finally:
            set_settings(None)
    assert r.status_code == 201, r.text
    assert r.json()["analysis"]["llm_summary"] == GOOD_SUMMARY
    assert r.json()["analysis"]["name"] == "Jane Doe"
    stored = await Resume.get(id=r.json()["id"])
    assert stored.analysis["llm_summary"] == GOOD_SUMMARY
    assert len(list(Path(settings.upload_dir).iterdir())) == 1
