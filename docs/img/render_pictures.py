"""Render the README pictures: matplotlib drawings of the capacity Occupations sheet (table and
its chart) and of the compare Scenarios sheet, from real runs on generated county rounds.

Run: ``.venv/bin/python docs/img/render_pictures.py`` (writes capacity.png and compare.png here).
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from compare_benchmark import with_three_scenarios

from matcher.capacity import analyse
from matcher.compare import alternatives, compare
from matcher.compare.workbook import scenario_rows
from matcher.model import SolveOptions
from matcher.samples import generate

HERE = Path(__file__).resolve().parent


def sheet_table(ax: plt.Axes, headers: list[str], rows: list[list[object]]) -> Table:
    """A sheet drawn as a table: header row bold on the header blue."""
    ax.axis("off")
    table = ax.table(cellText=[["" if v is None else str(v) for v in r] for r in rows],
                     colLabels=headers, loc="upper left", cellLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    table.auto_set_column_width(list(range(len(headers))))
    for (r, _), cell in table.get_celld().items():
        if r == 0:
            cell.set_facecolor("#DDEBF7")
            cell.set_text_props(weight="bold")
    return table


def capacity_png() -> None:
    report = analyse(generate(400, seed=2))
    occ = report.occupations
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 9), height_ratios=(1, 1.2))
    headers = ["occupation", "places", "candidates", "eligible_candidates", "most_placeable",
               "shortfall", "unused_places"]
    sheet_table(top, headers, [[r.occupation, r.places, r.candidates, r.eligible_candidates,
                                r.most_placeable, r.shortfall, r.unused_places] for r in occ])
    top.set_title("Occupations sheet (capacity workbook, generated 400-participant round)",
                  loc="left")
    y = range(len(occ))
    h = 0.27
    bottom.barh([i - h for i in y], [r.places for r in occ], h, label="places")
    bottom.barh(list(y), [r.candidates for r in occ], h, label="candidates")
    bottom.barh([i + h for i in y], [r.most_placeable for r in occ], h, label="most_placeable")
    bottom.set_yticks(list(y), [r.occupation for r in occ])
    bottom.invert_yaxis()
    bottom.set_title("Places against demand per occupation (the sheet's bar chart)", loc="left")
    bottom.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(HERE / "capacity.png", dpi=110)


def compare_png() -> None:
    problem = with_three_scenarios(generate(150, seed=2))
    outcomes = compare(alternatives(problem), SolveOptions(time_limit=12, workers=2, seed=0))
    rows = [[label, *values] for label, values in scenario_rows(outcomes)
            if label != "conflicts"]
    fig, ax = plt.subplots(figsize=(8, 4.6))
    sheet_table(ax, ["figure", *[o.name for o in outcomes]], rows)
    ax.set_title("Scenarios sheet (compare workbook, generated 150-participant round)",
                 loc="left")
    fig.tight_layout()
    fig.savefig(HERE / "compare.png", dpi=110)


if __name__ == "__main__":
    capacity_png()
    compare_png()
