"""The coordinator's pages through Starlette's TestClient: every route, both languages."""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from matcher import i18n
from matcher.inputbook import write_problem
from matcher.samples import generate
from tests.trials.rounds import gloppen_with_windows

from .conftest import upload, wait_for


def _checked(client: TestClient, path: Path) -> str:
    """Upload a workbook on the start page; return the round page once the check is done."""
    response = upload(client, "/upload", path)
    assert response.status_code == 303
    url = response.headers["location"]
    deadline = time.monotonic() + 60
    while "Checking the workbook" in (page := client.get(url).text) or "Sjekker" in page:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return url


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory, workbook: Path):  # type: ignore[no-untyped-def]
    """One launch with a finished round (shared by the result-page tests)."""
    from .conftest import ORIGIN, make_client

    client, cfg = make_client(tmp_path_factory.mktemp("pages"))
    with client:
        client.cookies.set("matcher_token", cfg.token)
        client.headers.update(ORIGIN)
        url = _checked(client, workbook)
        assert client.post(f"{url}/run", data={"time_limit": "1", "seed": "0"},
                           follow_redirects=False).status_code == 303
        rid = url.rsplit("/", 1)[1]
        wait_for(client, rid, {"done"})
        deadline = time.monotonic() + 60
        while "Plasseringer" not in client.get(url).text:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        yield client, url


