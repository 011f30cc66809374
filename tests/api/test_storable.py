"""Text both databases can store: NUL replaced in output the API did not write, found in what clients send."""

from __future__ import annotations

from api.storable import decoded_output, nul_path, storable_json, storable_text


def test_nul_and_undecodable_bytes_become_the_replacement_character():
    assert storable_text("plain") == "plain"
    assert storable_text("a\x00b\x00") == "a\ufffdb\ufffd"
    assert decoded_output(b"ok \xff\x00 \xc3\xa9") == "ok \ufffd\ufffd é"


def test_json_is_made_storable_through_lists_and_keys():
    value = {"a\x00": ["x\x00", 1, None, {"b": "y\x00"}], "n": 2.5, "t": True}
    assert storable_json(value) == {"a\ufffd": ["x\ufffd", 1, None, {"b": "y\ufffd"}], "n": 2.5, "t": True}


def test_the_first_field_holding_nul_is_named_by_its_path():
    assert nul_path({"title": "fine", "tags": ["ok", 3]}) is None
    assert nul_path({"title": "a\x00"}) == "title"
    assert nul_path({"plan": {"items": [{"q": "ok"}, {"q": "\x00"}]}}) == "plan.items.1.q"
    assert nul_path({"meta": {"k\x00": 1}}) == "meta.k\ufffd"  # named, not echoed
    assert nul_path("\x00") == "body"
