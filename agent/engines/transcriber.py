"""Speech to text with faster-whisper tiny.en, tuned for short conversational turns.

Whisper's encoder is built for 30 s windows; on 2 cores encoding the padded window costs
~450 ms whatever the audio length. CTranslate2 accepts shorter inputs, so a short utterance
is encoded in a 10 s window (~60 ms) instead. Windows much shorter than that make tiny.en
loop (it repeats the sentence until the token budget ends), so 10 s is the floor, and a
result that still looks looped (high compression ratio, or the token budget used up) is
decoded again the standard way (full 30 s window).
"""

from __future__ import annotations

import os
import re
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from agent.engines.audio import WHISPER_SAMPLE_RATE
from agent.engines.endpointing import CONTINUATION_WORDS

# A trimmed encode covers the audio plus at least this much silence, and never less than the
# minimum window: measured on Piper speech, 10 s matched the 30 s transcripts, 0-5 s looped.
_TRIM_PAD_SECONDS = 1.0
_TRIM_MIN_WINDOW_SECONDS = 10.0
# Audio longer than this goes through faster-whisper's own long-form path.
_TRIMMED_MAX_SECONDS = 25.0
# Token budget of a trimmed decode: generous for speech (~3-4 tokens per second).
_TOKENS_BASE = 12
_TOKENS_PER_SECOND = 8
_COMPRESSION_RATIO_LOOPED = 2.4
_NO_SPEECH_THRESHOLD = 0.6
_LOGPROB_THRESHOLD = -1.0
_MAX_PROMPT_TOKENS = 223 // 2
_WHISPER_MAX_LENGTH = 448
# Peak amplitude below this (about -50 dBFS) is silence, not speech.
_SILENT_PEAK = 0.003


# text, mean token log-probability, closing punctuation and last word log-probabilities, continuation mass
_Decoded = tuple[str, float, float | None, float | None, float | None]


@dataclass(frozen=True)
class Transcription:
    text: str
    language: str
    duration_ms: int
    avg_logprob: float = 0.0  # the decoder's mean token log-probability: lower = less sure
    # Log-probability the decoder gave the clause's closing punctuation ("." "..." "?" ","), i.e. how
    # sure it is that the speaker ended the sentence there; None when there is none or it is unknown.
    end_logprob: float | None = None
    # Log-probability of the last word's first token (the choice of word; later pieces of a long word
    # only complete it): a filler or a half-said word misheard as a word ("the, uh" → "them") scores
    # low; None when unknown.
    last_word_logprob: float | None = None
    # Probability the decoder gave, where it put the last word, to a word that does not end a sentence
    # ("the", "and", "to"…; endpointing.CONTINUATION_WORDS) other than the one it chose: "worked on the,"
    # heard as "worked on this." still leaves "the" a good share; None when unknown.
    continuation_probability: float | None = None


_PUNCTUATION = frozenset(".?!,;:…")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")


