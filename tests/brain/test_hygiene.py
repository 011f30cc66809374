"""The speech-hygiene guard: each rule is repaired or rejected, and counted."""

from __future__ import annotations

import pytest
from brain_fixtures import LIBRARY

from agent.brain.hygiene import HygieneRules, SpeechHygiene


def guard(name: str | None = "Alice Moreau") -> SpeechHygiene:
    return SpeechHygiene(HygieneRules.from_dict(LIBRARY.hygiene), candidate_name=name, name_every_turns=4)


@pytest.mark.parametrize(
    ("text", "violation", "absent"),
    [
        ("Here is the **key** idea. What do you think?", "markdown", "**"),
        ("## Next\nTell me about caching.", "markdown", "#"),
        ("Try this:\n```python\nprint(1)\n```\nDoes that help?", "code_fence", "print"),
        ("Use `dict.get` here.", "markdown", "`"),
        ("Consider:\n- caching\n- batching\nWhich would you pick?", "bullet_list", "- "),
        ("Read https://example.com/docs for details.", "url", "https://"),
        ('The state is {"phase": "coding"} now.', "json", "{"),
        ("Let's move to the coding phase now.", "phase_name", "coding phase"),
        ("We'll email you the results tomorrow.", "promise", "email"),
        ("You will hear from us within two days.", "promise", "hear from us"),
        ("Great job. You passed!", "promise", "passed"),
        ("Honestly, you're hired.", "promise", "hired"),
        ("What did you build? And what did you measure?", "extra_question", "measure"),
    ],
)
def test_each_violation_is_repaired_and_counted(text: str, violation: str, absent: str) -> None:
    hygiene = guard()
    cleaned = hygiene.clean(text, turn=1)
    assert absent not in cleaned
    assert hygiene.counts[violation] >= 1
    assert cleaned.count("?") <= 1


def test_clean_speech_passes_untouched_with_no_violations() -> None:
    hygiene = guard()
    text = "Thanks, that's helpful. Your resume mentions the fraud pipeline. What did you build yourself?"
    assert hygiene.clean(text, turn=1) == text
    assert hygiene.total_violations == 0


def test_the_name_is_spoken_at_most_once_every_few_turns() -> None:
    hygiene = guard()
    assert "Alice" in hygiene.clean("Hi Alice, welcome.", turn=1)
    repeated = hygiene.clean("Alice, tell me about caching.", turn=2)
    assert "Alice" not in repeated and repeated.startswith("Tell me")
    assert hygiene.counts["name_overuse"] == 1
    assert "Alice" in hygiene.clean("Thanks Alice, that's all.", turn=6)
    twice = hygiene.clean("Alice, welcome back, Alice.", turn=20)
    assert twice.count("Alice") == 1


def test_streaming_releases_whole_sentences_and_holds_an_open_code_fence() -> None:
    hygiene = guard()
    utterance = hygiene.begin(turn=1)
    assert utterance.feed("Good. Let me sh") == ["Good."]
    assert utterance.feed("ow you. ```py\nx = [1, 2") == ["Let me show you."]
    assert utterance.feed("]\n``` Now try it") == []
    assert utterance.finish() == ["Now try it"]
    assert utterance.violations == ["code_fence"]
    assert "x =" not in utterance.text


def test_an_utterance_with_nothing_speakable_is_rejected_and_replaced() -> None:
    hygiene = guard()
    cleaned = hygiene.clean("```\nprint('hi')\n```", turn=1)
    assert cleaned == LIBRARY.hygiene["fallback"]
    assert hygiene.counts["rejected"] == 1 and hygiene.counts["code_fence"] == 1


def test_internal_terms_are_dropped() -> None:
    hygiene = guard()
    cleaned = hygiene.clean("According to my question plan we are done. Thanks.", turn=1)
    assert cleaned == "Thanks."
    assert hygiene.counts["internal_term"] == 1


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Let's move on to the coding phase now.", "Let's move on to the next part now."),
        ("In this technical round I'll ask about databases.", "In this part I'll ask about databases."),
        ("That concludes stage two.", "That concludes this part."),
    ],
)
def test_phase_names_are_replaced_by_plain_words(text: str, spoken: str) -> None:
    hygiene = guard()
    assert hygiene.clean(text, turn=1) == spoken
    assert hygiene.counts["phase_name"] == 1


def test_reporting_test_results_is_not_a_promise() -> None:
    hygiene = guard()
    assert (
        hygiene.clean("You passed 4 of 6 tests. You passed all the tests now.", turn=1).count("passed") == 2
    )
    assert hygiene.total_violations == 0
