"""The code-event handling fed plain packet payloads, as a room would deliver them (no server needed)."""

from __future__ import annotations

import json

import pytest

from agent.code_events import (
    ATTRIBUTE_PHASE,
    ATTRIBUTE_PROBLEM_ID,
    CODE_EVENT_TOPIC,
    MAX_EVENT_BYTES,
    SubmissionRelay,
    changed_attributes,
    parse_code_event,
    room_attributes,
)


def packet(**payload: object) -> bytes:
    return json.dumps(payload).encode()


def test_announcement_is_parsed_from_the_code_topic() -> None:
    event = parse_code_event(packet(submission_id=7, interview_id="3"), topic=CODE_EVENT_TOPIC)
    assert event is not None
    assert (event.submission_id, event.interview_id) == (7, 3)


@pytest.mark.parametrize(
    ("data", "topic"),
    [
        (packet(submission_id=7), "lk.chat"),
        (packet(submission_id=7), None),
        (b"not json", CODE_EVENT_TOPIC),
        (b"\xff\xfe", CODE_EVENT_TOPIC),
        (b"[1, 2]", CODE_EVENT_TOPIC),
        (packet(submission_id=0), CODE_EVENT_TOPIC),
        (packet(submission_id=-4), CODE_EVENT_TOPIC),
        (packet(submission_id=True), CODE_EVENT_TOPIC),
        (packet(submission_id="seven"), CODE_EVENT_TOPIC),
        (packet(code="print(1)"), CODE_EVENT_TOPIC),
        (packet(submission_id=1, pad="x" * MAX_EVENT_BYTES), CODE_EVENT_TOPIC),
    ],
)
def test_anything_else_is_dropped_without_raising(data: bytes, topic: str | None) -> None:
    assert parse_code_event(data, topic=topic) is None


def test_attributes_are_strings_and_only_changes_are_sent() -> None:
    first = room_attributes("technical", None, None)
    assert first[ATTRIBUTE_PROBLEM_ID] == ""
    assert changed_attributes({}, first) == first
    assert changed_attributes(first, room_attributes("technical", None, None)) == {}
    coding = room_attributes("coding", "two-sum", "Two Sum")
    assert changed_attributes(first, coding) == {
        ATTRIBUTE_PHASE: "coding", ATTRIBUTE_PROBLEM_ID: "two-sum", "interview.problem_title": "Two Sum"
    }


class ClaimOnce:
    """A claim table like the database's conditional update: each id can be claimed once."""

    def __init__(self, ids: list[int]) -> None:
        self.undelivered = list(ids)

    async def claim(self, submission_id: int) -> int | None:
        if submission_id in self.undelivered:
            self.undelivered.remove(submission_id)
            return submission_id
        return None

    async def take_pending(self) -> list[int]:
        taken, self.undelivered = self.undelivered, []
        return taken


@pytest.mark.asyncio
async def test_a_submission_reaches_the_brain_once_whichever_path_sees_it_first() -> None:
    table = ClaimOnce([1, 2, 3])
    delivered: list[int] = []

    async def deliver(submission_id: int) -> None:
        delivered.append(submission_id)

    relay = SubmissionRelay(
        interview_id=9, claim=table.claim, take_pending=table.take_pending, deliver=deliver
    )
    assert await relay.on_packet(packet(submission_id=2, interview_id=9), CODE_EVENT_TOPIC)
    assert not await relay.on_packet(packet(submission_id=2, interview_id=9), CODE_EVENT_TOPIC)
    assert not await relay.on_packet(packet(submission_id=1, interview_id=10), CODE_EVENT_TOPIC)
    assert await relay.deliver_pending() == 2
    assert await relay.deliver_pending() == 0
    assert delivered == [2, 1, 3]
    assert relay.delivered == 3
