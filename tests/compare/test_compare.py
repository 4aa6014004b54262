"""Compare on hand-built rounds where one alternative is strictly better, and the command."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from cli.main import cli
from matcher.checker import assert_valid
from matcher.compare import (
    alternatives,
    best_school_days,
    compare,
    differences,
    parse_school_days,
    write_compare,
)
from matcher.inputbook import write_problem
from matcher.model import SolveOptions
from matcher.problem import (
    Phase,
    Problem,
    Settings,
)
from matcher.round import solve_checked
from tests.rounds import Round

TRADE = "Kokk"
SETTINGS = Settings(workers=1, time_limit_seconds=4)
OPTIONS = SolveOptions(time_limit=4, workers=1, seed=0)


def round_with_scenario() -> Problem:
    """School Mon–Tue. Base: 4 company days a week, but only Wed–Fri are free, so nobody fits.
    Scenario "tre dager": 3 company days (1 with the supervisor), which fits: 3 can be placed."""
    r = Round(trade=TRADE, settings=SETTINGS)
    r.programme(phases=(Phase("G", 1, 4, 4, min_days_with_supervisor=1),
                        Phase("G", 1, 4, 3, min_days_with_supervisor=1, scenario="tre dager")))
    r.company("C1", 2, name="Kantine 1", area="Oslo")
    r.company("C2", 1, name="Kantine 2", area="Oslo")
    r.supervisor("S1", "C1", max_trainees=2)
    r.supervisor("S2", "C2")
    for i in range(4):
        r.participant(f"P{i}", name=f"Hidden {i}", area="Oslo")
    return r.problem()


def round_with_bad_school_days() -> Problem:
    """The supervisors work Mon–Tue only and every company day must be with them, so school on
    Mon–Tue places nobody; any other two school days place everyone who fits the places."""
    r = Round(trade=TRADE, settings=SETTINGS)
    r.programme()
    r.rota("MT", ("D", "D", None, None, None, None, None))
    r.company("C1", 3, name="Kantine 1")
    r.supervisor("S1", "C1", rota="MT", max_trainees=3)
    for i in range(3):
        r.participant(f"P{i}")
    return r.problem()


def test_strictly_better_scenario_shows() -> None:
    outcomes = compare(alternatives(round_with_scenario()), OPTIONS)
    base, alt = outcomes
    assert (base.name, alt.name) == ("base plan", "tre dager")
    assert base.placed == 0 and alt.placed == 3 and alt.upper_bound == 3
    assert alt.per_company == {"C1": 2, "C2": 1}
    assert alt.supervisor_share == 1.0  # the supervisors work every weekday
    assert alt.average_travel_minutes == 0  # same area, no Travel row
    diff = differences(outcomes)
    assert len(diff) == 3 and all(where[0] == "not placed" for _, where in diff)


def test_scenario_results_pass_the_checker() -> None:
    for alt in alternatives(round_with_scenario()):
        solved, rows = solve_checked(alt.problem, OPTIONS)
        assert_valid(alt.problem, solved.result.solution, rows)  # raises on a broken rule


def test_best_school_days_and_override() -> None:
    problem = round_with_bad_school_days()
    (row,) = best_school_days(problem)
    assert row.placeable_now == 0 and row.best_placeable == 3
    assert "Mon" not in row.best_school_days and "Tue" not in row.best_school_days
    plans = alternatives(problem, parse_school_days(["G=ons,tor"]))
    outcomes = compare(plans, OPTIONS)
    assert [o.placed for o in outcomes] == [0, 3]
    assert outcomes[1].school_days["G"] == "Wed,Thu"


def test_workbook(tmp_path: Path) -> None:
    problem = round_with_scenario()
    path = tmp_path / "cmp.xlsx"
    write_compare(compare(alternatives(problem), OPTIONS), best_school_days(problem), path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Scenarios", "Programmes", "Companies", "Differences", "SchoolDays"]
    scen = wb["Scenarios"]
    assert [c.value for c in scen[1]] == ["figure", "base plan", "tre dager"]
    placed = next(r for r in scen.iter_rows(values_only=True) if r[0] == "placed")
    assert placed == ("placed", 0, 3)
    text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
    assert "Hidden" not in text


def test_workbook_in_bokmal(tmp_path: Path) -> None:
    problem = round_with_scenario()
    path = tmp_path / "sml.xlsx"
    write_compare(compare(alternatives(problem), OPTIONS), best_school_days(problem), path, "nb")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Scenarier", "Kull", "Bedrifter", "Forskjeller", "Skoledager"]
    scen = wb["Scenarier"]
    assert [c.value for c in scen[1]] == ["tall", "grunnplan", "tre dager"]
    rows = {r[0]: r[1:] for r in scen.iter_rows(min_row=2, values_only=True)}
    assert rows["plassert"] == (0, 3) and rows["type"] == ("grunnplan", "scenario")
    assert wb["Forskjeller"]["A1"].value == "deltaker_id"
    assert "ikke plassert" in {v for r in wb["Forskjeller"].iter_rows(values_only=True)
                               for v in r}
    school = wb["Skoledager"]
    assert [c.value for c in school[1]][:4] == ["kull_id", "fase", "lærefag", "skoledager"]
    days = " ".join(str(v) for r in school.iter_rows(min_row=2, values_only=True) for v in r)
    assert "ons" in days and "Wed" not in days


def test_cli_exit_codes(tmp_path: Path) -> None:
    book = tmp_path / "round.xlsx"
    write_problem(round_with_scenario(), book)
    runner = CliRunner()
    out = tmp_path / "cmp.xlsx"
    res = runner.invoke(cli, ["compare", str(book), "-o", str(out), "--json", "--time-limit",
                              "4", "--workers", "1"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [s["placed"] for s in data["scenarios"]] == [0, 3] and out.exists()
    for bad in (["--school-days", "G=Mon-Xyz"], ["--school-days", "NOPE=Mon"],
                ["--school-days", "G"]):
        res = runner.invoke(cli, ["compare", str(book), "-o", str(tmp_path / "x.xlsx"), *bad])
        assert res.exit_code == 2, (bad, res.output)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK not really")
    res = runner.invoke(cli, ["compare", str(broken), "-o", str(tmp_path / "y.xlsx")])
    assert res.exit_code == 1
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "y.xlsx").exists()


def test_best_school_days_per_phase() -> None:
    # weeks 1-3 keep the class's Mon,Tue (no company days then); weeks 4-6 have their own
    # Mon,Tue, where the Mon-Tue supervisors leave nobody placeable. Changing the class's days
    # alone cannot help (its row stays at 0); the phase's own row shows that any other two
    # days would place all three
    problem = round_with_bad_school_days()
    problem = replace(problem, phases=(
        Phase("G", 1, 3, 0), Phase("G", 4, 6, 2, label="Vg2", school_days=frozenset({0, 1}))))
    class_row, phase_row = best_school_days(problem)
    assert class_row.phase == "" and class_row.best_placeable == 0
    assert phase_row.phase == "Vg2 (weeks 4-6)"
    assert phase_row.placeable_now == 0 and phase_row.best_placeable == 3
    assert "Mon" not in phase_row.best_school_days and "Tue" not in phase_row.best_school_days
