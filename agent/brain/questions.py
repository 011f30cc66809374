"""The questions an interview can ask, per phase: the question plan's items first, then the default bank."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise
from typing import Any, cast

from agent.brain.answers import mentioned_terms
from agent.brain.phases import Phase, as_phase
from api.resumes.plan import PlanItem, PlanPhase, QuestionPlan
from api.resumes.taxonomy import load_taxonomy

_FUNCTION_WORDS = {
    "the",
    "and",
    "for",
    "with",
    "from",
    "into",
    "your",
    "you",
    "that",
    "this",
    "their",
    "our",
    "its",
    "about",
    "using",
    "via",
    "over",
    "when",
    "how",
    "what",
    "a",
    "an",
    "of",
    "to",
    "in",
    "on",
    "at",
}


@dataclass(frozen=True)
class QuestionSpec:
    """One primary question. `key` is unique in an interview; `source` is where it came from
    ("resume", "job_description" or "default"); `kind` is the plan item kind or "general"/"closing"."""

    key: str
    phase: Phase
    kind: str
    topic: str
    source: str
    skill: str | None = None
    citation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "phase": self.phase,
            "kind": self.kind,
            "topic": self.topic,
            "source": self.source,
            "skill": self.skill,
            "citation": self.citation,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuestionSpec:
        return cls(
            key=str(data["key"]),
            phase=as_phase(data["phase"]),
            kind=str(data["kind"]),
            topic=str(data["topic"]),
            source=str(data["source"]),
            skill=data.get("skill"),
            citation=data.get("citation"),
        )

    @property
    def terms(self) -> tuple[str, ...]:
        """The skill this question is about, when it has one."""
        return tuple(t for t in (self.skill,) if t)

    @property
    def topic_phrases(self) -> tuple[str, ...]:
        """Adjacent content-word pairs of a planned topic ("fraud scoring", "scoring pipeline")."""
        if self.source == "default":
            return ()
        tokens = re.findall(r"[\w+#-]+", self.topic.lower())
        return tuple(
            f"{a} {b}"
            for a, b in pairwise(tokens)
            if a not in _FUNCTION_WORDS and b not in _FUNCTION_WORDS and len(a) > 2 and len(b) > 2
        )

    @property
    def topic_stems(self) -> frozenset[str]:
        """The topic's content words, cut to a stem so "partitioned" meets "partitioning". A leading verb
        ("designing ...", "leading ...") says what was done, not what about, so it does not count."""
        words = re.findall(r"[\w+#-]+", self.topic.lower())
        if words and words[0].endswith("ing"):
            words = words[1:]
        return frozenset(_stem(w) for w in words if w not in _FUNCTION_WORDS and len(w) > 3)

    def names_skill(self, text: str) -> bool:
        """`text` names this question's skill: as written, or as the skills taxonomy knows it ("Kafka" for
        "Apache Kafka", "Postgres" for PostgreSQL, a narrower skill such as "Kafka Streams"), with the
        taxonomy's guards against ambiguous aliases."""
        if not self.skill:
            return False
        canonical = load_taxonomy().canonical(self.skill)
        if canonical is None:  # a skill the taxonomy does not know: named as written
            return bool(mentioned_terms(text, self.terms))
        return canonical in skills_named(text)

    def answered_by(self, text: str) -> bool:
        """The answer is about this question's own subject: it names the skill, or two of the topic's words
        (the only one, for a one-word topic). An answer about some other project does not count."""
        if self.names_skill(text):
            return True
        stems = self.topic_stems
        if not stems:
            return False
        said = {_stem(w) for w in re.findall(r"[\w+#-]+", text.lower())}
        return len(stems & said) >= min(2, len(stems))

    def already_covered_by(self, text: str) -> bool:
        """The candidate talked about this question's subject: its skill, or two phrases of its topic."""
        if self.names_skill(text):
            return True
        return len(mentioned_terms(text, self.topic_phrases)) >= 2


RESUME_PROJECT = "resume_deep_dive"  # the kind of a question about one project named on the resume


def other_project_answered(
    spec: QuestionSpec, bank: dict[Phase, list[QuestionSpec]], text: str
) -> QuestionSpec | None:
    """For a question about one resume project: another planned project the answer was about instead (it
    names that one's subject and not this one's). Only positive evidence counts: an answer naming no project
    at all is taken to be about the one asked."""
    if spec.kind != RESUME_PROJECT or spec.answered_by(text):
        return None
    others = (q for q in bank.get(spec.phase, []) if q.kind == RESUME_PROJECT and q.key != spec.key)
    return next((q for q in others if q.answered_by(text)), None)


@lru_cache(maxsize=32)
def skills_named(text: str) -> frozenset[str]:
    """The taxonomy's skills `text` names, with the broader skills they belong to: the taxonomy reports the
    longest match ("Kafka Streams"), which names Kafka too. Cached: one turn is read against every planned
    question, and a scan of the whole taxonomy per question would repeat the same work."""
    taxonomy = load_taxonomy()
    return frozenset(
        chain.from_iterable((found, *taxonomy.ancestors(found)) for found in taxonomy.find_names(text))
    )


def _stem(word: str) -> str:
    return word[:6]


def from_plan_item(item: PlanItem) -> QuestionSpec:
    return QuestionSpec(
        key=f"plan:{item.id}",
        phase=item.phase,
        kind=item.kind,
        topic=item.topic,
        source=item.source,
        skill=item.skill,
        citation=item.citation,
    )


def build_question_bank(
    plan: QuestionPlan, defaults: dict[str, list[dict[str, Any]]], min_per_phase: dict[Phase, int]
) -> dict[Phase, list[QuestionSpec]]:
    """Plan items in plan order, topped up from the default bank to one more than each phase's budget
    (one spare, for when a planned question turns out to be already answered)."""
    bank: dict[Phase, list[QuestionSpec]] = {}
    for phase_name in ("resume", "technical", "behavioral", "closing"):
        phase = as_phase(phase_name)
        questions = (
            [from_plan_item(i) for i in plan.for_phase(cast(PlanPhase, phase_name))]
            if phase_name != "closing"
            else []
        )
        for raw in defaults.get(phase_name, []):
            if len(questions) > max(min_per_phase.get(phase, 0), 1) and phase_name != "closing":
                break
            questions.append(
                QuestionSpec(
                    key=f"default:{raw['id']}",
                    phase=phase,
                    kind=str(raw.get("kind", "general")),
                    topic=str(raw["topic"]),
                    source="default",
                )
            )
        bank[phase] = questions
    return bank
