"""The built-in demo interview for console mode: a sample resume and job description shipped as data files.

`create_demo_interview()` writes a real interview (demo user, analysed resume, job description, question plan,
status `in_progress`) so a console interview is persisted like any other and feedback can be generated for it.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from api.models import Interview, Resume, User
from api.resumes.analysis import analyze_resume
from api.resumes.planner import build_question_plan

DEMO_DIR = Path(__file__).resolve().parent
DEMO_MANIFEST = DEMO_DIR / "demo.json"


@dataclass(frozen=True)
class DemoMaterial:
    candidate_name: str
    candidate_email: str
    title: str
    resume_text: str
    job_description: str


def load_demo_material() -> DemoMaterial:
    manifest: dict[str, Any] = json.loads(DEMO_MANIFEST.read_text(encoding="utf-8"))
    return DemoMaterial(
        candidate_name=manifest["candidate_name"],
        candidate_email=manifest["candidate_email"].lower(),
        title=manifest["title"],
        resume_text=(DEMO_DIR / manifest["resume_file"]).read_text(encoding="utf-8"),
        job_description=(DEMO_DIR / manifest["job_description_file"]).read_text(encoding="utf-8"),
    )


async def create_demo_interview(material: DemoMaterial | None = None) -> int:
    """Create a fresh in-progress demo interview (reusing the demo user) and return its id."""
    material = material or load_demo_material()
    user = await User.get_or_none(email=material.candidate_email)
    if user is None:
        # Nobody logs in as the demo candidate: the password is random and thrown away.
        # Hashing and analysis are CPU work: off the event loop, which may be serving audio.
        password_hash = await asyncio.to_thread(PasswordHasher().hash, secrets.token_urlsafe(24))
        user = await User.create(
            email=material.candidate_email, password_hash=password_hash, full_name=material.candidate_name
        )
    analysis = await asyncio.to_thread(analyze_resume, material.resume_text)
    resume = await Resume.create(
        user_id=user.id,
        filename="demo-resume.txt",
        stored_name=f"demo-{secrets.token_hex(16)}",  # no file on disk: the text is the stored content
        size_bytes=len(material.resume_text.encode()),
        status="analyzed",
        text=material.resume_text,
        analysis=analysis,
    )
    plan = await asyncio.to_thread(
        build_question_plan, analysis, material.job_description, candidate_name=material.candidate_name
    )
    interview = await Interview.create(
        user_id=user.id,
        resume_id=resume.id,
        title=material.title,
        job_description=material.job_description,
        status="in_progress",
        question_plan=plan.to_dict(),
    )
    await Interview.filter(id=interview.id).update(started_at=interview.created_at)
    return interview.id
