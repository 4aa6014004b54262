"""Fixtures for the web app: small real workbooks, one launch's app and an authorised client."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import uvicorn
from starlette.testclient import TestClient

from matcher.inputbook import write_problem
from matcher.samples import generate
from matcher.web import WebConfig, create_app
from matcher.web.server import bind

PORT = 8123
BASE = f"http://127.0.0.1:{PORT}"
ORIGIN = {"origin": BASE}


@pytest.fixture(scope="session")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real 30-participant round (the Gloppen sample)."""
    path = tmp_path_factory.mktemp("web") / "gloppen.xlsx"
    write_problem(generate(30, None, 1, "gloppen"), path)
    return path


@pytest.fixture(scope="session")
def broken_workbook(workbook: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same round with one bad Norwegian level: Participants, row 3."""
    path = tmp_path_factory.mktemp("web") / "broken.xlsx"
    book = openpyxl.load_workbook(workbook)
    sheet = book["Participants"]
    column = [c.value for c in sheet[1]].index("norwegian_level") + 1
    sheet.cell(row=3, column=column, value="B3")
    book.save(path)
    return path


@pytest.fixture(scope="session")
def names(workbook: Path) -> list[str]:
    """Every participant's name in the workbook (to check none leaks into a log)."""
    sheet = openpyxl.load_workbook(workbook, read_only=True)["Participants"]
    rows = list(sheet.iter_rows(values_only=True))
    column = list(rows[0]).index("name")
    return [str(r[column]) for r in rows[1:] if r[column]]


def make_client(tmp_path: Path, **config: Any) -> tuple[TestClient, WebConfig]:
    cfg = WebConfig(port=PORT, folder=tmp_path / "launch", **config)
    cfg.folder.mkdir(mode=0o700)
    return TestClient(create_app(cfg), base_url=BASE), cfg


@pytest.fixture
def launch(tmp_path: Path) -> Iterator[tuple[TestClient, WebConfig]]:
    """A started app and a client that has no token yet."""
    client, cfg = make_client(tmp_path)
    with client:
        yield client, cfg


@pytest.fixture
def client(launch: tuple[TestClient, WebConfig]) -> TestClient:
    """A client logged in with the token cookie, as the browser is after the launch link."""
    client, cfg = launch
    client.cookies.set("matcher_token", cfg.token)
    client.headers.update(ORIGIN)
    return client


def upload(client: TestClient, url: str, path: Path, **fields: Any) -> Any:
    with path.open("rb") as handle:
        return client.post(url, files={"workbook": (path.name, handle)},
                           data={k: str(v) for k, v in fields.items()}, follow_redirects=False)


def wait_for(client: TestClient, rid: str, statuses: set[str], timeout: float = 120) -> dict:
    """Poll the API until the round reaches one of ``statuses``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = client.get(f"/api/rounds/{rid}").json()
        if data["status"] in statuses:
            return data
        time.sleep(0.1)
    raise AssertionError(f"round {rid} did not reach {statuses}: {data}")


@contextlib.contextmanager
def live_server(folder: Path) -> Iterator[WebConfig]:
    """The app served by uvicorn on a free port of 127.0.0.1, in a thread of this process,
    as ``matcher serve`` serves it; stopped (and its folder deleted) at the end."""
    sock = bind(0)
    folder.mkdir(mode=0o700)
    config = WebConfig(port=sock.getsockname()[1], folder=folder)
    server = uvicorn.Server(uvicorn.Config(create_app(config), access_log=False,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield config
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