def test_the_start_page_offers_upload_samples_and_the_template(client: TestClient) -> None:
    page = client.get("/").text
    assert 'action="/upload"' in page and 'action="/sample"' in page
    assert "Start en matcherunde" in page  # bokmål by default
    template = client.get("/template.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"


def test_the_language_switch_keeps_the_page(client: TestClient) -> None:
    response = client.get("/lang/en?next=/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert "matcher_lang=en" in response.headers["set-cookie"]
    assert "Start a matching round" in client.get("/").text
    client.get("/lang/nb?next=//evil.example")
    assert "Start en matcherunde" in client.get("/").text
    assert client.get("/lang/nb?next=//evil.example", follow_redirects=False
                      ).headers["location"] == "/"


def test_a_broken_workbook_shows_its_problems_located(client: TestClient,
                                                      broken_workbook: Path) -> None:
    page = client.get(_checked(client, broken_workbook)).text
    assert "Arbeidsboka har 1 feil" in page
    assert "<td>Participants</td><td class=\"num\">3</td><td>norwegian_level</td>" in page
    assert "<td>ugyldig norsknivå</td>" in page and "et norsknivå: A1" in page
    assert 'id="reupload"' in page


def test_an_upload_without_a_file_says_so(client: TestClient) -> None:
    response = client.post("/upload", data={"x": "1"})
    assert response.status_code == 400
    assert "velg en arbeidsbok" in response.text


def test_a_good_workbook_shows_its_summary_and_the_run_form(client: TestClient,
                                                            workbook: Path) -> None:
    url = _checked(client, workbook)
    page = client.get(url).text
    assert "Arbeidsboka er klar" in page and "30 deltakere" in page
    assert f'action="{url}/run"' in page
    response = client.post(f"{url}/run", data={"time_limit": "never"})
    assert response.status_code == 400 and "time_limit må være et tall" in response.text
    assert client.post(f"{url}/delete", follow_redirects=False).status_code == 303
    assert client.get(url).status_code == 404


def test_a_sample_round_can_be_picked(client: TestClient) -> None:
    response = client.post("/sample", data={"profile": "odda"}, follow_redirects=False)
    url = response.headers["location"]
    deadline = time.monotonic() + 60
    while "Arbeidsboka er klar" not in (page := client.get(url).text):
        assert time.monotonic() < deadline and "feil" not in page
        time.sleep(0.1)
    assert client.post("/sample", data={"profile": "nowhere"},
                       follow_redirects=False).headers["location"] == "/"


def test_the_stop_button_stops_a_round(client: TestClient, workbook: Path) -> None:
    url = _checked(client, workbook)
    client.post(f"{url}/run", data={"time_limit": "30"})
    page = client.get(url).text
    assert 'id="stop"' in page and "<progress" in page
    client.post(f"{url}/stop")
    page = client.get(url).text
    assert "Runden ble stoppet" in page and 'id="run"' in page


def test_the_result_page_has_sentences_tables_and_downloads(finished) -> None:  # type: ignore[no-untyped-def]
    client, url = finished
    page = client.get(url).text
    assert "av 30 deltakere er plassert" in page
    assert "uavhengig kontroll" in page
    assert f'href="{url}/result.xlsx"' in page
    workbook = client.get(f"{url}/result.xlsx")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    assert 'id="placements"' in page and 'id="unplaced"' in page


def test_tables_sort_and_filter(finished) -> None:  # type: ignore[no-untyped-def]
    client, url = finished
    rows = client.get(f"{url}/table/placements?sort=travel_minutes&desc=1").text
    assert f"{i18n.column_name('travel_minutes', 'nb')} ▼" in rows
    first = client.get(f"{url}/table/placements?sort=participant_id").text
    ids = [line.split("<td>")[1].split("</td>")[0]
           for line in first.split("<tr>")[2:] if "<td>" in line]
    assert ids == sorted(ids)
    one = client.get(f"{url}/table/placements?q={ids[0]}").text
    assert "1 rader" in one
    assert client.get(f"{url}/table/nothing").status_code == 404


def test_calendars_per_participant_and_company(finished) -> None:  # type: ignore[no-untyped-def]
    client, url = finished
    page = client.get(url).text
    participant = page.split('name="participant"><option>')[1].split("<")[0]
    calendar = client.get(f"{url}/calendar?participant={participant}").text
    assert 'class="month"' in calendar and 'class="code-S"' in calendar
    company = page.split('name="company"><option value="')[1].split('"')[0]
    grid = client.get(f"{url}/calendar?company={company}").text
    assert 'class="grid"' in grid and participant[:1] in grid


def test_capacity_and_compare_pages(finished) -> None:  # type: ignore[no-untyped-def]
    client, url = finished
    for kind, marker in (("capacity", "<svg"), ("compare", 'id="side-by-side"')):
        assert f'id="start-{kind}"' in client.get(f"{url}/{kind}").text
        client.post(f"{url}/{kind}", data={"time_limit": "2"})
        deadline = time.monotonic() + 90
        while marker not in (page := client.get(f"{url}/{kind}").text):
            assert time.monotonic() < deadline, page[-500:]
            time.sleep(0.2)
        download = client.get(f"{url}/{kind}.xlsx")
        assert download.status_code == 200 and download.content[:2] == b"PK"
    assert client.get(f"{url}/nothing").status_code == 404


def test_unknown_rounds_are_404(client: TestClient) -> None:
    for path in ("/rounds/nope", "/rounds/nope/body", "/rounds/nope/result.xlsx",
                 "/rounds/nope/calendar", "/rounds/nope/capacity", "/rounds/nope/table/unplaced",
                 "/api/rounds/nope", "/api/rounds/nope/result.xlsx"):
        assert client.get(path).status_code == 404, path
    assert client.get("/favicon.ico").status_code == 204


def _report(client: TestClient, url: str, marker: str) -> str:
    deadline = time.monotonic() + 120
    while marker not in (page := client.get(url).text):
        assert time.monotonic() < deadline, page[-800:]
        assert "report-invalid" not in page and "report-failed" not in page, page[-800:]
        time.sleep(0.2)
    return page


def test_a_rematch_from_the_previous_result(finished, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client, url = finished
    previous = client.get(f"{url}/result.xlsx").content
    assert 'id="start-rematch"' in client.get(f"{url}/rematch").text
    bad = client.post(f"{url}/rematch", files={"previous": ("r.xlsx", previous)},
                      data={"plan_from": "soon"})
    assert bad.status_code == 400 and "plan_from må være en dato" in bad.text
    client.post(f"{url}/rematch", files={"previous": ("r.xlsx", previous)},
                data={"plan_from": "07.09.2026", "time_limit": "2"})
    page = _report(client, f"{url}/rematch", 'id="changes"')
    assert "Endringer:" in page and "kept" in page
    download = client.get(f"{url}/rematch.xlsx")
    assert download.status_code == 200 and download.content[:2] == b"PK"


def test_trial_placements(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "trials.xlsx"
    write_problem(gloppen_with_windows(), path)
    url = _checked(client, path)
    client.post(f"{url}/trials", data={"time_limit": "2", "workers": "1"})
    page = _report(client, f"{url}/trials", 'id="trials-summary"')
    assert "kandidater får prøvepraksis" in page
    lists = client.get(f"{url}/trial-lists.zip")
    assert lists.status_code == 200
    with zipfile.ZipFile(io.BytesIO(lists.content)) as archive:
        assert archive.namelist() and all(n.endswith(".xlsx") for n in archive.namelist())
    assert client.get(f"{url}/trials.xlsx").content[:2] == b"PK"


def test_trials_without_windows_say_what_is_missing(client: TestClient,
                                                    tmp_path: Path) -> None:
    path = tmp_path / "no-windows.xlsx"
    write_problem(replace(generate(30, None, 1, "gloppen"), trial_windows=()), path)
    url = _checked(client, path)
    client.post(f"{url}/trials", data={})
    deadline = time.monotonic() + 60
    while 'id="report-invalid"' not in (page := client.get(f"{url}/trials").text):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert "TrialWindows" in page


def test_files_for_each_company_and_participant(finished) -> None:  # type: ignore[no-untyped-def]
    client, url = finished
    assert f'href="{url}/export"' in client.get(url).text
    client.post(f"{url}/export", data={})
    page = _report(client, f"{url}/export", 'id="export-summary"')
    assert "bedriftsbøker" in page
    files = client.get(f"{url}/company-files.zip")
    assert files.status_code == 200
    with zipfile.ZipFile(io.BytesIO(files.content)) as archive:
        names = archive.namelist()
    assert any(n.endswith(".xlsx") for n in names) and any(n.endswith(".pdf") for n in names)
    assert client.get(f"{url}/nothing.zip").status_code == 404
