"""`matcher trials` as a coordinator runs it, and the loop back into `matcher match`."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import replace
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from cli.main import cli
from matcher.inputbook import write_problem
from matcher.samples import generate

from .rounds import base, gloppen_with_windows


def _sample(path: Path, windows: bool = True) -> Path:
    problem = gloppen_with_windows()
    write_problem(problem if windows else replace(problem, trial_windows=()), path)
    return path


def _rows(path: Path, sheet: str) -> list[dict[str, object]]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    width = len(rows[0])
    return [dict(zip(rows[0], (*r, *[None] * (width - len(r))), strict=True)) for r in rows[1:]]


def test_trials_command_writes_every_sheet_and_company_lists(tmp_path: Path) -> None:
    source = _sample(tmp_path / "round.xlsx")
    before = source.read_bytes()
    out, lists = tmp_path / "trials.xlsx", tmp_path / "lists"
    run = CliRunner().invoke(cli, ["trials", str(source), "-o", str(out), "--per-company",
                                   str(lists), "--json", "--quiet", "--workers", "1"])
    assert run.exit_code == 0, run.output
    summary = json.loads(run.stdout)
    assert summary["status"] == "OPTIMAL"
    assert 0 < summary["candidates_with_trial"] == summary["upper_bound"] <= 40
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["Summary", "TrialPlan", "Trials", "TrialTimetable", "NoTrial",
                               "ByCompany", "Warnings"]
    keys = {r["key"]: r["value"] for r in _rows(out, "Summary")}
    for key in ("round", "status", "participants", "candidates_with_trial", "trials",
                "upper_bound", "trials_per_candidate", "solve_seconds", "input_file",
                "input_sha256", "version"):
        assert key in keys, key
    plan, trials = _rows(out, "TrialPlan"), _rows(out, "Trials")
    assert len(plan) == len(trials) == summary["trials"]
    assert {r["outcome"] for r in trials} == {"planned"}
    assert len(_rows(out, "NoTrial")) == 40 - summary["candidates_with_trial"]
    companies = {str(r["company_id"]) for r in plan}
    assert {p.stem for p in lists.glob("*.xlsx")} == companies
    listed = _rows(next(lists.glob("*.xlsx")), "Trial participants")
    assert {"norwegian_level", "follow_up_need", "supervisor_id", "start_date"} <= set(listed[0])
    assert source.read_bytes() == before


def test_pseudonymised_output_has_no_names(tmp_path: Path) -> None:
    source = _sample(tmp_path / "round.xlsx")
    out = tmp_path / "trials.xlsx"
    run = CliRunner().invoke(cli, ["trials", str(source), "-o", str(out), "--pseudonymise",
                                   "--quiet"])
    assert run.exit_code == 0, run.output
    names = {p.name for p in generate(40, None, 3, "gloppen").participants}
    for sheet in ("TrialPlan", "NoTrial", "ByCompany"):
        for row in _rows(out, sheet):
            assert row.get("name") is None and row["participant_id"] not in names


def test_no_trial_windows_is_a_located_input_error(tmp_path: Path) -> None:
    source = _sample(tmp_path / "round.xlsx", windows=False)
    out = tmp_path / "trials.xlsx"
    run = CliRunner().invoke(cli, ["trials", str(source), "-o", str(out)])
    assert run.exit_code == 1
    assert "TrialWindows" in run.output and "Traceback" not in run.output
    assert not out.exists()


def test_bad_window_row_is_located(tmp_path: Path) -> None:
    path = tmp_path / "round.xlsx"
    write_problem(base(), path)
    book = openpyxl.load_workbook(path)
    book["TrialWindows"]["B2"] = dt.datetime(2026, 6, 2)  # a Tuesday
    book.save(path)
    run = CliRunner().invoke(cli, ["trials", str(path), "--json"])
    assert run.exit_code == 1
    errors = json.loads(run.stdout)["errors"]
    assert [(e["sheet"], e["row"], e["column"]) for e in errors] == \
        [("TrialWindows", 2, "start_date")]


SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def test_samples_plan_trials_where_the_report_says_they_are_possible(tmp_path: Path) -> None:
    """Gloppen: two-week windows; plastics, concrete and dental secretary have no trials.
    Menn i helse: one three-month helserekrutt window, three days a week."""
    out = tmp_path / "gloppen.xlsx"
    run = CliRunner().invoke(cli, ["trials", str(SAMPLES / "gloppen.xlsx"), "-o", str(out),
                                   "--quiet"])
    assert run.exit_code == 0, run.output
    problem = generate(30, None, 1, "gloppen")
    no_trials = {g.programme_id for g in problem.programmes if not g.trials}
    assert {g.occupation for g in problem.programmes if not g.trials} == {
        "Plastmakerfaget", "Betongfaget", "Tannhelsesekretær"}
    without = {p.participant_id for p in problem.participants if set(p.programmes) <= no_trials}
    reasons = {str(r["participant_id"]): r["reason"] for r in _rows(out, "NoTrial")}
    assert without and all(reasons[p] == "no_trial_programme" for p in without)
    plan = _rows(out, "TrialPlan")
    assert plan and all((r["end_date"] - r["start_date"]).days == 13 for r in plan)  # type: ignore[operator]
    out = tmp_path / "mih.xlsx"
    run = CliRunner().invoke(cli, ["trials", str(SAMPLES / "menn-i-helse.xlsx"), "-o", str(out),
                                   "--quiet"])
    assert run.exit_code == 0, run.output
    days = _rows(out, "TrialTimetable")
    assert days and max(int(d["week"]) for d in days) == 12  # type: ignore[call-overload]
    per_week: dict[tuple[object, object], int] = {}
    for d in days:
        per_week[(d["participant_id"], d["week"])] = per_week.get(
            (d["participant_id"], d["week"]), 0) + 1
    assert max(per_week.values()) == 3


def test_the_loop_closes_verdicts_go_back_into_the_round(tmp_path: Path) -> None:
    """On the Gloppen sample: plan trials, paste the Trials rows into the round, record the
    verdicts, match."""
    source = tmp_path / "round.xlsx"
    shutil.copy(SAMPLES / "gloppen.xlsx", source)
    out = tmp_path / "trials.xlsx"
    assert CliRunner().invoke(cli, ["trials", str(source), "-o", str(out), "--quiet"]
                              ).exit_code == 0
    planned = _rows(out, "Trials")
    round_book = tmp_path / "round-with-verdicts.xlsx"
    shutil.copy(source, round_book)
    book = openpyxl.load_workbook(round_book)
    sheet = book["Trials"]
    verdicts: dict[tuple[str, str], str] = {}
    for i, row in enumerate(planned):
        outcome = "rejected" if i % 3 == 0 else "approved"
        verdicts[(str(row["participant_id"]), str(row["company_id"]))] = outcome
        sheet.append([row["participant_id"], row["company_id"], outcome, row["note"]])
    book.save(round_book)
    result = tmp_path / "result.xlsx"
    run = CliRunner().invoke(cli, ["match", str(round_book), "-o", str(result), "--quiet",
                                   "--time-limit", "5", "--json"])
    assert run.exit_code == 0, run.output
    placements = _rows(result, "Placements")
    for p in placements:
        pair = (str(p["participant_id"]), str(p["company_id"]))
        assert verdicts.get(pair) != "rejected"
        assert (p["trial_outcome"] or None) == (verdicts.get(pair) or None) or \
            pair not in verdicts
    kept = sum(1 for p in placements
               if verdicts.get((str(p["participant_id"]), str(p["company_id"]))) == "approved")
    assert kept > 0


def test_output_in_bokmal_when_the_round_asks_for_it(tmp_path: Path) -> None:
    problem = generate(20, None, 3, "menn-i-helse")
    path = tmp_path / "round.xlsx"
    write_problem(problem, path)
    book = openpyxl.load_workbook(path)
    book["Settings"].append(["language", "nb"])
    book.save(path)
    out = tmp_path / "trials.xlsx"
    run = CliRunner().invoke(cli, ["trials", str(path), "-o", str(out), "--quiet"])
    assert run.exit_code == 0, run.output
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert {"Prøveplan", "Prøvepraksis", "Prøvetimeplan", "UtenPrøvepraksis"} <= set(names)
    rows = _rows(out, "Prøvepraksis")
    assert rows and {r["utfall"] for r in rows} == {"planlagt"}
    days = _rows(out, "Prøvetimeplan")
    assert {d["aktivitet"] for d in days} == {"prøvepraksis"}
