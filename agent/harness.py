"""Run an `AgentSession` with no room: scripted microphone in, captured speaker out.

The real VAD, turn handling, STT, LLM and TTS run in real time; the candidate's speech is
played as 20 ms frames at real-time pace, followed by endless silence, like a microphone.
For every candidate turn the harness records what was heard, what the agent said (audio
seconds), whether the turn was cut before the candidate finished, and a `TurnLatency`.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from livekit import rtc
from livekit.agents import (
    DEFAULT_API_CONNECT_OPTIONS,
    NOT_GIVEN,
    Agent,
    AgentSession,
    APIConnectOptions,
    NotGivenOr,
    io,
    llm,
    stt,
    tts,
    vad,
)
from livekit.agents.llm import ChatContext, Tool, ToolChoice
from livekit.agents.metrics import LLMMetrics, STTMetrics, TTSMetrics

from agent.engines.latency import TurnLatency
from agent.engines.synthesizer import PiperSynthesizer

FRAME_SECONDS = 0.02
# Samples quieter than this (of full scale) count as silence when finding where speech ends.
_SPEECH_FLOOR = 0.01


def speech_end_offset(pcm: np.ndarray, sample_rate: int) -> float:
    """Seconds from the start of `pcm` (int16) to the end of its last audible sample."""
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > _SPEECH_FLOOR * 32768)
    return 0.0 if len(loud) == 0 else (int(loud[-1]) + 1) / sample_rate


class ScriptedMicrophone(io.AudioInput):
    """Plays queued utterances in real time as 20 ms frames; silence in between."""

    def __init__(self, sample_rate: int) -> None:
        super().__init__(label="scripted-microphone")
        self.sample_rate = sample_rate
        self._frame_samples = int(sample_rate * FRAME_SECONDS)
        self._audio = np.zeros(0, np.int16)
        self._position = 0
        self._started_at: float | None = None
        self._frames_sent = 0
        self._speech_end_sample: int | None = None
        self.speech_ended_at: float | None = None  # perf_counter of the last spoken sample
        self.finished = asyncio.Event()

    def play(self, pcm: np.ndarray) -> None:
        """Queue an utterance (int16 mono at `sample_rate`), starting at the next frame."""
        self._audio = pcm.astype(np.int16, copy=False)
        self._position = 0
        self._speech_end_sample = round(speech_end_offset(self._audio, self.sample_rate) * self.sample_rate)
        self.speech_ended_at = None
        self.finished.clear()

    async def __anext__(self) -> rtc.AudioFrame:
        if self._started_at is None:
            self._started_at = time.perf_counter()
        due = self._started_at + self._frames_sent * FRAME_SECONDS
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        chunk = self._audio[self._position : self._position + self._frame_samples]
        if len(chunk) < self._frame_samples:
            chunk = np.concatenate([chunk, np.zeros(self._frame_samples - len(chunk), np.int16)])
        end = self._speech_end_sample
        if end is not None and self._position + self._frame_samples >= end:
            # the frame holding the last spoken sample is due now; speech ends inside it
            inside = (end - self._position) / self.sample_rate
            self.speech_ended_at = due + max(0.0, inside)
            self._speech_end_sample = None
        if len(self._audio) and self._position < len(self._audio):
            self._position += self._frame_samples
            if self._position >= len(self._audio):
                self.finished.set()
        self._frames_sent += 1
        return rtc.AudioFrame(chunk.tobytes(), self.sample_rate, 1, self._frame_samples)


class CapturingSpeaker(io.AudioOutput):
    """Collects the agent's audio; playback is reported finished at each flush (no playout)."""

    def __init__(self) -> None:
        super().__init__(label="capturing-speaker", capabilities=io.AudioOutputCapabilities(pause=False))
        self.frames: list[rtc.AudioFrame] = []
        self.first_frame_at: float | None = None  # perf_counter of the first frame since `reset`
        self.segment_seconds = 0.0
        self.segments: list[float] = []
        self.first_audio = asyncio.Event()
        self.segment_done = asyncio.Event()

    def reset(self) -> None:
        self.first_frame_at = None
        self.first_audio.clear()
        self.segment_done.clear()

    async def capture_frame(self, frame: rtc.AudioFrame) -> None:
        await super().capture_frame(frame)
        if self.first_frame_at is None:
            self.first_frame_at = time.perf_counter()
            self.first_audio.set()
        if self.segment_seconds == 0.0:
            self.on_playback_started(created_at=time.time())
        self.frames.append(frame)
        self.segment_seconds += frame.duration

    def flush(self) -> None:
        super().flush()
        self.segments.append(self.segment_seconds)
        self.on_playback_finished(playback_position=self.segment_seconds, interrupted=False)
        self.segment_seconds = 0.0
        self.segment_done.set()

    def clear_buffer(self) -> None:
        self.segment_seconds = 0.0


