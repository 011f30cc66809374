"""livekit STT backed by faster-whisper, transcribing while the candidate speaks.

`stream()` cuts the candidate's audio at their pauses and transcribes each finished clause in
a worker thread while they go on talking. When the session's VAD ends their speech it
flushes the stream (`manual_flush`), so only the last clause is left to decode. The final
transcript — which is what lets the session end the turn — is sent at once when the words
read as a finished answer, and held for the phase's extra silence when they stop
mid-thought; speech during the hold cancels it and the answer goes on.
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
from agent.engines.endpointing import STANDARD, EndpointingProfile, hold_seconds
from agent.engines.segmenter import UtteranceSegmenter
from agent.engines.speech_detector import SpeechDetector
from agent.engines.transcriber import Transcription, WhisperTranscriber


@dataclass
class RecognitionTiming:
    """When the last turn's recognition finished its steps (`time.perf_counter()` values).

    flush_at → decoded_at is recognition work left after the VAD ended speech (the STT
    part of the turn's latency); decoded_at → final_at is the endpointing hold."""

    segments: int = 0  # clauses transcribed for the turn
    flush_at: float = 0.0
    decoded_at: float = 0.0
    final_at: float = 0.0


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


_FINALIZE = object()


class IncrementalRecognizeStream(stt.RecognizeStream):
    def __init__(
        self, *, stt: EmbeddedSTT, conn_options: APIConnectOptions, detector: SpeechDetector
    ) -> None:
        super().__init__(stt=stt, conn_options=conn_options)
        self._engine = stt
        self._detector = detector
        self._segmenter = UtteranceSegmenter(window_samples=detector.window_samples)
        self._jobs: asyncio.Queue[np.ndarray | object] = asyncio.Queue()
        self._texts: list[str] = []
        self._held = False  # a finished-looking transcript is waiting out the hold
        self._hold_samples = 0
        self._timing = RecognitionTiming()

    async def _run(self) -> None:
        worker = asyncio.create_task(self._decode_jobs())
        try:
            async for item in self._input_ch:
                if isinstance(item, self._FlushSentinel):
                    self._request_final()
                else:
                    self._on_audio(frame_to_16k(item))
            self._request_final()
            await self._jobs.join()
        finally:
            await utils.aio.cancel_and_wait(worker)

    def _on_audio(self, samples: np.ndarray) -> None:
        decisions = self._detector.push(samples)
        if self._held and any(decisions):
            self._held = False  # they went on talking: the answer is not over
        for segment in self._segmenter.push(samples, decisions):
            self._jobs.put_nowait(segment)
        if self._held and self._segmenter.silence_samples >= self._hold_samples:
            self._held = False
            self._emit_final()

    def _request_final(self) -> None:
        self._timing.flush_at = time.perf_counter()
        rest = self._segmenter.cut_rest()
        if rest is not None:
            self._jobs.put_nowait(rest)
        self._jobs.put_nowait(_FINALIZE)

    async def _decode_jobs(self) -> None:
        while True:
            job = await self._jobs.get()
            try:
                if job is _FINALIZE:
                    self._finalize()
                elif isinstance(job, np.ndarray):
                    result = await self._engine.transcribe(job, earlier_text=" ".join(self._texts))
                    self._timing.segments += 1
                    if result.text:
                        self._texts.append(result.text)
                        self._event_ch.send_nowait(_interim_event(" ".join(self._texts), result.language))
            finally:
                self._jobs.task_done()

    def _finalize(self) -> None:
        self._timing.decoded_at = time.perf_counter()
        text = " ".join(self._texts)
        if not text:
            self._event_ch.send_nowait(_final_event("", self._engine.transcriber.language))
            self._timing = RecognitionTiming()
            return
        profile = self._engine.options.profile
        hold = hold_seconds(text, profile)
        if hold <= 0:
            self._emit_final()
            return
        self._held = True
        self._hold_samples = int((profile.vad_silence + hold) * WHISPER_SAMPLE_RATE)
        if self._segmenter.silence_samples >= self._hold_samples:
            self._held = False
            self._emit_final()

    def _emit_final(self) -> None:
        text = " ".join(self._texts)
        self._texts = []
        self._segmenter.reset_turn()
        self._timing.final_at = time.perf_counter()
        with contextlib.suppress(Exception):
            self._engine._report(self._timing)
        self._timing = RecognitionTiming()
        if text:
            self._event_ch.send_nowait(_final_event(text, self._engine.transcriber.language))
