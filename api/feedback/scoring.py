"""The four dimension scores, computed from evidence, and the overall score computed from them.

Each scorer returns a `DimensionScore` whose evidence names the turns (with verbatim quotes) and submissions
it read; with nothing to read it returns a null score, never 0. Sub-scores that have no evidence are left
out and the remaining weights renormalised, the same rule `overall_score` applies to the four dimensions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from api.feedback.answers import Answer, answer_turns, answers_in
from api.feedback.code_metrics import CodeMetrics, analyze_code
from api.feedback.evidence import (
    NO_EVIDENCE,
    DimensionScore,
    Evidence,
    InterviewRecord,
    Submission,
    Turn,
    clip_quote,
    sentences,
)
from api.feedback.rubric import Rubric
from api.feedback.signals import AnswerSignals, read_signals, saturate

MAX_EVIDENCE = 3


def weighted_mean(parts: Mapping[str, float | None], weights: Mapping[str, float]) -> float | None:
    """Weighted mean over the parts that are not None, weights renormalised; None when none are present."""
    present = {k: v for k, v in parts.items() if v is not None and weights.get(k, 0.0) > 0}
    total = sum(weights[k] for k in present)
    if not present or total <= 0:
        return None
    return max(0.0, min(1.0, sum(weights[k] * v for k, v in present.items()) / total))


def overall_score(scores: Mapping[str, float | None], weights: Mapping[str, float]) -> float | None:
    """The overall score: dimension weights renormalised over the dimensions that have a score."""
    return weighted_mean(scores, weights)


def quote_from(turn: Turn, rank: Callable[[str], float]) -> Evidence:
    """Evidence for `turn`: its sentence that ranks highest, clipped (still a verbatim substring)."""
    best = max(sentences(turn.text) or [turn.text], key=rank)
    return Evidence(kind="turn", ref=turn.id, quote=clip_quote(best))


def _extremes(scored: list[tuple[float, Turn]]) -> list[Turn]:
    """The best and the worst turns (distinct), then the next best: what the score is made of, both ends."""
    ordered = sorted(scored, key=lambda pair: -pair[0])
    picks: list[Turn] = []
    for _, turn in [*ordered[:1], *ordered[-1:], *ordered[1:]]:
        if turn not in picks:
            picks.append(turn)
        if len(picks) == MAX_EVIDENCE:
            break
    return picks


# --- communication --------------------------------------------------------------------------------


def sentence_fit_of(signals: AnswerSignals, cfg: dict[str, Any]) -> float:
    """1 for sentences of a listenable length; falls towards 0 for fragments and for run-on sentences."""
    short, long = cfg["ideal_sentence_words"]
    mean, longest = signals.mean_sentence_words, signals.longest_sentence_words
    if mean < short:
        return saturate(mean, short)
    if longest <= long:
        return 1.0
    return 1.0 - saturate(longest - long, cfg["run_on_sentence_words"] - long)


def communication_of(signals: AnswerSignals, rubric: Rubric) -> float:
    cfg = rubric.section("communication")
    low, high = cfg["ideal_words"]
    # Clear means free of filler and vague words, and saying enough to carry a point.
    noise = saturate(signals.filler_rate, cfg["filler_rate_ceiling"]) + saturate(
        signals.vague_rate, cfg["vague_rate_ceiling"]
    )
    clarity = max(0.0, 1.0 - noise) * saturate(signals.words, low)
    if signals.words < low:
        length_fit = signals.words / low
    elif signals.words > high:
        length_fit = max(cfg["rambling_floor"], high / signals.words)
    else:
        length_fit = 1.0
    structure = saturate(signals.structure + signals.reasoning, cfg["structure_saturation"])
    parts = {
        "clarity": clarity,
        "length_fit": length_fit,
        "structure": structure,
        "sentence_fit": sentence_fit_of(signals, cfg),
    }
    noise = min(
        1.0,
        saturate(signals.filler_rate, cfg["filler_rate_ceiling"])
        + saturate(signals.vague_rate, cfg["vague_rate_ceiling"]),
    )
    # Heavy filler makes even well-shaped answers hard to follow, so it also scales the whole score.
    return (weighted_mean(parts, cfg["weights"]) or 0.0) * (1.0 - cfg["noise_penalty"] * noise)


def score_communication(record: InterviewRecord, rubric: Rubric) -> DimensionScore:
    answers = answers_in(record, rubric, rubric.phases["communication"])
    if not answers:
        return NO_EVIDENCE
    scored = [(communication_of(read_signals(a.text, rubric.lexicon), rubric), a) for a in answers]
    score = sum(s for s, _ in scored) / len(scored)
    per_turn = [(s, a.turns[0]) for s, a in scored]
    evidence = tuple(
        quote_from(t, lambda s: read_signals(s, rubric.lexicon).words) for t in _extremes(per_turn)
    )
    return DimensionScore(score=score, evidence=evidence)


# --- technical depth ------------------------------------------------------------------------------


def technical_depth_of(signals: AnswerSignals, rubric: Rubric, extra_terms: tuple[str, ...] = ()) -> float:
    """How much substance an answer has: precise terms, reasons, concrete examples and numbers."""
    cfg = rubric.section("technical")
    parts = {
        "distinct_terms": saturate(len(signals.technical_terms), cfg["distinct_terms_saturation"]),
        "term_density": saturate(signals.term_density, cfg["term_density_saturation"]),
        "reasoning": saturate(signals.reasoning, cfg["reasoning_saturation"]),
        "concrete": saturate(signals.examples + signals.quantities, cfg["concrete_saturation"]),
        "relevance": 1.0 if signals.technical_terms else 0.0,
        "length": saturate(signals.words, cfg["length_saturation_words"]),
    }
    depth = weighted_mean(parts, cfg["weights"]) or 0.0
    if signals.non_answers:
        # "I don't know" with nothing else is a non-answer; next to real content it only marks a gap.
        substance = len(signals.technical_terms - frozenset(t.lower() for t in extra_terms))
        empty = substance <= cfg["non_answer_max_terms"] or signals.words <= cfg["non_answer_max_words"] // 3
        depth *= cfg["non_answer_factor"] if empty else cfg["partial_answer_factor"]
    return depth


def depth_quote_rank(rubric: Rubric, extra_terms: tuple[str, ...] = ()) -> Callable[[str], float]:
    def rank(sentence: str) -> float:
        s = read_signals(sentence, rubric.lexicon, extra_terms)
        return (
            len(s.technical_terms) + s.reasoning + s.examples + s.quantities + s.non_answers + 0.01 * s.words
        )

    return rank


def score_answers_for_depth(
    answers: list[Answer], rubric: Rubric, extra_terms: tuple[str, ...]
) -> DimensionScore:
    if not answers:
        return NO_EVIDENCE
    scored = [
        (technical_depth_of(read_signals(a.text, rubric.lexicon, extra_terms), rubric, extra_terms), a)
        for a in answers
    ]
    score = sum(s for s, _ in scored) / len(scored)
    rank = depth_quote_rank(rubric, extra_terms)
    evidence = tuple(quote_from(t, rank) for t in _extremes([(s, a.turns[0]) for s, a in scored]))
    return DimensionScore(score=score, evidence=evidence)


def plan_terms(record: InterviewRecord) -> tuple[str, ...]:
    if record.plan is None:
        return ()
    return tuple(sorted({i.skill.lower() for i in record.plan.items if i.skill}))


def score_technical(record: InterviewRecord, rubric: Rubric) -> DimensionScore:
    answers = answers_in(record, rubric, rubric.phases["technical"])
    return score_answers_for_depth(answers, rubric, plan_terms(record))


# --- problem solving ------------------------------------------------------------------------------


def outcome_of(submission: Submission) -> float:
    rate = submission.pass_rate
    return rate if rate is not None else (1.0 if submission.ran_cleanly else 0.0)


def iteration_of(submissions: tuple[Submission, ...]) -> float | None:
    """Did the candidate converge? Needs two attempts to say; a first-time full pass needs no iteration."""
    if not submissions:
        return None
    first, last = outcome_of(submissions[0]), outcome_of(submissions[-1])
    if len(submissions) == 1:
        return 1.0 if last >= 1.0 else None
    if last >= 1.0 or last > first:
        return 1.0
    return 0.5 if last == first and last > 0 else 0.0


def score_problem_solving(record: InterviewRecord, rubric: Rubric) -> DimensionScore:
    cfg = rubric.section("problem_solving")
    coding_turns = answer_turns(record, rubric, rubric.phases["problem_solving"])
    parts: dict[str, float | None] = dict.fromkeys(cfg["weights"])
    evidence: list[Evidence] = []
    if coding_turns:
        signals = read_signals(" ".join(t.text for t in coding_turns), rubric.lexicon)
        parts["approach"] = saturate(signals.approach + signals.reasoning, cfg["approach_saturation"])
        parts["edge_cases"] = saturate(signals.edge_cases, cfg["edge_case_saturation"])
        parts["complexity"] = 1.0 if signals.complexity else 0.0
        parts["testing"] = 1.0 if signals.testing else 0.0
        parts["debugging"] = 1.0 if signals.debugging else 0.0

        def rank(sentence: str) -> float:
            s = read_signals(sentence, rubric.lexicon)
            return (
                s.approach
                + s.edge_cases
                + s.complexity
                + s.reasoning
                + s.debugging
                + s.non_answers
                + 0.01 * s.words
            )

        by_substance = sorted(coding_turns, key=lambda t: -rank(t.text))
        evidence.extend(quote_from(t, rank) for t in by_substance[:2])
    attempts = tuple(s for s in record.submissions if s.code.strip())
    if attempts:
        final = attempts[-1]
        parts["outcome"] = outcome_of(final)
        parts["iteration"] = iteration_of(attempts)
        evidence.append(Evidence(kind="submission", ref=final.id, quote=submission_quote(final, None)))
    score = weighted_mean(parts, cfg["weights"])
    return DimensionScore(score=score, evidence=tuple(evidence)) if score is not None else NO_EVIDENCE


# --- code quality ---------------------------------------------------------------------------------


def submission_quote(submission: Submission, metrics: CodeMetrics | None) -> str:
    """A verbatim line of the submission: its most complex function's header, else its first code line."""
    if metrics is not None and metrics.worst_function_line:
        return clip_quote(metrics.worst_function_line)
    for line in submission.code.splitlines():
        if line.strip():
            return clip_quote(line.strip())
    return ""