class TranscriptCapture(io.TextOutput):
    def __init__(self) -> None:
        super().__init__(label="transcript-capture", next_in_chain=None)
        self.pieces: list[str] = []

    async def capture_text(self, text: str) -> None:
        self.pieces.append(text)

    def flush(self) -> None:
        self.pieces.append("\n")


class FixedReplyLLM(llm.LLM):
    """Answers every turn at once with the same text (benchmarks: isolates the voice path)."""

    def __init__(self, reply: str = "Thank you. Let's move on to the next question.") -> None:
        super().__init__()
        self.reply = reply

    @property
    def model(self) -> str:
        return "fixed-reply"

    @property
    def provider(self) -> str:
        return "harness"

    def chat(
        self,
        *,
        chat_ctx: ChatContext,
        tools: list[Tool] | None = None,
        conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS,
        parallel_tool_calls: NotGivenOr[bool] = NOT_GIVEN,
        tool_choice: NotGivenOr[ToolChoice] = NOT_GIVEN,
        extra_kwargs: NotGivenOr[dict[str, Any]] = NOT_GIVEN,
    ) -> llm.LLMStream:
        return _FixedReplyStream(self, chat_ctx=chat_ctx, tools=tools or [], conn_options=conn_options)


class _FixedReplyStream(llm.LLMStream):
    async def _run(self) -> None:
        reply: str = self._llm.reply  # type: ignore[attr-defined]
        request_id = uuid.uuid4().hex
        for index, word in enumerate(reply.split(" ")):
            delta = llm.ChoiceDelta(role="assistant", content=(" " if index else "") + word)
            self._event_ch.send_nowait(llm.ChatChunk(id=request_id, delta=delta))


@dataclass
class TurnResult:
    transcript: str  # what the session committed as the candidate's turn(s)
    agent_audio_seconds: float
    cut_early: bool  # the turn was ended (final transcript, agent thinking) before the candidate finished
    latency: TurnLatency | None


@dataclass
class _TurnMarks:
    user_commits: list[tuple[float, str]] = field(default_factory=list)
    turn_decisions: list[float] = field(default_factory=list)  # final transcripts, agent thinking/speaking
    stt_metrics: list[STTMetrics] = field(default_factory=list)
    llm_metrics: list[LLMMetrics] = field(default_factory=list)
    tts_metrics: list[TTSMetrics] = field(default_factory=list)
    recognition: Any = None


