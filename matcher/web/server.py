"""Run the web app of one launch on this machine only, and open the coordinator's browser.

The server listens on 127.0.0.1 (never on a network address), on the port asked for or a free
one. Its log says when jobs start and end, by round id only: never a name, a file name or a
query string (uvicorn's access log, which would print them, is off).
"""

from __future__ import annotations

import logging
import shutil
import socket
import threading
import time
import webbrowser
from collections.abc import Callable

import uvicorn

from matcher.web.app import create_app
from matcher.web.config import HOST, WebConfig


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 (``port`` 0: a free port the system picks)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(port: int = 0, *, open_browser: bool = True, round_slots: int = 1,
          announce: Callable[[str], None] = print) -> None:
    """Serve until interrupted (Ctrl+C); then stop every job and delete this launch's files."""
    sock = bind(port)
    config = WebConfig(port=sock.getsockname()[1], round_slots=round_slots)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    server = uvicorn.Server(uvicorn.Config(create_app(config), access_log=False,
                                           log_level="info", lifespan="on"))
    announce(f"matcher is running at {config.url}")
    announce("Keep this window open while you work; press Ctrl+C to stop. "
             "Everything uploaded is deleted then.")
    if open_browser:
        threading.Thread(target=_open_when_ready, args=(server, config.url), daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        shutil.rmtree(config.folder, ignore_errors=True)


def _open_when_ready(server: uvicorn.Server, url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    if server.started:
        webbrowser.open(url)
