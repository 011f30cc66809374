"""Every setting of the service, read once from the environment.

`Settings.from_env()` is the only place environment variables are read for the API and shared code. Other
modules receive a `Settings` (or read `get_settings()`), never `os.environ` directly.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DATA_DIR_DEFAULT = "./data"
DEV_LIVEKIT_KEY = "devkey"
# Matches livekit.yaml; a LiveKit server started with `--dev` uses the same pair.
DEV_LIVEKIT_SECRET = "secret-devsecret-devsecret-devsecret"
MIN_JWT_SECRET_BYTES = 32
SANDBOX_DOCKER_IMAGE_PREFIX = "SANDBOX_DOCKER_IMAGE_"


class SettingsError(RuntimeError):
    """The environment describes a configuration the service must refuse to start with."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from exc


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "")
    if raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from exc


def _str(env: Mapping[str, str], name: str, default: str) -> str:
    """The variable's value, or `default` when it is unset or empty."""
    return env.get(name, "") or default


def _switch(env: Mapping[str, str], name: str) -> bool:
    """On unless the variable says "off" (any case): the switches of optional LLM calls."""
    return env.get(name, "").strip().lower() != "off"


def _optional_int(env: Mapping[str, str], name: str) -> int | None:
    return None if env.get(name, "") == "" else _int(env, name, 0)


