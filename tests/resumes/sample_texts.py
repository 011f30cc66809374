"""Resume and job-description texts shared by the resume tests (shaped like pypdf's output of a real PDF)."""

from __future__ import annotations

JANE_RESUME = """Jane Doe
Senior Backend Engineer
jane.doe@example.com | +1 (415) 555-0134 | github.com/janedoe | https://www.linkedin.com/in/janedoe
San Francisco, CA
Summary
Backend engineer with 8 years of experience building payment systems in Go and Python. I like boring,
reliable infrastructure.
Experience
Senior Software Engineer | Payments Inc. | Jan 2020 – Present
• Led migration of the billing service from MySQL to PostgreSQL, cutting p95 latency by 40%.
• Designed an event-driven ledger on Kafka processing 2M events per day.
• Mentored 4 engineers and ran the on-call rotation.
Software Engineer
Acme Corp, Seattle, WA
Jun 2016 - Dec 2019
- Built REST APIs in Python (Django) used by 300 internal users.
- Wrote Terraform modules for AWS (ECS, RDS) and cut deploy time from 40 to 8
minutes.
Education
B.S. in Computer Science, University of Washington, 2016
Skills
Go, Python, PostgreSQL, k8s, Docker, Redis, gRPC, JS
"""

BACKEND_JOB = """Senior Backend Engineer (Payments)
We are a fintech startup. You will build and operate our ledger and payment APIs.
What you'll do:
- Design and build services in Go and PostgreSQL
- Run our infrastructure on Kubernetes in AWS
Requirements:
- 5+ years of professional software engineering experience
- Strong knowledge of distributed systems
- Experience with Kafka
- Solid grasp of Elixir for our settlement engine
Nice to have:
- Terraform, gRPC
- Experience with Rust is a plus
"""

JUNIOR_FRONTEND_JOB = """Junior Frontend Developer
Join our product team building dashboards.
You have:
- 1+ years of experience with React and TypeScript
- Good CSS skills
Bonus:
- Storybook, Cypress
"""