class NoRoomHarness:
    """`AgentSession` fed by a `ScriptedMicrophone`, heard by a `CapturingSpeaker`."""

    def __init__(
        self,
        agent: Agent,
        *,
        stt: stt.STT,
        tts: tts.TTS,
        vad: vad.VAD,
        llm: llm.LLM,
        turn_handling: dict[str, Any] | None = None,
        input_sample_rate: int = 24_000,
    ) -> None:
        self.agent = agent
        self.session: AgentSession = AgentSession(
            stt=stt, tts=tts, vad=vad, llm=llm,
            turn_handling=turn_handling or {"turn_detection": "vad", "interruption": {"mode": "vad"}},  # type: ignore[arg-type]
        )
        self.microphone = ScriptedMicrophone(input_sample_rate)
        self.speaker = CapturingSpeaker()
        self.transcript = TranscriptCapture()
        self.latencies: list[TurnLatency] = []
        self._marks = _TurnMarks()
        self._stt, self._tts, self._llm = stt, tts, llm
        self.session.on("conversation_item_added", self._on_item)
        self.session.on("user_input_transcribed", self._on_transcribed)
        self.session.on("agent_state_changed", self._on_agent_state)
        stt.on("metrics_collected", self._marks_append("stt_metrics"))
        tts.on("metrics_collected", self._marks_append("tts_metrics"))
        llm.on("metrics_collected", self._marks_append("llm_metrics"))
        timing_listeners = getattr(stt, "timing_listeners", None)
        if isinstance(timing_listeners, list):
            timing_listeners.append(self._on_recognition)

    def _marks_append(self, name: str) -> Any:
        def append(metrics: Any) -> None:
            getattr(self._marks, name).append(metrics)

        return append

    def _on_recognition(self, timing: Any) -> None:
        self._marks.recognition = timing

    def _on_transcribed(self, event: Any) -> None:
        if event.is_final and event.transcript.strip():
            self._marks.turn_decisions.append(time.perf_counter())

    def _on_agent_state(self, event: Any) -> None:
        if event.new_state in ("thinking", "speaking"):
            self._marks.turn_decisions.append(time.perf_counter())

    def _on_item(self, event: Any) -> None:
        item = event.item
        if getattr(item, "role", None) == "user":
            self._marks.user_commits.append((time.perf_counter(), item.text_content or ""))

    async def start(self, *, greeting_timeout: float = 20.0) -> None:
        """Start the session; waits for the agent's greeting audio if it says one."""
        self.session.input.audio = self.microphone
        self.session.output.audio = self.speaker
        self.session.output.transcription = self.transcript
        await self.session.start(self.agent, record=False)
        await self._wait_agent_quiet(greeting_timeout)

    async def _wait_agent_quiet(self, timeout: float) -> None:
        deadline = time.perf_counter() + timeout
        await asyncio.sleep(0.05)
        while time.perf_counter() < deadline:
            if self.session.agent_state in ("listening", "idle") and not self._speech_pending():
                return
            await asyncio.sleep(0.05)

    def _speech_pending(self) -> bool:
        current = self.session.current_speech
        return current is not None and not current.done()

    async def say(self, pcm: np.ndarray, sample_rate: int, *, reply_timeout: float = 15.0) -> TurnResult:
        """Speak one candidate turn, wait for the agent's reply to finish, measure it."""
        if sample_rate != self.microphone.sample_rate:
            raise ValueError(f"microphone runs at {self.microphone.sample_rate} Hz, got {sample_rate} Hz")
        self._marks = _TurnMarks()
        self.speaker.reset()
        self.microphone.play(pcm)
        await self.microphone.finished.wait()
        try:
            await asyncio.wait_for(self.speaker.first_audio.wait(), reply_timeout)
        except TimeoutError:
            return TurnResult(self._heard(), 0.0, self._cut_early(), None)
        await self._wait_agent_quiet(reply_timeout)
        cut_early = self._cut_early()
        latency = None if cut_early else self._latency()  # a cut-off turn has no honest figure
        if latency is not None:
            self.latencies.append(latency)
        audio_seconds = sum(f.duration for f in self.speaker.frames)
        self.speaker.frames.clear()
        return TurnResult(self._heard(), audio_seconds, cut_early, latency)

    def _heard(self) -> str:
        return " ".join(text for _at, text in self._marks.user_commits).strip()

    def _cut_early(self) -> bool:
        ended = self.microphone.speech_ended_at
        first_audio = self.speaker.first_frame_at
        committed_before_end = any(ended is None or at < ended for at, _ in self._marks.user_commits)
        committed_before_end |= any(ended is None or at < ended for at in self._marks.turn_decisions)
        spoke_before_end = first_audio is not None and (ended is None or first_audio < ended)
        return committed_before_end or spoke_before_end or len(self._marks.user_commits) > 1

    def _latency(self) -> TurnLatency | None:
        ended, first_audio = self.microphone.speech_ended_at, self.speaker.first_frame_at
        if ended is None or first_audio is None or not self._marks.user_commits:
            return None
        total = first_audio - ended
        llm_ttft = self._marks.llm_metrics[0].ttft if self._marks.llm_metrics else 0.0
        tts_ttfb = self._marks.tts_metrics[0].ttfb if self._marks.tts_metrics else 0.0
        recognition = self._marks.recognition
        committed_at = self._marks.user_commits[-1][0]
        if recognition is not None and recognition.final_at:
            stt_seconds = recognition.stt_delay  # decoding not hidden behind the silence wait
        else:  # a batch STT behind the VAD: the last recognition ran after the end of speech
            stt_seconds = self._marks.stt_metrics[-1].duration if self._marks.stt_metrics else 0.0
        endpointing = max(0.0, committed_at - ended - stt_seconds)
        return TurnLatency(
            endpointing_ms=1000 * endpointing,
            stt_ms=1000 * stt_seconds,
            llm_ttft_ms=1000 * max(0.0, llm_ttft),
            tts_ttfb_ms=1000 * max(0.0, tts_ttfb),
            total_ms=1000 * total,
        )

    async def aclose(self) -> None:
        await self.session.aclose()


def render_speech(
    synthesizer: PiperSynthesizer, parts: list[str | float], *, lead_in: float = 0.3
) -> np.ndarray:
    """Candidate speech: text parts spoken by Piper, floats are pauses in seconds (int16 PCM
    at `synthesizer.sample_rate`, starting with `lead_in` seconds of silence)."""
    rate = synthesizer.sample_rate
    pieces = [np.zeros(int(lead_in * rate), np.int16)]
    for part in parts:
        if isinstance(part, str):
            pcm = synthesizer.pcm(part)
            pieces.append(pcm[: round(speech_end_offset(pcm, rate) * rate)])  # trim trailing quiet
        else:
            pieces.append(np.zeros(int(part * rate), np.int16))
    return np.concatenate(pieces)
