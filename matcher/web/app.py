"""The web app: pages for the coordinator, a small JSON API for scripts, static files.

:func:`create_app` builds one launch's app from its :class:`WebConfig`; everything runs behind
:class:`~matcher.web.guard.Guard`. The routes only read requests and render; the jobs run in
background processes (:mod:`matcher.web.runner`).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from matcher.web import api, pages
from matcher.web.config import WebConfig
from matcher.web.guard import Guard
from matcher.web.rounds import Rounds
from matcher.web.runner import Runner

log = logging.getLogger("matcher.web")
HERE = Path(__file__).resolve().parent


def create_app(config: WebConfig) -> Starlette:
    """The app of one launch. Its state: ``config``, ``rounds`` and ``runner``; stopping it
    (the lifespan's end) stops every job and deletes the launch's folder."""
    rounds = Rounds(config.folder)
    runner = Runner(rounds, config.round_slots)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            runner.shutdown()
            rounds.clear()
            log.info("stopped; the uploads and results of this launch are deleted")

    app = Starlette(
        routes=[*pages.ROUTES, *api.ROUTES,
                Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
                Route("/favicon.ico", pages.favicon)],
        middleware=[Middleware(Guard, config=config)],
        lifespan=lifespan,
        max_body_size=config.max_upload_bytes,
    )
    app.state.config = config
    app.state.rounds = rounds
    app.state.runner = runner
    return app
