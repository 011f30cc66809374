"""Regenerate the first (and, before the first release, only) migration of each dialect from the models.

    .venv/bin/python scripts/regen_migrations.py

Deletes `migrations/<dialect>/models/` and writes a fresh `0_*_init.py` for SQLite and PostgreSQL with
aerich, offline (no database is touched). Run it after changing `api/models.py`, then run the tests
(`tests/api/test_migrations.py` proves the migrations and the models give the same schema).
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aerich import Command  # noqa: E402
from tortoise import Tortoise  # noqa: E402

from api.db import migrations_location, tortoise_config  # noqa: E402

# Only the dialect matters for offline generation; nothing connects to these.
DIALECT_URLS = {
    "sqlite": "sqlite://:memory:",
    "postgres": "postgres://postgres@127.0.0.1:5432/test",
}


async def regenerate(database_url: str) -> Path:
    location = migrations_location(database_url)
    shutil.rmtree(location / "models", ignore_errors=True)
    command = Command(tortoise_config(database_url, with_aerich=True), app="models", location=str(location))
    try:
        await command.init_migrations(safe=True)
    finally:
        await Tortoise.close_connections()
    written = sorted((location / "models").glob("0_*.py"))
    if len(written) != 1:
        raise RuntimeError(f"expected one migration in {location}, found {written}")
    return written[0]


def main() -> int:
    for url in DIALECT_URLS.values():
        print("wrote", asyncio.run(regenerate(url)).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
