"""When a candidate's pause ends their turn: per-phase patience and a look at the words so far.

Pure logic, no livekit. The recogniser counts the silence since the candidate's last speech
(in samples, so it does not depend on machine speed) and hands the turn over once it is
long enough: short when the words read as a finished answer, long when they stop
mid-thought ("…I would start with", "…and, um", a trailing comma). Thinking pauses of
0.5-1 s mid-answer must not end a turn, so `incomplete_silence` stays above 1.1 s; coding
is patient everywhere (people think aloud while typing); greeting and closing are quick.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EndpointingProfile:
    """Seconds. `vad_silence`: the session VAD's end-of-speech window (it gates the commit,
    so it must not exceed `complete_silence`); the other two: silence the recogniser waits
    for before sending the final transcript."""

    vad_silence: float
    complete_silence: float
    incomplete_silence: float


# Pauses at commas, where a clause cut off reads as finished, measured 0.13-0.22 s of silence on Piper
# speech (the recogniser's own Silero count): `complete_silence` keeps 0.06-0.1 s above that.
QUICK = EndpointingProfile(vad_silence=0.2, complete_silence=0.28, incomplete_silence=1.2)
STANDARD = EndpointingProfile(vad_silence=0.2, complete_silence=0.3, incomplete_silence=1.25)
PATIENT = EndpointingProfile(vad_silence=0.4, complete_silence=1.0, incomplete_silence=2.0)

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
CONTINUATION_WORDS = _CONTINUATION_WORDS
_CONTINUATION_PHRASES = tuple(
    line.strip()
    for line in Path(__file__).with_name("continuation_phrases.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
_TERMINAL = re.compile(r"[.!?…]+[\"'”’)\]]*$")
_LAST_WORD = re.compile(r"([A-Za-z']+)\W*$")


def looks_complete(text: str) -> bool:
    """Whether a transcript reads as a finished utterance (end mark, no dangling word)."""
    stripped = text.strip()
    if not stripped or stripped.endswith(("...", "…")) or not _TERMINAL.search(stripped):
        return False
    if stripped.rstrip("\"'”’)]").endswith(("?", "!")):
        return True  # a question or exclamation is finished whatever its last word
    last = _LAST_WORD.search(stripped)
    if last and last.group(1).lower() in _CONTINUATION_WORDS:
        return False
    ending = " ".join(re.findall(r"[a-z']+", stripped.lower())[-5:])
    return not any(ending.endswith(phrase) for phrase in _CONTINUATION_PHRASES)


# How sure the decoder must be of the end of the last clause for the short wait (log-probabilities).
# A mid-sentence stop misheard as a finished sentence ("the, uh," → "the app.", "but" → "What?") shows in
# the last word: a filler or function word heard as a short word, whose first token scored -0.43 to -0.91,
# where correctly heard last words mostly scored -0.17 or better. Long words are left out of that test:
# a filler is a syllable, and a doubtful long word is a content word (a homophone like "caching" scores
# about -0.5), not a stop. A closing mark the decoder doubts (below -0.5) is a stop it did not hear as a
# sentence end (finished clauses: -0.02 to -0.33). Calibrated on Piper speech of sentences outside the
# benchmark. A misheard short last word of a finished answer also gets the long wait: slower, never cut.
UNSURE_LAST_WORD_LOGPROB = -0.3
SHORT_WORD_LETTERS = 4
UNSURE_END_LOGPROB = -0.5
# Where the decoder put the last word, the share it gave to words that do not end a sentence ("the",
# "and", "to"…) other than its pick: finished sentences 0.000-0.078, stops heard as a finished word
# ("into, uh" → "into. Oh.") 0.099-0.45 on the same calibration set. "worked on the" heard as "worked on
# this." (a benchmark answer, checked afterwards) scored 0.11-0.37.
UNSURE_CONTINUATION_PROBABILITY = 0.09
# Without token-level figures (the long-form fallback decode), the clause's mean token log-probability:
# mid-sentence stops scored -0.23 to -0.36, finished clauses -0.05 to -0.16.
UNSURE_LOGPROB = -0.2
# A last clause of one short word after others ("…the database, uh.") is most likely a filler.
FILLER_MAX_SECONDS = 0.6


@dataclass(frozen=True)
class LastClause:
    """What the recogniser knows about the most recent clause of the answer."""

    avg_logprob: float = 0.0
    seconds: float = 0.0
    words: int = 0
    follows_earlier_clauses: bool = False
    end_logprob: float | None = None  # the closing punctuation's log-probability
    last_word_logprob: float | None = None  # the last word's first token's log-probability
    continuation_probability: float | None = None  # other words that would not end the sentence there

    @property
    def doubtful(self) -> bool:
        if self.follows_earlier_clauses and self.words <= 1 and self.seconds < FILLER_MAX_SECONDS:
            return True
        if self.end_logprob is None:
            return self.avg_logprob < UNSURE_LOGPROB
        return self.end_logprob < UNSURE_END_LOGPROB

    def doubts_last_word(self, text: str) -> bool:
        """The decoder thought a word that does not end a sentence likely there, or the answer's last
        word is short and the decoder was unsure of it: maybe a filler or "the" misheard."""
        if (self.continuation_probability or 0.0) >= UNSURE_CONTINUATION_PROBABILITY:
            return True
        if self.last_word_logprob is None or self.last_word_logprob >= UNSURE_LAST_WORD_LOGPROB:
            return False
        last = _LAST_WORD.search(text.strip())
        return last is not None and len(last.group(1).replace("'", "")) <= SHORT_WORD_LETTERS


def required_silence(text: str, profile: EndpointingProfile, last_clause: LastClause | None = None) -> float:
    """Silence (s) after the last speech before a turn with these words is handed over."""
    if last_clause is not None and (last_clause.doubtful or last_clause.doubts_last_word(text)):
        return profile.incomplete_silence
    return profile.complete_silence if looks_complete(text) else profile.incomplete_silence
