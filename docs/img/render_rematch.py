"""Render the re-match walk-through's picture: the Changes sheet of a real run, drawn with
matplotlib (docs/rematch.md).

A 40-participant Gloppen round is matched; then company B004 closes its places, supervisor
V0015 leaves and a trainee withdraws, and the round is re-matched from 2 November 2026 with
``run_rematch``, as ``matcher rematch`` runs it. The rows of the Changes sheet that are not
``kept`` are drawn, with the first kept ones below them.

Run: ``.venv/bin/python docs/img/render_rematch.py`` (writes rematch-changes.png here).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from render_pictures import sheet_table

from matcher.inputbook import write_problem
from matcher.model import SolveOptions
from matcher.problem import Problem
from matcher.rematch import RematchRequest, run_rematch
from matcher.round import run_match
from matcher.samples import generate

HERE = Path(__file__).resolve().parent
PLAN_FROM = dt.date(2026, 11, 2)
CLOSED = "B004"
LEAVING = "V0015"
OPTIONS = SolveOptions(time_limit=20, workers=1, seed=0)


def now_from(problem: Problem, placed: set[str]) -> Problem:
    """B004's places withdrawn, supervisor V0015 gone, one placed trainee withdrawn."""
    places = tuple(replace(p, places=0) if p.company_id == CLOSED else p
                   for p in problem.places)
    problem = replace(problem, supervisors=tuple(s for s in problem.supervisors
                                                 if s.supervisor_id != LEAVING))
    people = list(problem.participants)
    gone = next(p for p in people if p.participant_id in placed and p.participant_id != "D0001")
    people.remove(gone)
    pid = gone.participant_id
    return replace(problem, places=places, participants=tuple(people),
                   trials=tuple(t for t in problem.trials if t.participant_id != pid),
                   preferences=tuple(p for p in problem.preferences if p.participant_id != pid))


def changes_rows(path: Path) -> tuple[list[str], list[list[object]]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in wb["Changes"].iter_rows(values_only=True)]
    header, body = [str(h) for h in rows[0]], rows[1:]
    changed = [r for r in body if r[2] != "kept"]
    kept = [r for r in body if r[2] == "kept"][:3]
    return header, changed + kept


def draw(header: list[str], rows: list[list[object]], target: Path) -> None:
    fig, ax = plt.subplots(figsize=(16, 0.28 * (len(rows) + 2)))
    table = sheet_table(ax, header, rows)
    colours = {"moved": "#FCE4D6", "dropped": "#F8CBAD", "new supervisor": "#FFF2CC",
               "left": "#EDEDED", "new": "#E2EFDA"}
    for (r, _), cell in table.get_celld().items():
        cell.get_text().set_horizontalalignment("left")
        cell.PAD = 0.02
        if r and str(rows[r - 1][2]) in colours:
            cell.set_facecolor(colours[str(rows[r - 1][2])])
    ax.set_title("Changes sheet: company B004 closed its places, supervisor V0015 left, one "
                 "trainee withdrew (matcher rematch from 2 Nov 2026)", loc="left", fontsize=10)
    fig.savefig(target, dpi=110, bbox_inches="tight")
    plt.close(fig)


def main() -> None:
    problem = generate(40, seed=0, profile="gloppen")
    with tempfile.TemporaryDirectory(prefix="rematch-picture-") as scratch:
        folder = Path(scratch)
        first, result = folder / "round.xlsx", folder / "result.xlsx"
        write_problem(problem, first)
        placed = {p.participant_id
                  for p in run_match(first, result, OPTIONS).result.solution.placements}
        now = folder / "round-now.xlsx"
        write_problem(now_from(problem, placed), now)
        out = folder / "rematch.xlsx"
        run_rematch(RematchRequest(now, result, PLAN_FROM, out, OPTIONS))
        draw(*changes_rows(out), HERE / "rematch-changes.png")


if __name__ == "__main__":
    main()
