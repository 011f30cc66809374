"""Voice-turn latency on the embedded engines: end of candidate speech → first agent audio.

    .venv/bin/python bench/voice_latency.py [--configs naive,ours] [--runs 1]

Each config runs the scripted candidate answers (`tests/voice/candidate_turns.json`: ≥ 12 ordinary
answers of 3-8 s and answers with 0.5-1 s thinking pauses) through the no-room harness
(`agent.harness.NoRoomHarness`: real AgentSession, Silero VAD, STT, Piper TTS; Piper also speaks the
candidate, fed in real-time 20 ms frames) against an instant-reply LLM, so the figures are the voice path
alone. Printed per config: p50/p95 of the total and of each part (endpointing wait, STT, LLM first
token, TTS first byte, overhead = total minus the parts), the STT word error rate over all answers, and
how many answers were cut off (the agent committed or spoke before the candidate had finished).

Configs, run in the same process, each answer going to every config in turn (so load swings on this shared
machine hit them alike):
- naive: Silero VAD (0.25 s silence) → faster-whisper tiny.en over the whole utterance after the VAD ends
  it (standard 30 s window, no hints) → reply → Piper sentence streaming.
- ours: `agent.engines.make_engines` (embedded): clauses transcribed while the candidate speaks (10 s
  encoder window, vocabulary hints), the final transcript sent once the silence suits the words
  (`agent.engines.endpointing`, STANDARD profile), Piper sentence streaming.

The word error rate ignores hesitations ("um", "uh") on both sides, as Whisper's English normaliser does.

The machine is shared: the 1-minute load average is printed before and after each config.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from livekit.agents import (  # noqa: E402
    DEFAULT_API_CONNECT_OPTIONS,
    NOT_GIVEN,
    Agent,
    APIConnectOptions,
    NotGivenOr,
    stt,
    utils,
)
from livekit.plugins import silero  # noqa: E402

from agent.engines import make_engines  # noqa: E402
from agent.engines.embedded_stt import frame_to_16k  # noqa: E402
from agent.engines.embedded_tts import EmbeddedTTS  # noqa: E402
from agent.engines.factory import EmbeddedModels, load_embedded_models  # noqa: E402
from agent.engines.latency import TurnLatency, summarize  # noqa: E402
from agent.engines.wer import word_error_rate, words  # noqa: E402
from agent.harness import FixedReplyLLM, NoRoomHarness, TurnResult, render_speech  # noqa: E402
from api.settings import Settings  # noqa: E402

TURNS_FILE = ROOT / "tests" / "voice" / "candidate_turns.json"
REPLY = "Thank you. Let's move on to the next question."


class InterviewerUnderTest(Agent):
    def __init__(self) -> None:
        super().__init__(instructions="Acknowledge the answer and move on.")


class BatchWhisperSTT(stt.STT):
    """The naive recogniser: the whole utterance, once the VAD has ended it, in the 30 s window."""

    def __init__(self, models: EmbeddedModels) -> None:
        super().__init__(capabilities=stt.STTCapabilities(streaming=False, interim_results=False))
        self._models = models

    async def _recognize_impl(
        self, buffer: utils.AudioBuffer, *, language: NotGivenOr[str] = NOT_GIVEN,
        conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS,
    ) -> stt.SpeechEvent:
        samples = frame_to_16k(utils.merge_frames(buffer))
        result = await asyncio.to_thread(self._models.transcriber.transcribe, samples, trimmed=False)
        return stt.SpeechEvent(
            type=stt.SpeechEventType.FINAL_TRANSCRIPT,
            alternatives=[stt.SpeechData(language="en", text=result.text, confidence=1.0)],  # type: ignore[arg-type]
        )


@dataclass
class ConfigResult:
    name: str
    latencies: list[TurnLatency] = field(default_factory=list)
    wer_errors: float = 0.0
    wer_words: int = 0
    cut_early: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    load_before: float = 0.0
    load_after: float = 0.0


def build_harness(name: str, models: EmbeddedModels, vocabulary: list[str]) -> NoRoomHarness:
    reply = FixedReplyLLM(REPLY)
    rate = models.synthesizer.sample_rate
    if name == "naive":
        return NoRoomHarness(
            InterviewerUnderTest(), stt=BatchWhisperSTT(models), tts=EmbeddedTTS(models.synthesizer),
            vad=silero.VAD.load(min_silence_duration=0.25), llm=reply, input_sample_rate=rate,
            turn_handling={"turn_detection": "vad", "interruption": {"mode": "vad"},
                           "endpointing": {"min_delay": 0.2}},
        )
    engines = make_engines(Settings(), phase="technical")
    engines.set_vocabulary(vocabulary)
    return NoRoomHarness(InterviewerUnderTest(), stt=engines.stt, tts=engines.tts, vad=engines.vad,
                         llm=reply, turn_handling=engines.turn_handling, input_sample_rate=rate)


async def run_configs(names: list[str], models: EmbeddedModels, script: dict[str, Any]) -> list[ConfigResult]:
    """Every answer goes to each config in turn, so a machine-load swing hits them alike."""
    results = [ConfigResult(name=name, load_before=os.getloadavg()[0]) for name in names]
    harnesses = [build_harness(name, models, script["vocabulary"]) for name in names]
    gc.collect()
    gc.freeze()
    for harness in harnesses:
        await harness.start()
    answers = [*script["answers"], *script["thinking"]]
    try:
        for parts in answers:
            said = " ".join(part for part in parts if isinstance(part, str))
            pcm = render_speech(models.synthesizer, parts)
            for result, harness in zip(results, harnesses, strict=True):
                turn = await harness.say(pcm, models.synthesizer.sample_rate)
                await asyncio.sleep(0.5)  # let any late reply to a cut-off answer land in this turn
                record_turn(result, said, turn)
    finally:
        for harness in harnesses:
            await harness.aclose()
    for result in results:
        result.load_after = os.getloadavg()[0]
    return results


def record_turn(result: ConfigResult, said: str, turn: TurnResult) -> None:
    result.wer_errors += word_error_rate(said, turn.transcript) * len(words(said))
    result.wer_words += len(words(said))
    if turn.cut_early:
        result.cut_early.append(said)
    elif turn.latency is None:
        result.missed.append(said)
    else:
        result.latencies.append(turn.latency)
    flag = "CUT " if turn.cut_early else ""
    latency = turn.latency
    total = "   n/a   " if latency is None else (
        f"{latency.total_ms:6.0f} ms (wait {latency.endpointing_ms:4.0f}, stt {latency.stt_ms:3.0f}, "
        f"tts {latency.tts_ttfb_ms:3.0f})")
    print(f"  [{result.name:>10}] {total} {flag}heard: {turn.transcript!r}", flush=True)


def report(result: ConfigResult) -> dict[str, Any]:
    rows = [latency.to_json() for latency in result.latencies]
    figures = summarize(result.latencies)
    wer = result.wer_errors / max(1, result.wer_words)
    print(f"\n== {result.name}: {len(rows)} measured turns, load avg {result.load_before:.2f} → "
          f"{result.load_after:.2f}")
    print(f"   {'part':<14}{'p50 ms':>9}{'p95 ms':>9}")
    for part in ("total_ms", "endpointing_ms", "stt_ms", "llm_ttft_ms", "tts_ttfb_ms", "overhead_ms"):
        print(f"   {part:<14}{figures[part]['p50']:>9.0f}{figures[part]['p95']:>9.0f}")
    print(f"   STT word error rate: {100 * wer:.1f} % over {result.wer_words} words")
    print(f"   answers cut off early: {len(result.cut_early)}  {result.cut_early}")
    if result.missed:
        print(f"   answers with no measured reply: {len(result.missed)}  {result.missed}")
    return {"config": result.name, "turns": len(rows), "figures": figures, "wer": wer,
            "cut_early": len(result.cut_early), "missed": len(result.missed),
            "load": [result.load_before, result.load_after]}


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--configs", default="naive,ours")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the summaries here")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    started = time.perf_counter()
    models = load_embedded_models()
    print(f"models loaded in {time.perf_counter() - started:.1f} s; cores: {os.cpu_count()}")
    script = json.loads(TURNS_FILE.read_text(encoding="utf-8"))
    summaries = []
    names = [name.strip() for name in args.configs.split(",") if name.strip()]
    for run in range(args.runs):
        print(f"\n-- run {run + 1}: {', '.join(names)}, answer by answer", flush=True)
        for result in await run_configs(names, models, script):
            summaries.append(report(result))
    if args.json:
        args.json.write_text(json.dumps(summaries, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
