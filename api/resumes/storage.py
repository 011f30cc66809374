"""Where resume files live: generated names under the upload directory, temp files, and cleaning up.

A file reaches its final name only by an atomic rename from a temp file in the same directory, done inside
the database transaction that creates its row; a temp file left by a killed process is swept later.
"""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

TEMP_PREFIX = ".upload-"
TEMP_SUFFIX = ".part"
# A temp file this old belongs to no live request (uploads take seconds): it was left by a killed process.
STALE_TEMP_SECONDS = 3600
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.pdf$")


def upload_dir(configured: str) -> Path:
    path = Path(configured)
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_temp_path(directory: Path) -> Path:
    return directory / f"{TEMP_PREFIX}{uuid.uuid4().hex}{TEMP_SUFFIX}"


def new_stored_name() -> str:
    return f"{uuid.uuid4().hex}.pdf"


def stored_path(directory: Path, stored_name: str) -> Path:
    """The file of a stored resume; refuses any name the service did not generate (no path tricks)."""
    if not STORED_NAME.match(stored_name):
        raise ValueError(f"not a generated resume file name: {stored_name!r}")
    return directory / stored_name


def remove_quietly(*paths: Path | None) -> None:
    for path in paths:
        if path is not None:
            path.unlink(missing_ok=True)


def sweep_stale_temp_files(directory: Path, now: float | None = None) -> int:
    """Delete temp files older than STALE_TEMP_SECONDS; returns how many went."""
    now = time.time() if now is None else now
    removed = 0
    for path in directory.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        try:
            if now - path.stat().st_mtime > STALE_TEMP_SECONDS:
                path.unlink(missing_ok=True)
                removed += 1
        except FileNotFoundError:
            continue
    return removed
