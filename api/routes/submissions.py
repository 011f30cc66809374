"""Routes filled by the sandbox engineer: POST /interviews/{id}/submit-code.

Placeholder from the foundation so the app imports cleanly; the owner replaces this module.
Paths are relative to the base path `/api/v1` (the app adds it); declare collection routes with a trailing
slash (`/things/`) and the app also serves them without it.
"""

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
