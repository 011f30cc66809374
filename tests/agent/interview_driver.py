"""Typed interviews through the real runtime (text mode, offline interviewer, the real database store)."""

from __future__ import annotations

from agent.interviewer_setup import make_interviewer_llm
from agent.runtime import InterviewRuntime, RuntimeEngines
from api.models import Interview, Resume, User
from api.settings import Settings

# Substantive answers (numbers, decisions, trade-offs) so the brain moves on instead of probing.
ANSWERS = [
    "At Parcelway I led the migration from a Django monolith to FastAPI services. I designed the split by "
    "domain, we ran both side by side behind a feature flag for six weeks, and p95 latency went from 900 ms "
    "to 180 ms because each service owned its own PostgreSQL schema and cache.",
    "The trade-off was operational cost: more services meant more on-call surface, so we invested in "
    "tracing with OpenTelemetry and a shared deployment template. I measured success by error budgets and "
    "the number of pages per week, which dropped from twelve to two.",
    "For Kafka I used consumer groups with idempotent writes keyed by the event id, so a retry never "
    "double-counts. We partitioned by shipment id to keep ordering per shipment, and monitored consumer lag "
    "with alerts at five minutes.",
    "In PostgreSQL I partitioned the events table by month, added a BRIN index on the timestamp, and moved "
    "partitions older than a year to S3 with a nightly job. Queries on recent data stayed under 50 ms.",
    "When two senior engineers disagreed on the API design, I wrote up both options with their costs, we "
    "ran a one-hour review, agreed on criteria first, and picked the option that was easier to roll back. "
    "Both felt heard and we shipped on time.",
]


def text_engines() -> RuntimeEngines:
    """The worker's engines for typed interviews: the embedded interviewer LLM, no audio models."""
    settings = Settings()
    return RuntimeEngines(llm=lambda: make_interviewer_llm(settings))


async def make_interview(*, status: str = "in_progress") -> int:
    user = await User.create(email=f"cand{await User.all().count()}@example.com", password_hash="x",
                             full_name="Jordan Rivera")
    resume = await Resume.create(
        user_id=user.id, filename="cv.pdf", stored_name=f"cv-{user.id}", size_bytes=100, status="analyzed",
        text="Jordan Rivera", analysis={"name": "Jordan Rivera", "skills": ["Python", "PostgreSQL", "Kafka"]},
    )
    interview = await Interview.create(
        user_id=user.id, resume_id=resume.id, title="Senior Backend Engineer",
        job_description="Python, PostgreSQL and Kafka for payments.", status=status,
    )
    return interview.id


async def open_runtime(interview_id: int) -> InterviewRuntime:
    runtime = await InterviewRuntime.open(interview_id, engines=text_engines())
    assert runtime is not None
    await runtime.start()
    return runtime


async def say(runtime: InterviewRuntime, text: str) -> list[str]:
    """One typed candidate turn; returns what the interviewer said in reply."""
    result = await runtime.session.run(user_input=text)
    return [
        event.item.text_content or ""
        for event in result.events
        if event.type == "message" and event.item.role == "assistant"
    ]


async def answer_until_phase(runtime: InterviewRuntime, phase: str, *, max_turns: int = 30) -> int:
    """Answer questions until the interviewer is in `phase`; returns how many answers it took."""
    for turn in range(max_turns):
        if runtime.interviewer.phase == phase:
            return turn
        await say(runtime, ANSWERS[turn % len(ANSWERS)])
    raise AssertionError(f"still in {runtime.interviewer.phase} after {max_turns} answers, wanted {phase}")
