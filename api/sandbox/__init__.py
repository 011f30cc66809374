"""The code sandbox: untrusted programs run in an isolated backend, never on the host.

Public entry points (everything else is internal):
- `api.sandbox.service`: `await run_code(code, language, stdin=b"", timeout_s=None, backend=None)`
  -> `ExecutionResult`; `await run_problem_tests(problem, code, language, backend=None)` -> `TestReport`;
  `sandbox_status(backend=None) -> str` for /health; `SandboxUnavailable` / `UnknownLanguage` errors
  (`ToolchainMissing`, a `SandboxUnavailable`, names a language whose compiler or runtime is absent).
- `api.sandbox.problems`: `load_problems() -> list[Problem]`, `get_problem(id) -> Problem | None`.
- `api.sandbox.languages`: `LANGUAGES`, `resolve_language(name)`, `language_version(name)`.
Backends (`SANDBOX_BACKEND`): `bwrap` (bwrap.py, the default) and `docker` (docker_backend.py).
"""
