"""Safe with personal data: localhost only, a token per launch, Host and Origin checked,
upload limits, a private folder deleted at the end, no names in the log, nothing external."""

from __future__ import annotations

import logging
import re
import socket
import stat
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from matcher.web import WebConfig
from matcher.web.server import bind

from .conftest import BASE, PORT, make_client, upload, wait_for


def test_every_request_without_the_token_gets_401(launch: tuple[TestClient, WebConfig]) -> None:
    client, _ = launch
    for path in ("/", "/static/app.css", "/static/htmx.min.js", "/template.xlsx",
                 "/api/rounds", "/rounds/abc", "/lang/en"):
        response = client.get(path)
        assert response.status_code == 401, path
    assert client.get("/api/rounds").json() == {"error": "unauthorised"}
    login = client.get("/")
    assert "matcher serve" in login.text and "<script" not in login.text
    assert client.post("/api/rounds", headers={"origin": BASE}).status_code == 401


def test_a_wrong_token_gets_401(launch: tuple[TestClient, WebConfig]) -> None:
    client, cfg = launch
    client.cookies.set("matcher_token", cfg.token[:-1] + "x")
    assert client.get("/").status_code == 401
    assert client.get("/api/rounds", headers={"authorization": "Bearer nope"}).status_code == 401


def test_the_launch_link_sets_the_cookie_and_drops_the_token(
        launch: tuple[TestClient, WebConfig]) -> None:
    client, cfg = launch
    response = client.get(f"/?token={cfg.token}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert f"matcher_token={cfg.token}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/").status_code == 200  # the cookie now logs it in


def test_the_bearer_token_opens_the_api(launch: tuple[TestClient, WebConfig]) -> None:
    client, cfg = launch
    response = client.get("/api/rounds", headers={"authorization": f"Bearer {cfg.token}"})
    assert response.status_code == 200


def test_a_token_from_another_launch_is_refused(tmp_path: Path) -> None:
    first, second = WebConfig(port=PORT, folder=tmp_path), WebConfig(port=PORT, folder=tmp_path)
    assert first.token != second.token and len(first.token) >= 40


def test_a_foreign_host_header_is_refused(client: TestClient) -> None:
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1."""
    for host in ("evil.example", f"evil.example:{PORT}", "127.0.0.1:9", "localhost"):
        assert client.get("/", headers={"host": host}).status_code == 400, host
    assert client.get("/", headers={"host": f"localhost:{PORT}"}).status_code == 200


def test_state_changing_requests_must_come_from_this_app(client: TestClient,
                                                         workbook: Path) -> None:
    """CSRF: a form on another site posting here with the coordinator's cookie."""
    for headers in ({"origin": "http://evil.example"}, {"origin": "null"},
                    {"origin": f"http://127.0.0.1:{PORT + 1}"}):
        client.headers.update(headers)
        assert upload(client, "/upload", workbook).status_code == 403
        assert client.post("/lang/en").status_code in (403, 405)
    del client.headers["origin"]
    assert upload(client, "/upload", workbook).status_code == 403  # no Origin, no Referer
    client.headers["referer"] = f"{BASE}/"
    assert upload(client, "/upload", workbook).status_code == 303


def test_a_script_with_the_bearer_token_needs_no_origin(launch: tuple[TestClient, WebConfig],
                                                         workbook: Path) -> None:
    client, cfg = launch
    client.headers.update({"authorization": f"Bearer {cfg.token}"})
    assert upload(client, "/api/validate", workbook).status_code == 200
    client.headers.update({"origin": "http://evil.example"})
    assert upload(client, "/api/validate", workbook).status_code == 403


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/static/app.css", "/api/rounds", "/nowhere"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["content-security-policy"], path
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store"
        assert headers["x-content-type-options"] == "nosniff"


def test_uploads_are_limited_in_size_and_parts(tmp_path: Path, workbook: Path) -> None:
    test_client, cfg = make_client(tmp_path, max_upload_bytes=workbook.stat().st_size // 2)
    with test_client as client:
        client.headers.update({"authorization": f"Bearer {cfg.token}"})
        assert upload(client, "/api/validate", workbook).status_code == 413
        many = {f"field{i}": "x" for i in range(40)}
        assert client.post("/api/rounds", data=many).status_code == 400
        files = [("workbook", ("a.xlsx", b"PK")), ("workbook", ("b.xlsx", b"PK"))]
        assert client.post("/api/rounds", files=files).status_code == 400
        assert list(cfg.folder.iterdir()) == []


def test_the_server_listens_on_localhost_only() -> None:
    sock = bind(0)
    try:
        host, port = sock.getsockname()
        assert host == "127.0.0.1" and port > 0
        assert sock.family == socket.AF_INET
    finally:
        sock.close()


def test_files_are_private_and_deleted_on_delete_and_at_shutdown(
        tmp_path: Path, workbook: Path) -> None:
    default = WebConfig(port=PORT)
    try:
        assert stat.S_IMODE(default.folder.stat().st_mode) == 0o700
    finally:
        default.folder.rmdir()
    test_client, cfg = make_client(tmp_path)
    with test_client as client:
        client.headers.update({"authorization": f"Bearer {cfg.token}"})
        kept = upload(client, "/api/rounds", workbook, time_limit=1).json()["id"]
        gone = upload(client, "/api/rounds", workbook, time_limit=1).json()["id"]
        assert stat.S_IMODE((cfg.folder / kept).stat().st_mode) == 0o700
        client.delete(f"/api/rounds/{gone}")
        assert not (cfg.folder / gone).exists()
        assert (cfg.folder / kept / "input.xlsx").exists()
    assert not cfg.folder.exists()  # the server stopped: everything of this launch is gone


def test_the_log_names_no_one(client: TestClient, workbook: Path, names: list[str],
                              caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    named = tmp_path / f"{names[0]} round.xlsx"
    named.write_bytes(workbook.read_bytes())
    with caplog.at_level(logging.DEBUG):
        rid = upload(client, "/api/rounds", named, time_limit=1).json()["id"]
        assert wait_for(client, rid, {"done", "failed"})["status"] == "done"
        client.get(f"/rounds/{rid}?table=placements&q={names[1]}")
        deadline = time.monotonic() + 60
        while "match job done" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.1)
        client.delete(f"/api/rounds/{rid}")
    server_log = "\n".join(r.getMessage() for r in caplog.records
                           if r.name.split(".")[0] in ("matcher", "uvicorn", "starlette"))
    assert "match job done" in server_log
    for name in names:
        assert name not in server_log


def test_nothing_is_loaded_from_elsewhere(client: TestClient) -> None:
    """No telemetry, no fonts or scripts from the internet: every URL a page names is ours."""
    page = client.get("/").text
    urls = re.findall(r'(?:src|href|action)="([^"]*)"', page)
    assert urls and all(u.startswith("/") for u in urls), urls
    static = Path(__file__).parents[2] / "matcher" / "web" / "static"
    css = (static / "app.css").read_text()
    assert "http" not in css and "@import" not in css
