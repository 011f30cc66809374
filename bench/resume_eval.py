"""Resume and job-description analysis against the hand-labelled set in tests/resumes/labelled/.

Prints skill precision and recall (goal: >= 0.9 each), the hit rate of every extracted field, job
description skill precision/recall (required, nice-to-have) with seniority and role accuracy, and the
p50/p95 time of analysis and planning.

    .venv/bin/python bench/resume_eval.py            # the texts as written
    .venv/bin/python bench/resume_eval.py --pdf      # each resume printed to a PDF (fpdf2), read back (pypdf)
    .venv/bin/python bench/resume_eval.py --verbose  # every miss and false hit, per document
    .venv/bin/python bench/resume_eval.py --adversarial  # also: worst-case inputs at the text cap
    .venv/bin/python bench/resume_eval.py --upload 50    # also: POST /resumes/ end to end, in-process
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from api.resumes.analysis import analyze_resume  # noqa: E402
from api.resumes.job import analyze_job_description  # noqa: E402
from api.resumes.planner import build_question_plan  # noqa: E402

LABELLED_DIR = ROOT / "tests" / "resumes" / "labelled"
GOAL = 0.9
RESUME_FIELDS = (
    "name",
    "email",
    "phone",
    "links",
    "years_experience",
    "titles",
    "companies",
    "dates",
    "education",
)


@dataclass
class SkillScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def add(self, predicted: list[str], expected: list[str]) -> tuple[list[str], list[str]]:
        extra = [s for s in predicted if s not in expected]
        missed = [s for s in expected if s not in predicted]
        self.true_positives += len(set(predicted) & set(expected))
        self.false_positives += len(extra)
        self.false_negatives += len(missed)
        return extra, missed

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


@dataclass
class Report:
    resume_skills: SkillScore = field(default_factory=SkillScore)
    holdout_skills: SkillScore = field(default_factory=SkillScore)  # labelled without running the analyser
    holdout_field_hits: list[bool] = field(default_factory=list)
    job_required: SkillScore = field(default_factory=SkillScore)
    job_nice: SkillScore = field(default_factory=SkillScore)
    job_all: SkillScore = field(default_factory=SkillScore)
    field_hits: dict[str, list[bool]] = field(default_factory=lambda: {f: [] for f in RESUME_FIELDS})
    job_hits: dict[str, list[bool]] = field(default_factory=lambda: {"seniority": [], "role": []})
    analysis_ms: list[float] = field(default_factory=list)
    plan_ms: list[float] = field(default_factory=list)
    cold_start_ms: float = 0.0
    pdf_ms: list[float] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def field_rate(self, name: str) -> float:
        hits = self.field_hits[name]
        return sum(hits) / len(hits) if hits else 1.0


def load_labels(directory: Path = LABELLED_DIR) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
    return data


def pdf_round_trip(text: str) -> tuple[str, float]:
    """Print the text into a PDF with fpdf2 and read it back with the service's own PDF reader; returns
    the text read and the milliseconds the reading took."""
    from api.resumes.pdf import extract_pdf_text

    sys.path.insert(0, str(ROOT / "tests"))
    from resumes.pdf_factory import text_pdf

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "resume.pdf"
        path.write_bytes(text_pdf([text.splitlines()]))
        started = time.perf_counter()
        read = extract_pdf_text(path).text
        return read, (time.perf_counter() - started) * 1000


def _resume_field_checks(
    analysis: dict[str, Any], label: dict[str, Any], tolerance: float
) -> dict[str, bool]:
    experience = analysis["experience"]
    years = analysis["years_experience"]
    return {
        "name": analysis["name"] == label["name"],
        "email": analysis["email"] == label["email"],
        "phone": analysis["phone"] == label["phone"],
        "links": sorted(analysis["links"]) == sorted(label["links"]),
        "years_experience": years is not None and abs(years - label["years_experience"]) <= tolerance,
        "titles": [e["title"] for e in experience] == [e["title"] for e in label["experience"]],
        "companies": [e["company"] for e in experience] == [e["company"] for e in label["experience"]],
        "dates": [(e["start"], e["end"]) for e in experience]
        == [(e["start"], e["end"]) for e in label["experience"]],
        "education": [(e["school"], e["year"]) for e in analysis["education"]]
        == [(e["school"], e["year"]) for e in label["education"]],
    }


def evaluate(directory: Path = LABELLED_DIR, *, via_pdf: bool = False) -> Report:
    labels = load_labels(directory)
    today = date.fromisoformat(labels["today"])
    tolerance = float(labels["years_tolerance"])
    report = Report()
    started = time.perf_counter()
    analyze_resume("warm-up", today=today)  # loads the taxonomy and compiles its patterns, once per process
    report.cold_start_ms = (time.perf_counter() - started) * 1000
    analyses: list[dict[str, Any]] = []
    for label in labels["resumes"]:
        text = (directory / label["file"]).read_text(encoding="utf-8")
        if via_pdf:
            text, pdf_ms = pdf_round_trip(text)
            report.pdf_ms.append(pdf_ms)
        started = time.perf_counter()
        analysis = analyze_resume(text, today=today)
        report.analysis_ms.append((time.perf_counter() - started) * 1000)
        analyses.append(analysis)
        extra, missed = report.resume_skills.add(analysis["skills"], label["skills"])
        checks = _resume_field_checks(analysis, label, tolerance)
        if label.get("holdout"):
            report.holdout_skills.add(analysis["skills"], label["skills"])
            report.holdout_field_hits.extend(checks.values())
        for name, hit in checks.items():
            report.field_hits[name].append(hit)
        wrong = [name for name, hit in checks.items() if not hit]
        report.details.append(f"{label['file']}: false {extra} missed {missed} wrong fields {wrong}")
    jobs = []
    for label in labels["jobs"]:
        text = (directory / label["file"]).read_text(encoding="utf-8")
        jobs.append(text)
        job = analyze_job_description(text)
        extra_r, missed_r = report.job_required.add(job["required_skills"], label["required"])
        extra_n, missed_n = report.job_nice.add(job["nice_to_have_skills"], label["nice_to_have"])
        report.job_all.add(job["skills"], label["required"] + label["nice_to_have"])
        report.job_hits["seniority"].append(job["seniority"] == label["seniority"])
        role = (job["role"] or "").lower()
        report.job_hits["role"].append(
            bool(role) and (label["role"].lower() in role or role in label["role"].lower())
        )
        report.details.append(
            f"{label['file']}: required false {extra_r} missed {missed_r};"
            f" nice false {extra_n} missed {missed_n}; seniority {job['seniority']} role {job['role']!r}"
        )
    for analysis in analyses:
        for text in jobs:
            started = time.perf_counter()
            build_question_plan(analysis, text)
            report.plan_ms.append((time.perf_counter() - started) * 1000)
    return report


# Inputs shaped to make regexes and line-by-line parsing work hardest, at the service's text cap.
ADVERSARIAL_INPUTS = {
    "digits and spaces": "1 2 3 4 " * 25_000,
    "one 200k-char line of skills": "Python engineer " * 12_500,
    "4,000 bullet lines": "\n".join(
        f"- Built thing {i} with Go and Kafka, cutting cost by {i}%." for i in range(4000)
    ),
    "dash runs": "- " * 100_000,
    "broken emails": "a@b." * 50_000,
    "date-range fragments": "Jan 2020 - " * 18_000,
}


def adversarial_timings(max_chars: int = 200_000) -> dict[str, float]:
    """Seconds for analyze_resume on each adversarial input, cut to the PDF reader's text cap."""
    timings: dict[str, float] = {}
    for name, text in ADVERSARIAL_INPUTS.items():
        started = time.perf_counter()
        analyze_resume(text[:max_chars], today=date(2026, 1, 1))
        timings[name] = time.perf_counter() - started
    return timings


