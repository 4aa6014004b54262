"""The compare workbook: Scenarios side by side, Programmes and Companies (one column per
alternative), Differences and SchoolDays; written whole or not at all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, fields
from pathlib import Path

from openpyxl import Workbook

from matcher.capacity.sheets import Value, write_table
from matcher.compare.run import Outcome, differences
from matcher.compare.schooldays import SchoolDayRow
from matcher.files import atomic_path


def scenario_rows(outcomes: Sequence[Outcome]) -> list[tuple[str, list[Value]]]:
    """The side-by-side figures: one (label, value per alternative) row per figure."""

    def row(label: str, get: object) -> tuple[str, list[Value]]:
        assert callable(get)
        return label, [None if o.conflicts and label not in ("kind", "status") else get(o)
                       for o in outcomes]

    rows = [
        row("kind", lambda o: o.kind),
        row("status", lambda o: o.status),
        row("participants", lambda o: o.participants),
        row("placed", lambda o: o.placed),
        row("upper_bound", lambda o: o.upper_bound),
        row("gap", lambda o: o.upper_bound - o.placed),
    ]
    rows += [row(f"placed_priority_{5 - k}", lambda o, k=k: o.priority_profile[k])
             for k in range(5)]
    rows += [
        row("supervisor_share", lambda o: _round(o.supervisor_share, 3)),
        row("company_days", lambda o: o.company_days),
        row("average_travel_minutes", lambda o: _round(o.average_travel_minutes, 1)),
        row("time_limit_seconds", lambda o: round(o.time_limit, 1)),
        row("solve_seconds", lambda o: round(o.seconds, 1)),
        ("conflicts", ["; ".join(o.conflicts) or None for o in outcomes]),
    ]
    return rows


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def per_column(outcomes: Sequence[Outcome], attr: str) -> list[list[Value]]:
    """Rows of ``key, count per alternative`` for ``per_programme`` or ``per_company``."""
    keys = sorted({k for o in outcomes for k in getattr(o, attr)})
    return [[k, *[getattr(o, attr).get(k, 0) for o in outcomes]] for k in keys]


def write_compare(outcomes: Sequence[Outcome], school: Sequence[SchoolDayRow],
                  path: Path) -> None:
    """Write the comparison to ``path`` atomically."""
    names = [o.name for o in outcomes]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Scenarios"
    write_table(ws, ["figure", *names],
                [[label, *values] for label, values in scenario_rows(outcomes)])
    write_table(wb.create_sheet("Programmes"), ["programme_id", *names],
                per_column(outcomes, "per_programme"))
    write_table(wb.create_sheet("Companies"), ["company_id", *names],
                per_column(outcomes, "per_company"))
    solved = [o.name for o in outcomes if not o.conflicts]
    write_table(wb.create_sheet("Differences"), ["participant_id", *solved],
                [[pid, *where] for pid, where in differences(outcomes)])
    write_table(wb.create_sheet("SchoolDays"), [f.name for f in fields(SchoolDayRow)],
                [astuple(r) for r in school])
    with atomic_path(path) as tmp:
        wb.save(tmp)
