import pytest

from agent.engines.endpointing import (
    PATIENT,
    PHASE_PROFILES,
    QUICK,
    STANDARD,
    LastClause,
    looks_complete,
    profile_for_phase,
    required_silence,
)


@pytest.mark.parametrize(
    "text",
    ["I used Python for five years.", "Yes.", "Why would I do that?", "It worked!", 'He said "fine."'],
)
def test_finished_sentences_look_complete(text: str):
    assert looks_complete(text)


@pytest.mark.parametrize(
    "text",
    [
        "I would start with",
        "I would start with.",  # whisper adds a period to a clause cut at a pause
        "I would start with, um.",
        "so I used Kafka and",
        "Mostly on backend services,",
        "Let me think...",
        "My biggest project was, let me think.",
        "It was, you know.",
        "",
    ],
)
def test_thoughts_in_progress_do_not(text: str):
    assert not looks_complete(text)


def test_an_unfinished_answer_waits_out_a_one_second_thinking_pause():
    for profile in PHASE_PROFILES.values():
        assert required_silence("and then, um.", profile) > 1.1
        assert profile.vad_silence <= profile.complete_silence


def test_coding_is_patient_and_small_talk_quick():
    assert profile_for_phase("coding") is PATIENT
    assert profile_for_phase("greeting") is QUICK
    assert profile_for_phase("technical") is STANDARD
    assert profile_for_phase(None) is STANDARD
    assert required_silence("Done.", PATIENT) > required_silence("Done.", QUICK)


def test_a_doubtful_last_clause_gets_the_long_wait_even_when_it_reads_finished():
    unsure = LastClause(avg_logprob=-0.3, seconds=2.0, words=6)
    filler = LastClause(avg_logprob=-0.05, seconds=0.4, words=1, follows_earlier_clauses=True)
    sure = LastClause(avg_logprob=-0.08, seconds=2.0, words=6, follows_earlier_clauses=True)
    lone_yes = LastClause(avg_logprob=-0.05, seconds=0.4, words=1)
    assert required_silence("The slowest part was the up.", STANDARD, unsure) == STANDARD.incomplete_silence
    assert required_silence("The database, uh.", STANDARD, filler) == STANDARD.incomplete_silence
    assert required_silence("It was the database query.", STANDARD, sure) == STANDARD.complete_silence
    assert required_silence("Yes.", STANDARD, lone_yes) == STANDARD.complete_silence


def test_the_doubt_looks_at_the_end_of_the_last_clause_not_its_start():
    # a shaky first word, a confident end: a finished answer gets the short wait
    garbled_start = LastClause(avg_logprob=-0.3, seconds=2.5, words=6, follows_earlier_clauses=True,
                               end_logprob=-0.05, last_word_logprob=-0.03)
    # "the, uh," heard as "the app.": the decoder is sure of the period but not of the last word
    misheard_filler = LastClause(avg_logprob=-0.1, seconds=2.0, words=6, end_logprob=-0.09,
                                 last_word_logprob=-0.85)
    # a stop the decoder did not hear as a sentence end
    doubted_end = LastClause(avg_logprob=-0.1, seconds=2.0, words=5, end_logprob=-1.2,
                             last_word_logprob=-0.02)
    assert required_silence("the old queue kept losing messages.", STANDARD, garbled_start) == (
        STANDARD.complete_silence
    )
    assert required_silence("I was responsible for the app.", STANDARD, misheard_filler) == (
        STANDARD.incomplete_silence
    )
    assert required_silence("The main problem was slow.", STANDARD, doubted_end) == (
        STANDARD.incomplete_silence
    )


def test_an_unsure_long_last_word_is_a_content_word_not_a_filler():
    homophone = LastClause(avg_logprob=-0.15, seconds=2.0, words=6, end_logprob=-0.13, last_word_logprob=-0.5)
    assert required_silence("I have used Redis for caching.", STANDARD, homophone) == (
        STANDARD.complete_silence
    )
    assert required_silence("I have used Redis for that.", STANDARD, homophone) == STANDARD.incomplete_silence


def test_a_likely_continuation_word_at_the_end_gets_the_long_wait():
    # "worked on the" heard as "worked on this.": sure of "this", yet "the" kept a good share
    heard_this = LastClause(avg_logprob=-0.1, seconds=2.5, words=8, end_logprob=-0.13,
                            last_word_logprob=-0.17, continuation_probability=0.11)
    finished = LastClause(avg_logprob=-0.1, seconds=2.5, words=8, end_logprob=-0.05,
                          last_word_logprob=-0.09, continuation_probability=0.02)
    long_wait, short_wait = STANDARD.incomplete_silence, STANDARD.complete_silence
    assert required_silence("I mostly worked on this.", STANDARD, heard_this) == long_wait
    assert required_silence("The tests caught the regression.", STANDARD, finished) == short_wait
