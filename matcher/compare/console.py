"""The comparison as console text and as JSON-ready data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from matcher.capacity.console import table
from matcher.compare.run import Outcome, differences
from matcher.compare.schooldays import SchoolDayRow
from matcher.compare.workbook import (
    alternative_name,
    scenario_rows,
    shown_school_row,
    shown_values,
)
from matcher.i18n import Messages, messages

#: School-day rows printed (programmes where another option beats the current one first).
MAX_SCHOOL_ROWS = 10


def render(outcomes: Sequence[Outcome], school: Sequence[SchoolDayRow],
           t: Messages | None = None) -> str:
    """Scenarios side by side, how many participants differ, and the school days to try, in
    ``t``'s language."""
    t = t or messages("en")
    rows = [[t(label), *["" if v is None else t.number(v) if isinstance(v, float) else v
                         for v in shown_values(label, values, t)]]
            for label, values in scenario_rows(outcomes) if label != "conflicts"]
    out = [table(["", *[alternative_name(o.name, t) for o in outcomes]], rows)]
    for o in outcomes:
        if o.conflicts:
            out.append(t("{name}: the hard rules cannot all hold: {conflicts}",
                         name=alternative_name(o.name, t),
                         conflicts="; ".join(o.conflicts)))
    diff = differences(outcomes)
    out.append("\n" + t.plural("{n} participant is placed in some alternatives but not in all "
                               "(see the Differences sheet).",
                               "{n} participants are placed in some alternatives but not in "
                               "all (see the Differences sheet).", len(diff)))
    better = [shown_school_row(r, t) for r in school if r.best_placeable > r.placeable_now]
    if better:
        out.append("\n" + t("School days that could place more of a programme's candidates:"))
        out.append(table([t(h) for h in ("programme", "phase", "school days", "bound now",
                                         "best school days", "bound")],
                         [[r.programme_id, r.phase or t("(class)"), r.school_days,
                           r.placeable_now, r.best_school_days, r.best_placeable]
                          for r in better[:MAX_SCHOOL_ROWS]]))
        if len(better) > MAX_SCHOOL_ROWS:
            out.append(t("… {n} more in the SchoolDays sheet", n=len(better) - MAX_SCHOOL_ROWS))
    else:
        out.append("\n" + t("Every programme's school days are already among its best options."))
    return "\n".join(out)


def as_dict(outcomes: Sequence[Outcome], school: Sequence[SchoolDayRow]) -> dict[str, Any]:
    """What ``--json`` prints: every figure, the differences (ids only) and the school days."""
    return {
        "scenarios": [{k: v for k, v in asdict(o).items() if k != "placements"}
                      for o in outcomes],
        "differences": [{"participant_id": pid, "placements": dict(
            zip([o.name for o in outcomes if not o.conflicts], where, strict=True))}
            for pid, where in differences(outcomes)],
        "school_days": [asdict(r) for r in school],
    }
