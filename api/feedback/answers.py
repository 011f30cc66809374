"""Which candidate turns are answers: the only turns that are scored or quoted as evidence.

Not answers (the rubric's `non_answers`): whatever is said in the greeting, which only asks "Ready to
begin?", and requests about the interview itself: to stop, to repeat or clarify the question, to move on,
for a hint or a moment to think. Quoting "I'd like to stop the interview now" as weak Python, or "Yes,
ready." as the hardest answer to follow, says something false about the candidate. An honest "I don't know"
is an answer: it is what the candidate knew, and it lowers the score of the question it answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.feedback.evidence import InterviewRecord, Turn, has_words, normalise_for_match, sentences
from api.feedback.rubric import Rubric
from api.feedback.signals import AnswerSignals, read_signals


@dataclass(frozen=True)
class Answer:
    """The candidate turns that followed one agent turn (the question), in order."""

    question: Turn | None
    turns: tuple[Turn, ...]

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.turns)


def group_answers(turns: tuple[Turn, ...] | list[Turn]) -> list[Answer]:
    answers: list[Answer] = []
    question: Turn | None = None
    pending: list[Turn] = []
    for turn in turns:
        if turn.role == "agent":
            if pending:
                answers.append(Answer(question, tuple(pending)))
                pending = []
            question = turn
        elif has_words(turn.text):
            pending.append(turn)
    if pending:
        answers.append(Answer(question, tuple(pending)))
    return answers


def _has_substance(s: AnswerSignals, *, reasons: bool = True, non_answers: bool = True) -> bool:
    return bool(
        s.technical_terms
        or (reasons and s.reasoning)
        or s.examples
        or s.quantities
        or s.approach
        or s.edge_cases
        or s.complexity
        or s.testing
        or s.debugging
        or (non_answers and s.non_answers)
    )


def says_something(text: str, rubric: Rubric) -> bool:
    """True when `text` carries anything the scorer reads as substance, an honest "I don't know" included."""
    return _has_substance(read_signals(text, rubric.lexicon))


def carries_substance(text: str, rubric: Rubric) -> bool:
    """`says_something` less the non-answer phrases: a term, reason, example, number, approach, edge case,
    complexity, test or debugging step. "I don't know the exact numbers, but we sharded Kafka ..." carries
    substance; "I don't know, sorry." does not."""
    return _has_substance(read_signals(text, rubric.lexicon), non_answers=False)


def _beyond_a_reason(text: str, rubric: Rubric) -> bool:
    """Substance left beside a request: a reason alone ("because something came up") explains the request,
    it does not answer the question; anything else (a term, a number, an "I don't know") does."""
    return _has_substance(read_signals(text, rubric.lexicon), reasons=False)


def request_spans_removed(text: str, rubric: Rubric) -> tuple[bool, str]:
    """(whether any sentence of `text` makes a request about the interview, the text with only the matched
    request phrases cut out). Every pattern is matched on the sentence as said, so overlapping matches of
    two patterns are both cut."""
    found = False
    rest: list[str] = []
    for sentence in sentences(text):
        norm = normalise_for_match(sentence)
        cut = [False] * len(norm)
        for pattern in rubric.procedural_requests:
            for m in pattern.finditer(norm):
                found = True
                cut[m.start() : m.end()] = [True] * (m.end() - m.start())
        rest.append("".join(" " if gone else ch for ch, gone in zip(norm, cut, strict=True)))
    return found, " ".join(rest)


def is_procedural(text: str, rubric: Rubric) -> bool:
    """A request about the interview rather than an answer: some sentence asks to stop, repeat, clarify,
    move on, get a hint or think, and the request is the whole point of the turn. Only the matched request
    phrase is set aside, and what is left must say nothing beyond, at most, a reason for the request
    ("Sorry about that!", "because something came up"). So "Could you repeat the question?" and "I need to
    stop because something came up" are requests, while "Let me think, I'd keep a hash map ..." and
    "Hold on, I think the bug is in the cache invalidation ..." are answers."""
    found, rest = request_spans_removed(text, rubric)
    return found and not _beyond_a_reason(rest, rubric)


def is_answer(turn: Turn, rubric: Rubric) -> bool:
    return (
        turn.role == "candidate"
        and has_words(turn.text)
        and turn.phase not in rubric.non_answer_phases
        and not is_procedural(turn.text, rubric)
    )


def _is_answer_in(turn: Turn, rubric: Rubric, phases: frozenset[str] | None) -> bool:
    return (phases is None or turn.phase in phases) and is_answer(turn, rubric)


def answer_turns(record: InterviewRecord, rubric: Rubric, phases: frozenset[str] | None = None) -> list[Turn]:
    """The candidate's answer turns (in `phases`, when given), in order."""
    return [t for t in record.turns if _is_answer_in(t, rubric, phases)]


def answers_in(record: InterviewRecord, rubric: Rubric, phases: frozenset[str] | None = None) -> list[Answer]:
    """Answers given in `phases` (any phase when None). Agent turns of every phase still separate one answer
    from the next, so a question followed only by a request to stop has no answer at all."""
    return group_answers([t for t in record.turns if t.role == "agent" or _is_answer_in(t, rubric, phases)])
