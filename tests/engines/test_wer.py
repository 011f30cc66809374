from agent.engines.wer import word_error_rate, words


def test_spelling_differences_that_are_not_errors_are_ignored():
    assert words("I'm 5 years in, re-use it") == ["i", "am", "five", "years", "in", "re", "use", "it"]
    assert word_error_rate("Yes, I am ready.", "yes I'm ready") == 0.0


def test_substitutions_insertions_and_deletions_count():
    assert word_error_rate("a b c d", "a x c d") == 0.25
    assert word_error_rate("a b", "a b c d") == 1.0
    assert word_error_rate("a b c d", "a d") == 0.5


def test_numbers_are_compared_as_spoken():
    spoken = "two thousand requests five years one thousand two hundred fifty rows"
    assert words("2000 requests, 5 years, 1,250 rows") == spoken.split(" ")
    assert word_error_rate("about two thousand requests", "about 2000 requests") == 0.0


def test_hesitations_are_not_words_on_either_side():
    expected = ["i", "would", "start", "with", "a", "hash", "map"]
    assert words("I would start with, um, a hash map. Uh.") == expected
    assert word_error_rate("The slowest part was the, uh, query.", "The slowest part was the query.") == 0.0
    assert word_error_rate("It was fine.", "It was, uh, fine.") == 0.0
    assert word_error_rate("It was fine.", "It was up fine.") > 0  # a misheard filler is still an error
