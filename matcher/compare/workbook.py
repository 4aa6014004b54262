"""The compare workbook: Scenarios side by side, Programmes and Companies (one column per
alternative), Differences and SchoolDays; written whole or not at all, with sheet names, headers
and values in the output language (the English names are the catalogue's ids)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import astuple, fields, replace
from pathlib import Path

from openpyxl import Workbook

from matcher.capacity.sheets import Value, write_table
from matcher.compare.run import NOT_PLACED, Outcome, differences
from matcher.compare.scenarios import BASE
from matcher.compare.schooldays import TOO_MANY, SchoolDayRow
from matcher.files import atomic_path
from matcher.i18n import DEFAULT_LANGUAGE, Messages, messages

_CHOOSE = re.compile(r"choose (\d+)")
_WEEKS = re.compile(r"\(weeks (\d+)-(\d+)\)$")


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


def alternative_name(name: str, t: Messages) -> str:
    """An alternative's name as shown: the base plan's in ``t``'s language, the others as the
    input or the command line names them."""
    return t(BASE) if name == BASE else name


def shown_school_row(row: SchoolDayRow, t: Messages) -> SchoolDayRow:
    """A school-day row with its weekdays, "choose N", phase weeks and note in ``t``'s
    language (the row itself keeps SchoolDayRow's English forms, which ``--json`` prints)."""
    if t.language == DEFAULT_LANGUAGE:
        return row

    def days(text: str) -> str:
        text = _CHOOSE.sub(lambda m: t("choose {n}", n=int(m.group(1))), text)
        return t.weekday_text(text)

    phase = _WEEKS.sub(lambda m: t("(weeks {first}-{last})", first=int(m.group(1)),
                                   last=int(m.group(2))), row.phase)
    options = t(TOO_MANY) if row.options == TOO_MANY else t.weekday_text(row.options)
    return replace(row, phase=phase, school_days=days(row.school_days),
                   best_school_days=t.weekday_text(row.best_school_days), options=options)


def write_compare(outcomes: Sequence[Outcome], school: Sequence[SchoolDayRow],
                  path: Path, language: str = DEFAULT_LANGUAGE) -> None:
    """Write the comparison to ``path`` atomically, named and headed in ``language``."""
    t = messages(language)
    names = [alternative_name(o.name, t) for o in outcomes]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t.sheet("Scenarios")
    write_table(ws, [t.column("figure"), *names],
                [[t.column(label), *shown_values(label, values, t)]
                 for label, values in scenario_rows(outcomes)])
    write_table(wb.create_sheet(t.sheet("Programmes")), [t.column("programme_id"), *names],
                per_column(outcomes, "per_programme"))
    write_table(wb.create_sheet(t.sheet("Companies")), [t.column("company_id"), *names],
                per_column(outcomes, "per_company"))
    solved = [alternative_name(o.name, t) for o in outcomes if not o.conflicts]
    write_table(wb.create_sheet(t.sheet("Differences")), [t.column("participant_id"), *solved],
                [[pid, *[t(w) if w == NOT_PLACED else w for w in where]]
                 for pid, where in differences(outcomes)])
    write_table(wb.create_sheet(t.sheet("SchoolDays")),
                [t.column(f.name, "SchoolDays") for f in fields(SchoolDayRow)],
                [astuple(shown_school_row(r, t)) for r in school])
    with atomic_path(path) as tmp:
        wb.save(tmp)


def shown_values(label: str, values: list[Value], t: Messages) -> list[Value]:
    """The kind of each alternative in ``t``'s language; other figures as they are."""
    if label != "kind":
        return values
    return [t.text(v, "kind") if isinstance(v, str) else v for v in values]
