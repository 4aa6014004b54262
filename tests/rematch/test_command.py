"""`matcher rematch` as a coordinator runs it: workbooks in, a checked workbook out."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from cli.main import cli
from matcher.inputbook import write_problem
from matcher.problem import Place
from tests.rematch.rounds import PLAN_FROM, person, round_of


def _round_and_result(tmp_path: Path) -> tuple[Path, Path]:
    problem = round_of([person("P1", name="Ada"), person("P2"), person("P3")],
                       {"A": 1, "B": 2})
    book, result = tmp_path / "round.xlsx", tmp_path / "result.xlsx"
    write_problem(problem, book)
    run = CliRunner().invoke(cli, ["match", str(book), "-o", str(result), "--quiet"])
    assert run.exit_code == 0, run.output
    now = replace(problem, places=(Place("A", "Helsefagarbeider", 0),
                                   Place("B", "Helsefagarbeider", 2)))
    write_problem(now, book)
    return book, result


def test_rematch_writes_changes_and_trade_offs(tmp_path: Path) -> None:
    book, result = _round_and_result(tmp_path)
    out = tmp_path / "rematch.xlsx"
    run = CliRunner().invoke(cli, ["rematch", str(book), "--previous", str(result), "--from",
                                   PLAN_FROM.strftime("%d.%m.%Y"), "-o", str(out), "--json",
                                   "--quiet", "--workers", "1"])
    assert run.exit_code == 0, run.output
    summary = json.loads(run.stdout)
    assert summary["plan_from"] == PLAN_FROM.isoformat()
    assert summary["changes"]["moved"] + summary["changes"]["dropped"] == 1
    wb = openpyxl.load_workbook(out, read_only=True)
    changes = list(wb["Changes"].iter_rows(values_only=True))
    assert changes[0][:3] == ("participant_id", "name", "change")
    assert any("withdrawn" in str(row[9]) for row in changes[1:])
    trade = list(wb["Trade-offs"].iter_rows(values_only=True))
    assert [row[0] for row in trade[1:]] == [0, 1, 2, 3, 4, 5]
    keys = {row[0] for row in wb["Summary"].iter_rows(values_only=True) if row}
    assert {"plan_from", "kept", "new_supervisor", "moved", "dropped", "left", "new"} <= keys


def test_pseudonymised_rematch_has_no_names_or_ids(tmp_path: Path) -> None:
    book, result = _round_and_result(tmp_path)
    out = tmp_path / "rematch.xlsx"
    run = CliRunner().invoke(cli, ["rematch", str(book), "--previous", str(result), "--from",
                                   PLAN_FROM.isoformat(), "-o", str(out), "--quiet",
                                   "--pseudonymise"])
    assert run.exit_code == 0, run.output
    wb = openpyxl.load_workbook(out, read_only=True)
    text = " ".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row)
    assert "Ada" not in text and "P1" not in text.replace("P-", "")


def test_a_workbook_that_is_not_a_matcher_output_is_refused(tmp_path: Path) -> None:
    book, _ = _round_and_result(tmp_path)
    out = tmp_path / "rematch.xlsx"
    run = CliRunner().invoke(cli, ["rematch", str(book), "--previous", str(book), "--from",
                                   PLAN_FROM.isoformat(), "-o", str(out), "--quiet"])
    assert run.exit_code == 1
    assert "there is no Placements sheet" in run.output and not out.exists()


def test_a_programme_missing_from_the_input_is_located(tmp_path: Path) -> None:
    book, result = _round_and_result(tmp_path)
    wb = openpyxl.load_workbook(result)
    wb["Placements"]["C2"] = "GONE"
    wb.save(result)
    run = CliRunner().invoke(cli, ["rematch", str(book), "--previous", str(result), "--from",
                                   PLAN_FROM.isoformat(), "-o", str(tmp_path / "o.xlsx")])
    assert run.exit_code == 1
    assert "Placements (previous result), row 2, programme_id" in run.output


def test_the_plan_date_must_be_a_monday(tmp_path: Path) -> None:
    book, result = _round_and_result(tmp_path)
    run = CliRunner().invoke(cli, ["rematch", str(book), "--previous", str(result), "--from",
                                   "2026-01-27", "-o", str(tmp_path / "o.xlsx")])
    assert run.exit_code == 1 and "not a Monday" in run.output


def test_a_bokmal_result_is_read_and_the_rematch_written_in_bokmal(tmp_path: Path) -> None:
    problem = round_of([person("P1"), person("P2")], {"A": 1, "B": 1})
    book, result, out = tmp_path / "round.xlsx", tmp_path / "result.xlsx", tmp_path / "o.xlsx"
    write_problem(problem, book)
    assert CliRunner().invoke(cli, ["match", str(book), "-o", str(result), "--quiet",
                                    "--language", "nb"]).exit_code == 0
    assert "Plasseringer" in openpyxl.load_workbook(result, read_only=True).sheetnames
    run = CliRunner().invoke(cli, ["rematch", str(book), "--previous", str(result), "--from",
                                   PLAN_FROM.isoformat(), "-o", str(out), "--quiet",
                                   "--language", "nb"])
    assert run.exit_code == 0, run.output
    wb = openpyxl.load_workbook(out, read_only=True)
    assert {"Endringer", "Avveininger"} <= set(wb.sheetnames)
    values = [row[2] for row in wb["Endringer"].iter_rows(values_only=True)]
    assert values == ["endring", "beholdt", "beholdt"]


def test_a_version_1_result_and_settings_plan_from(tmp_path: Path) -> None:
    """A version-1 output has no Phases sheet; the plan date may come from Settings."""
    problem = round_of([person("P1"), person("P2")], {"A": 2})
    book, result, out = tmp_path / "round.xlsx", tmp_path / "result.xlsx", tmp_path / "o.xlsx"
    write_problem(problem, book)
    assert CliRunner().invoke(cli, ["match", str(book), "-o", str(result), "--quiet"]
                              ).exit_code == 0
    wb = openpyxl.load_workbook(result)
    for name in ("Phases", "Calendar", "Timetable"):
        if name in wb.sheetnames:
            del wb[name]
    wb.save(result)
    wb = openpyxl.load_workbook(book)
    settings = wb["Settings"] if "Settings" in wb.sheetnames else wb.create_sheet("Settings")
    if settings.max_row < 1 or settings.cell(1, 1).value is None:
        settings.append(["key", "value"])
    settings.append(["plan_from", PLAN_FROM.isoformat()])
    wb.save(book)
    run = CliRunner().invoke(cli, ["rematch", str(book), "--previous", str(result), "-o",
                                   str(out), "--quiet", "--json"])
    assert run.exit_code == 0, run.output
    summary = json.loads(run.stdout)
    assert summary["plan_from"] == PLAN_FROM.isoformat() and summary["changes"]["kept"] == 2
