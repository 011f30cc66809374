"""Voice fixtures: embedded models load once per test session."""

from __future__ import annotations

import pytest

from agent.engines.factory import EmbeddedModels, load_embedded_models


@pytest.fixture(scope="session")
def models() -> EmbeddedModels:
    return load_embedded_models()
