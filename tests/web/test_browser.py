"""End to end in a real browser: Debian's chromium, headless, driven by Playwright, against
the app served by uvicorn on 127.0.0.1 as ``matcher serve`` serves it.

Screenshots of the main pages go to a temporary folder, or to ``$MATCHER_SCREENSHOTS`` when
set (``MATCHER_SCREENSHOTS=docs/img`` refreshes the pictures of docs/web.md and the README).
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from matcher.inputbook import write_problem
from matcher.samples import generate
from matcher.web import WebConfig

from .conftest import live_server

CHROMIUM = os.environ.get("MATCHER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebConfig]:
    with live_server(tmp_path_factory.mktemp("browser") / "launch") as config:
        yield config
    assert not config.folder.exists()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"no browser at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server: WebConfig):  # type: ignore[no-untyped-def]
    """A fresh browser profile that opened the launch link, as ``matcher serve`` does."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  accept_downloads=True, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(180_000)  # a cold worker process is slow on a busy machine
    page.goto(server.url)
    yield page
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("MATCHER_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 300-participant county sample: big enough to be running when Stop is pressed."""
    path = tmp_path_factory.mktemp("browser") / "county.xlsx"
    write_problem(generate(300, None, 7, "county"), path)
    return path


def test_upload_fix_run_download(page, workbook: Path, broken_workbook: Path,  # type: ignore[no-untyped-def]
                                 shots: Path, tmp_path: Path) -> None:
    assert page.url.endswith("/")  # the token left the address bar
    page.screenshot(path=shots / "web-start.png", full_page=True)

    page.set_input_files("#upload input[type=file]", broken_workbook)
    page.click("#upload button")
    page.wait_for_selector("#invalid")
    row = page.inner_text("#problems tbody tr")
    assert "Participants" in row and "3" in row and "norwegian_level" in row and "B3" in row
    page.screenshot(path=shots / "web-problems.png", full_page=True)

    fixed = tmp_path / "broken.xlsx"  # the coordinator fixes the file and uploads it again
    shutil.copy(workbook, fixed)
    page.set_input_files("#reupload input[type=file]", fixed)
    page.click("#reupload button")
    page.wait_for_selector("#checked")
    assert "30 deltakere" in page.inner_text("#checked")
    page.screenshot(path=shots / "web-checked.png", full_page=True)

    page.fill("#run input[name=time_limit]", "1")
    page.click("#run button")
    page.wait_for_selector("#placements table")
    summary = page.inner_text("#summary")
    assert "av 30 deltakere er plassert" in summary
    page.screenshot(path=shots / "web-result.png", full_page=True)

    page.click("#placements th a[href*='sort=travel_minutes']")
    page.wait_for_selector("#placements th a[href*='sort=travel_minutes'] >> text=▲")
    first_id = page.inner_text("#placements tbody tr td")
    page.fill("#placements input[type=search]", first_id)
    page.wait_for_selector("#placements .count >> text=1 rader")

    with page.expect_download() as info:
        page.click("#download")
    saved = tmp_path / "result.xlsx"
    info.value.save_as(saved)
    assert info.value.suggested_filename == "broken-result.xlsx"
    with zipfile.ZipFile(saved) as book:
        assert 'name="Placements"' in book.read("xl/workbook.xml").decode()

    page.click("#calendar-participant button")
    page.wait_for_selector("table.month")
    page.screenshot(path=shots / "web-calendar.png")


def test_the_language_switch(page) -> None:  # type: ignore[no-untyped-def]
    assert page.inner_text("h1") == "Start en matcherunde"
    page.click("#lang-en")
    page.wait_for_selector("h1 >> text=Start a matching round")
    assert page.inner_text("footer").startswith("Your workbook")
    page.click("#lang-nb")
    page.wait_for_selector("h1 >> text=Start en matcherunde")


def test_the_stop_button(page, county: Path, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page.set_input_files("#upload input[type=file]", county)
    page.click("#upload button")
    page.wait_for_selector("#checked")
    page.fill("#run input[name=time_limit]", "60")
    page.click("#run button")
    page.wait_for_selector("#running")
    page.wait_for_selector("#bound >> text=/\\d+/")  # the live progress has the flow bound
    page.screenshot(path=shots / "web-progress.png", full_page=True)
    page.click("#stop button")
    page.wait_for_selector("#stopped")
    assert page.is_visible("#run button")  # it can be run again
