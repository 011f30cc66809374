"""Feedback for a stored interview: load its transcript, plan and submissions, score them, store `Feedback`.

Called by the voice runtime when an interview reaches `done` and by the `complete`/`rescore` routes.
Idempotent: an interview has at most one `Feedback` row; without `force` an existing one is returned as is.
A failure leaves the interview as it was (completed, transcript intact) with `feedback_error` set, and a
later call (rescore) retries.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any, Literal

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from api.feedback.coverage import skill_breakdown
from api.feedback.evidence import InterviewRecord, Submission, TestCaseResult, Turn, normalise_for_match
from api.feedback.judgement import JUDGE_PROMPT_VERSION, merge_judgements
from api.feedback.llm_judge import JudgeConfig, judge_config_from, run_llm_judge
from api.feedback.narrative import load_templates
from api.feedback.rubric import load_rubric
from api.feedback.scorecard import Scorecard, assemble_scorecard, score_dimensions
from api.models import CodeSubmission, Feedback, Interview, QuestionAsked, TranscriptMessage
from api.resumes.plan import QuestionPlan
from api.resumes.taxonomy import load_taxonomy
from api.settings import get_settings

log = logging.getLogger(__name__)

FROM_SETTINGS: Literal["settings"] = "settings"
PLAN_KEY_PREFIX = "plan:"
FEEDBACK_ERROR_MESSAGE = (
    "Feedback could not be generated ({reason}); retry with POST /interviews/{id}/feedback/rescore"
)


class FeedbackGenerationError(Exception):
    """Feedback could not be produced; the message is safe to show and is stored as `feedback_error`."""


def _timestamp(row: Any) -> float:
    moment = row.started_at or row.created_at
    return moment.timestamp() if moment else 0.0


def _question_keys(
    turn_texts: dict[int, str], asked: list[QuestionAsked], plan: QuestionPlan | None
) -> dict[int, str]:
    """Agent turn seq → plan item id, for the turns that asked a recorded plan question."""
    plan_ids = {item.id for item in plan.items} if plan else set()
    keys: dict[int, str] = {}
    for question in asked:
        key = question.question_key.removeprefix(PLAN_KEY_PREFIX)  # the runtime stores "plan:<item id>"
        if key not in plan_ids:
            continue
        needle = normalise_for_match(question.text)
        for seq, text in turn_texts.items():
            if seq not in keys and needle and needle in normalise_for_match(text):
                keys[seq] = key
                break
    return keys


async def load_interview_record(interview: Interview) -> InterviewRecord:
    """The scorer's input for `interview`. Turn ids are the messages' `seq` (place in the transcript)."""
    plan = QuestionPlan.from_dict(interview.question_plan) if interview.question_plan else None
    messages = await TranscriptMessage.filter(interview_id=interview.id).order_by("seq")
    asked = await QuestionAsked.filter(interview_id=interview.id).order_by("asked_at", "id")
    rows = await CodeSubmission.filter(interview_id=interview.id).order_by("created_at", "id")
    keys = _question_keys({m.seq: m.text for m in messages if m.role == "agent"}, list(asked), plan)
    turns = tuple(
        Turn(
            id=m.seq,
            role="candidate" if m.role == "candidate" else "agent",
            text=m.text,
            phase=m.phase,
            at=_timestamp(m),
            plan_item_id=keys.get(m.seq),
        )
        for m in messages
        if m.role in ("candidate", "agent")
    )
    submissions = tuple(_submission_of(row) for row in rows)
    return InterviewRecord(turns=turns, submissions=submissions, plan=plan)


def _submission_of(row: CodeSubmission) -> Submission:
    tests = row.tests if isinstance(row.tests, dict) else {}
    cases = tuple(
        TestCaseResult(name=str(case.get("name", "")), verdict=case.get("verdict", "error"))
        for case in tests.get("cases", [])
        if isinstance(case, dict)
    )
    return Submission(
        id=row.id,
        language=row.language,
        code=row.code,
        exit_code=row.exit_code,
        timed_out=row.timed_out,
        tests_passed=row.tests_passed or 0,
        tests_total=row.tests_total or 0,
        cases=cases,
        at=row.created_at.timestamp() if row.created_at else 0.0,
    )


async def score_record(record: InterviewRecord, judge: JudgeConfig | None) -> Scorecard:
    """The rubric's scorecard, with verified LLM judgements folded in when a judge is configured."""
    rubric = load_rubric()
    # Scoring is CPU-bound (a long transcript takes a second or more): it runs off the event loop so the API
    # and the agent's live sessions keep being served meanwhile.
    dimensions = await asyncio.to_thread(score_dimensions, record, rubric)
    skills = await asyncio.to_thread(skill_breakdown, record, rubric, load_taxonomy())
    prompt_version = str(load_templates()["version"])
    if judge is None:
        return assemble_scorecard(record, dimensions, skills, rubric, prompt_version=prompt_version)
    outcome = await run_llm_judge(record, judge, rubric)
    if outcome.error is not None:
        return assemble_scorecard(record, dimensions, skills, rubric, prompt_version=prompt_version)
    return assemble_scorecard(
        record,
        merge_judgements(dimensions, outcome.kept, record),
        skills,
        rubric,
        prompt_version=f"{prompt_version}+{JUDGE_PROMPT_VERSION}",
        judge=judge.label,
        dropped_judgements=outcome.dropped,
    )


