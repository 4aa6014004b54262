"""`matcher validate` catches what would make a round fail or surprise: locks that cannot
hold (with the reason), and `match` lists placements far from home when no limit is given."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from cli.main import cli
from matcher.inputbook import write_problem
from matcher.problem import Settings, TravelTime
from matcher.reader import read_problem
from matcher.samples import generate


def test_validate_names_a_lock_that_cannot_hold(tmp_path: Path) -> None:
    problem = generate(12, None, 3, "gloppen")
    person = problem.participants[0]
    trades = {problem.programmes_by_id[g].trade for g in person.programmes}
    other = next(c.company_id for c in problem.companies
                 if not any((c.company_id, t) in problem.places_by_key for t in trades))
    person = replace(person, locked_company=other)
    problem = replace(problem, participants=(person, *problem.participants[1:]))
    write_problem(problem, tmp_path / "in.xlsx")
    run = CliRunner().invoke(cli, ["validate", str(tmp_path / "in.xlsx")])
    assert run.exit_code == 1, run.output
    assert "Participants, row 2, locked_company: the lock to" in run.stderr
    assert f"the lock to {other} cannot hold: {other} offers no" in run.stderr
    write_problem(problem, tmp_path / "nb.xlsx", language="nb")
    run = CliRunner().invoke(cli, ["validate", str(tmp_path / "nb.xlsx")])
    assert run.exit_code == 1, run.output
    assert "Arbeidsboken har 1 feil:" in run.stderr
    assert (f"Deltakere, rad 2, låst_bedrift: låsingen til {other} kan ikke holde: {other} "
            "har ingen plasser i") in run.stderr
    assert "(fant " in run.stderr and "forventet en plass som kan ta imot deltakeren" in run.stderr


def test_match_lists_placements_far_from_home_without_a_limit(tmp_path: Path) -> None:
    problem = generate(12, None, 3, "gloppen")
    people = tuple(replace(p, max_travel_minutes=None, area="Nowhere")
                   for p in problem.participants)
    areas = {c.area for c in problem.companies if c.area}
    travel = tuple(TravelTime("nowhere", a.casefold(), 300) for a in sorted(areas))
    problem = replace(problem, participants=people, travel=travel)
    write_problem(problem, tmp_path / "in.xlsx")
    run = CliRunner().invoke(cli, ["match", str(tmp_path / "in.xlsx"), "-o",
                                   str(tmp_path / "out.xlsx"), "--quiet", "--workers", "1",
                                   "--time-limit", "5"])
    assert run.exit_code == 0, run.output
    assert "more than 120 minutes from home" in run.stderr
    warnings = [r[1] for r in openpyxl.load_workbook(tmp_path / "out.xlsx")["Warnings"]
                .iter_rows(min_row=2, values_only=True)]
    assert any("placed 300 minutes from home" in str(w) for w in warnings)
    limited = replace(problem, settings=replace(problem.settings,
                                                default_max_travel_minutes=60))
    write_problem(limited, tmp_path / "limited.xlsx")
    book = openpyxl.load_workbook(tmp_path / "limited.xlsx")
    book["Settings"].append(["default_max_travel_minutes", 60])
    book.save(tmp_path / "limited.xlsx")
    read = read_problem(tmp_path / "limited.xlsx")
    assert {p.max_travel_minutes for p in read.participants} == {60}
    assert isinstance(read.settings, Settings)
