"""Setting an `Interviewer` up for a stored interview: its LLM from the settings, the problem bank as the
brain sees it, the question plan, the budgets, and the brain state a resumed interview restores."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from livekit.agents import llm

from agent.brain.coding import ProblemBrief
from agent.brain.interview_store import InterviewStore
from agent.brain.library import Workspace
from agent.brain.phases import InterviewBudgets
from agent.brain.state import BrainState
from agent.interviewer import Interviewer
from agent.offline_llm import OfflineInterviewerLLM
from api.resumes.plan import QuestionPlan
from api.settings import get_settings

logger = logging.getLogger(__name__)


def make_interviewer_llm(settings: Any) -> llm.LLM:
    """The interviewer's LLM for these settings: `openai.LLM` on any OpenAI-compatible `base_url` when
    `settings.engines == "openai"`, else the embedded offline interviewer (no key, no network)."""
    if getattr(settings, "engines", "embedded") == "openai":
        from livekit.plugins import openai

        options: dict[str, Any] = {"model": getattr(settings, "llm_model", "") or "gpt-4o-mini"}
        if getattr(settings, "openai_api_key", ""):
            options["api_key"] = settings.openai_api_key
        if getattr(settings, "openai_base_url", ""):
            options["base_url"] = settings.openai_base_url
        return openai.LLM(**options)
    return OfflineInterviewerLLM()


def problem_briefs() -> list[ProblemBrief]:
    """The sandbox's problem bank as the brain sees it (empty when the bank is not installed)."""
    try:
        from api.sandbox.problems import load_problems

        problems = load_problems()
    except (ImportError, OSError, ValueError):
        logger.exception("the coding problem bank could not be loaded: the interview has no coding exercise")
        return []
    return [
        ProblemBrief(
            id=str(p.id),
            title=str(p.title),
            difficulty=str(p.difficulty),
            tags=tuple(p.tags),
            prompt=str(p.prompt),
            hints=tuple(p.hints),
        )
        for p in problems
    ]


def question_plan_for(record: Any) -> QuestionPlan:
    """The stored plan, else one built now from the resume analysis and the job description (the planner
    copes with either missing; the brain tops any phase up from its default questions)."""
    if getattr(record, "question_plan", None):
        return QuestionPlan.from_dict(record.question_plan)
    from api.resumes.planner import build_question_plan

    return build_question_plan(
        getattr(record, "resume_analysis", None),
        getattr(record, "job_description", None),
        candidate_name=getattr(record, "candidate_name", None),
    )


def build_interviewer(
    record: Any,
    *,
    store: InterviewStore,
    llm: llm.LLM | None = None,
    problems: Sequence[ProblemBrief] | None = None,
    workspace: Workspace = "editor",
    clock: Callable[[], float] = time.time,
) -> Interviewer:
    """An `Interviewer` for a loaded interview (`agent.store.InterviewRecord`): restores the brain state when
    the record has one, so a restarted worker continues where the last one stopped."""
    raw_state = getattr(record, "brain_state", None)
    state = BrainState.from_dict(raw_state) if raw_state else None  # a restored state keeps its own budgets
    plan = question_plan_for(record)
    title = re.sub(r"\s*\([^)]*\)", "", str(getattr(record, "title", "") or "")).strip()
    if plan.role is None and title:  # the plan found no role: the interview's title names it
        plan = dataclasses.replace(plan, role=title)
    return Interviewer(
        plan=plan,
        problems=problem_briefs() if problems is None else problems,
        store=store,
        candidate_name=getattr(record, "candidate_name", None),
        state=state,
        budgets=interview_budgets(record),
        llm=llm,
        workspace=workspace,
        clock=clock,
    )


def interview_budgets(record: Any) -> InterviewBudgets:
    """Budgets for a new interview: the record's own `budgets` (a dict, when the interview carries one), else
    the setting INTERVIEWER_BUDGETS_JSON (same shape, e.g. '{"phases": {"coding": {"max_seconds": 900}}}'),
    else the defaults in `agent.brain.phases`."""
    raw = getattr(record, "budgets", None)
    deployment_budgets = get_settings().interviewer_budgets_json
    if not raw and deployment_budgets:
        raw = json.loads(deployment_budgets)
    return InterviewBudgets.from_dict(raw or None)
