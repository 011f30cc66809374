"""Being written by the foundation engineer."""

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
