"""The command a coordinator runs, end to end, on every bundled sample and on conflicting locks."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cli.main import cli
from matcher.eligibility import build_arcs
from matcher.inputbook import write_problem
from matcher.samples import generate

SAMPLES = sorted((Path(__file__).parent.parent / "data" / "samples").glob("*.xlsx"))
SHEETS = ["Summary", "Placements", "Unplaced", "Timetable", "Calendar", "Programmes", "Phases",
          "Capacity", "Supervisors", "Warnings"]


def test_every_sample_is_bundled() -> None:
    names = {p.stem for p in SAMPLES}
    assert {"gloppen", "oslo", "menn-i-helse", "heffi", "odda", "mfy", "county"} <= names


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_sample_runs_end_to_end(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "result.xlsx"
    # county: a limit its search never reaches (it proves its result in seconds on an idle
    # machine and stops), so a busy machine cannot turn OPTIMAL into FEASIBLE
    limit = "120" if sample.stem == "county" else "5"
    run = CliRunner().invoke(cli, ["match", str(sample), "-o", str(out), "--json", "--quiet",
                                   "--time-limit", limit])
    assert run.exit_code == 0, run.output
    summary = json.loads(run.stdout)
    assert 0 < summary["placed"] <= summary["upper_bound"] <= summary["participants"]
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames[: len(SHEETS)] == SHEETS
    rows = {r[0]: r[1] for r in book["Summary"].iter_rows(min_row=2, values_only=True)
            if len(r) > 1 and r[0]}
    assert rows["placed"] == summary["placed"] and rows["status"] in ("OPTIMAL", "FEASIBLE")
    unplaced = list(book["Unplaced"].iter_rows(min_row=2, values_only=True))
    assert len(unplaced) == summary["participants"] - summary["placed"]
    assert all(r[2] and r[3] for r in unplaced)  # every unplaced has a reason and a sentence
    if sample.stem == "county":  # the neighbourhood search reaches the flow's priority profile
        assert summary["status"] == "OPTIMAL" and summary["placed"] == summary["upper_bound"]


def test_conflicting_locks_exit_3_and_write_nothing(tmp_path: Path) -> None:
    problem = generate(participants=20, seed=3, profile="gloppen")
    problem = replace(problem, participants=tuple(
        replace(p, locked_company=None, locked_supervisor=None) for p in problem.participants))
    arcs = build_arcs(problem)
    # a supervisor who takes one trainee but for whom several participants are eligible
    pairs = set(zip(arcs.participant.tolist(), arcs.supervisor.tolist(), strict=True))
    fans = Counter(s for _, s in pairs if problem.supervisors[s].max_trainees == 1)
    s_index = max(fans, key=lambda s: (fans[s], -s))
    sup = problem.supervisors[s_index]
    fits = sorted(p for p, s in pairs if s == s_index)[:2]
    first = problem.participants[fits[0]]
    locked = tuple(replace(p, locked_company=sup.company_id, locked_supervisor=sup.supervisor_id)
                   if i in fits else p for i, p in enumerate(problem.participants))
    book = tmp_path / "round.xlsx"
    write_problem(replace(problem, participants=locked), book)
    out = tmp_path / "result.xlsx"
    run = CliRunner().invoke(cli, ["match", str(book), "-o", str(out), "--quiet"])
    assert run.exit_code == 3, run.output
    assert sup.supervisor_id in run.output and first.participant_id in run.output
    assert not out.exists()


def test_invalid_input_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    book = tmp_path / "round.xlsx"
    book.write_text("participant_id,name\n1,x\n")
    out = tmp_path / "result.xlsx"
    run = CliRunner().invoke(cli, ["match", str(book), "-o", str(out)])
    assert run.exit_code == 1 and "Traceback" not in run.output
    assert not out.exists()
