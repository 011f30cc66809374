"""livekit TTS backed by Piper, streaming sentence by sentence.

`stream()` takes reply text as the LLM produces it and renders each sentence the moment it
is complete, so the first audio leaves while the rest of the reply is still being written.
Rendering runs in a worker thread so the event loop keeps moving audio frames.
"""

from __future__ import annotations

import asyncio

import numpy as np
from livekit.agents import DEFAULT_API_CONNECT_OPTIONS, APIConnectOptions, tts, utils

from agent.engines.sentences import SentenceBuffer
from agent.engines.synthesizer import PiperSynthesizer

# The reply's first piece may end at its first comma once this many words precede it (see sentences.py):
# Piper's time to first audio grows with the length of what it renders (~0.05 s for "Thank you.",
# ~0.25-0.65 s for a 6-15 word sentence on a loaded 2-core box).
FIRST_PHRASE_WORDS = 3


class EmbeddedTTS(tts.TTS):
    def __init__(self, synthesizer: PiperSynthesizer) -> None:
        super().__init__(
            capabilities=tts.TTSCapabilities(streaming=True),
            sample_rate=synthesizer.sample_rate,
            num_channels=1,
        )
        self.synthesizer = synthesizer

    @property
    def model(self) -> str:
        return "piper"

    @property
    def provider(self) -> str:
        return "embedded"

    @property
    def voice(self) -> str:
        return self.synthesizer.voice_name

    def synthesize(
        self, text: str, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
    ) -> PiperChunkedStream:
        return PiperChunkedStream(tts=self, input_text=text, conn_options=conn_options)

    def stream(
        self, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
    ) -> PiperSynthesizeStream:
        return PiperSynthesizeStream(tts=self, conn_options=conn_options)


async def _render_sentences(synthesizer: PiperSynthesizer, text: str, emitter: tts.AudioEmitter) -> None:
    """Push each sentence's PCM as soon as Piper renders it, flushing so it plays at once."""
    sentences = synthesizer.sentences(text)
    while True:
        pcm: np.ndarray | None = await asyncio.to_thread(next, sentences, None)
        if pcm is None:
            return
        emitter.push(pcm.tobytes())
        emitter.flush()


def _initialize(emitter: tts.AudioEmitter, engine: EmbeddedTTS, *, stream: bool) -> None:
    """Raw s16le mono PCM at the voice's rate, for both the one-shot and the streaming path."""
    emitter.initialize(
        request_id=utils.shortuuid(),
        sample_rate=engine.sample_rate,
        num_channels=1,
        mime_type="audio/pcm",
        stream=stream,
    )


class PiperChunkedStream(tts.ChunkedStream):
    async def _run(self, output_emitter: tts.AudioEmitter) -> None:
        engine: EmbeddedTTS = self._tts  # type: ignore[assignment]
        _initialize(output_emitter, engine, stream=False)
        await _render_sentences(engine.synthesizer, self._input_text, output_emitter)


class PiperSynthesizeStream(tts.SynthesizeStream):
    async def _run(self, output_emitter: tts.AudioEmitter) -> None:
        engine: EmbeddedTTS = self._tts  # type: ignore[assignment]
        _initialize(output_emitter, engine, stream=True)
        output_emitter.start_segment(segment_id=utils.shortuuid())
        sentences = SentenceBuffer(first_phrase_words=FIRST_PHRASE_WORDS)
        async for piece in self._input_ch:
            if isinstance(piece, self._FlushSentinel):
                ready = [rest] if (rest := sentences.flush()) else []
            else:
                ready = sentences.push(piece)
            for sentence in ready:
                self._mark_started()
                await _render_sentences(engine.synthesizer, sentence, output_emitter)
        if rest := sentences.flush():
            self._mark_started()
            await _render_sentences(engine.synthesizer, rest, output_emitter)
        output_emitter.end_segment()
