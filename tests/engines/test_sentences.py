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
