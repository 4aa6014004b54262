"""A bokmål-only round (every sheet, column and value in Norwegian) validates, matches and gives
the same placements as its English twin, with the output in bokmål."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from cli.main import cli
from matcher.inputbook import write_problem
from matcher.samples import generate


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return [tuple(r) for r in book[sheet].iter_rows(min_row=2, values_only=True)]


def test_a_bokmal_round_matches_like_its_english_twin(tmp_path: Path) -> None:
    problem = generate(30, None, 1, "gloppen")
    write_problem(problem, tmp_path / "en.xlsx")
    write_problem(problem, tmp_path / "nb.xlsx", language="nb")
    runner = CliRunner()
    check = runner.invoke(cli, ["validate", str(tmp_path / "nb.xlsx")])
    assert check.exit_code == 0, check.output
    for name in ("en", "nb"):
        run = runner.invoke(cli, ["match", str(tmp_path / f"{name}.xlsx"), "-o",
                                  str(tmp_path / f"{name}-out.xlsx"), "--quiet",
                                  "--time-limit", "5", "--workers", "1"])
        assert run.exit_code == 0, run.output
    english = _rows(tmp_path / "en-out.xlsx", "Placements")
    norwegian = _rows(tmp_path / "nb-out.xlsx", "Plasseringer")
    assert english and [r[:7] for r in norwegian] == [r[:7] for r in english]
    unplaced = _rows(tmp_path / "nb-out.xlsx", "Ikke plassert")
    assert len(unplaced) == len(problem.participants) - len(english)
    book = openpyxl.load_workbook(tmp_path / "nb-out.xlsx", read_only=True)
    assert "Sammendrag" in book.sheetnames and "Summary" not in book.sheetnames
    again = runner.invoke(cli, ["match", str(tmp_path / "nb.xlsx"), "--language", "en", "-o",
                                str(tmp_path / "nb-en.xlsx"), "--quiet", "--time-limit", "5",
                                "--workers", "1"])
    assert again.exit_code == 0, again.output
    assert _rows(tmp_path / "nb-en.xlsx", "Placements") == english
