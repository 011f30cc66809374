from pathlib import Path

import pytest

from agent.engines.weights import (
    WeightsMismatchError,
    piper_voice_files,
    sha256_of,
    verify_sha256,
    whisper_model_dir,
)


def test_a_file_with_the_pinned_hash_passes(tmp_path: Path):
    weights = tmp_path / "model.bin"
    weights.write_bytes(b"weights")
    assert verify_sha256(weights, sha256_of(weights)) == weights


def test_a_changed_file_is_refused(tmp_path: Path):
    weights = tmp_path / "model.bin"
    weights.write_bytes(b"weights")
    pinned = sha256_of(weights)
    weights.write_bytes(b"weights, tampered")
    with pytest.raises(WeightsMismatchError, match="expected"):
        verify_sha256(weights, pinned)


def test_a_missing_file_is_refused(tmp_path: Path):
    with pytest.raises(WeightsMismatchError, match="not found"):
        verify_sha256(tmp_path / "absent.bin", "0" * 64)


def test_the_installed_packages_hold_the_pinned_weights():
    assert (whisper_model_dir() / "model.bin").is_file()
    voice = piper_voice_files()
    assert voice.model.name == "en_US-joe-medium.onnx"
    assert voice.config.is_file()