def code_quality_parts(
    submission: Submission, metrics: CodeMetrics, rubric: Rubric
) -> dict[str, float | None]:
    cfg = rubric.section("code_quality")
    allow = frozenset(cfg["short_name_allowlist"])
    return {
        # Squared: one failing case in six is a real bug, not "83 % good".
        "correctness": None
        if submission.pass_rate is None
        else submission.pass_rate ** cfg["correctness_exponent"],
        "ran_cleanly": 1.0 if submission.ran_cleanly else 0.0,
        "complexity": 1.0 - saturate(metrics.max_ccn - cfg["ccn_good"], cfg["ccn_bad"] - cfg["ccn_good"]),
        "function_size": 1.0
        - saturate(
            metrics.max_function_nloc - cfg["function_nloc_good"],
            cfg["function_nloc_bad"] - cfg["function_nloc_good"],
        ),
        "naming": metrics.descriptive_name_share(allow),
        "error_handling": 1.0 if metrics.has_error_handling else 0.0,
    }


def score_code_quality(record: InterviewRecord, rubric: Rubric) -> DimensionScore:
    final = next((s for s in reversed(record.submissions) if s.code.strip()), None)
    if final is None:
        return NO_EVIDENCE
    metrics = analyze_code(final.code, final.language)
    parts = code_quality_parts(final, metrics, rubric)
    if not metrics.parses:
        parts.update(complexity=0.0, function_size=0.0, naming=None)
    cfg = rubric.section("code_quality")
    score = weighted_mean(parts, cfg["weights"])
    if score is None:
        return NO_EVIDENCE
    if final.tests_total and final.tests_passed < final.tests_total:
        score = min(score, cfg["max_with_failing_tests"])  # failing tests keep code out of the top band
    evidence = (Evidence(kind="submission", ref=final.id, quote=submission_quote(final, metrics)),)
    notes = tuple(f"{k}={v:.2f}" for k, v in parts.items() if v is not None)
    return DimensionScore(score=score, evidence=evidence, notes=notes)
