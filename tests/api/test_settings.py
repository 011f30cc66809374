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