def _docker_images(env: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """`SANDBOX_DOCKER_IMAGE_<LANGUAGE>=image` overrides, as sorted (language, image) pairs."""
    return tuple(sorted(
        (name[len(SANDBOX_DOCKER_IMAGE_PREFIX):].lower(), value.strip())
        for name, value in env.items()
        if name.startswith(SANDBOX_DOCKER_IMAGE_PREFIX) and len(name) > len(SANDBOX_DOCKER_IMAGE_PREFIX)
        and value.strip()
    ))


def _list(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(item.strip() for item in value.split(",") if item.strip())


def _dev_jwt_secret(data_dir: Path) -> str:
    """Generate once, then reuse, a development JWT secret kept under the data directory."""
    path = data_dir / "jwt_secret"
    if path.exists():
        secret = path.read_text(encoding="utf-8").strip()
        if len(secret) >= MIN_JWT_SECRET_BYTES:
            return secret
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(secret, encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)
    log.warning(
        "JWT_SECRET is not set: generated a development secret in %s (never use this in production)", path
    )
    return secret


@dataclass(frozen=True)
class Settings:
    """The whole configuration. Field names match the environment variables (lower-cased)."""

    env: str = "development"
    log_level: str = "INFO"
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: str = DATA_DIR_DEFAULT
    database_url: str = f"sqlite://{DATA_DIR_DEFAULT}/interviewlab.sqlite3"
    upload_dir: str = f"{DATA_DIR_DEFAULT}/uploads"
    jwt_secret: str = ""
    jwt_ttl: int = 3600  # seconds
    livekit_url: str = "ws://127.0.0.1:7880"
    livekit_api_key: str = DEV_LIVEKIT_KEY
    livekit_api_secret: str = DEV_LIVEKIT_SECRET
    livekit_token_ttl: int = 3600  # seconds; the spec caps it at one hour
    livekit_agent_name: str = "interviewer"
    livekit_timeout: float = 2.0  # seconds for best-effort room service calls
    rate_limit_enabled: bool = True
    rate_limit_storage: str = "memory://"
    rate_limit_key_prefix: str = "interviewlab"  # namespaces the counters in a shared Redis
    rate_limit_interviews: str = "10/minute"
    rate_limit_sandbox: str = "20/minute"
    rate_limit_tts: str = "30/minute"
    rate_limit_auth: str = "20/minute"
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 1_048_576 + 65_536  # JSON bodies; uploads have their own limits
    sandbox_backend: str = "bwrap"
    sandbox_max_concurrency: int | None = None  # concurrent runs per process; None: the number of CPUs
    sandbox_max_timeout_s: float = 30.0  # operator's cap on a run's wall time (clients get 1–30 s below it)
    sandbox_memory_mb: int = 256
    sandbox_pids: int = 64
    sandbox_output_bytes: int = 64 * 1024  # per stream (stdout, stderr)
    sandbox_docker_images: tuple[tuple[str, str], ...] = ()  # (language, image) overrides for docker
    sandbox_cache_dir: str = "/var/cache/interviewlab-sandbox"  # the C++ precompiled header
    sandbox_cgroup_root: str = "/sys/fs/cgroup"
    sandbox_uid_base: int = 61000  # first host uid of the per-run pool (1000 uids)
    sandbox_work_root: str = "/tmp/sbx-work"  # tmpfs work dirs of compiled runs
    feedback_llm_judge: bool = True  # FEEDBACK_LLM_JUDGE=off disables it even when an LLM is configured
    feedback_llm_judge_timeout_seconds: float = 30.0
    resume_llm_enrichment: bool = True  # RESUME_LLM_ENRICHMENT=off disables it even when an LLM is configured
    resume_llm_enrichment_timeout_seconds: float = 8.0
    engines: str = "embedded"  # embedded | openai
    openai_api_key: str = ""
    openai_base_url: str = ""
    llm_model: str = "gpt-4o-mini"
    stt_model: str = "whisper-1"
    tts_model: str = "tts-1-hd"
    tts_voice: str = "alloy"
    whisper_cpu_threads: int = 1  # the embedded STT's decoding threads (1 measured fastest on 2 cores)
    interviewer_prompts_dir: str = ""  # "" = the repo's prompts/
    interviewer_prompt_version: str = "v1"
    interviewer_budgets_json: str = ""  # per-deployment phase budgets; an interview's own budgets win
    agent_console_interview_id: int | None = None  # console continues this interview instead of a new demo

    def sandbox_docker_image(self, language: str) -> str | None:
        """The operator's image for `language` (SANDBOX_DOCKER_IMAGE_<LANGUAGE>), or None."""
        return dict(self.sandbox_docker_images).get(language.lower())

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from `env` (default: `os.environ`). Raises `SettingsError` on a refused setup."""
        env = os.environ if env is None else env
        mode = env.get("ENV", "development").strip() or "development"
        data_dir = env.get("DATA_DIR", DATA_DIR_DEFAULT) or DATA_DIR_DEFAULT
        jwt_secret = env.get("JWT_SECRET", "")
        if not jwt_secret:
            if mode == "production":
                raise SettingsError("JWT_SECRET must be set when ENV=production")
            jwt_secret = _dev_jwt_secret(Path(data_dir))
        elif len(jwt_secret.encode()) < MIN_JWT_SECRET_BYTES and mode == "production":
            raise SettingsError(
                f"JWT_SECRET must be at least {MIN_JWT_SECRET_BYTES} bytes when ENV=production"
            )
        engines = env.get("ENGINES", "embedded") or "embedded"
        if engines not in {"embedded", "openai"}:
            raise SettingsError(f"ENGINES must be 'embedded' or 'openai', got {engines!r}")
        return cls(
            env=mode,
            log_level=_str(env, "LOG_LEVEL", "INFO").upper(),
            host=_str(env, "HOST", "127.0.0.1"),
            port=_int(env, "PORT", 8000),
            data_dir=data_dir,
            database_url=_str(env, "DATABASE_URL", f"sqlite://{data_dir}/interviewlab.sqlite3"),
            upload_dir=_str(env, "UPLOAD_DIR", f"{data_dir}/uploads"),
            jwt_secret=jwt_secret,
            jwt_ttl=_int(env, "JWT_TTL", 3600),
            livekit_url=_str(env, "LIVEKIT_URL", "ws://127.0.0.1:7880"),
            livekit_api_key=_str(env, "LIVEKIT_API_KEY", DEV_LIVEKIT_KEY),
            livekit_api_secret=_str(env, "LIVEKIT_API_SECRET", DEV_LIVEKIT_SECRET),
            livekit_token_ttl=min(_int(env, "LIVEKIT_TOKEN_TTL", 3600), 3600),
            livekit_agent_name=_str(env, "LIVEKIT_AGENT_NAME", "interviewer"),
            livekit_timeout=_float(env, "LIVEKIT_TIMEOUT", 2.0),
            rate_limit_enabled=_bool(env.get("RATE_LIMIT_ENABLED"), True),
            rate_limit_storage=_str(env, "RATE_LIMIT_STORAGE", "memory://"),
            rate_limit_key_prefix=_str(env, "RATE_LIMIT_KEY_PREFIX", "interviewlab"),
            rate_limit_interviews=_str(env, "RATE_LIMIT_INTERVIEWS", "10/minute"),
            rate_limit_sandbox=_str(env, "RATE_LIMIT_SANDBOX", "20/minute"),
            rate_limit_tts=_str(env, "RATE_LIMIT_TTS", "30/minute"),
            rate_limit_auth=_str(env, "RATE_LIMIT_AUTH", "20/minute"),
            cors_origins=_list(env.get("CORS_ORIGINS")),
            max_body_bytes=_int(env, "MAX_BODY_BYTES", 1_048_576 + 65_536),
            sandbox_backend=_str(env, "SANDBOX_BACKEND", "bwrap"),
            sandbox_max_concurrency=_optional_int(env, "SANDBOX_MAX_CONCURRENCY"),
            sandbox_max_timeout_s=_float(env, "SANDBOX_MAX_TIMEOUT_S", 30.0),
            sandbox_memory_mb=_int(env, "SANDBOX_MEMORY_MB", 256),
            sandbox_pids=_int(env, "SANDBOX_PIDS", 64),
            sandbox_output_bytes=_int(env, "SANDBOX_OUTPUT_BYTES", 64 * 1024),
            sandbox_docker_images=_docker_images(env),
            sandbox_cache_dir=_str(env, "SANDBOX_CACHE_DIR", "/var/cache/interviewlab-sandbox"),
            sandbox_cgroup_root=_str(env, "SANDBOX_CGROUP_ROOT", "/sys/fs/cgroup"),
            sandbox_uid_base=_int(env, "SANDBOX_UID_BASE", 61000),
            sandbox_work_root=_str(env, "SANDBOX_WORK_ROOT", "/tmp/sbx-work"),
            feedback_llm_judge=_switch(env, "FEEDBACK_LLM_JUDGE"),
            feedback_llm_judge_timeout_seconds=_float(env, "FEEDBACK_LLM_JUDGE_TIMEOUT_SECONDS", 30.0),
            resume_llm_enrichment=_switch(env, "RESUME_LLM_ENRICHMENT"),
            resume_llm_enrichment_timeout_seconds=_float(env, "RESUME_LLM_ENRICHMENT_TIMEOUT_SECONDS", 8.0),
            engines=engines,
            openai_api_key=env.get("OPENAI_API_KEY", ""),
            openai_base_url=env.get("OPENAI_BASE_URL", ""),
            llm_model=_str(env, "LLM_MODEL", "gpt-4o-mini"),
            stt_model=_str(env, "STT_MODEL", "whisper-1"),
            tts_model=_str(env, "TTS_MODEL", "tts-1-hd"),
            tts_voice=_str(env, "TTS_VOICE", "alloy"),
            whisper_cpu_threads=_int(env, "WHISPER_CPU_THREADS", 1),
            interviewer_prompts_dir=env.get("INTERVIEWER_PROMPTS_DIR", ""),
            interviewer_prompt_version=_str(env, "INTERVIEWER_PROMPT_VERSION", "v1"),
            interviewer_budgets_json=env.get("INTERVIEWER_BUDGETS_JSON", "").strip(),
            agent_console_interview_id=_optional_int(env, "AGENT_CONSOLE_INTERVIEW_ID"),
        )


_cached: Settings | None = None


def get_settings() -> Settings:
    """The process-wide settings, built from the environment on first use."""
    global _cached
    if _cached is None:
        _cached = Settings.from_env()
    return _cached


def set_settings(settings: Settings | None) -> None:
    """Replace the process-wide settings (the app factory and tests call this)."""
    global _cached
    _cached = settings
