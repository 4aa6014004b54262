"""The output workbook (SPEC.md "Output workbook"): a :class:`Result` as sheets for people.

Sheets, in order: Summary, Placements, Unplaced, Timetable (and ``Timetable (2)`` … past
Excel's row limit), Calendar, Programmes, Phases, Capacity, Supervisors, Warnings.

How it is written, and why:

* openpyxl in write-only mode for every sheet, so memory stays flat for big rounds;
* the two big sheets' bodies (Timetable, Calendar) are formatted straight to XML and spliced
  into the saved package (:mod:`matcher.report.rawsheet`): openpyxl's per-cell objects manage
  about 15,000 timetable rows a second, the raw rows several times that; their text cells
  refer to one shared-string table, which halves the XML of a whole-course Timetable;
* the workbook is first saved into a scratch folder, then spliced into the temporary file of
  :func:`matcher.files.atomic_path`, which is renamed onto the target only when all went well:
  the output appears whole or not at all;
* every text from the input is a string cell, never a formula (:mod:`matcher.report.text`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook

from matcher.files import atomic_path
from matcher.i18n import Messages, messages
from matcher.memory import paused_gc
from matcher.problem import Problem
from matcher.report import tables
from matcher.report.calendar_sheet import MAX_DATES, MAX_PARTICIPANTS, plan_grid, write_calendar
from matcher.report.cells import DATE_FORMAT, Styles, header_cells, set_layout, write_table
from matcher.report.print_setup import printable
from matcher.report.rawsheet import RawBody, SharedStrings, splice
from matcher.report.timetable_sheet import COLUMNS as TIMETABLE_COLUMNS
from matcher.report.timetable_sheet import (
    EXCEL_MAX_ROWS,
    TimetableOutcome,
    sheet_title,
    stream_timetable,
)
from matcher.result import Activity, Result
from matcher.timetable import all_activities

__all__ = ["EXCEL_MAX_ROWS", "MAX_DATES", "MAX_PARTICIPANTS", "SHEETS", "write_result"]

#: The sheets every output workbook has (Timetable may continue on numbered sheets).
SHEETS: tuple[str, ...] = ("Summary", "Placements", "Unplaced", "Timetable", "Calendar",
                           "Programmes", "Phases", "Capacity", "Supervisors", "Warnings")


def write_result(problem: Problem, result: Result, path: Path, *, input_file: str,
                 input_sha256: str, version: str,
                 eligible_candidates: Mapping[tuple[str, str], int],
                 pseudonymise: bool = False, timetable: Iterable[Activity] | None = None,
                 row_limit: int = EXCEL_MAX_ROWS,
                 extra_sheets: Sequence[tuple[str, tables.Table]] = ()) -> None:
    """Write the output workbook of a solved round to ``path`` (atomically).

    ``eligible_candidates`` maps ``(company_id, trade_key)`` to the number of participants
    eligible there. ``timetable`` defaults to every activity of the solution. ``row_limit`` is
    Excel's row limit; tests lower it to see the Timetable continue on more sheets.
    ``extra_sheets`` (title, table) follow the round's sheets (a re-match's Changes and
    Trade-offs).
    """
    if timetable is None:
        timetable = all_activities(problem, result.solution)
    run = tables.RunInfo(input_file, input_sha256, version, pseudonymise)
    with paused_gc(), tempfile.TemporaryDirectory(prefix="matcher-report-") as scratch:
        folder = Path(scratch)
        frame = folder / "frame.xlsx"
        strings = SharedStrings()
        bodies = _write_frame(problem, result, frame, folder, run, eligible_candidates,
                              pseudonymise, timetable, row_limit, extra_sheets, strings)
        with atomic_path(Path(path)) as tmp:
            splice(frame, tmp, bodies, strings)


def _write_frame(problem: Problem, result: Result, frame: Path, folder: Path,
                 run: tables.RunInfo, eligible_candidates: Mapping[tuple[str, str], int],
                 pseudonymise: bool, timetable: Iterable[Activity],
                 row_limit: int, extra_sheets: Sequence[tuple[str, tables.Table]],
                 strings: SharedStrings) -> dict[str, RawBody]:
    """Save every sheet's frame to ``frame``; return the raw bodies to splice in, by title
    (their text in ``strings``)."""
    t = messages(problem.language)
    wb = Workbook(write_only=True)
    summary_ws = wb.create_sheet(t.sheet("Summary"))
    styles = Styles(wb, summary_ws)
    grid = plan_grid(problem, result)
    streamed = stream_timetable(timetable, strings=strings,
                                date_style=styles.style_id(number_format=DATE_FORMAT),
                                folder=folder, row_limit=row_limit, grid=grid, t=t,
                                shift_times=tables.shift_times(problem))

    def table(name: str, content: tables.Table) -> None:
        write_table(wb.create_sheet(t.sheet(name)), styles, *content, t=t, sheet=name)

    write_table(summary_ws, styles, *tables.summary(problem, result, run), t=t,
                sheet="Summary")
    table("Placements", tables.placements(problem, result, streamed.company_days,
                                          streamed.supervisor_days, pseudonymise))
    table("Unplaced", tables.unplaced(problem, result, pseudonymise))
    bodies = _timetable_frames(wb, styles, streamed, t)
    calendar_ws = wb.create_sheet(t.sheet("Calendar"))
    bodies[t.sheet("Calendar")] = write_calendar(calendar_ws, styles, strings, grid, problem,
                                                 result, folder, pseudonymise, t)
    table("Programmes", tables.programmes(problem, result))
    table("Phases", tables.phases(problem, result))
    table("Capacity", tables.capacity(problem, result, eligible_candidates))
    table("Supervisors", tables.supervisors(problem, result, pseudonymise))
    table("Warnings", tables.warnings(problem))
    for title, content in extra_sheets:
        table(title, content)
    wb.save(frame)
    return bodies


def _timetable_frames(wb: Workbook, styles: Styles, streamed: TimetableOutcome,
                      t: Messages) -> dict[str, RawBody]:
    """One sheet per timetable body: header row, layout; the rows come with the splice."""
    bodies: dict[str, RawBody] = {}
    for index, body in enumerate(streamed.bodies):
        title = t.sheet(sheet_title(index))
        ws = wb.create_sheet(title)
        widths = [c.width or 12.0 for c in TIMETABLE_COLUMNS]
        set_layout(ws, widths, header_row=1, last_row=body.last_row,
                   last_column=len(TIMETABLE_COLUMNS))
        printable(ws, name_columns=1)
        ws.append(header_cells(ws, styles, [t.column(c.header) for c in TIMETABLE_COLUMNS]))
        bodies[title] = body
    return bodies
