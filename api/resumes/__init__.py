"""Resumes and job descriptions: PDF text, offline analysis, the skills taxonomy and the question plan.

Public entry points (pure, deterministic, no web framework / ORM imports):
- `api.resumes.planner.build_question_plan(resume_analysis, job_description, *, candidate_name=None)`
  -> `api.resumes.plan.QuestionPlan` (the contract the interviewer's brain consumes);
- `api.resumes.analysis.analyze_resume(text, *, today=None)` -> the API's `analysis` dict;
- `api.resumes.job.analyze_job_description(text)` -> role, seniority, required / nice-to-have skills;
- `api.resumes.taxonomy`: `canonical_skill(name)`, `skill_category(name)`, `find_skills(text)`,
  `load_taxonomy()` (mentions with positions, `ancestors`, `covers`);
- `api.resumes.pdf.extract_pdf_text(path)` (raises `ResumeFileError` with a 415/422 status and message).
Data lives in `resources/`: skills.json, sections.json, roles.json, plan.json; the enrichment prompt in
`prompts/resumes/` (versioned, like every prompt).
"""
