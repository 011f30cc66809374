"""LLM judgements: parsed defensively, kept only with verbatim quotes, merged into the rubric's scores."""

from __future__ import annotations

import json

import httpx
import pytest

from api.feedback.evidence import DimensionScore, Evidence, InterviewRecord, Turn
from api.feedback.judgement import (
    LLM_WEIGHT,
    Judgement,
    build_judge_prompt,
    merge_judgements,
    parse_judgements,
    verify_judgements,
)
from api.feedback.llm_judge import JudgeConfig
from api.feedback.rubric import load_rubric
from api.llm import ask_for_json

JOIN_ANSWER = "I found an N+1 query and replaced it with one join, which cut p95 from 900 ms to 80 ms."
RECORD = InterviewRecord(
    turns=(
        Turn(1, "agent", "How did you make the API faster?", "technical"),
        Turn(2, "candidate", JOIN_ANSWER, "technical"),
        Turn(3, "agent", "And caching?", "technical"),
        Turn(4, "candidate", "We put Redis in front with a five minute TTL.", "technical"),
    )
)


def test_reply_is_parsed_from_plain_or_fenced_json_and_bad_items_are_skipped():
    items = [
        {"dimension": "technical", "score": 0.9, "turn_id": 2, "quote": "replaced it with one join"},
        {"dimension": "technical", "score": "high", "turn_id": 2, "quote": "x"},
        {"dimension": "technical", "turn_id": 2},
    ]
    plain = json.dumps({"judgements": items})
    assert parse_judgements(plain) == parse_judgements(f"```json\n{plain}\n```")
    assert [j.quote for j in parse_judgements(plain)] == ["replaced it with one join"]
    assert parse_judgements("I think the candidate is great") == []
    assert parse_judgements('{"judgements": "none"}') == []


def test_only_judgements_quoting_their_own_candidate_turn_verbatim_are_kept():
    judgements = [
        Judgement("technical", 0.9, 2, "replaced it with one join"),  # verbatim
        Judgement("technical", 0.9, 2, "replaced it with a single join"),  # paraphrase
        Judgement("technical", 0.9, 4, "replaced it with one join"),  # real words, wrong turn
        Judgement("technical", 0.9, 1, "make the API faster"),  # the interviewer's words
        Judgement("charisma", 0.9, 4, "Redis in front"),  # unknown dimension
        Judgement("technical", 1.5, 4, "Redis in front"),  # score out of range
        Judgement(
            "communication", 0.6, 4, "we put redis in front with a five minute TTL"
        ),  # case/spacing only
    ]
    kept, dropped = verify_judgements(judgements, RECORD, load_rubric())
    assert [(j.turn_id, j.quote) for j in kept] == [
        (2, "replaced it with one join"),
        (4, "we put redis in front with a five minute TTL"),
    ]
    assert dropped == 5


def test_merge_blends_scores_and_adds_the_turns_own_words_as_evidence():
    base = {
        "communication": DimensionScore(None),
        "technical": DimensionScore(
            0.5, (Evidence("turn", 4, "We put Redis in front with a five minute TTL."),)
        ),
        "problem_solving": DimensionScore(None),
        "code_quality": DimensionScore(None),
    }
    kept = [
        Judgement("technical", 0.9, 2, "replaced it with ONE join"),
        Judgement("communication", 0.6, 4, "we put redis in front"),
    ]
    merged = merge_judgements(base, kept, RECORD)
    assert merged["technical"].score == pytest.approx((1 - LLM_WEIGHT) * 0.5 + LLM_WEIGHT * 0.9)
    assert merged["technical"].evidence[-1] == Evidence("turn", 2, "replaced it with one join")
    assert merged["communication"].score == pytest.approx(0.6)  # the LLM's verified quote is evidence
    assert merged["communication"].evidence == (Evidence("turn", 4, "We put Redis in front"),)
    assert merged["code_quality"].score is None


def test_prompt_carries_the_transcript_with_turn_ids():
    prompt = build_judge_prompt(RECORD)
    assert "[turn 2] candidate (technical): I found an N+1 query" in prompt
    assert "{transcript}" not in prompt and "{skills}" not in prompt


@pytest.mark.asyncio
async def test_a_server_refusing_response_format_is_asked_again_without_it():
    seen: list[dict[str, object]] = []

    def strict_server(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append(body)
        if "response_format" in body:
            return httpx.Response(400, json={"error": {"message": "response_format is not supported"}})
        return httpx.Response(200, json={"choices": [{"message": {"role": "assistant", "content": "{}"}}]})

    config = JudgeConfig(base_url="http://llm.invalid/v1", api_key="k", model="m")
    reply = await ask_for_json("prompt", config, transport=httpx.MockTransport(strict_server))
    assert reply == "{}"
    assert ["response_format" in body for body in seen] == [True, False]