def _columns(card: Scorecard) -> dict[str, Any]:
    data = card.to_feedback()
    return {
        "overall_score": data["overall_score"],
        "communication_score": data["communication_score"],
        "technical_score": data["technical_score"],
        "problem_solving_score": data["problem_solving_score"],
        "code_quality_score": data["code_quality_score"],
        "skill_breakdown": data["skill_breakdown"],
        "strengths": data["strengths"],
        "improvements": data["improvements"],
        "summary": data["summary"],
        "rubric_version": data["rubric_version"],
        "prompt_version": data["prompt_version"],
        "judge": data["judge"],
    }


async def _store(interview_id: int, card: Scorecard, force: bool) -> Feedback:
    columns = _columns(card)
    async with in_transaction():
        existing = await Feedback.get_or_none(interview_id=interview_id)
        if existing is not None and not force:
            return existing  # another caller stored it first
        if existing is not None:
            # a queryset update skips auto_now, so the re-score time is set here
            await Feedback.filter(id=existing.id).update(**columns, updated_at=datetime.now(UTC))
        else:
            await Feedback.create(interview_id=interview_id, **columns)
        await Interview.filter(id=interview_id).update(
            overall_score=columns["overall_score"], feedback_error=None
        )
    return await Feedback.get(interview_id=interview_id)


async def generate_feedback(
    interview_id: int, *, force: bool = False, judge: JudgeConfig | Literal["settings"] | None = FROM_SETTINGS
) -> Feedback:
    """The interview's feedback: the stored one, or (if missing, or `force`) a freshly scored, stored one.

    `judge` defaults to the LLM configured in settings (None: the rubric alone). Raises
    `FeedbackGenerationError` (after recording `feedback_error`) when scoring or storing fails.
    """
    existing = await Feedback.get_or_none(interview_id=interview_id)
    if existing is not None and not force:
        return existing
    interview = await Interview.get_or_none(id=interview_id)
    if interview is None:
        raise FeedbackGenerationError(f"Interview {interview_id} does not exist")
    config = judge_config_from(get_settings()) if judge == FROM_SETTINGS else judge
    try:
        card = await score_record(await load_interview_record(interview), config)
        try:
            return await _store(interview_id, card, force)
        except IntegrityError:  # a concurrent first generation won the race; its row is the feedback
            return await Feedback.get(interview_id=interview_id)
    except Exception as exc:
        log.exception("feedback generation failed for interview %s", interview_id)
        message = FEEDBACK_ERROR_MESSAGE.format(reason=type(exc).__name__, id=interview_id)
        await Interview.filter(id=interview_id).update(feedback_error=message)
        raise FeedbackGenerationError(message) from exc


def feedback_to_dict(feedback: Feedback) -> dict[str, Any]:
    """The API's `feedback` object for a stored row (plus `prompt_version`, `judge` and `updated_at`)."""
    return {
        "overall_score": feedback.overall_score,
        "communication_score": feedback.communication_score,
        "technical_score": feedback.technical_score,
        "problem_solving_score": feedback.problem_solving_score,
        "code_quality_score": feedback.code_quality_score,
        "skill_breakdown": feedback.skill_breakdown,
        "strengths": feedback.strengths,
        "improvements": feedback.improvements,
        "summary": feedback.summary,
        "rubric_version": feedback.rubric_version,
        "prompt_version": feedback.prompt_version,
        "judge": feedback.judge,
        "updated_at": feedback.updated_at.isoformat() if feedback.updated_at else None,
    }
