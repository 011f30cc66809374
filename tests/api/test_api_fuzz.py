"""Every operation in `/openapi.json`, fed requests that schemathesis generates from it (valid and invalid
bodies, odd strings, out-of-range ids), against the real server (`python -m api`) on SQLite and PostgreSQL:
no request is answered with a 5xx, and every error is the `{detail, status_code}` envelope the document
promises. A signed-in user with an interview in progress makes the authenticated paths reachable.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

import api
from api.app import BASE_PATH, assemble_routes
from api.db import with_query
from api.openapi import build_openapi
from tests.api.test_entrypoint import ROOT, free_port
from tests.conftest import (
    SCHEMA_PREFIX,
    TEST_POSTGRES_URL,
    UNREACHABLE_LIVEKIT_URL,
    create_pg_schema,
    drop_pg_schema,
    run_in_private_loop,
)
from tests.resumes.pdf_factory import text_pdf

EXAMPLES_PER_OPERATION = 25
STARTUP_SECONDS = 60


@dataclass(frozen=True)
class FuzzServer:
    root_url: str  # the document's paths start with the API's base path
    headers: dict[str, str]
    owned: dict[str, dict[str, Any]]  # path prefix → path parameters of something the user owns


def _wait_until_serving(base_url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"python -m api exited with {proc.returncode}")
        try:
            if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("python -m api did not start serving")


def _signed_in_owner(root_url: str) -> FuzzServer:
    """A user with an interview in progress and a resume, so requests naming them get past the 404."""
    with httpx.Client(base_url=f"{root_url}{BASE_PATH}", timeout=30) as http:
        account = {"email": "fuzz@example.com", "password": "fuzz-password-1"}
        http.post("/auth/register", json=account).raise_for_status()
        token = http.post("/auth/login", json=account).raise_for_status().json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        interview = (
            http.post("/interviews/", json={"title": "Fuzz"}, headers=headers).raise_for_status().json()
        )
        http.post(f"/interviews/{interview['id']}/start", headers=headers).raise_for_status()
        pdf = text_pdf([["Ada Lovelace", "Python engineer, 5 years", "Skills: Python, PostgreSQL"]])
        resume = http.post("/resumes/", files={"file": ("cv.pdf", pdf, "application/pdf")}, headers=headers)
    owned = {
        f"{BASE_PATH}/interviews/": {"id": interview["id"]},
        f"{BASE_PATH}/resumes/": {"id": resume.raise_for_status().json()["id"]},
        f"{BASE_PATH}/sandbox/problems/": {"problem_id": "two-sum"},
    }
    return FuzzServer(root_url, headers, owned)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def fuzz_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FuzzServer]:
    """`python -m api` on a database of its own (a new SQLite file, or a private PostgreSQL schema)."""
    data_dir = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    schema = f"{SCHEMA_PREFIX}{os.getpid()}_fuzz{secrets.token_hex(3)}"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "ENV"}}
    env.update(
        {
            "DATA_DIR": str(data_dir),
            "PORT": str(port),
            "JWT_SECRET": secrets.token_urlsafe(48),
            "LOG_LEVEL": "WARNING",
            "LIVEKIT_URL": UNREACHABLE_LIVEKIT_URL,
            "RATE_LIMIT_ENABLED": "false",  # the fuzzer sends far more than a user would
        }
    )
    if request.param == "postgres":
        run_in_private_loop(create_pg_schema(schema))
        env["DATABASE_URL"] = with_query(TEST_POSTGRES_URL, schema=schema)
        subprocess.run(
            [sys.executable, "-m", "api", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True
        )
    stderr_path = Path(data_dir) / "server.stderr"
    with stderr_path.open("wb") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "api"], cwd=ROOT, env=env, stderr=stderr)
    root_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(f"{root_url}{BASE_PATH}", proc)
        yield _signed_in_owner(root_url)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        if request.param == "postgres":
            run_in_private_loop(drop_pg_schema(schema))
    assert b"Traceback" not in stderr_path.read_bytes(), stderr_path.read_text(errors="replace")[-3000:]


# The document `GET /openapi.json` serves, built from the same route table without a server.
SCHEMA = schemathesis.openapi.from_dict(build_openapi(assemble_routes(), "InterviewLab API", api.__version__))
OPERATIONS = sorted(result.ok().label for result in SCHEMA.get_all_operations())
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@pytest.mark.parametrize("label", OPERATIONS)
def test_no_request_gets_a_5xx_and_every_error_is_the_envelope(label: str, fuzz_server: FuzzServer) -> None:
    operation = SCHEMA.find_operation_by_label(label)
    assert operation is not None
    strategies = [operation.as_strategy(mode) for mode in MODES]
    method, path = label.split(" ", 1)
    owned = next((ids for prefix, ids in fuzz_server.owned.items() if path.startswith(prefix)), None)
    if owned and "{" in path and method != "DELETE":  # not DELETE: the other operations need them
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=owned))
    cases = st.one_of(*strategies)

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,  # no `.hypothesis/` directory in the checkout; each run draws afresh
        suppress_health_check=list(HealthCheck),
    )
    def answers_without_5xx_and_with_the_envelope(case: schemathesis.Case) -> None:
        response = case.call(base_url=fuzz_server.root_url, headers=fuzz_server.headers)
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    answers_without_5xx_and_with_the_envelope()
