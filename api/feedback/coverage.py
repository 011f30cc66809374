"""What each answer covered: the plan's skills, matched to the answers that talked about them.

An agent turn is about a plan item when the runtime recorded that (`Turn.plan_item_id`), else when it names
the item's skill or its topic. A skill nobody asked or talked about gets a null score, not a low one.
"""

from __future__ import annotations

import re

from api.feedback.evidence import NO_EVIDENCE, DimensionScore, InterviewRecord
from api.feedback.rubric import Rubric
from api.feedback.scoring import Answer, group_answers, score_answers_for_depth
from api.resumes.plan import PlanItem

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


def question_is_about(question_text: str, item: PlanItem) -> bool:
    if item.skill and _mentions(question_text, item.skill):
        return True
    words = topic_words(item.topic)
    if not words:
        return False
    hits = sum(1 for w in words if _mentions(question_text, w))
    return hits >= min(2, len(words))


def answers_for(
    item: PlanItem, answers: list[Answer], skill_items: frozenset[str] = frozenset()
) -> list[Answer]:
    """The answers about `item`: those to questions recorded as asking it, else those whose question names
    its skill or topic, else those that name its skill. An answer recorded as answering another skill's
    question is never borrowed by text matching (ids in `skill_items` are the plan items with a skill)."""
    explicit = [a for a in answers if a.question is not None and a.question.plan_item_id == item.id]
    if explicit:
        return explicit
    free = [
        a
        for a in answers
        if a.question is None or a.question.plan_item_id is None or a.question.plan_item_id not in skill_items
    ]
    asked = [a for a in free if a.question is not None and question_is_about(a.question.text, item)]
    if asked:
        return asked
    return [a for a in free if item.skill and _mentions(a.text, item.skill)]


def skill_breakdown(record: InterviewRecord, rubric: Rubric) -> dict[str, DimensionScore]:
    """One entry per plan skill: depth of the answers about it, with quotes; null if never covered."""
    if record.plan is None:
        return {}
    answers = group_answers(list(record.turns))
    skill_items = frozenset(i.id for i in record.plan.items if i.skill)
    by_skill: dict[str, list[Answer]] = {}
    for item in record.plan.items:
        if not item.skill:
            continue
        matched = by_skill.setdefault(item.skill, [])
        matched.extend(a for a in answers_for(item, answers, skill_items) if a not in matched)
    return {
        skill: score_answers_for_depth(matched, rubric, (skill.lower(),)) if matched else NO_EVIDENCE
        for skill, matched in by_skill.items()
    }
