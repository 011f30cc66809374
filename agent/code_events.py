"""Live code events between the room and the interviewer: submissions in, phase and problem out.

The API's submit-code stores the submission, then sends a data packet on `CODE_EVENT_TOPIC` to the
interview's room. The packet only *announces* a submission: the database row is the authority, and delivery
to the brain is claimed there atomically (`agent.store.DatabaseInterviewStore.claim_submission`), so a
submission announced by a packet and also found undelivered at the start of a turn reaches the brain once.

Everything here is plain Python fed plain values; the `register_*` wiring to a live room is in `agent.worker`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

logger = logging.getLogger(__name__)

CODE_EVENT_TOPIC = "interview.code"
# Participant attributes the agent publishes for frontends (participantAttributesChanged).
ATTRIBUTE_PHASE = "interview.phase"
ATTRIBUTE_PROBLEM_ID = "interview.problem_id"
ATTRIBUTE_PROBLEM_TITLE = "interview.problem_title"
# Data packets larger than this are not submission announcements (code itself is never sent over the room).
MAX_EVENT_BYTES = 64 * 1024


@dataclass(frozen=True)
class CodeEvent:
    """A submission announced by the API: which row to fetch, and for which interview."""

    submission_id: int
    interview_id: int | None


def parse_code_event(data: bytes | str, *, topic: str | None) -> CodeEvent | None:
    """Read a data packet; None for anything that is not a well-formed submission announcement.

    The packet comes from the network, so nothing in it is trusted beyond its shape: a bad packet is logged
    and dropped, never raised into the room's event loop.
    """
    if topic != CODE_EVENT_TOPIC:
        return None
    if len(data) > MAX_EVENT_BYTES:
        logger.warning("code event dropped: %d bytes is too large", len(data))
        return None
    try:
        payload = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        logger.warning("code event dropped: not JSON")
        return None
    if not isinstance(payload, Mapping):
        logger.warning("code event dropped: not a JSON object")
        return None
    submission_id = _positive_int(payload.get("submission_id"))
    if submission_id is None:
        logger.warning("code event dropped: no valid submission_id")
        return None
    return CodeEvent(submission_id=submission_id, interview_id=_positive_int(payload.get("interview_id")))


def _positive_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value > 0:
        return value
    if isinstance(value, str) and value.isdigit() and int(value) > 0:
        return int(value)
    return None


def room_attributes(phase: str, problem_id: str | None, problem_title: str | None) -> dict[str, str]:
    """The agent's participant attributes for frontends. LiveKit attributes are strings; '' means none."""
    return {
        ATTRIBUTE_PHASE: phase,
        ATTRIBUTE_PROBLEM_ID: problem_id or "",
        ATTRIBUTE_PROBLEM_TITLE: problem_title or "",
    }


def changed_attributes(previous: Mapping[str, str], current: Mapping[str, str]) -> dict[str, str]:
    """Only what changed, so a turn that keeps the phase sends nothing to the room."""
    return {key: value for key, value in current.items() if previous.get(key) != value}


T = TypeVar("T")


class SubmissionRelay(Generic[T]):
    """Moves announced or undelivered submissions to the brain, each exactly once.

    `claim(submission_id)` marks the row delivered in the database and returns it, or None when it was already
    claimed (by the other path, or by a previous job for the same interview) or belongs to another interview.
    `take_pending()` claims every undelivered row. `deliver(submission)` hands one to the brain.
    Deliveries are serialised so the brain sees submissions in the order they were claimed.
    """

    def __init__(
        self,
        *,
        interview_id: int,
        claim: Callable[[int], Awaitable[T | None]],
        take_pending: Callable[[], Awaitable[list[T]]],
        deliver: Callable[[T], Awaitable[None]],
    ) -> None:
        self._interview_id = interview_id
        self._claim = claim
        self._take_pending = take_pending
        self._deliver = deliver
        self._lock = asyncio.Lock()
        self.delivered = 0

    async def on_packet(self, data: bytes | str, topic: str | None) -> bool:
        """Handle one data packet from the room; True when it delivered a submission."""
        event = parse_code_event(data, topic=topic)
        if event is None:
            return False
        if event.interview_id is not None and event.interview_id != self._interview_id:
            logger.warning("code event for interview %s ignored by interview %s",
                           event.interview_id, self._interview_id)
            return False
        return await self.on_stored(event.submission_id)

    async def on_stored(self, submission_id: int) -> bool:
        """A submission stored for this interview (announced by the room, or stored by this process, as the
        console's `/submit` does): claim it and deliver it. True when it delivered it."""
        async with self._lock:
            submission = await self._claim(submission_id)
            if submission is None:
                return False
            await self._deliver(submission)
            self.delivered += 1
            return True

    async def deliver_pending(self) -> int:
        """Claim and deliver every submission the room did not announce (lost packet, agent restarted)."""
        async with self._lock:
            pending = await self._take_pending()
            for submission in pending:
                await self._deliver(submission)
            self.delivered += len(pending)
            return len(pending)