def _normalized(sentence: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", sentence.lower()).split())


def collapse_repeats(text: str) -> str:
    """Drop the tell-tale loop of a short window: a sentence said again right after itself,
    or a cut-off restart of an earlier sentence at the very end."""
    sentences = [s for s in _SENTENCE_SPLIT.split(text.strip()) if s]
    kept: list[str] = []
    for index, sentence in enumerate(sentences):
        norm = _normalized(sentence)
        if kept and norm == _normalized(kept[-1]):
            continue
        is_last = index == len(sentences) - 1
        if is_last and kept and norm and any(_normalized(k).startswith(norm) for k in kept):
            continue
        kept.append(sentence)
    return " ".join(kept)


def closing_punctuation_index(pieces: list[str], text: str) -> int | None:
    """Index of the token that closes `text` (a prefix of the decoded pieces, so a repaired loop's first
    sentence) when that token is punctuation; None otherwise."""
    target = text.strip()
    decoded = ""
    for index, piece in enumerate(pieces):
        decoded += piece
        if decoded.strip() == target:
            return index if piece.strip() and set(piece.strip()) <= _PUNCTUATION else None
        if len(decoded.strip()) > len(target):
            return None
    return None


def last_word_span(pieces: list[str]) -> range:
    """Indices of the tokens of the last word in `pieces` (a word starts at a piece with a leading space)."""
    start = len(pieces)
    while start > 0:
        start -= 1
        if pieces[start].startswith(" ") or not pieces[start].strip():
            break
    return range(start, len(pieces)) if start < len(pieces) and pieces[start].strip() else range(0)


def others_probability(logits: np.ndarray, candidates: frozenset[int], chosen: int) -> float:
    """Total probability of the `candidates` tokens other than `chosen` under one step's logits."""
    values = logits.astype(np.float64).reshape(-1)
    probabilities = np.exp(values - values.max())
    probabilities /= probabilities.sum()
    ids = [token for token in candidates if token != chosen and token < len(probabilities)]
    return float(probabilities[ids].sum()) if ids else 0.0


def token_logprob(logits: np.ndarray, token: int) -> float:
    """Log-probability of `token` under one decoding step's vocabulary logits."""
    values = logits.astype(np.float64).reshape(-1)
    peak = float(values.max())
    return float(values[token] - peak - np.log(np.exp(values - peak).sum()))


def compression_ratio(text: str) -> float:
    raw = text.encode("utf-8")
    return len(raw) / len(zlib.compress(raw)) if raw else 0.0


class WhisperTranscriber:
    """One loaded tiny.en model; `transcribe` is thread-safe (calls are serialised)."""

    def __init__(self, model_dir: Path, *, cpu_threads: int = 2) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from faster_whisper import WhisperModel
        from faster_whisper.tokenizer import Tokenizer

        # A local directory, never a model name: a name would mean a download.
        self._model = WhisperModel(str(model_dir), device="cpu", compute_type="int8", cpu_threads=cpu_threads)
        self._tokenizer = Tokenizer(self._model.hf_tokenizer, multilingual=self._model.model.is_multilingual)
        self._lock = threading.Lock()
        self.language = "en"
        self._continuation_tokens = self._single_tokens(CONTINUATION_WORDS)

    def _single_tokens(self, words: frozenset[str]) -> frozenset[int]:
        """Token ids of the words that are one token after a space (" the", " The")."""
        ids: set[int] = set()
        for word in words:
            for form in (word, word.capitalize()):
                encoded = self._tokenizer.encode(" " + form)
                if len(encoded) == 1:
                    ids.add(encoded[0])
        return frozenset(ids)

    def transcribe(self, samples: np.ndarray, *, prompt: str = "", trimmed: bool = True) -> Transcription:
        """Transcribe float32 mono 16 kHz samples. `prompt`: earlier text or vocabulary hints.
        `trimmed=False` forces the standard 30 s window (the benchmark's naive baseline)."""
        duration_ms = round(1000 * len(samples) / WHISPER_SAMPLE_RATE)
        if len(samples) == 0 or float(np.max(np.abs(samples))) < _SILENT_PEAK:
            # whisper "hears" words ("you", "Thank you.") in silence: don't ask it
            return Transcription(text="", language=self.language, duration_ms=duration_ms)
        with self._lock:
            decoded = None
            if trimmed and len(samples) <= _TRIMMED_MAX_SECONDS * WHISPER_SAMPLE_RATE:
                decoded = self._transcribe_trimmed(samples, prompt)
            if decoded is None:
                text, avg_logprob = self._transcribe_standard(samples, prompt)
                decoded = (text, avg_logprob, None, None, None)
        text, avg_logprob, end_logprob, last_word_logprob, continuation = decoded
        return Transcription(
            text=text, language=self.language, duration_ms=duration_ms, avg_logprob=avg_logprob,
            end_logprob=end_logprob, last_word_logprob=last_word_logprob,
            continuation_probability=continuation,
        )

    def warm_up(self, speech: np.ndarray) -> Transcription:
        """Decode once at load (float32 16 kHz speech): CTranslate2's first call is slower than the rest."""
        return self.transcribe(speech, prompt="Hello.")

    def _prompt_tokens(self, prompt: str) -> list[int]:
        tokenizer = self._tokenizer
        tokens: list[int] = []
        if prompt.strip():
            tokens = [tokenizer.sot_prev, *tokenizer.encode(" " + prompt.strip())[-_MAX_PROMPT_TOKENS:]]
        return [*tokens, *tokenizer.sot_sequence, tokenizer.no_timestamps]

    def _transcribe_trimmed(self, samples: np.ndarray, prompt: str) -> _Decoded | None:
        """Decode with an encoder window cut to the audio; None when the result looks looped."""
        import ctranslate2

        window = max(len(samples) / WHISPER_SAMPLE_RATE + _TRIM_PAD_SECONDS, _TRIM_MIN_WINDOW_SECONDS)
        padding = np.zeros(max(0, int(window * WHISPER_SAMPLE_RATE) - len(samples)), np.float32)
        padded = np.concatenate([samples, padding])
        features = self._model.feature_extractor(padded)
        frames = min(features.shape[-1] - features.shape[-1] % 2, 3000)
        features = np.ascontiguousarray(features[None, :, :frames], dtype=np.float32)
        encoded = self._model.model.encode(ctranslate2.StorageView.from_array(features), to_cpu=False)
        prompt_tokens = self._prompt_tokens(prompt)
        budget = int(_TOKENS_BASE + _TOKENS_PER_SECOND * len(samples) / WHISPER_SAMPLE_RATE)
        result = self._model.model.generate(
            encoded,
            [prompt_tokens],
            beam_size=1,
            max_length=min(len(prompt_tokens) + budget, _WHISPER_MAX_LENGTH),
            return_scores=True,
            return_logits_vocab=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=[-1],
        )[0]
        tokens = [t for t in result.sequences_ids[0] if t < self._tokenizer.eot]
        text = self._tokenizer.decode(tokens).strip()
        avg_logprob = result.scores[0] * len(tokens) / (len(tokens) + 1)
        if result.no_speech_prob > _NO_SPEECH_THRESHOLD and avg_logprob < _LOGPROB_THRESHOLD:
            return "", avg_logprob, None, None, None
        repaired = collapse_repeats(text)
        looped = len(tokens) >= budget and repaired == text
        if looped or compression_ratio(repaired) > _COMPRESSION_RATIO_LOOPED:
            return None
        pieces = [self._tokenizer.decode([token]) for token in tokens]
        index = closing_punctuation_index(pieces, repaired)
        steps = result.logits[0]
        end_logprob = last_word_logprob = continuation = None
        if index is not None and index < len(steps):
            end_logprob = token_logprob(np.asarray(steps[index]), tokens[index])
            word = last_word_span(pieces[:index])
            if word:
                logits = np.asarray(steps[word[0]])
                last_word_logprob = token_logprob(logits, tokens[word[0]])
                continuation = others_probability(logits, self._continuation_tokens, tokens[word[0]])
        return repaired, avg_logprob, end_logprob, last_word_logprob, continuation

    def _transcribe_standard(self, samples: np.ndarray, prompt: str) -> tuple[str, float]:
        # Long audio: timestamps let whisper move window by window; the VAD filter (Silero
        # weights inside the faster-whisper wheel) skips silences it would fill with words.
        long_form = len(samples) > _TRIMMED_MAX_SECONDS * WHISPER_SAMPLE_RATE
        segments, _info = self._model.transcribe(
            samples,
            language=self.language,
            beam_size=1,
            vad_filter=long_form,
            condition_on_previous_text=False,
            without_timestamps=not long_form,
            initial_prompt=prompt.strip() or None,
        )
        decoded = list(segments)
        text = " ".join(segment.text.strip() for segment in decoded).strip()
        avg_logprob = sum(s.avg_logprob for s in decoded) / len(decoded) if decoded else 0.0
        return text, avg_logprob
