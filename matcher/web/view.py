"""The result as the pages show it: the output workbook's Placements and Unplaced tables and
its Calendar grid, as plain JSON-ready data, plus sorting, filtering and paging of a table.

The rows come from the same functions that write the workbook's sheets
(:mod:`matcher.report.tables`, :func:`matcher.report.calendar_sheet.plan_grid`), from the same
pseudonymised round when the coordinator asked for pseudonyms, so the page and the workbook
always agree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Rows per page of a table.
PAGE_SIZE = 100


def build_view(outcome: Any, key: bytes | None) -> dict[str, Any]:
    """The page data of a finished round (``outcome`` is a :class:`~matcher.round.RoundOutcome`;
    ``key`` the pseudonym key the workbook was written with, or None)."""
    from matcher.pseudonym import pseudonymise_round
    from matcher.report import tables
    from matcher.report.calendar_sheet import plan_grid
    from matcher.report.rawsheet import excel_serial
    from matcher.timetable import all_activities

    problem, result = outcome.problem, outcome.result
    rows = list(all_activities(problem, result.solution))
    if key is not None:
        problem, result, rows, _ = pseudonymise_round(problem, result, rows, key)
    company_days: Counter[str] = Counter()
    supervisor_days: Counter[str] = Counter()
    grid = plan_grid(problem, result)
    for activity in rows:
        if activity.activity == "company":
            company_days[activity.participant_id] += 1
            supervisor_days[activity.participant_id] += activity.with_supervisor
        grid.mark(activity, excel_serial(activity.date))
    placements = tables.placements(problem, result, company_days, supervisor_days,
                                   key is not None)
    unplaced = tables.unplaced(problem, result, key is not None)
    placed = result.solution.by_participant
    people = problem.participants_by_id
    return {
        "placements": _table(placements),
        "unplaced": _table(unplaced),
        "calendar": {
            "first": grid.first.isoformat(), "days": grid.days, "capped": grid.capped,
            "rows": {pid: {"name": people[pid].name, "company": placed[pid].company_id,
                           "programme": placed[pid].programme_id,
                           "codes": ",".join(c[1] if c else "" for c in grid.cells[pid])}
                     for pid in grid.participants},
        },
        "companies": {c.company_id: c.name for c in problem.companies
                      if any(p.company_id == c.company_id for p in placed.values())},
    }


def _table(table: tuple[Sequence[Any], list[list[object]]]) -> dict[str, Any]:
    """A table as JSON-ready data (dates, e.g. ``apprenticeship_from``, as ``YYYY-MM-DD``)."""
    columns, rows = table
    return {"columns": [c.header for c in columns],
            "rows": [[v.isoformat() if isinstance(v, dt.date) else v for v in row]
                     for row in rows]}


@dataclass(frozen=True)
class TablePage:
    """One page of a sorted, filtered table."""

    columns: list[str]
    rows: list[list[Any]]
    total: int  # rows after the filter
    page: int
    pages: int
    sort: str
    descending: bool
    query: str


def table_page(table: dict[str, Any], *, sort: str = "", descending: bool = False,
               query: str = "", page: int = 1, size: int = PAGE_SIZE) -> TablePage:
    """Filter rows to those with a cell containing ``query`` (any case), sort them by the
    column ``sort`` (numbers as numbers, blanks last), and cut out page ``page``."""
    columns: list[str] = table["columns"]
    rows: list[list[Any]] = table["rows"]
    needle = query.strip().casefold()
    if needle:
        rows = [r for r in rows if any(needle in str(v).casefold() for v in r if v is not None)]
    if sort in columns:
        i = columns.index(sort)
        filled = sorted((r for r in rows if r[i] not in (None, "")),
                        key=lambda r: _sort_key(r[i]), reverse=descending)
        rows = filled + [r for r in rows if r[i] in (None, "")]
    pages = max(1, -(-len(rows) // size))
    page = min(max(1, page), pages)
    return TablePage(columns, rows[(page - 1) * size: page * size], len(rows), page, pages,
                     sort if sort in columns else "", descending, query)


def _sort_key(value: Any) -> tuple[int, float, str]:
    if isinstance(value, bool):
        return (1, 0.0, str(value))
    if isinstance(value, int | float):
        return (0, float(value), "")
    return (1, 0.0, str(value).casefold())


@dataclass(frozen=True)
class CalendarRow:
    """One participant's line of the calendar: who, and a code per date ("" = off)."""

    participant_id: str
    name: str
    programme: str
    company: str
    codes: list[str]


def calendar_rows(view: dict[str, Any], *, participant: str = "",
                  company: str = "") -> list[CalendarRow]:
    """The calendar lines of one participant, or of everyone placed at one company."""
    rows = view["calendar"]["rows"]
    chosen = ([participant] if participant in rows else []) if participant else [
        pid for pid, row in rows.items() if row["company"] == company]
    return [CalendarRow(pid, rows[pid]["name"], rows[pid]["programme"], rows[pid]["company"],
                        rows[pid]["codes"].split(",")) for pid in chosen]
