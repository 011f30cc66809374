"""Intent recognition from the data in prompts/interviewer/v1/intents.json."""

from __future__ import annotations

import pytest
from brain_fixtures import LIBRARY

from agent.brain.intents import Intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("I need to stop, sorry, something came up.", Intent.STOP),
        ("Can we end the interview?", Intent.STOP),
        ("Let's stop here.", Intent.STOP),
        ("You're useless.", Intent.ABUSIVE),
        ("Shut up.", Intent.ABUSIVE),
        ("Could you repeat the question?", Intent.REPEAT),
        ("Sorry?", Intent.REPEAT),
        ("I didn't catch that.", Intent.REPEAT),
        ("What does idempotent mean?", Intent.CLARIFY),
        ("What do you mean by scale?", Intent.CLARIFY),
        ("Can we move on?", Intent.MOVE_ON),
        ("Next question please.", Intent.MOVE_ON),
        ("Can I get a hint?", Intent.HINT),
        ("I'm stuck.", Intent.HINT),
        ("Let me think for a second.", Intent.THINK),
        ("Give me a moment.", Intent.THINK),
        ("Hmm.", Intent.THINK),
        ("I don't know.", Intent.DONT_KNOW),
        ("No idea, honestly.", Intent.DONT_KNOW),
        ("Tell me a joke.", Intent.OFF_TOPIC),
        ("What's the weather like over there?", Intent.OFF_TOPIC),
        ("I built the payments service in Go and it handled 3000 requests per second.", Intent.ANSWER),
        ("", Intent.ANSWER),
    ],
)
def test_each_intent_is_recognised(text: str, intent: Intent) -> None:
    assert LIBRARY.intents.detect(text).intent is intent


def test_clarify_names_the_term() -> None:
    assert LIBRARY.intents.detect("What does time complexity mean?").term == "time complexity"
    assert LIBRARY.intents.detect("What do you mean by that?").term is None


def test_a_long_answer_that_says_i_dont_know_in_passing_is_still_an_answer() -> None:
    text = (
        "I don't know if it was the best approach, but I rewrote the ingestion job in Rust, measured it "
        "with a flame graph, and cut the batch time from two hours to twenty minutes for the reports team."
    )
    assert LIBRARY.intents.detect(text).intent is Intent.ANSWER


def test_stop_is_recognised_even_inside_a_long_turn() -> None:
    text = (
        "Look, this has been interesting and I appreciate the questions about the migration and the pipeline "
        "work, but honestly I need to stop now because my kid just got home."
    )
    assert LIBRARY.intents.detect(text).intent is Intent.STOP


@pytest.mark.parametrize(
    "text",
    [
        "First I need to go through the list once and remember each value.",
        "I need to finish the loop before returning.",
        "I'm done, I think the code works now.",
        "We have to go over every edge before we stop the search.",
        "Then I need to stop the worker pool gracefully, so I send a signal.",
    ],
)
def test_work_talk_is_not_mistaken_for_a_request_to_stop(text: str) -> None:
    assert LIBRARY.intents.detect(text).intent is not Intent.STOP
