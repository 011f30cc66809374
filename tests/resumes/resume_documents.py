"""The lines of the resumes the PDF and route tests print into real PDFs."""

from __future__ import annotations

ONE_PAGE = [
    "Jane Doe",
    "jane.doe@example.com | +1 (415) 555-0134 | github.com/janedoe",
    "Experience",
    "Senior Software Engineer | Payments Inc. | Jan 2020 – Present",
    "• Led migration of the billing service from MySQL to PostgreSQL, cutting p95 latency by 40%.",
    "• Designed an event-driven ledger on Kafka processing 2M events per day.",
    "Education",
    "B.S. in Computer Science, University of Washington, 2016",
    "Skills",
    "Go, Python, PostgreSQL, k8s, Docker",
]

THREE_PAGES = [
    [
        "Marcus Oyelaran",
        "marcus@oyelaran.dev | +44 20 7946 0958",
        "Summary",
        "Staff engineer focused on data platforms.",
        "Experience",
        "Staff Data Engineer, Streamline Analytics, Mar 2019 - Present",
        "- Built a Spark and Airflow platform that runs 1,200 daily jobs.",
        "- Cut warehouse costs by 35% moving from Redshift to Snowflake.",
    ],
    [
        "Data Engineer, Northwind Retail, Jan 2015 - Feb 2019",
        "- Wrote ETL pipelines in Python and SQL feeding Tableau dashboards.",
        "- Introduced dbt and data quality tests for 300 models.",
    ],
    [
        "Education",
        "M.Sc. Computer Science, University of Edinburgh, 2014",
        "Skills",
        "Python, Scala, Apache Kafka, Terraform, AWS",
    ],
]

TWO_COLUMN_SIDEBAR = [
    "Zoë Łukasiewicz-Núñez",
    "zoe.ln@example.eu",
    "+48 601 234 567",
    "Skills",
    "TypeScript",
    "React",
    "Node.js",
    "GraphQL",
    "Education",
    "MSc Software Engineering",
    "Warsaw University of Technology",
    "2017",
]

TWO_COLUMN_MAIN = [
    "Experience",
    "Frontend Lead, Kraków Labs, Sep 2019 – Present",
    "• Rebuilt the checkout in React and TypeScript, raising conversion by 12%.",
    "• Mentored five developers and introduced Cypress end-to-end tests.",
    "Software Developer, Nordlicht GmbH, Jul 2017 – Aug 2019",
    "• Built GraphQL APIs in Node.js for a logistics dashboard.",
]

CYRILLIC_NAME = ["Дмитрий Иванов", "dmitry@example.ru", "Skills", "Python, Django, PostgreSQL"]
