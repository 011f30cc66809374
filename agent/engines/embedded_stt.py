"""livekit STT backed by faster-whisper, transcribing while the candidate speaks.

`stream()` cuts the candidate's audio at their pauses (its own Silero state, sample-exact)
and transcribes each finished clause in a worker thread while they go on talking, so when
they stop there is little or nothing left to decode. The final transcript is what lets the
session end the turn, so it is sent only once the silence since the last speech is long
enough for these words (`endpointing.required_silence`): short after a finished-looking
answer, long after one that stops mid-thought. The session's VAD end of speech flushes the
stream (`manual_flush`), which cuts whatever speech is not yet cut.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from livekit import rtc
from livekit.agents import DEFAULT_API_CONNECT_OPTIONS, NOT_GIVEN, APIConnectOptions, NotGivenOr, stt, utils

from agent.engines.audio import WHISPER_SAMPLE_RATE, int16_to_float32, resample
from agent.engines.endpointing import STANDARD, EndpointingProfile, LastClause, required_silence
from agent.engines.segmenter import UtteranceSegmenter
from agent.engines.speech_detector import SpeechDetector
from agent.engines.transcriber import Transcription, WhisperTranscriber


@dataclass
class RecognitionTiming:
    """How one turn's recognition went, for latency accounting."""

    segments: int = 0  # clauses transcribed for the turn
    stt_delay: float = 0.0  # seconds the final came after the silence was long enough (decoding left)
    final_at: float = 0.0  # `time.perf_counter()` when the final transcript left


@dataclass
class RecognitionOptions:
    vocabulary: list[str] = field(default_factory=list)
    profile: EndpointingProfile = STANDARD


def frame_to_16k(frame: rtc.AudioFrame) -> np.ndarray:
    pcm = np.frombuffer(frame.data, dtype=np.int16)
    if frame.num_channels > 1:
        pcm = pcm.reshape(-1, frame.num_channels).mean(axis=1).astype(np.int16)
    return resample(int16_to_float32(pcm), frame.sample_rate, WHISPER_SAMPLE_RATE)


class EmbeddedSTT(stt.STT):
    """One per session: holds that session's vocabulary and endpointing profile; the
    loaded model (`transcriber`) and the Silero ONNX session are shared per process."""

    def __init__(self, transcriber: WhisperTranscriber, vad_onnx_session: object) -> None:
        super().__init__(
            capabilities=stt.STTCapabilities(streaming=True, interim_results=True, manual_flush=True)
        )
        self.transcriber = transcriber
        self._vad_onnx_session = vad_onnx_session
        self.options = RecognitionOptions()
        self.last_timing = RecognitionTiming()
        self.timing_listeners: list[Callable[[RecognitionTiming], None]] = []

    @property
    def model(self) -> str:
        return "whisper-tiny.en"

    @property
    def provider(self) -> str:
        return "embedded"

    def set_vocabulary(self, words: list[str]) -> None:
        """Domain words (the job's skills) the recogniser should expect, e.g. "Redis"."""
        self.options.vocabulary = [w.strip() for w in words if w.strip()]

    def set_profile(self, profile: EndpointingProfile) -> None:
        self.options.profile = profile

    def prompt(self, earlier_text: str = "") -> str:
        hints = ", ".join(self.options.vocabulary)
        return " ".join(part for part in (f"{hints}." if hints else "", earlier_text) if part)

    async def transcribe(self, samples: np.ndarray, *, earlier_text: str = "") -> Transcription:
        return await asyncio.to_thread(
            self.transcriber.transcribe, samples, prompt=self.prompt(earlier_text)
        )

    async def _recognize_impl(
        self,
        buffer: utils.AudioBuffer,
        *,
        language: NotGivenOr[str] = NOT_GIVEN,
        conn_options: APIConnectOptions,
    ) -> stt.SpeechEvent:
        frame = utils.merge_frames(buffer)
        result = await self.transcribe(frame_to_16k(frame))
        return _final_event(result.text, result.language)

    def stream(
        self,
        *,
        language: NotGivenOr[str] = NOT_GIVEN,
        conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS,
    ) -> IncrementalRecognizeStream:
        detector = SpeechDetector(self._vad_onnx_session)
        return IncrementalRecognizeStream(stt=self, conn_options=conn_options, detector=detector)

    def _report(self, timing: RecognitionTiming) -> None:
        self.last_timing = timing
        for listener in self.timing_listeners:
            listener(timing)


