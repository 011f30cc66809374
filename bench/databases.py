"""A database of its own for one benchmark run — a new SQLite file, or a new schema in PostgreSQL's `test`
database (BENCH_POSTGRES_URL), dropped afterwards — and the transcript the benches read."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from api.db import with_query
from api.models import TranscriptMessage

PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")


@dataclass(frozen=True)
class BenchDatabase:
    url: str
    directory: Path  # a fresh temporary directory (holds the SQLite file; usable as DATA_DIR)


async def _on_postgres(statement: str) -> None:
    conn = await asyncpg.connect(PG_URL.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


@asynccontextmanager
async def private_database(backend: str, prefix: str) -> AsyncIterator[BenchDatabase]:
    """`backend` is "sqlite" or "postgres"; the database is empty (migrate it) and gone afterwards."""
    directory = Path(tempfile.mkdtemp(prefix=f"{prefix}-"))
    try:
        if backend == "sqlite":
            yield BenchDatabase(f"sqlite://{directory}/bench.sqlite3", directory)
            return
        schema = f"bench_{os.getpid()}_{secrets.token_hex(3)}"
        await _on_postgres(f'CREATE SCHEMA "{schema}"')
        try:
            yield BenchDatabase(with_query(PG_URL, schema=schema), directory)
        finally:
            await _on_postgres(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    finally:
        shutil.rmtree(directory, ignore_errors=True)


async def seed_transcript(interview_id: int, turns: int) -> None:
    """Turns like a live interview's (tortoise connected): agent and candidate alternate, about 35 words each,
    and agent turns carry their latency."""
    for seq in range(turns):
        role = "agent" if seq % 2 == 0 else "candidate"
        await TranscriptMessage.create(
            interview_id=interview_id,
            seq=seq,
            role=role,
            text=f"turn {seq} " + "words " * 30,
            phase="resume",
            latency={"total_ms": 600 + seq} if role == "agent" else None,
        )
