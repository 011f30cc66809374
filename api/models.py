"""The data model (tortoise-orm), shared by the API and the agent worker.

Designed for two writers (the API process and the agent worker) touching the same interview:
- status transitions are conditional updates (`Interview.filter(id=..., status="pending").update(...)`),
  so a transition happens once and never overwrites another writer's transition;
- `brain_state` is guarded by `state_version` (compare-and-set: update ... where state_version = N);
- a conversation is one row per turn (`TranscriptMessage`, unique (interview, seq)): appended, not rewritten.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

INTERVIEW_STATUSES = ("pending", "in_progress", "completed", "cancelled")
RESUME_STATUSES = ("analyzed", "failed")
TRANSCRIPT_ROLES = ("candidate", "agent")
PHASES = ("greeting", "resume", "technical", "coding", "behavioral", "closing", "done")


class User(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=320, unique=True)  # stored lower-case
    password_hash = fields.CharField(max_length=255)
    full_name = fields.CharField(max_length=200, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "users"


class Resume(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="resumes", on_delete=fields.CASCADE, db_index=True
    )
    filename = fields.CharField(max_length=255)  # the client's name: metadata only, never a path
    stored_name = fields.CharField(max_length=64, unique=True)  # generated file name under UPLOAD_DIR
    size_bytes = fields.IntField()
    status = fields.CharField(max_length=16)  # one of RESUME_STATUSES
    text = fields.TextField(default="")
    analysis: fields.JSONField[Any] = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    user_id: int

    class Meta:
        table = "resumes"
        ordering = ("-created_at", "-id")


class Interview(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="interviews", on_delete=fields.CASCADE, db_index=True
    )
    resume: fields.ForeignKeyNullableRelation[Resume] = fields.ForeignKeyField(
        "models.Resume", related_name="interviews", null=True, on_delete=fields.SET_NULL
    )
    title = fields.CharField(max_length=200)
    job_description = fields.TextField(null=True)
    status = fields.CharField(max_length=16, default="pending", db_index=True)  # one of INTERVIEW_STATUSES
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    completed_at = fields.DatetimeField(null=True)
    question_plan: fields.JSONField[Any] = fields.JSONField(null=True)
    brain_state: fields.JSONField[Any] = fields.JSONField(null=True)
    state_version = fields.IntField(default=0)  # bumped on every brain_state write (compare-and-set)
    prompt_version = fields.CharField(max_length=64, null=True)
    current_problem_id = fields.CharField(max_length=100, null=True)
    current_problem_language = fields.CharField(max_length=32, null=True)
    overall_score = fields.FloatField(null=True)
    feedback_error = fields.TextField(null=True)

    user_id: int
    resume_id: int | None

    class Meta:
        table = "interviews"
        ordering = ("-created_at", "-id")


class TranscriptMessage(Model):
    id = fields.IntField(primary_key=True)
    interview: fields.ForeignKeyRelation[Interview] = fields.ForeignKeyField(
        "models.Interview", related_name="messages", on_delete=fields.CASCADE
    )
    seq = fields.IntField()  # 0-based turn number within the interview
    role = fields.CharField(max_length=16)  # one of TRANSCRIPT_ROLES
    text = fields.TextField()
    phase = fields.CharField(max_length=16)  # one of PHASES
    started_at = fields.DatetimeField(null=True)
    ended_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    latency: fields.JSONField[Any] = fields.JSONField(
        null=True
    )  # per-turn latency parts in ms, e.g. {"stt_ms":..,"total_ms":..}

    interview_id: int

    class Meta:
        table = "transcript_messages"
        unique_together = (("interview", "seq"),)
        ordering = ("seq",)


class QuestionAsked(Model):
    id = fields.IntField(primary_key=True)
    interview: fields.ForeignKeyRelation[Interview] = fields.ForeignKeyField(
        "models.Interview", related_name="questions", on_delete=fields.CASCADE
    )
    question_key = fields.CharField(max_length=100)  # the plan item id (or a generated key)
    text = fields.TextField()
    phase = fields.CharField(max_length=16)
    source = fields.CharField(max_length=32)
    asked_at = fields.DatetimeField(auto_now_add=True)

    interview_id: int

    class Meta:
        table = "questions_asked"
        unique_together = (("interview", "question_key"),)
        ordering = ("asked_at", "id")


class CodeSubmission(Model):
    id = fields.IntField(primary_key=True)
    interview: fields.ForeignKeyRelation[Interview] = fields.ForeignKeyField(
        "models.Interview", related_name="submissions", on_delete=fields.CASCADE, db_index=True
    )
    language = fields.CharField(max_length=32)
    code = fields.TextField()
    problem_id = fields.CharField(max_length=100, null=True)
    stdout = fields.TextField(default="")
    stderr = fields.TextField(default="")
    exit_code = fields.IntField(null=True)
    execution_time_ms = fields.IntField(default=0)
    timed_out = fields.BooleanField(default=False)
    truncated = fields.BooleanField(default=False)
    status = fields.CharField(max_length=32)
    tests: fields.JSONField[Any] = fields.JSONField(null=True)
    tests_passed = fields.IntField(null=True)
    tests_total = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    delivered_to_agent_at = fields.DatetimeField(null=True)  # set when the agent has consumed it

    interview_id: int

    class Meta:
        table = "code_submissions"
        ordering = ("created_at", "id")


class Feedback(Model):
    id = fields.IntField(primary_key=True)
    interview: fields.OneToOneRelation[Interview] = fields.OneToOneField(
        "models.Interview", related_name="feedback", on_delete=fields.CASCADE
    )
    overall_score = fields.FloatField(null=True)
    communication_score = fields.FloatField(null=True)
    technical_score = fields.FloatField(null=True)
    problem_solving_score = fields.FloatField(null=True)
    code_quality_score = fields.FloatField(null=True)
    skill_breakdown: fields.JSONField[Any] = fields.JSONField(default=dict)
    strengths: fields.JSONField[Any] = fields.JSONField(default=list)
    improvements: fields.JSONField[Any] = fields.JSONField(default=list)
    summary = fields.TextField(default="")
    rubric_version = fields.CharField(max_length=64)
    prompt_version = fields.CharField(max_length=64, null=True)
    judge = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    interview_id: int

    class Meta:
        table = "feedback"
