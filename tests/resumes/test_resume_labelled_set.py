"""The labelled set must stay at the quality the bench reports (bench/resume_eval.py prints the details)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "resume_eval.py"


@pytest.fixture(scope="module")
def resume_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("resume_eval", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_labelled_set_size(resume_eval: ModuleType) -> None:
    labels = resume_eval.load_labels()
    assert len(labels["resumes"]) >= 12 and len(labels["jobs"]) >= 6


def test_skill_precision_and_recall_meet_the_goal(resume_eval: ModuleType) -> None:
    report = resume_eval.evaluate()
    assert report.resume_skills.precision >= resume_eval.GOAL, report.details
    assert report.resume_skills.recall >= resume_eval.GOAL, report.details
    assert report.job_all.precision >= resume_eval.GOAL and report.job_all.recall >= resume_eval.GOAL
    for name in resume_eval.RESUME_FIELDS:
        assert report.field_rate(name) >= 0.8, (name, report.details)
