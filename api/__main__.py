"""Entry points: `python -m api` serves; `python -m api migrate` applies pending migrations.

Serving on the embedded SQLite default applies pending migrations first. On PostgreSQL, run
`python -m api migrate` explicitly (one process, before the servers start).
"""

from __future__ import annotations

import asyncio
import logging
import sys

from api.settings import Settings, SettingsError

USAGE = "usage: python -m api [serve|migrate]"


def _configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


def migrate(settings: Settings) -> list[str]:
    from api.db import apply_migrations

    applied = asyncio.run(apply_migrations(settings.database_url))
    return applied


def serve(settings: Settings) -> None:
    import uvicorn

    from api.app import create_app

    if settings.is_sqlite:
        migrate(settings)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        proxy_headers=False,
    )


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "serve"
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    _configure_logging(settings)
    if command == "migrate":
        applied = migrate(settings)
        print(f"applied {len(applied)} migration(s)" + (f": {', '.join(applied)}" if applied else ""))
        return 0
    if command == "serve":
        serve(settings)
        return 0
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
