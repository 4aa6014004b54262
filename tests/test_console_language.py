"""Every command's console output in the round's language: a bokmål round gets bokmål labels,
sentences and progress lines from trials, rematch, capacity and compare; English stays as it
was."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cli.main import cli
from matcher.inputbook import write_problem
from tests.rematch.rounds import PLAN_FROM, matched_then_changed
from tests.trials.rounds import gloppen_with_windows


@pytest.fixture(scope="module")
def bokmal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("nb") / "runde.xlsx"
    write_problem(gloppen_with_windows(30), path, language="nb")
    return path


def test_trials_speak_bokmal(bokmal: Path, tmp_path: Path) -> None:
    run = CliRunner().invoke(cli, ["trials", str(bokmal), "-o", str(tmp_path / "p.xlsx"),
                                   "--workers", "1", "--time-limit", "5"])
    assert run.exit_code == 0, run.output
    assert "med prøvepraksis" in run.stdout and "skrevet" in run.stdout
    assert "leste 30 deltakere, 3 prøvevinduer" in run.stderr
    assert "with a trial" not in run.stdout and "read " not in run.stderr
    run = CliRunner().invoke(cli, ["trials", str(bokmal), "-o", str(tmp_path / "t.xlsx"),
                                   "--workers", "1", "--time-limit", "5", "--language", "en"])
    assert run.exit_code == 0, run.output
    assert run.stdout.startswith("status        ") and "with a trial  " in run.stdout
    assert "read 30 participants, 3 trial windows" in run.stderr
    assert "Summary" in openpyxl.load_workbook(tmp_path / "t.xlsx", read_only=True).sheetnames


def test_capacity_and_compare_speak_bokmal(bokmal: Path, tmp_path: Path) -> None:
    run = CliRunner().invoke(cli, ["capacity", str(bokmal), "-o", str(tmp_path / "k.xlsx")])
    assert run.exit_code == 0, run.output
    assert "deltakere" in run.stdout.splitlines()[0] and "lærefag" in run.stdout
    assert "skrevet" in run.stderr
    assert openpyxl.load_workbook(tmp_path / "k.xlsx").sheetnames == [
        "Lærefag", "Opplæringskontorer", "Bedrifter", "Flaskehalser"]
    run = CliRunner().invoke(cli, ["capacity", str(bokmal), "-o", str(tmp_path / "e.xlsx"),
                                   "--language", "en"])
    assert run.exit_code == 0, run.output
    assert "most placeable" in run.stdout and "written" in run.stderr
    assert openpyxl.load_workbook(tmp_path / "e.xlsx").sheetnames[0] == "Occupations"
    run = CliRunner().invoke(cli, ["compare", str(bokmal), "-o", str(tmp_path / "s.xlsx"),
                                   "--workers", "1", "--time-limit", "4"])
    assert run.exit_code == 0, run.output
    assert "plassert" in run.stdout and "løser" in run.stderr
    assert "solving" not in run.stderr and "base plan" not in run.stdout + run.stderr
    assert "løser grunnplan" in run.stderr
    book = openpyxl.load_workbook(tmp_path / "s.xlsx")
    assert book.sheetnames[0] == "Scenarier" and book["Scenarier"]["B1"].value == "grunnplan"


def test_rematch_speaks_the_chosen_language(tmp_path: Path) -> None:
    book, result = matched_then_changed(tmp_path)
    args = ["rematch", str(book), "--previous", str(result), "--from", PLAN_FROM.isoformat(),
            "--workers", "1"]
    nb = CliRunner().invoke(cli, [*args, "-o", str(tmp_path / "nb.xlsx"), "--language", "nb"])
    assert nb.exit_code == 0, nb.output
    assert "endringer" in nb.stdout and "beholdt" in nb.stdout and "plassert" in nb.stdout
    assert "planlegger fra" in nb.stderr and "ny matching:" in nb.stderr
    en = CliRunner().invoke(cli, [*args, "-o", str(tmp_path / "en.xlsx")])
    assert en.exit_code == 0, en.output
    lines = en.stdout.splitlines()
    assert lines[0].startswith("status        ") and lines[-1].startswith("written       ")
    assert any(line.startswith("changes       kept ") for line in lines)