def _final_event(text: str, language: str) -> stt.SpeechEvent:
    return stt.SpeechEvent(
        type=stt.SpeechEventType.FINAL_TRANSCRIPT,
        alternatives=[stt.SpeechData(language=language, text=text, confidence=1.0)],  # type: ignore[arg-type]
    )


def _interim_event(text: str, language: str) -> stt.SpeechEvent:
    return stt.SpeechEvent(
        type=stt.SpeechEventType.INTERIM_TRANSCRIPT,
        alternatives=[stt.SpeechData(language=language, text=text, confidence=1.0)],  # type: ignore[arg-type]
    )


class IncrementalRecognizeStream(stt.RecognizeStream):
    def __init__(
        self, *, stt: EmbeddedSTT, conn_options: APIConnectOptions, detector: SpeechDetector
    ) -> None:
        super().__init__(stt=stt, conn_options=conn_options)
        self._engine = stt
        self._detector = detector
        self._segmenter = UtteranceSegmenter(window_samples=detector.window_samples)
        self._jobs: asyncio.Queue[np.ndarray] = asyncio.Queue()
        self._texts: list[str] = []
        self._last_clause = LastClause()
        self._pending = 0  # clauses queued or being decoded
        self._timing = RecognitionTiming()

    def _enqueue(self, segment: np.ndarray) -> None:
        self._pending += 1
        self._jobs.put_nowait(segment)

    async def _run(self) -> None:
        worker = asyncio.create_task(self._decode_jobs())
        try:
            async for item in self._input_ch:
                if isinstance(item, self._FlushSentinel):
                    self._cut_rest()
                else:
                    self._on_audio(frame_to_16k(item))
                self._maybe_emit_final()
            self._cut_rest()
            await self._jobs.join()
            if self._texts:
                self._emit_final()
        finally:
            await utils.aio.cancel_and_wait(worker)

    def _on_audio(self, samples: np.ndarray) -> None:
        for segment in self._segmenter.push(samples, self._detector.push(samples)):
            self._enqueue(segment)

    def _cut_rest(self) -> None:
        rest = self._segmenter.cut_rest()
        if rest is not None:
            self._enqueue(rest)

    async def _decode_jobs(self) -> None:
        while True:
            segment = await self._jobs.get()
            try:
                result = await self._engine.transcribe(segment, earlier_text=" ".join(self._texts))
                self._timing.segments += 1
                if result.text:
                    self._last_clause = LastClause(
                        avg_logprob=result.avg_logprob,
                        seconds=len(segment) / WHISPER_SAMPLE_RATE,
                        words=len(result.text.split()),
                        follows_earlier_clauses=bool(self._texts),
                        end_logprob=result.end_logprob,
                        last_word_logprob=result.last_word_logprob,
                        continuation_probability=result.continuation_probability,
                    )
                    self._texts.append(result.text)
                    self._event_ch.send_nowait(_interim_event(" ".join(self._texts), result.language))
            finally:
                self._pending -= 1
                self._jobs.task_done()
            self._maybe_emit_final()

    def _maybe_emit_final(self) -> None:
        """Send the final transcript once the silence is long enough for the words so far."""
        if not self._texts:
            return
        needed = required_silence(" ".join(self._texts), self._engine.options.profile, self._last_clause)
        excess = self._segmenter.silence_samples - needed * WHISPER_SAMPLE_RATE
        if excess < 0:
            return
        if self._segmenter.has_uncut_speech:
            self._cut_rest()
        if self._pending:
            return  # a clause is still being decoded; its words may change the verdict
        # Audio arrives in real time: the silence was long enough `excess` samples ago, and what held
        # the final up since then was decoding (or, within a 20 ms frame, nothing).
        self._timing.stt_delay = excess / WHISPER_SAMPLE_RATE
        self._emit_final()

    def _emit_final(self) -> None:
        text = " ".join(self._texts)
        self._texts = []
        self._last_clause = LastClause()
        self._timing.final_at = time.perf_counter()
        with contextlib.suppress(Exception):
            self._engine._report(self._timing)
        self._timing = RecognitionTiming()
        self._event_ch.send_nowait(_final_event(text, self._engine.transcriber.language))
