"""The languages the sandbox runs: file names, compile and run command lines, versions.

Paths are absolute and resolved (no /etc/alternatives inside the sandbox, which has no /etc).
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from dataclasses import dataclass

JAVA_HOME = "/usr/lib/jvm/java-17-openjdk-amd64"


@dataclass(frozen=True)
class Language:
    name: str
    aliases: tuple[str, ...]
    source_file: str
    run_argv: tuple[str, ...]  # may contain {heap_mb}
    compile_argv: tuple[str, ...] | None = None
    version_argv: tuple[str, ...] = ()
    # Host paths bound read-only besides /usr (e.g. the JDK's config under /etc).
    extra_ro_binds: tuple[str, ...] = ()
    # RLIMIT_AS breaks runtimes that reserve large address ranges up front (V8, the JVM);
    # those are bounded by the memory cgroup and their own heap flags instead.
    limit_address_space: bool = True
    min_memory_mb: int = 0
    env: tuple[tuple[str, str], ...] = ()

    def run_command(self, memory_mb: int) -> list[str]:
        heap_mb = max(32, memory_mb * 3 // 4 if self.name == "javascript" else memory_mb // 2)
        return [part.format(heap_mb=heap_mb) for part in self.run_argv]

    @property
    def compiled(self) -> bool:
        return self.compile_argv is not None


LANGUAGES: dict[str, Language] = {
    "python": Language(
        name="python",
        aliases=("py", "python3"),
        source_file="main.py",
        run_argv=("/usr/bin/python3", "-I", "-B", "main.py"),
        version_argv=("/usr/bin/python3", "--version"),
        env=(("MALLOC_ARENA_MAX", "2"), ("PYTHONIOENCODING", "utf-8")),
    ),
    "javascript": Language(
        name="javascript",
        aliases=("js", "node", "nodejs"),
        source_file="main.js",
        run_argv=("/usr/bin/node", "--max-old-space-size={heap_mb}", "--stack-size=984", "main.js"),
        version_argv=("/usr/bin/node", "--version"),
        limit_address_space=False,
    ),
    "cpp": Language(
        name="cpp",
        aliases=("c++", "cxx", "g++"),
        source_file="main.cpp",
        compile_argv=("/usr/bin/x86_64-linux-gnu-g++-12", "-std=c++17", "-O2", "-pipe", "-o", "main",
                      "main.cpp"),
        run_argv=("./main",),
        version_argv=("/usr/bin/x86_64-linux-gnu-g++-12", "-dumpfullversion"),
    ),
    "java": Language(
        name="java",
        aliases=("java17",),
        source_file="Main.java",
        compile_argv=(f"{JAVA_HOME}/bin/javac", "-J-Xmx512m", "-J-XX:+UseSerialGC",
                      "-J-XX:TieredStopAtLevel=1", "-J-XX:-UsePerfData", "-encoding", "UTF-8", "Main.java"),
        run_argv=(f"{JAVA_HOME}/bin/java", "-Xmx{heap_mb}m", "-Xss8m", "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:MaxMetaspaceSize=64m",
                  "-XX:ReservedCodeCacheSize=32m", "-Dfile.encoding=UTF-8", "-cp", ".", "Main"),
        version_argv=(f"{JAVA_HOME}/bin/java", "-version"),
        extra_ro_binds=("/etc/java-17-openjdk",),
        limit_address_space=False,
        min_memory_mb=512,
    ),
}

_ALIASES = {alias: lang for lang in LANGUAGES.values() for alias in (lang.name, *lang.aliases)}


def resolve_language(name: str) -> Language | None:
    return _ALIASES.get(name.strip().lower())


def accepted_names() -> list[str]:
    """Every name a request may call a language: canonical names and aliases (matched case-insensitively)."""
    return sorted(_ALIASES)


def supported_names() -> list[str]:
    return list(LANGUAGES)


def missing_toolchain(lang: Language) -> str | None:
    """The host program `lang` needs (compiler, then runtime) that is not installed here, or None.

    The bwrap backend runs host binaries: Node.js, for one, is not a Debian 12 package of the right version
    and may simply be absent. The docker backend's images carry their own toolchains.
    """
    for argv in (lang.compile_argv, lang.run_argv):
        program = argv[0] if argv else ""
        if program.startswith("/") and not os.access(program, os.X_OK):
            return program
    return None


@functools.cache
def language_version(name: str) -> str:
    """The toolchain version, asked of the trusted host binary once per process."""
    lang = LANGUAGES[name]
    try:
        done = subprocess.run(lang.version_argv, capture_output=True, timeout=10, env={}, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unavailable"
    text = (done.stdout + done.stderr).decode("utf-8", errors="replace")
    match = re.search(r"\d+\.\d+(\.\d+)?", text)
    return match.group(0) if match else "unknown"
