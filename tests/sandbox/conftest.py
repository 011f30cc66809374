"""Every sandbox test runs with the settings from the environment (SANDBOX_* honoured), installed as the
process-wide settings the sandbox reads at call time; a test may replace them with `set_settings`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sandbox_hostile_cases import settings_from_env

from api.settings import Settings, set_settings


@pytest.fixture(autouse=True)
def sandbox_settings() -> Iterator[Settings]:
    settings = settings_from_env()
    set_settings(settings)
    yield settings
    set_settings(None)
