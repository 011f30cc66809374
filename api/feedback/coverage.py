"""What each answer covered: the plan's skills, matched to the answers that talked about them.

An answer is about a plan item when its question was recorded as asking that item (`Turn.plan_item_id`),
else when its question names the item's skill or topic, else when the answer itself names the skill. The
question is not enough on its own: an answer that names another planned skill and nothing of this item,
neither its skill nor a topic word (the Kafka project told in reply to the PostgreSQL question), is evidence
for that skill only; one naming this item as well (a Postgres index answer that mentions Redis in passing)
stays evidence for it. Skills are recognised by the skills taxonomy, so an alias ("Postgres") or a narrower
skill ("Django" for Python) names one too. A skill no answer talked about gets a null score, not a low one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from api.feedback.answers import Answer, answers_in
from api.feedback.evidence import NO_EVIDENCE, DimensionScore, InterviewRecord
from api.feedback.rubric import Rubric
from api.feedback.scoring import score_answers_for_depth
from api.resumes.plan import PlanItem
from api.resumes.taxonomy import SkillTaxonomy

_TOPIC_WORD = re.compile(r"[a-z][a-z0-9+#.\-]{3,}")
_STOPWORDS = frozenset(
    [
        "about",
        "with",
        "from",
        "that",
        "this",
        "your",
        "their",
        "there",
        "what",
        "which",
        "when",
        "where",
        "have",
        "into",
        "over",
        "under",
        "more",
        "most",
    ]
)


def _mentions(text: str, phrase: str) -> bool:
    return re.search(r"(?<![a-z0-9])" + re.escape(phrase.lower()) + r"(?![a-z0-9])", text.lower()) is not None


def topic_words(topic: str) -> set[str]:
    return {w for w in _TOPIC_WORD.findall(topic.lower()) if w not in _STOPWORDS}


# Cached: it scans the whole taxonomy, and the same few plan skills come back in every interview.
@lru_cache(maxsize=1024)
def _narrower_or_same(taxonomy: SkillTaxonomy, skill: str) -> frozenset[str]:
    return frozenset([skill, *(s.name for s in taxonomy.skills if skill in taxonomy.ancestors(s.name))])


@dataclass(frozen=True)
class PlannedSkill:
    """A plan skill (canonical name) and which skills named in an answer count for it or point away from it.

    `naming`: the skill itself (any alias) and its narrower skills: "Django" names Python.
    `elsewhere`: the other planned skills. An answer naming one of them and nothing in `naming` is about
    that one. Their narrower skills are not in it ("Django models" in a PostgreSQL answer is a tool used
    there, not a new subject), nor is a skill broader than this one ("Python" in a Django answer).
    """

    name: str
    naming: frozenset[str]
    elsewhere: frozenset[str]


def planned_skills(skills: list[str], taxonomy: SkillTaxonomy) -> dict[str, PlannedSkill]:
    """Plan skill as written → its `PlannedSkill`; a name the taxonomy does not know stays as written."""
    canonical = {s: taxonomy.canonical(s) or s for s in skills}
    naming = {name: _narrower_or_same(taxonomy, name) for name in canonical.values()}
    planned = {}
    for written, name in canonical.items():
        others = frozenset(other for other in naming if other != name)
        planned[written] = PlannedSkill(
            name, naming[name], others - naming[name] - set(taxonomy.ancestors(name))
        )
    return planned


def skills_named(text: str, taxonomy: SkillTaxonomy, plan_skills: tuple[str, ...]) -> frozenset[str]:
    """Canonical names of the skills `text` names; a plan skill the taxonomy does not know counts when named
    verbatim."""
    found = set(taxonomy.find_names(text))
    found.update(s for s in plan_skills if s not in taxonomy and _mentions(text, s))
    return frozenset(found)


@dataclass(frozen=True)
class ReadAnswer:
    """An answer with the skills it and its question name, read once per interview."""

    answer: Answer
    named: frozenset[str]
    question_named: frozenset[str]

    @property
    def question_item(self) -> str | None:
        return self.answer.question.plan_item_id if self.answer.question is not None else None


def question_is_about(reading: ReadAnswer, item: PlanItem, skill: PlannedSkill) -> bool:
    """Does the question of `reading` name `skill`, or enough of `item`'s topic words?"""
    question = reading.answer.question
    if question is None:
        return False
    if reading.question_named & skill.naming:
        return True
    words = topic_words(item.topic)
    if not words:
        return False
    hits = sum(1 for w in words if _mentions(question.text, w))
    return hits >= min(2, len(words))


def names_the_item(reading: ReadAnswer, item: PlanItem, skill: PlannedSkill) -> bool:
    """Does the answer itself name `skill` (an alias or a narrower skill counts) or a topic word of `item`?"""
    if reading.named & skill.naming:
        return True
    return any(_mentions(reading.answer.text, w) for w in topic_words(item.topic))


def answers_for(
    item: PlanItem, skill: PlannedSkill, readings: list[ReadAnswer], skill_items: frozenset[str]
) -> list[Answer]:
    """The answers about `item`: those to questions recorded as asking it, else those whose question names
    its skill or topic, else those that name its skill. An answer that names another planned skill and
    nothing of this item (neither its skill nor a topic word) is never its evidence; one that names this
    item too stays its evidence ("... cached the hottest reads in Redis" told to the Postgres index
    question). One recorded as answering another skill's question is not borrowed for its question's
    wording (ids in `skill_items` are the plan items with a skill)."""
    on_subject = [r for r in readings if names_the_item(r, item, skill) or not r.named & skill.elsewhere]
    explicit = [r.answer for r in on_subject if r.question_item == item.id]
    if explicit:
        return explicit
    asked = [
        r.answer
        for r in on_subject
        if r.question_item not in skill_items and question_is_about(r, item, skill)
    ]
    if asked:
        return asked
    return [r.answer for r in readings if r.named & skill.naming]


def skill_breakdown(
    record: InterviewRecord, rubric: Rubric, taxonomy: SkillTaxonomy
) -> dict[str, DimensionScore]:
    """One entry per plan skill: depth of the answers about it, with quotes; null if never covered."""
    if record.plan is None:
        return {}
    items = [(i, i.skill) for i in record.plan.items if i.skill]
    planned = planned_skills([skill for _, skill in items], taxonomy)
    names = tuple(p.name for p in planned.values())
    readings = [
        ReadAnswer(
            a,
            skills_named(a.text, taxonomy, names),
            skills_named(a.question.text, taxonomy, names) if a.question else frozenset(),
        )
        for a in answers_in(record, rubric)
    ]
    skill_items = frozenset(i.id for i, _ in items)
    by_skill: dict[str, list[Answer]] = {}
    for item, skill in items:
        matched = by_skill.setdefault(skill, [])
        matched.extend(
            a for a in answers_for(item, planned[skill], readings, skill_items) if a not in matched
        )
    return {
        skill: score_answers_for_depth(matched, rubric, (skill.lower(),)) if matched else NO_EVIDENCE
        for skill, matched in by_skill.items()
    }
