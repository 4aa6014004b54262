"""The JSON API: validate, queue a round, follow it, download its workbook, delete it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from starlette.testclient import TestClient

from matcher.model import SolveOptions
from matcher.report import SHEETS
from matcher.round import run_match

from .conftest import make_client, upload, wait_for


def test_validate_accepts_a_good_workbook(client: TestClient, workbook: Path) -> None:
    data = upload(client, "/api/validate", workbook).json()
    assert data["ok"] is True
    assert data["summary"]["participants"] == 30
    assert data["errors"] == []


def test_validate_locates_every_problem(client: TestClient, broken_workbook: Path) -> None:
    data = upload(client, "/api/validate", broken_workbook).json()
    assert data["ok"] is False
    assert [(e["sheet"], e["row"], e["column"]) for e in data["errors"]] == [
        ("Participants", 3, "norwegian_level")]
    assert data["errors"][0]["value"] == "B3"


def test_validate_keeps_nothing(client: TestClient, workbook: Path, tmp_path: Path) -> None:
    upload(client, "/api/validate", workbook)
    assert list((tmp_path / "launch").iterdir()) == []


def test_a_round_gives_what_the_command_line_gives(client: TestClient, workbook: Path,
                                                   tmp_path: Path) -> None:
    response = upload(client, "/api/rounds", workbook, time_limit=2, seed=3, workers=1)
    assert response.status_code == 201
    rid = response.json()["id"]
    data = wait_for(client, rid, {"done", "failed", "invalid"})
    assert data["status"] == "done"
    cli = run_match(workbook, tmp_path / "cli.xlsx", SolveOptions(2, 1, 3)).result
    expected = cli.as_dict()  # what --json prints: the same figures, the same keys
    got = data["summary"]
    assert set(expected) <= set(got)
    for key in ("status", "participants", "placed", "upper_bound", "placed_priority_5",
                "placed_priority_1", "quality", "unplaced", "unplaced_reasons", "settings"):
        assert got[key] == expected[key], key
    assert data["progress"]["bound"] == cli.upper_bound

    download = client.get(f"/api/rounds/{rid}/result.xlsx")
    assert download.status_code == 200
    assert 'filename="gloppen-result.xlsx"' in download.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(download.content)) as book:
        sheets = book.read("xl/workbook.xml").decode()
    assert all(f'name="{name}"' in sheets for name in SHEETS)


def test_the_result_workbook_comes_in_the_language_asked_for(client: TestClient,
                                                            workbook: Path) -> None:
    names = {}
    for language in ("nb", "en"):
        rid = upload(client, "/api/rounds", workbook, time_limit=1, language=language).json()["id"]
        assert wait_for(client, rid, {"done", "failed"})["status"] == "done"
        content = client.get(f"/api/rounds/{rid}/result.xlsx").content
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            names[language] = book.read("xl/workbook.xml").decode()
        client.delete(f"/api/rounds/{rid}")
    assert 'name="Placements"' in names["en"] and 'name="Placements"' not in names["nb"]


def test_an_invalid_workbook_makes_an_invalid_round(client: TestClient,
                                                    broken_workbook: Path) -> None:
    rid = upload(client, "/api/rounds", broken_workbook).json()["id"]
    data = wait_for(client, rid, {"invalid", "failed", "done"})
    assert data["status"] == "invalid"
    assert data["error"]["issues"][0]["row"] == 3
    assert client.get(f"/api/rounds/{rid}/result.xlsx").status_code == 409


def test_bad_options_are_refused(client: TestClient, workbook: Path) -> None:
    for fields in ({"time_limit": "soon"}, {"workers": 0}, {"language": "de"}):
        response = upload(client, "/api/rounds", workbook, **fields)
        assert response.status_code == 400
        assert response.json()["error"]
    assert client.post("/api/rounds", data={"seed": "1"}).status_code == 400


def test_rounds_queue_one_at_a_time_and_delete_stops_them(tmp_path: Path,
                                                          workbook: Path) -> None:
    test_client, cfg = make_client(tmp_path, round_slots=1)
    with test_client as client:
        client.headers.update({"authorization": f"Bearer {cfg.token}"})
        first = upload(client, "/api/rounds", workbook, time_limit=1).json()["id"]
        second = upload(client, "/api/rounds", workbook, time_limit=1).json()["id"]
        assert client.get(f"/api/rounds/{first}").json()["status"] == "running"
        assert client.get(f"/api/rounds/{second}").json()["status"] == "queued"
        listed = client.get("/api/rounds").json()["rounds"]
        assert {r["id"] for r in listed} == {first, second}
        assert client.delete(f"/api/rounds/{first}").status_code == 204
        assert client.get(f"/api/rounds/{first}").status_code == 404
        assert not (cfg.folder / first).exists()
        assert wait_for(client, second, {"done", "failed"})["status"] == "done"
        assert client.delete(f"/api/rounds/{second}").status_code == 204
        assert client.delete(f"/api/rounds/{second}").status_code == 404
        assert list(cfg.folder.iterdir()) == []
