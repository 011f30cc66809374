"""The sandbox and submit-code endpoints, end to end on the real bwrap backend and both databases."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from api.app import create_app
from api.models import CodeSubmission, Interview
from api.sandbox.problems import get_problem
from api.settings import Settings, set_settings

BASE = "/api/v1"
HELLO = {
    "python": "print('hello', input())",
    "javascript": "const l = require('fs').readFileSync(0, 'utf8').trim(); console.log('hello', l);",
    "cpp": "#include <iostream>\n#include <string>\n"
           "int main(){std::string s; std::cin >> s; std::cout << \"hello \" << s << std::endl;}",
    "java": "import java.util.*;\npublic class Main { public static void main(String[] a) {"
            " System.out.println(\"hello \" + new Scanner(System.in).next()); } }",
}


async def execute(client: httpx.AsyncClient, headers: dict[str, str], **body: Any) -> httpx.Response:
    return await client.post(f"{BASE}/sandbox/execute", json=body, headers=headers)


@pytest.mark.asyncio
@pytest.mark.parametrize("language", list(HELLO))
async def test_execute_runs_a_correct_program_in_each_language(client, user, language: str):
    r = await execute(client, user.headers, code=HELLO[language], language=language, stdin="world\n")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stdout"] == "hello world\n"
    assert body["exit_code"] == 0 and body["timed_out"] is False and body["truncated"] is False
    assert body["execution_time_ms"] > 0


@pytest.mark.asyncio
async def test_execute_contains_a_fork_bomb_and_a_network_probe(client, user):
    bomb = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
    r = await execute(client, user.headers, code=bomb, language="python", timeout_seconds=1)
    assert r.status_code == 200 and r.json()["timed_out"] is True
    probe = ("import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n"
             "    print('OPEN')\nexcept OSError as e:\n    print('blocked', e.errno)\n")
    r = await execute(client, user.headers, code=probe, language="py")
    assert r.status_code == 200 and r.json()["stdout"].startswith("blocked")


@pytest.mark.asyncio
async def test_execute_reports_program_failure_as_200_and_clamps_timeout(client, user):
    r = await execute(client, user.headers, code="import sys\nsys.exit(3)", language="python")
    assert r.status_code == 200 and r.json()["exit_code"] == 3
    r = await execute(client, user.headers, code="import time\ntime.sleep(20)", language="python",
                      timeout_seconds=0.01)
    body = r.json()
    assert body["timed_out"] is True and 1000 <= body["execution_time_ms"] < 6000


@pytest.mark.asyncio
async def test_execute_caps_output_and_says_so(client, user):
    r = await execute(client, user.headers, code="print('x' * 10_000_000)", language="python")
    body = r.json()
    assert body["truncated"] is True and len(body["stdout"]) == 64 * 1024


@pytest.mark.asyncio
async def test_execute_rejects_bad_requests(client, user, expect_error):
    body = expect_error(await execute(client, user.headers, code="print(1)", language="cobol"), 400)
    assert "python" in body["detail"] and "javascript" in body["detail"]
    expect_error(await execute(client, user.headers, code="x" * (64 * 1024 + 1), language="python"), 400)
    expect_error(await execute(client, user.headers, code="print(1)", language="python",
                               stdin="x" * (1024 * 1024 + 1)), 400)
    expect_error(await execute(client, user.headers, language="python"), 400)
    expect_error(await client.post(f"{BASE}/sandbox/execute", json={"code": "1", "language": "python"}), 401)


@pytest.mark.asyncio
async def test_languages_list_versions_and_aliases(client, user):
    r = await client.get(f"{BASE}/sandbox/languages", headers=user.headers)
    assert r.status_code == 200
    rows = {row["language"]: row for row in r.json()}
    assert set(rows) >= {"python", "javascript", "cpp", "java"}
    for row in rows.values():
        assert re.fullmatch(r"\d+\.\d+(\.\d+)?", row["version"]), row
    assert "js" in rows["javascript"]["aliases"] and "c++" in rows["cpp"]["aliases"]


@pytest.mark.asyncio
async def test_problems_are_listed_without_hidden_tests(client, user, expect_error):
    r = await client.get(f"{BASE}/sandbox/problems", headers=user.headers)
    assert r.status_code == 200 and len(r.json()) >= 8
    one = r.json()[0]
    assert {"id", "title", "difficulty", "prompt", "starter_code", "examples"} <= set(one)
    detail = await client.get(f"{BASE}/sandbox/problems/{one['id']}", headers=user.headers)
    assert detail.status_code == 200 and detail.json() == one
    problem = get_problem(one["id"])
    assert problem is not None
    assert "hints" not in detail.text and json.dumps(problem.tests[-1].input) not in detail.text
    expect_error(await client.get(f"{BASE}/sandbox/problems/nope", headers=user.headers), 404)


@pytest.fixture
def app_without_sandbox(db: str, settings: Settings) -> Iterator[Starlette]:
    application = create_app(dataclasses.replace(settings, sandbox_backend="docker"), manage_db=False)
    yield application
    set_settings(None)


@pytest.mark.asyncio
async def test_unavailable_backend_answers_503_and_never_runs_on_the_host(
    app_without_sandbox, user, expect_error
):
    transport = httpx.ASGITransport(app=app_without_sandbox)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        r = await execute(client, user.headers, code="print('ran on host')", language="python")
        body = expect_error(r, 503)
        assert "ran on host" not in r.text and "Traceback" not in body["detail"]
        interview = await Interview.create(user_id=user.id, title="t", status="in_progress")
        r = await client.post(f"{BASE}/interviews/{interview.id}/submit-code", headers=user.headers,
                              json={"code": "print(1)", "language": "python"})
        expect_error(r, 503)
        assert await CodeSubmission.filter(interview_id=interview.id).count() == 0


@pytest.mark.asyncio
async def test_a_language_whose_toolchain_is_missing_answers_503_naming_it(client, user, expect_error,
                                                                           monkeypatch):
    from api.sandbox import service
    from api.sandbox.languages import LANGUAGES, resolve_language

    node_missing = dataclasses.replace(LANGUAGES["javascript"], run_argv=("/nonexistent/bin/node", "main.js"))
    monkeypatch.setattr(service, "resolve_language",
                        lambda name: node_missing if name == "javascript" else resolve_language(name))
    r = await execute(client, user.headers, code="console.log(1)", language="javascript")
    body = expect_error(r, 503)
    assert "javascript" in body["detail"] and "not installed" in body["detail"]
    assert (await execute(client, user.headers, code="print(1)", language="python")).status_code == 200


# --- submit-code -----------------------------------------------------------------------------------


async def submit(client: httpx.AsyncClient, headers: dict[str, str], interview_id: int,
                 **body: Any) -> httpx.Response:
    return await client.post(f"{BASE}/interviews/{interview_id}/submit-code", json=body, headers=headers)


@pytest.mark.asyncio
async def test_submitting_a_solution_returns_per_test_verdicts_and_stores_it(client, user):
    interview = await Interview.create(user_id=user.id, title="t", status="in_progress")
    problem = get_problem("two-sum")
    assert problem is not None
    code = "print('debug line')\n" + (problem.solution("python") or "")
    r = await submit(client, user.headers, interview.id, code=code, language="python", problem_id="two-sum")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["message"] == "Code submitted successfully"
    tests = body["execution_result"]["tests"]
    assert tests["passed"] == tests["total"] == len(problem.all_cases())
    for case in tests["cases"]:
        assert case["verdict"] == "passed"
        if case["name"].startswith("hidden"):
            assert set(case) == {"name", "verdict"}  # hidden cases show only their verdict
        else:
            assert "expected" in case and "actual" in case
    assert body["execution_result"]["stdout"] == "debug line\n"  # harness lines are not shown
    stored = await CodeSubmission.get(id=body["submission_id"])
    assert stored.interview_id == interview.id and stored.problem_id == "two-sum"
    assert stored.tests_passed == stored.tests_total == tests["total"]
    # LiveKit is unreachable in tests: the submission waits in the database for the agent.
    assert stored.delivered_to_agent_at is None


@pytest.mark.asyncio
async def test_wrong_and_broken_submissions_get_failed_error_and_timeout_verdicts(client, user):
    interview = await Interview.create(user_id=user.id, title="t", status="in_progress")
    problem = get_problem("two-sum")
    assert problem is not None
    r = await submit(client, user.headers, interview.id, code=problem.solution("python", wrong=True),
                     language="python", problem_id="two-sum")
    verdicts = {c["verdict"] for c in r.json()["execution_result"]["tests"]["cases"]}
    assert "failed" in verdicts
    r = await submit(client, user.headers, interview.id, language="javascript", problem_id="two-sum",
                     code="function twoSum(n, t) { if (n.length > 4) throw new Error('boom');\n"
                          "for (let i = 0; i < n.length; i++) for (let j = i + 1; j < n.length; j++)\n"
                          "  if (n[i] + n[j] === t) return [i, j]; }\n")
    cases = r.json()["execution_result"]["tests"]["cases"]
    assert cases[0]["verdict"] == "passed" and any(c["verdict"] == "error" for c in cases)
    r = await submit(client, user.headers, interview.id, language="python", problem_id="two-sum",
                     code="def two_sum(nums, target):\n    while len(nums) > 4:\n        pass\n"
                          "    n = len(nums)\n"
                          "    return next([i, j] for i in range(n) for j in range(i + 1, n)\n"
                          "                if nums[i] + nums[j] == target)\n")
    cases = r.json()["execution_result"]["tests"]["cases"]
    assert cases[0]["verdict"] == "passed" and cases[-1]["verdict"] == "timeout"
    assert r.json()["execution_result"]["timed_out"] is True


@pytest.mark.asyncio
async def test_submit_without_problem_runs_the_program(client, user):
    interview = await Interview.create(user_id=user.id, title="t", status="in_progress")
    r = await submit(client, user.headers, interview.id, code="console.log(6*7)", language="js")
    body = r.json()["execution_result"]
    assert body["stdout"] == "42\n" and body["exit_code"] == 0 and "tests" not in body
    stored = await CodeSubmission.get(id=r.json()["submission_id"])
    assert stored.language == "javascript" and stored.tests_total is None


@pytest.mark.asyncio
async def test_submit_code_ownership_state_and_validation(client, user, other_user, expect_error):
    mine = await Interview.create(user_id=user.id, title="t", status="in_progress")
    pending = await Interview.create(user_id=user.id, title="p", status="pending")
    ok = {"code": "print(1)", "language": "python"}
    expect_error(await submit(client, other_user.headers, mine.id, **ok), 404)
    expect_error(await submit(client, user.headers, 999_999, **ok), 404)
    expect_error(await submit(client, user.headers, pending.id, **ok), 409)
    expect_error(await submit(client, user.headers, mine.id, code="print(1)", language="cobol"), 400)
    expect_error(await submit(client, user.headers, mine.id, **ok, problem_id="nope"), 400)
    expect_error(await submit(client, user.headers, mine.id, code="", language="python"), 400)
    assert await CodeSubmission.all().count() == 0


@pytest.mark.asyncio
async def test_output_holding_nul_is_shown_and_stored_on_both_databases(client, user, expect_error):
    # PostgreSQL cannot store NUL in text or jsonb: a program printing one must not lose its submission.
    interview = await Interview.create(user_id=user.id, title="t", status="in_progress")
    code = "import sys\nsys.stdout.write('a\\0b\\n')\nsys.stderr.write('c\\0d')"
    r = await submit(client, user.headers, interview.id, code=code, language="python")
    assert r.status_code == 200, r.text
    result = r.json()["execution_result"]
    assert (result["stdout"], result["stderr"]) == ("a\ufffdb\n", "c\ufffdd")
    stored = await CodeSubmission.get(interview_id=interview.id)
    assert (stored.stdout, stored.stderr) == ("a\ufffdb\n", "c\ufffdd")

    returns_nul = "def two_sum(nums, target):\n    return 'x\\0'"
    r = await submit(
        client, user.headers, interview.id, code=returns_nul, language="python", problem_id="two-sum"
    )
    assert r.status_code == 200, r.text
    shown = [case for case in r.json()["execution_result"]["tests"]["cases"] if "actual" in case]
    assert shown and all(case == {**case, "verdict": "failed", "actual": "x\ufffd"} for case in shown)
    assert await CodeSubmission.filter(interview_id=interview.id).count() == 2

    # The client's own text is refused instead, naming the field: nothing is run or stored.
    refused = await submit(client, user.headers, interview.id, code="print(1)\0", language="python")
    body = expect_error(refused, 400)
    assert body["errors"] == [{"field": "code", "message": "must not contain NUL"}]
    assert await CodeSubmission.filter(interview_id=interview.id).count() == 2
