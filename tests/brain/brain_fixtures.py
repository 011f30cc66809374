"""Plans, problems and a controllable clock for the brain's tests (built from the real dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass

from agent.brain.coding import ProblemBrief, SubmissionOutcome
from agent.brain.library import default_prompt_library
from agent.brain.machine import InterviewBrain
from agent.brain.phases import InterviewBudgets
from agent.brain.state import BrainState
from api.resumes.plan import PlanItem, QuestionPlan

LIBRARY = default_prompt_library()


def backend_plan(name: str | None = "Alice Moreau") -> QuestionPlan:
    return QuestionPlan(
        level="mid",
        role="Backend Engineer",
        candidate_name=name,
        items=(
            PlanItem(
                "r1",
                "resume_deep_dive",
                "resume",
                "the payments service migration to Kubernetes",
                "resume",
                citation="Led the migration of the payments service to Kubernetes, cutting deploys to 8 min",
            ),
            PlanItem(
                "r2",
                "resume_deep_dive",
                "resume",
                "the real-time fraud scoring pipeline",
                "resume",
                citation="Built a real-time fraud scoring pipeline on Kafka Streams",
                priority=1,
            ),
            PlanItem(
                "t1",
                "matched_skill",
                "technical",
                "PostgreSQL query tuning",
                "job_description",
                skill="PostgreSQL",
            ),
            PlanItem(
                "t2",
                "missing_skill",
                "technical",
                "event streaming with Kafka",
                "job_description",
                skill="Kafka",
                priority=1,
            ),
            PlanItem("b1", "general", "behavioral", "a time you had to push back on a deadline", "default"),
        ),
        problem_difficulty="easy",
        problem_tags=("arrays",),
    )


def problems() -> list[ProblemBrief]:
    return [
        ProblemBrief(
            "two-sum",
            "Two Sum",
            "easy",
            ("arrays", "hashing"),
            "Given a list of integers `nums` and an integer `target`, return the indices of the two numbers "
            "that add up to `target`.\n\nExample: nums = [2, 7, 11], target = 9 gives [0, 1].",
            (
                "Think about what you need to remember as you scan the list.",
                "A dictionary from value to index lets you look things up in constant time.",
                "For each number x, check whether target minus x is already in the dictionary.",
            ),
        ),
        ProblemBrief(
            "lru-cache",
            "LRU Cache",
            "medium",
            ("design", "hashing"),
            "Implement a least-recently-used cache with get and put in constant time.",
            ("What structure keeps recency order?", "A linked list plus a map.", "Move to front on get."),
        ),
    ]


def outcome(
    sid: str,
    passed: int,
    total: int = 5,
    *,
    exit_code: int | None = 0,
    stderr: str = "",
    timed_out: bool = False,
    compile_error: bool = False,
) -> SubmissionOutcome:
    status = "passed" if passed == total and not (timed_out or compile_error) else "failed"
    return SubmissionOutcome(
        sid, "python", status, exit_code, timed_out, compile_error, stderr, passed, total
    )


@dataclass
class Clock:
    now: float = 1_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


def make_brain(
    *,
    plan: QuestionPlan | None = None,
    state: BrainState | None = None,
    budgets: InterviewBudgets | None = None,
    with_problems: bool = True,
) -> InterviewBrain:
    return InterviewBrain(
        plan=plan or backend_plan(),
        problems=problems() if with_problems else [],
        library=LIBRARY,
        state=state,
        budgets=budgets,
    )
