"""Capacity report on hand-built rounds with known bottlenecks, and the capacity command."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from cli.main import cli
from matcher.capacity import analyse, write_capacity
from matcher.eligibility import build_arcs
from matcher.inputbook import write_problem
from matcher.model.flow import FlowRelaxation
from matcher.model.pairgraph import PairGraph
from matcher.problem import Cefr, Phase, Problem, Settings
from matcher.samples import generate
from tests.rounds import Round


def round_with_bottleneck() -> Problem:
    """6 A1–A2 and 2 B1 candidates; only Førde sykehjem (2 places) accepts A1–A2, Stryn (4) asks
    for B1; Lærdal (3 places) has only a weekend supervisor, which fits no weekday pattern."""
    r = Round(settings=Settings(round_name="test", workers=1))
    r.programme()
    r.rota("WEEKEND", (None, None, None, None, None, "D", "D"))
    r.company("C1", 2, name="Førde sykehjem", training_office="OK Sogn")
    r.company("C2", 4, name="Stryn omsorgssenter", training_office="OK Sogn",
              min_norwegian_level=Cefr.B1)
    r.company("C3", 3, name="Lærdal helsetun", training_office="OK Indre",
              practice_days=frozenset(range(5)))
    r.supervisor("S1", "C1", max_trainees=2)
    r.supervisor("S2", "C2", max_trainees=4)
    r.supervisor("S3", "C3", rota="WEEKEND", max_trainees=3)
    for i in range(6):
        r.participant(f"A{i}", norwegian_level=Cefr.A2, name=f"Secret Name {i}")
    for i in range(2):
        r.participant(f"B{i}")
    return r.problem()


def test_bounds_per_level() -> None:
    report = analyse(round_with_bottleneck())
    (occ,) = report.occupations
    # 2 places for the A1–A2 group at C1, the B1 pair can use C2: 4 placeable of 8
    assert (occ.places, occ.candidates, occ.most_placeable, occ.shortfall) == (9, 8, 4, 4)
    by_office = {o.training_office: o for o in report.offices}
    assert by_office["OK Indre"].most_placeable == 0
    assert by_office["OK Sogn"].most_placeable == 4
    by_company = {c.company_id: c for c in report.companies}
    assert by_company["C1"].most_placeable == 2 and by_company["C1"].eligible_candidates == 8
    assert by_company["C2"].eligible_candidates == 2 and by_company["C2"].unused_places == 2


def test_names_the_language_bottleneck() -> None:
    report = analyse(round_with_bottleneck())
    groups = [b for b in report.bottlenecks if b.kind == "candidate_group"]
    a_group = next(b for b in groups if "A1–A2 candidates" in str(b.message))
    assert a_group.people == 6 and a_group.places == 2
    assert "Førde sykehjem" in str(a_group.message) and "Stryn" not in str(a_group.message)


def test_names_unusable_places_and_idle_supervisor() -> None:
    report = analyse(round_with_bottleneck())
    unused = {b.company_id: b for b in report.bottlenecks if b.kind == "unused_places"}
    assert "rota" in str(unused["C3"].message)
    idle = [b for b in report.bottlenecks if b.kind == "idle_supervisor"]
    assert [b.supervisor_id for b in idle] == ["S3"]
    # phase by phase: the one phase (no label) fails every week on the supervisor's shifts
    assert "weeks 1–3: too few days on the supervisor's shifts in weeks 1–3" in str(idle[0].message)


def test_bottlenecks_in_bokmal_with_plural_forms() -> None:
    report = analyse(round_with_bottleneck())
    groups = [b for b in report.bottlenecks if b.kind == "candidate_group"]
    a_group = next(b for b in groups if "A1–A2 candidates" in str(b.message))
    text = a_group.message.render("nb")
    assert text.startswith("6 kandidater med norsknivå A1–A2 til ")
    assert "kan bare nå 2 plasser" in text and "tar imot A1–A2" in text
    idle = next(b for b in report.bottlenecks if b.kind == "idle_supervisor")
    assert "uke 1–3: for få dager på veilederens vakter i uke 1–3" in idle.message.render("nb")
    unused = {b.company_id: b for b in report.bottlenecks if b.kind == "unused_places"}
    assert "turnus" in unused["C3"].message.render("nb")
    assert "place" not in " ".join(b.message.render("nb") for b in report.bottlenecks)
    assert str(a_group.message) == a_group.message.render("en")


def test_places_that_cannot_take_an_apprenticeship_year() -> None:
    # Lærdal is not an approved training company and the programme's year 2 is an
    # apprenticeship: its 3 places cannot take the programme, said as not_approved
    problem = round_with_bottleneck()
    companies = tuple(replace(c, approved_training_company=c.company_id != "C3")
                      for c in problem.companies)
    phases = (Phase("G", 1, 3, 2), Phase("G", 53, 60, 5, at_school=False, apprenticeship=True))
    report = analyse(replace(problem, companies=companies, phases=phases))
    (found,) = [b for b in report.bottlenecks if b.kind == "not_approved"]
    assert (found.company_id, found.places) == ("C3", 3)
    text = str(found.message)
    assert "not an approved training company" in text and "G" in text


def test_language_minimum_reason() -> None:
    problem = round_with_bottleneck()
    only_a = Problem(problem.programmes, problem.phases,
                     tuple(p for p in problem.participants if p.norwegian_level < Cefr.B1),
                     problem.companies, problem.places, problem.supervisors, problem.rotas)
    unused = {b.company_id: b for b in analyse(only_a).bottlenecks if b.kind == "unused_places"}
    assert "Norwegian minimum B1" in str(unused["C2"].message)


def test_flow_equals_the_round_bound_on_a_sample() -> None:
    problem = generate(120, seed=3)
    arcs = build_arcs(problem)
    assert PairGraph(problem, arcs).max_flow() == FlowRelaxation(problem, arcs).max_placed()


def test_workbook_has_sheets_chart_and_no_names(tmp_path: Path) -> None:
    path = tmp_path / "cap.xlsx"
    write_capacity(analyse(round_with_bottleneck()), path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Occupations", "TrainingOffices", "Companies", "Bottlenecks"]
    assert wb["Occupations"].freeze_panes == "A2"
    assert len(wb["Occupations"]._charts) == 1
    text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
    assert "Secret Name" not in text
    headers = [c.value for c in wb["Occupations"][1]]
    assert headers[:3] == ["occupation", "programmes", "places"]
    assert wb["Bottlenecks"]["A1"].value == "kind"


def test_workbook_in_bokmal(tmp_path: Path) -> None:
    path = tmp_path / "kap.xlsx"
    write_capacity(analyse(round_with_bottleneck()), path, "nb")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Lærefag", "Opplæringskontorer", "Bedrifter", "Flaskehalser"]
    assert [c.value for c in wb["Lærefag"][1]] == [
        "lærefag", "antall_kull", "plasser", "kandidater", "aktuelle_kandidater",
        "høyst_plasserbare", "underskudd", "ubrukte_plasser"]
    assert [c.value for c in wb["Opplæringskontorer"][1]][:2] == ["opplæringskontor",
                                                                  "bedrifter"]
    assert [c.value for c in wb["Bedrifter"][1]][:2] == ["bedrift_id", "bedriftsnavn"]
    kinds = {r[0] for r in wb["Flaskehalser"].iter_rows(min_row=2, values_only=True)}
    assert "kandidatgruppe" in kinds and "candidate_group" not in kinds
    assert len(wb["Lærefag"]._charts) == 1


def test_cli(tmp_path: Path) -> None:
    book = tmp_path / "round.xlsx"
    write_problem(round_with_bottleneck(), book)
    runner = CliRunner()
    out = tmp_path / "cap.xlsx"
    res = runner.invoke(cli, ["capacity", str(book), "-o", str(out), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["occupations"][0]["most_placeable"] == 4 and out.exists()
    assert "Secret Name" not in res.output
    res = runner.invoke(cli, ["capacity", str(book), "-o", str(out)])
    assert res.exit_code == 0 and "A1–A2 candidates" in res.stdout
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    res = runner.invoke(cli, ["capacity", str(bad), "-o", str(tmp_path / "x.xlsx")])
    assert res.exit_code == 1 and not (tmp_path / "x.xlsx").exists()
