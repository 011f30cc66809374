"""With an OpenAI-compatible LLM configured, complete/rescore add the LLM judge's verified judgements."""

from __future__ import annotations

import dataclasses

import pytest
from fakes.openai_server import FakeOpenAIServer
from feedback_support import FABRICATED_QUOTE, StoreInterview

from api.settings import Settings


@pytest.fixture
def settings(settings: Settings, fake_llm: FakeOpenAIServer) -> Settings:
    return dataclasses.replace(
        settings, openai_base_url=fake_llm.base_url, openai_api_key="sk-test", llm_model="fake-judge"
    )


@pytest.mark.asyncio
async def test_configured_llm_judge_is_used_and_its_fabricated_quote_dropped(
    client, user, store_interview: StoreInterview, fake_llm: FakeOpenAIServer
):
    stored = await store_interview(user.id, case="filler_nervous_expert")
    response = await client.post(f"/api/v1/interviews/{stored.interview.id}/complete", headers=user.headers)

    assert response.status_code == 200, response.text
    feedback = response.json()["feedback"]
    assert feedback["judge"] == "rubric+llm:fake-judge"
    assert feedback["prompt_version"] == "narrative-v2+judge-v1"
    assert len(fake_llm.chat_requests) == 1
    texts = {m.seq: m.text for m in stored.messages}
    technical = feedback["skill_breakdown"]["technical"]["evidence"]
    assert all(FABRICATED_QUOTE not in e["quote"] for e in technical)
    assert all(e["quote"] in texts[e["ref"]] for e in technical)

    rescored = await client.post(
        f"/api/v1/interviews/{stored.interview.id}/feedback/rescore", headers=user.headers
    )
    assert rescored.status_code == 200 and len(fake_llm.chat_requests) == 2
    assert rescored.json()["technical_score"] == feedback["technical_score"]
