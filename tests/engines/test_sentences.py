from agent.engines.sentences import SentenceBuffer


def test_a_sentence_is_released_once_whitespace_follows_its_end_mark():
    buffer = SentenceBuffer()
    assert buffer.push("Thanks.") == []
    assert buffer.push(" Now tell me") == ["Thanks."]
    assert buffer.push(" about Redis? And") == ["Now tell me about Redis?"]
    assert buffer.flush() == "And"
    assert buffer.flush() == ""


def test_numbers_and_dotted_names_do_not_split():
    buffer = SentenceBuffer()
    assert buffer.push("Python 3.11 and node.js are fine. Next") == ["Python 3.11 and node.js are fine."]


def test_several_sentences_in_one_piece_come_out_in_order():
    buffer = SentenceBuffer()
    sentences = buffer.push('Great! "Really." Done. Next line\nrest')
    assert sentences == ["Great!", '"Really."', "Done.", "Next line"]
    assert buffer.flush() == "rest"


def test_a_long_first_sentence_is_released_at_its_first_comma():
    buffer = SentenceBuffer(first_phrase_words=3)
    released: list[str] = []
    reply = "That is a good answer, and I would like to hear more. What did you measure? "
    for start in range(0, len(reply), 4):  # streamed in small pieces, like an LLM
        released += buffer.push(reply[start : start + 4])
    assert released == ["That is a good answer,", "and I would like to hear more.", "What did you measure?"]


def test_only_the_first_piece_is_a_phrase_and_short_heads_or_tails_are_not_split():
    buffer = SentenceBuffer(first_phrase_words=3)
    assert buffer.push("Good, thanks. That is a good answer, and more. ") == [
        "Good, thanks.", "That is a good answer, and more."
    ]
    tail_too_short = SentenceBuffer(first_phrase_words=3)
    assert tail_too_short.push("We had about 2,000 requests per second, I think. ") == [
        "We had about 2,000 requests per second, I think."
    ]
    assert SentenceBuffer().push("That is a good answer, and I would like more. ") == [
        "That is a good answer, and I would like more."
    ]
