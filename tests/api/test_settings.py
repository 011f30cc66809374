"""Settings from the environment: defaults, the dev JWT secret, and refusals."""

from __future__ import annotations

import pytest

from api.settings import Settings, SettingsError


def test_defaults_use_sqlite_under_data_dir(tmp_path):
    s = Settings.from_env({"DATA_DIR": str(tmp_path)})
    assert s.database_url == f"sqlite://{tmp_path}/interviewlab.sqlite3"
    assert s.upload_dir == f"{tmp_path}/uploads"
    assert (s.host, s.port, s.engines, s.sandbox_backend) == ("127.0.0.1", 8000, "embedded", "bwrap")
    assert s.rate_limit_interviews == "10/minute" and s.rate_limit_storage == "memory://"


def test_dev_jwt_secret_is_generated_once_and_kept(tmp_path, caplog):
    first = Settings.from_env({"DATA_DIR": str(tmp_path)})
    assert len(first.jwt_secret) >= 32
    assert any("JWT_SECRET" in r.getMessage() for r in caplog.records)
    assert (tmp_path / "jwt_secret").stat().st_mode & 0o077 == 0
    assert Settings.from_env({"DATA_DIR": str(tmp_path)}).jwt_secret == first.jwt_secret


def test_production_refuses_to_start_without_a_strong_secret(tmp_path):
    with pytest.raises(SettingsError):
        Settings.from_env({"ENV": "production", "DATA_DIR": str(tmp_path)})
    with pytest.raises(SettingsError):
        Settings.from_env({"ENV": "production", "JWT_SECRET": "short"})
    assert not (tmp_path / "jwt_secret").exists()
    ok = Settings.from_env({"ENV": "production", "JWT_SECRET": "s" * 40})
    assert ok.is_production and ok.jwt_secret == "s" * 40


def test_values_are_parsed_and_checked():
    s = Settings.from_env(
        {
            "JWT_SECRET": "x" * 40,
            "PORT": "9001",
            "CORS_ORIGINS": "http://a, http://b",
            "LIVEKIT_TOKEN_TTL": "99999",
        }
    )
    assert s.port == 9001 and s.cors_origins == ("http://a", "http://b") and s.livekit_token_ttl == 3600
    with pytest.raises(SettingsError):
        Settings.from_env({"JWT_SECRET": "x" * 40, "PORT": "eighty"})
    with pytest.raises(SettingsError):
        Settings.from_env({"JWT_SECRET": "x" * 40, "ENGINES": "cloud"})


def test_sandbox_and_llm_switch_variables_are_read_once_here():
    base = {"JWT_SECRET": "x" * 40}
    defaults = Settings.from_env(base)
    assert defaults.sandbox_max_concurrency is None and defaults.sandbox_max_timeout_s == 30.0
    assert (defaults.sandbox_uid_base, defaults.sandbox_work_root) == (61000, "/tmp/sbx-work")
    assert defaults.sandbox_cgroup_root == "/sys/fs/cgroup"
    assert defaults.sandbox_cache_dir == "/var/cache/interviewlab-sandbox"
    assert defaults.sandbox_docker_image("python") is None
    assert defaults.feedback_llm_judge and defaults.feedback_llm_judge_timeout_seconds == 30.0
    assert defaults.resume_llm_enrichment and defaults.resume_llm_enrichment_timeout_seconds == 8.0
    s = Settings.from_env(
        base
        | {
            "SANDBOX_MAX_CONCURRENCY": "3",
            "SANDBOX_MAX_TIMEOUT_S": "4.5",
            "SANDBOX_MEMORY_MB": "128",
            "SANDBOX_UID_BASE": "70000",
            "SANDBOX_DOCKER_IMAGE_PYTHON": "python@sha256:abc",
            "FEEDBACK_LLM_JUDGE": " OFF ",
            "RESUME_LLM_ENRICHMENT": "on",
            "RESUME_LLM_ENRICHMENT_TIMEOUT_SECONDS": "3",
        }
    )
    assert (s.sandbox_max_concurrency, s.sandbox_max_timeout_s, s.sandbox_memory_mb) == (3, 4.5, 128)
    assert s.sandbox_uid_base == 70000 and s.sandbox_docker_image("python") == "python@sha256:abc"
    assert s.sandbox_docker_image("java") is None
    assert not s.feedback_llm_judge
    assert s.resume_llm_enrichment and s.resume_llm_enrichment_timeout_seconds == 3.0
    with pytest.raises(SettingsError):
        Settings.from_env(base | {"SANDBOX_MAX_CONCURRENCY": "many"})