async def _upload_timings(count: int) -> list[float]:
    """Milliseconds per POST /resumes/ of a one-page PDF, in-process app on a temporary SQLite database."""
    import httpx
    from tortoise import Tortoise

    from api import db
    from api.app import create_app
    from api.auth import create_access_token
    from api.models import User
    from api.settings import Settings

    sys.path.insert(0, str(ROOT / "tests"))
    from resumes.pdf_factory import text_pdf
    from resumes.resume_documents import ONE_PAGE

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            env="test",
            data_dir=tmp,
            database_url=f"sqlite://{tmp}/bench.sqlite3",
            upload_dir=f"{tmp}/uploads",
            jwt_secret="bench-" + "x" * 40,
        )
        await db.init_db(settings.database_url)
        try:
            await Tortoise.generate_schemas()
            user = await User.create(email="bench@example.com", password_hash="-", full_name="Bench")
            headers = {"Authorization": f"Bearer {create_access_token(user.id, settings.jwt_secret, 3600)}"}
            pdf = text_pdf([ONE_PAGE])
            app = create_app(settings, manage_db=False)
            timings: list[float] = []
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
                for _ in range(count):
                    started = time.perf_counter()
                    response = await http.post(
                        "/api/v1/resumes/",
                        headers=headers,
                        files={"file": ("cv.pdf", pdf, "application/pdf")},
                    )
                    timings.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 201, response.text
            return timings
        finally:
            await db.close_db()


