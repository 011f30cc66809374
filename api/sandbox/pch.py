"""A precompiled `<bits/stdc++.h>` for C++ submissions: it halves their compile time.

Built once per g++ version on the host (trusted compiler, system header, no candidate input), stored
under SANDBOX_CACHE_DIR, and bound read-only into the compile sandbox at /pch. Compiles work without it.
"""

from __future__ import annotations

import logging
import os
import subprocess
import threading
from pathlib import Path

from api.sandbox.languages import LANGUAGES, language_version
from api.settings import get_settings

log = logging.getLogger(__name__)

HEADER = Path("/usr/include/x86_64-linux-gnu/c++/12/bits/stdc++.h")
SANDBOX_PCH_DIR = "/pch"
_lock = threading.Lock()
_failed = False


def _pch_flags() -> list[str]:
    """The compile flags that must match between the PCH and the submissions (std, optimisation)."""
    argv = LANGUAGES["cpp"].compile_argv or ()
    return [flag for flag in argv if flag.startswith(("-std=", "-O"))]


def cache_dir() -> Path:
    """SANDBOX_CACHE_DIR: where host-built artefacts (the precompiled header) are kept."""
    return Path(get_settings().sandbox_cache_dir)


def cpp_pch_dir() -> Path | None:
    """The directory holding bits/stdc++.h.gch, building it on first use; None when unavailable."""
    global _failed
    compiler = (LANGUAGES["cpp"].compile_argv or ("",))[0]
    cache = cache_dir()
    directory = cache / f"pch-gcc-{language_version('cpp')}"
    target = directory / "bits" / "stdc++.h.gch"
    if target.exists():
        return directory
    if _failed or not HEADER.exists():
        return None
    with _lock:
        if target.exists():
            return directory
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(cache, 0o755)
            partial = target.with_suffix(f".{os.getpid()}.tmp")
            subprocess.run([compiler, *_pch_flags(), "-x", "c++-header", str(HEADER), "-o", str(partial)],
                           env={"PATH": "/usr/bin:/bin"}, capture_output=True, timeout=300, check=True)
            os.chmod(partial, 0o644)
            for level in (directory, target.parent):
                os.chmod(level, 0o755)
            partial.rename(target)
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("C++ precompiled header unavailable, compiles will be slower: %s", exc)
            _failed = True
            return None
    return directory
