"""Feedback test fixtures: a gold-set interview stored as real rows, and a fake OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fakes.openai_server import FakeOpenAIServer
from feedback_support import StoredInterview, StoreInterview, gold_case, serve_fake_llm

from api.models import CodeSubmission, Interview, QuestionAsked, TranscriptMessage


@pytest.fixture
def store_interview(db: str) -> StoreInterview:
    """`await store_interview(user_id, case="senior_precise", status="in_progress", ask_plan_questions=...)`.

    Writes the gold case as the runtime would: one `TranscriptMessage` per turn (seq from 0), one
    `CodeSubmission` per submission (with tests JSON), and optionally `QuestionAsked` rows for plan questions.
    """

    async def factory(
        user_id: int,
        case: str = "senior_precise",
        status: str = "in_progress",
        ask_plan_questions: bool = False,
    ) -> StoredInterview:
        data = gold_case(case)
        start = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
        interview = await Interview.create(
            user_id=user_id,
            title=f"Gold: {case}",
            status=status,
            started_at=start,
            question_plan=data["plan"],
        )
        messages = []
        for seq, turn in enumerate(data["turns"]):
            moment = start + timedelta(seconds=turn["at"])
            messages.append(
                await TranscriptMessage.create(
                    interview_id=interview.id, seq=seq, role=turn["role"], text=turn["text"],
                    phase=turn["phase"], started_at=moment, ended_at=moment + timedelta(seconds=5),
                )
            )  # fmt: skip
            if ask_plan_questions and turn.get("plan_item_id"):
                await QuestionAsked.create(
                    interview_id=interview.id, question_key=turn["plan_item_id"], text=turn["text"],
                    phase=turn["phase"], source="plan",
                )  # fmt: skip
        submissions = []
        for item in data["submissions"]:
            tests = item["tests"]
            submissions.append(
                await CodeSubmission.create(
                    interview_id=interview.id, language=item["language"], code=item["code"],
                    exit_code=item["exit_code"], timed_out=item["timed_out"], status="completed", tests=tests,
                    tests_passed=tests["passed"], tests_total=tests["total"],
                )
            )  # fmt: skip
        return StoredInterview(interview, messages, submissions)

    return factory


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAIServer]:
    """The shared fake OpenAI-compatible server (`fake_llm.base_url`), answering as an LLM judge."""
    yield from serve_fake_llm()