def _percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def print_report(report: Report, *, verbose: bool, label: str) -> None:
    skills = report.resume_skills
    print(f"resume analysis on the labelled set ({label}), {len(report.field_hits['name'])} resumes")
    print(
        f"  resume skills    precision {skills.precision:.3f}  recall {skills.recall:.3f}  (goal >= {GOAL})"
    )
    held = report.holdout_skills
    if report.holdout_field_hits:
        hits = report.holdout_field_hits
        print(
            f"  holdout subset   precision {held.precision:.3f}  recall {held.recall:.3f}"
            f"  fields {sum(hits) / len(hits):.3f}  (written after tuning, labelled blind)"
        )
    for name in RESUME_FIELDS:
        hits = report.field_hits[name]
        print(f"  field {name:<17} hit rate {report.field_rate(name):.3f}  ({sum(hits)}/{len(hits)})")
    print(f"job descriptions, {len(report.job_hits['role'])} labelled")
    for title, score in (
        ("required", report.job_required),
        ("nice", report.job_nice),
        ("all", report.job_all),
    ):
        print(f"  {title:<9} skills  precision {score.precision:.3f}  recall {score.recall:.3f}")
    for name, hits in report.job_hits.items():
        print(f"  {name:<9} accuracy {sum(hits) / len(hits):.3f}  ({sum(hits)}/{len(hits)})")
    print(f"  first analysis in a process (loads the taxonomy): {report.cold_start_ms:.1f} ms")
    print(
        f"  analyze_resume  p50 {_percentile(report.analysis_ms, 50):.2f} ms"
        f"  p95 {_percentile(report.analysis_ms, 95):.2f} ms"
    )
    print(
        f"  build_question_plan  p50 {_percentile(report.plan_ms, 50):.2f} ms"
        f"  p95 {_percentile(report.plan_ms, 95):.2f} ms  ({len(report.plan_ms)} resume x job pairs)"
    )
    if report.pdf_ms:
        print(
            f"  extract_pdf_text  p50 {_percentile(report.pdf_ms, 50):.2f} ms"
            f"  p95 {_percentile(report.pdf_ms, 95):.2f} ms"
        )
    if verbose:
        for line in report.details:
            print("  " + line)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pdf", action="store_true", help="print each resume to a PDF and read it back")
    parser.add_argument("--verbose", action="store_true", help="list misses and false hits per document")
    parser.add_argument("--adversarial", action="store_true", help="also time 200k-char adversarial inputs")
    parser.add_argument("--upload", type=int, default=0, metavar="N", help="also time N uploads end to end")
    args = parser.parse_args()
    report = evaluate(via_pdf=args.pdf)
    print_report(report, verbose=args.verbose, label="through PDF" if args.pdf else "text")
    if args.upload:
        import asyncio

        timings = asyncio.run(_upload_timings(args.upload))
        print(
            f"POST /resumes/ (one-page PDF, in-process, SQLite), {len(timings)} uploads:"
            f"  p50 {_percentile(timings, 50):.1f} ms  p95 {_percentile(timings, 95):.1f} ms"
        )
    if args.adversarial:
        print("adversarial inputs at the 200k-char text cap (analyze_resume):")
        for name, seconds in adversarial_timings().items():
            print(f"  {name:<30} {seconds * 1000:8.0f} ms")
    met = report.resume_skills.precision >= GOAL and report.resume_skills.recall >= GOAL
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
