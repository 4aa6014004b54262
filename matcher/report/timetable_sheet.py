"""The Timetable sheets: one row per participant and date with an activity, streamed.

A big round has millions of rows, so the rows are formatted straight to XML
(:mod:`matcher.report.rawsheet`) in one pass over the activities. The same pass counts each
participant's company days (for Placements' ``days_with_supervisor_share``) and fills the
Calendar grid, so the activities are expanded only once. When a sheet would pass Excel's row
limit the rows continue on ``Timetable (2)``, ``Timetable (3)``, …, each with the header row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from matcher.i18n import Messages, messages
from matcher.problem import WEEKDAYS
from matcher.report.calendar_sheet import CalendarGrid
from matcher.report.cells import DATE_FORMAT, Column
from matcher.report.rawsheet import InlineStrings, RawBody, excel_serial
from matcher.result import Activity

#: Excel's row limit; the Timetable continues on a new sheet before passing it.
EXCEL_MAX_ROWS = 1_048_576
TIMETABLE_TITLE = "Timetable"
COLUMNS: tuple[Column, ...] = (
    Column("participant_id", width=16),
    Column("date", DATE_FORMAT, width=12),
    Column("week", width=8),
    Column("weekday", width=10),
    Column("activity", width=10),
    Column("shift", width=8),
    Column("with_supervisor", width=16),
    Column("company_id", width=14),
    Column("supervisor_id", width=15),
    Column("phase", width=16),
    Column("shift_time", width=12),
)
_FLUSH_ROWS = 20_000


def sheet_title(index: int) -> str:
    """``Timetable``, then ``Timetable (2)``, ``Timetable (3)``, …"""
    return TIMETABLE_TITLE if index == 0 else f"{TIMETABLE_TITLE} ({index + 1})"


@dataclass
class TimetableOutcome:
    """What the pass produced: one body per Timetable sheet and per-participant day counts."""

    bodies: list[RawBody] = field(default_factory=list)
    company_days: dict[str, int] = field(default_factory=dict)
    supervisor_days: dict[str, int] = field(default_factory=dict)


class _DateCache:
    """Per date: the Excel serial and the inline-string XML of its weekday name."""

    def __init__(self, strings: InlineStrings, t: Messages) -> None:
        self._weekdays = [strings(t.weekday(day)) for day in range(len(WEEKDAYS))]
        self._seen: dict[dt.date, tuple[int, str]] = {}

    def __call__(self, day: dt.date) -> tuple[int, str]:
        found = self._seen.get(day)
        if found is None:
            found = self._seen[day] = (excel_serial(day), self._weekdays[day.weekday()])
        return found


def stream_timetable(activities: Iterable[Activity], *, strings: InlineStrings, date_style: int,
                     folder: Path, row_limit: int = EXCEL_MAX_ROWS,
                     grid: CalendarGrid | None = None, t: Messages | None = None,
                     shift_times: Mapping[str, str] | None = None) -> TimetableOutcome:
    """Write every activity as a Timetable row; count days; fill the calendar grid. Weekdays,
    activities and yes/no are in ``t``'s language (English by default).

    ``row_limit`` counts the header row, as Excel's limit does. ``shift_times`` gives a
    shift code's hours (``07:00–15:00``) from the Shifts sheet.
    """
    times = {code: strings(text) for code, text in (shift_times or {}).items()}
    if row_limit < 2:
        raise ValueError("row_limit must leave room for the header and one row")
    out = TimetableOutcome()
    t = t or messages("en")
    dates = _DateCache(strings, t)
    yes, no = strings(t.value("yes")), strings(t.value("no"))
    activity = {kind: strings(t.value(kind)) for kind in ("school", "company", "trial")}
    company, supervisor = out.company_days, out.supervisor_days
    body = _new_body(out, folder)
    buf: list[str] = []
    n = body.first_row
    for a in activities:
        if n > row_limit:
            body.write("".join(buf), len(buf))
            buf.clear()
            body.close()
            body = _new_body(out, folder)
            n = body.first_row
        serial, weekday = dates(a.date)
        pid = a.participant_id
        row = (
            f'<row r="{n}"><c r="A{n}" t="inlineStr">{strings(pid)}</c>'
            f'<c r="B{n}" s="{date_style}"><v>{serial}</v></c><c r="C{n}"><v>{a.week}</v></c>'
            f'<c r="D{n}" t="inlineStr">{weekday}</c>'
            f'<c r="E{n}" t="inlineStr">{activity.get(a.activity) or strings(a.activity)}</c>'
        )
        if a.shift:
            row += f'<c r="F{n}" t="inlineStr">{strings(a.shift)}</c>'
        row += f'<c r="G{n}" t="inlineStr">{yes if a.with_supervisor else no}</c>'
        if a.company_id:
            row += f'<c r="H{n}" t="inlineStr">{strings(a.company_id)}</c>'
        if a.supervisor_id:
            row += f'<c r="I{n}" t="inlineStr">{strings(a.supervisor_id)}</c>'
        if a.phase:
            row += f'<c r="J{n}" t="inlineStr">{strings(a.phase)}</c>'
        if a.shift and a.shift in times:
            row += f'<c r="K{n}" t="inlineStr">{times[a.shift]}</c>'
        else:  # an empty last cell: readers that do not pad rows still see every column
            row += f'<c r="K{n}"/>'
        buf.append(row + "</row>")
        n += 1
        if a.activity == "company":
            company[pid] = company.get(pid, 0) + 1
            if a.with_supervisor:
                supervisor[pid] = supervisor.get(pid, 0) + 1
        if grid is not None:
            grid.mark(a, serial)
        if len(buf) >= _FLUSH_ROWS:
            body.write("".join(buf), len(buf))
            buf.clear()
    body.write("".join(buf), len(buf))
    body.close()
    return out


def _new_body(out: TimetableOutcome, folder: Path) -> RawBody:
    body = RawBody(folder / f"timetable-{len(out.bodies) + 1}.xml", first_row=2)
    out.bodies.append(body)
    return body
