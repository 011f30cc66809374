from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from api.resumes.analysis import analyze_resume
from api.resumes.pdf import ResumeFileError, check_pdf_signature, extract_pdf_text

from . import pdf_factory as make
from .resume_documents import (
    CYRILLIC_NAME,
    ONE_PAGE,
    THREE_PAGES,
    TWO_COLUMN_MAIN,
    TWO_COLUMN_SIDEBAR,
)

TODAY = date(2026, 11, 1)


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "upload.part"
    path.write_bytes(data)
    return path


def _failure(tmp_path: Path, data: bytes) -> ResumeFileError:
    with pytest.raises(ResumeFileError) as caught:
        extract_pdf_text(_write(tmp_path, data))
    return caught.value


def test_one_page_resume_text_and_analysis(tmp_path: Path) -> None:
    pdf = extract_pdf_text(_write(tmp_path, make.cached("text_pdf", [ONE_PAGE])))
    assert (pdf.pages, pdf.pages_read) == (1, 1)
    analysis = analyze_resume(pdf.text, today=TODAY)
    assert analysis["name"] == "Jane Doe"
    assert analysis["email"] == "jane.doe@example.com"
    assert analysis["skills"][:4] == ["MySQL", "PostgreSQL", "Event-Driven Architecture", "Apache Kafka"]
    assert {"Go", "Python", "Kubernetes", "Docker"} <= set(analysis["skills"])
    assert analysis["experience"][0]["title"] == "Senior Software Engineer"
    assert analysis["education"][0]["school"] == "University of Washington"


def test_three_page_resume_reads_every_page(tmp_path: Path) -> None:
    pdf = extract_pdf_text(_write(tmp_path, make.cached("text_pdf", THREE_PAGES)))
    assert pdf.pages == 3
    analysis = analyze_resume(pdf.text, today=TODAY)
    assert [(e["title"], e["company"], e["start"], e["end"]) for e in analysis["experience"]] == [
        ("Staff Data Engineer", "Streamline Analytics", "2019-03", "present"),
        ("Data Engineer", "Northwind Retail", "2015-01", "2019-02"),
    ]
    assert analysis["years_experience"] == 11.9  # Jan 2015 – Nov 2026 (143 months), the two jobs back to back
    assert analysis["education"] == [
        {"degree": "M.Sc. Computer Science", "school": "University of Edinburgh", "year": 2014}
    ]
    assert {"Apache Spark", "Apache Airflow", "Snowflake", "dbt", "Tableau", "Scala", "Terraform"} <= set(
        analysis["skills"]
    )


def test_two_column_layout_keeps_columns_apart(tmp_path: Path) -> None:
    pdf = extract_pdf_text(
        _write(tmp_path, make.cached("two_column_pdf", TWO_COLUMN_SIDEBAR, TWO_COLUMN_MAIN))
    )
    analysis = analyze_resume(pdf.text, today=TODAY)
    assert analysis["name"] == "Zoë Łukasiewicz-Núñez"
    assert analysis["phone"] == "+48 601 234 567"
    assert [(e["title"], e["company"]) for e in analysis["experience"]] == [
        ("Frontend Lead", "Kraków Labs"),
        ("Software Developer", "Nordlicht GmbH"),
    ]
    assert analysis["experience"][0]["highlights"][1] == (
        "Mentored five developers and introduced Cypress end-to-end tests."
    )
    assert {"TypeScript", "React", "Node.js", "GraphQL", "Cypress"} <= set(analysis["skills"])
    assert analysis["education"][0]["school"] == "Warsaw University of Technology"


def test_unicode_names_survive_the_pdf(tmp_path: Path) -> None:
    pdf = extract_pdf_text(_write(tmp_path, make.text_pdf([CYRILLIC_NAME])))
    analysis = analyze_resume(pdf.text, today=TODAY)
    assert analysis["name"] == "Дмитрий Иванов"
    assert analysis["skills"] == ["Python", "Django", "PostgreSQL"]


def test_encrypted_pdf_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    error = _failure(tmp_path, make.encrypted_pdf(ONE_PAGE))
    assert error.status_code == 422 and "password" in error.message


def test_corrupt_pdf_is_refused(tmp_path: Path) -> None:
    error = _failure(tmp_path, make.corrupt_pdf())
    assert error.status_code == 422 and "damaged" in error.message


def test_truncated_pdf_is_refused(tmp_path: Path) -> None:
    whole = make.cached("text_pdf", [ONE_PAGE])
    error = _failure(tmp_path, whole[: len(whole) // 3])
    assert error.status_code == 422


def test_image_only_pdf_is_refused(tmp_path: Path) -> None:
    error = _failure(tmp_path, make.image_only_pdf())
    assert error.status_code == 422 and "scanned" in error.message


def test_png_named_pdf_is_not_a_pdf(tmp_path: Path) -> None:
    error = _failure(tmp_path, make.png_bytes())
    assert error.status_code == 415 and "PNG" in error.message


@pytest.mark.parametrize(
    ("head", "status"),
    [(b"", 422), (b"plain text resume", 415), (b"PK\x03\x04 docx", 415), (b"junk\n%PDF-1.4\n", None)],
)
def test_pdf_is_recognised_by_its_bytes(head: bytes, status: int | None) -> None:
    if status is None:
        check_pdf_signature(head)
        return
    with pytest.raises(ResumeFileError) as caught:
        check_pdf_signature(head)
    assert caught.value.status_code == status
