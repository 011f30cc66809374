"""When a candidate's pause ends their turn: per-phase patience and a look at the words so far.

Pure logic, no livekit. The session's VAD reports a pause after `vad_silence` seconds; the
speech recogniser then decides how much longer to wait before it hands the turn over: no
extra wait when the answer reads as finished, a long one when it stops mid-thought
("…I would start with a", "…and", a trailing comma). Coding is patient (people think
aloud while typing); greeting and closing small talk is quick.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EndpointingProfile:
    """Seconds of silence: `vad_silence` before the VAD ends speech, then the extra hold."""

    vad_silence: float
    complete_hold: float
    incomplete_hold: float


# Thinking pauses of 0.5-1 s must not end a turn: vad_silence + incomplete_hold > 1.1 s.
QUICK = EndpointingProfile(vad_silence=0.25, complete_hold=0.0, incomplete_hold=0.9)
STANDARD = EndpointingProfile(vad_silence=0.25, complete_hold=0.0, incomplete_hold=0.95)
PATIENT = EndpointingProfile(vad_silence=0.4, complete_hold=0.8, incomplete_hold=1.6)

PHASE_PROFILES: dict[str, EndpointingProfile] = {
    "greeting": QUICK,
    "closing": QUICK,
    "resume": STANDARD,
    "technical": STANDARD,
    "behavioral": STANDARD,
    "coding": PATIENT,
}


def profile_for_phase(phase: str | None) -> EndpointingProfile:
    return PHASE_PROFILES.get(phase or "", STANDARD)


_CONTINUATION_WORDS_FILE = Path(__file__).with_name("continuation_words.txt")
_CONTINUATION_WORDS = frozenset(
    word
    for line in _CONTINUATION_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    if not line.startswith("#")
    for word in line.split()
)
_TERMINAL = re.compile(r"[.!?…]+[\"'”’)\]]*$")
_LAST_WORD = re.compile(r"([A-Za-z']+)\W*$")


def looks_complete(text: str) -> bool:
    """Whether a transcript reads as a finished utterance (end mark, no dangling word)."""
    stripped = text.strip()
    if not stripped or stripped.endswith(("...", "…")) or not _TERMINAL.search(stripped):
        return False
    last = _LAST_WORD.search(stripped)
    return not (last and last.group(1).lower() in _CONTINUATION_WORDS)


def hold_seconds(text: str, profile: EndpointingProfile) -> float:
    """Extra silence to wait, after the VAD's pause, before the turn is handed over."""
    return profile.complete_hold if looks_complete(text) else profile.incomplete_hold
