"""The Calendar sheet: a colour-coded grid a coordinator can read at a glance.

One row per placed participant, one narrow column per date from the earliest to the latest
planned date among the placed participants: the whole course. A cell says ``S`` (school), the
supervisor's shift code (``D``, ``E``, ``N`` …) for a company day with the supervisor, ``C`` for
a company day without, and is blank on a day off; each kind has its own fill, weekends are
shaded and closed dates (public holidays, Holidays rows) coloured. Above the dates: a band per
programme with its phase labels, a row naming the closed dates, and the week numbers
(``uke 34``). A legend (with the Shifts sheet's hours) sits at the top, and the ids stay
visible while scrolling (frozen panes).

Big rounds: the grid is capped at :data:`MAX_PARTICIPANTS` rows and :data:`MAX_DATES` columns
(a note row says so when the cap cuts); the Timetable sheets always hold every row. The body is
written as raw XML with shared styles, like the Timetable, so even a full-size grid of millions
of cells takes seconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from matcher.i18n import Messages, messages
from matcher.problem import Problem, Shift
from matcher.report.cells import Styles, header_cells, set_layout, text_cell
from matcher.report.print_setup import printable
from matcher.report.rawsheet import RawBody, SharedStrings, excel_serial
from matcher.result import Activity, Result

#: Most participants (rows) the Calendar shows: the Timetable has everyone.
MAX_PARTICIPANTS = 5_000
#: Most dates (columns) the Calendar shows: a four-year course and a summer on each side.
MAX_DATES = 1_600
#: Most programmes given a phase band above the dates.
MAX_PHASE_BANDS = 20
#: Columns before the dates.
ID_HEADERS = ("participant_id", "name", "programme_id", "company_id", "supervisor_name")
DATE_HEADER_FORMAT = "ddd dd.mm"
DATE_WIDTH = 3.6
SCHOOL, WITH_SUPERVISOR, ALONE = 0, 1, 2
WEEKEND_FILL = "D9D9D9"
CLOSED_FILL = "F4B084"
BAND_FILLS = ("E4DFEC", "FCE4D6")
_FLUSH_ROWS = 200


@dataclass
class CalendarGrid:
    """The cells of the Calendar, filled while the timetable is streamed.

    ``cells[participant_id][i]`` is ``(kind, code)`` on date ``first + i`` or ``None`` (off).
    """

    participants: tuple[str, ...]
    first: dt.date
    days: int
    total_participants: int
    total_days: int
    cells: dict[str, list[tuple[int, str] | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cells = {pid: [None] * self.days for pid in self.participants}
        self.first_serial = excel_serial(self.first)

    def mark(self, activity: Activity, serial: int) -> None:
        """Record one activity (``serial`` = its date's Excel serial) if it is in the grid."""
        self.put(activity.participant_id, serial, calendar_code(activity))

    def put(self, participant_id: str, serial: int, code: tuple[int, str]) -> None:
        """Record one cell (:func:`calendar_code`) on the date with Excel serial ``serial``,
        if it is in the grid."""
        row = self.cells.get(participant_id)
        if row is None:
            return
        offset = serial - self.first_serial
        if 0 <= offset < self.days:
            row[offset] = code

    @property
    def capped(self) -> bool:
        return self.days < self.total_days or len(self.participants) < self.total_participants


_CODES: dict[tuple[int, str], tuple[int, str]] = {}


def calendar_code(activity: Activity) -> tuple[int, str]:
    """The Calendar cell of an activity: its kind (school, with the supervisor, alone) and
    text (``S``, the shift code, ``C``)."""
    if activity.activity == "school":
        key = (SCHOOL, "S")
    elif activity.with_supervisor and activity.shift:
        key = (WITH_SUPERVISOR, activity.shift)
    else:
        key = (ALONE, "C")
    return _CODES.setdefault(key, key)


def plan_grid(problem: Problem, result: Result, *, max_participants: int = MAX_PARTICIPANTS,
              max_dates: int = MAX_DATES) -> CalendarGrid:
    """The rows and date range of the Calendar: placed participants in input order, and the
    dates from the earliest to the latest planned date of their programmes (capped)."""
    placed = result.solution.by_participant
    order = [p.participant_id for p in problem.participants if p.participant_id in placed]
    programmes = {placed[pid].programme_id for pid in order}
    weeks = [pw for pid in programmes for pw in problem.planned_weeks(pid)]
    if not weeks:
        return CalendarGrid((), dt.date(2000, 1, 3), 0, len(order), 0)
    first = min(pw.monday for pw in weeks)
    last = max(pw.monday for pw in weeks) + dt.timedelta(days=6)
    total_days = (last - first).days + 1
    return CalendarGrid(tuple(order[:max_participants]), first, min(total_days, max_dates),
                        len(order), total_days)


@dataclass(frozen=True)
class Marks:
    """What the rows above the grid and its blank cells show."""

    closed: dict[dt.date, str]  # closed date (for all or for school) → label
    bands: list[tuple[str, list[tuple[dt.date, dt.date, str]]]]  # programme → phase spans


def grid_marks(problem: Problem, result: Result, grid: CalendarGrid) -> Marks:
    """Closed dates with their labels, and each shown programme's phases as date spans
    (programmes in the order their participants appear, up to :data:`MAX_PHASE_BANDS`)."""
    closed = problem.closed
    labels = {day: closed.labels.get(day, "") for day in closed.all | closed.school}
    placed = result.solution.by_participant
    programmes = dict.fromkeys(placed[pid].programme_id for pid in grid.participants)
    bands = []
    for programme_id in list(programmes)[:MAX_PHASE_BANDS]:
        spans: list[tuple[dt.date, dt.date, str]] = []
        for week in problem.planned_weeks(programme_id):
            end = week.monday + dt.timedelta(days=6)
            if spans and spans[-1][2] == week.phase.label and \
                    spans[-1][1] + dt.timedelta(days=1) == week.monday:
                spans[-1] = (spans[-1][0], end, week.phase.label)
            else:
                spans.append((week.monday, end, week.phase.label))
        bands.append((programme_id, spans))
    return Marks(labels, bands)


def write_calendar(ws: WriteOnlyWorksheet, styles: Styles, strings: SharedStrings,
                   grid: CalendarGrid, problem: Problem, result: Result, folder: Path,
                   pseudonymise: bool, t: Messages | None = None) -> RawBody:
    """Write the legend, the phase bands, the closed and week rows and the header through
    openpyxl, and the grid as a raw body, in ``t``'s language (English by default)."""
    t = t or messages("en")
    dates = [grid.first + dt.timedelta(days=i) for i in range(grid.days)]
    marks = grid_marks(problem, result, grid)
    fills = _Fills(styles)
    legend = _legend(problem, grid, styles, fills, t)
    header_row = len(legend) + len(marks.bands) + 3
    widths = ([16.0, 4.0 if pseudonymise else 24.0, 14.0, 14.0, 4.0 if pseudonymise else 20.0]
              + [DATE_WIDTH] * len(dates))
    set_layout(ws, widths, header_row=header_row,
               last_row=header_row + len(grid.participants),
               last_column=len(ID_HEADERS) + len(dates), freeze_column=len(ID_HEADERS) + 1)
    ws.row_dimensions[header_row].height = 62
    printable(ws, header_rows=header_row, first_header_row=len(legend) + 1, name_columns=2)
    for code, fill, meaning in legend:
        cell = WriteOnlyCell(ws, value=code or None)
        if fill is not None:
            cell.fill = fill
        cell.alignment = styles.centre
        ws.append([cell, meaning])
    pad = [None] * (len(ID_HEADERS) - 3)
    for programme_id, spans in marks.bands:
        ws.append([t.column("phase"), None, text_cell(ws, programme_id), *pad,
                   *_band(ws, dates, spans, fills)])
    ws.append([t("closed"), None, None, *pad, *_closed_row(ws, dates, marks.closed, fills)])
    week = t.column("week")
    ws.append([week, None, None, *pad, *(
        f"{week} {d.isocalendar().week}" if d.weekday() == 0 else None for d in dates)])
    ws.append(header_cells(ws, styles, [t.column(h) for h in ID_HEADERS])
              + [_date_header(ws, styles, d, fills.blank(d, marks.closed)) for d in dates])
    body = RawBody(folder / "calendar.xml", first_row=header_row + 1)
    blank_styles = [fills.blank_id(d, marks.closed) for d in dates]
    _write_grid(body, styles, strings, grid, problem, result, pseudonymise, blank_styles)
    body.close()
    return body


class _Fills:
    """The Calendar's fills beyond the activity kinds, with the style ids of blank cells."""

    def __init__(self, styles: Styles) -> None:
        self.weekend = PatternFill("solid", fgColor=WEEKEND_FILL)
        self.closed = PatternFill("solid", fgColor=CLOSED_FILL)
        self.bands = tuple(PatternFill("solid", fgColor=c) for c in BAND_FILLS)
        self._weekend_id = styles.style_id(fill=self.weekend)
        self._closed_id = styles.style_id(fill=self.closed)

    def blank(self, day: dt.date, closed: dict[dt.date, str]) -> PatternFill | None:
        """A blank cell's fill: closed dates coloured, weekends shaded."""
        if day in closed:
            return self.closed
        return self.weekend if day.weekday() >= 5 else None

    def blank_id(self, day: dt.date, closed: dict[dt.date, str]) -> int | None:
        if day in closed:
            return self._closed_id
        return self._weekend_id if day.weekday() >= 5 else None


def _legend(problem: Problem, grid: CalendarGrid, styles: Styles, fills: _Fills,
            t: Messages) -> list[tuple[str, PatternFill | None, str]]:
    """(sample text, fill, meaning) per legend row, the note last."""
    shifts = "; ".join(_shift_text(sh) for sh in problem.shifts if sh.works)
    return [
        ("S", styles.school_fill, t("school day")),
        ("D E N …", styles.supervisor_fill,
         t("company day with the supervisor: the supervisor's shift code")
         + (f" ({shifts})" if shifts else "")),
        ("C", styles.alone_fill, t("company day without the supervisor")),
        ("", None, t("blank: off (no school, no company)")),
        ("", fills.weekend, t("Saturday and Sunday")),
        ("", fills.closed, t("closed date (public holiday or Holidays row), named in the "
                             "'closed' row above the dates")),
        (t("note"), None, calendar_note(grid, t)),
    ]


def _shift_text(shift: Shift) -> str:
    """``D 07:00–15:00 Dagvakt``: a shift code with its hours and label, where given."""
    text = shift.code
    if shift.start is not None and shift.end is not None:
        text += f" {shift.start:%H:%M}–{shift.end:%H:%M}"
    return f"{text} {shift.label}" if shift.label else text


def _band(ws: WriteOnlyWorksheet, dates: list[dt.date],
          spans: list[tuple[dt.date, dt.date, str]], fills: _Fills) -> list[object]:
    """One programme's phase band: the label at each phase's first date, a fill over its
    dates (alternating, so neighbouring phases stand apart).

    The blank cells of one fill are one cell object: a write-only sheet writes each cell of
    a row as it comes, so sharing is safe, and styling a cell once instead of per date saves
    most of the band's time on a four-year course."""
    cells: list[object] = [None] * len(dates)
    if not dates:
        return cells
    first = dates[0]
    blanks = []
    for fill in fills.bands:
        blank = WriteOnlyCell(ws, value=None)
        blank.fill = fill
        blanks.append(blank)
    for k, (start, end, label) in enumerate(spans):
        lo, hi = max((start - first).days, 0), min((end - first).days, len(dates) - 1)
        if lo > hi:
            continue
        cells[lo:hi + 1] = [blanks[k % 2]] * (hi - lo + 1)
        if label:
            cell = text_cell_styled(ws, label)
            cell.fill = fills.bands[k % 2]
            cells[lo] = cell
    return cells


def _closed_row(ws: WriteOnlyWorksheet, dates: list[dt.date], closed: dict[dt.date, str],
                fills: _Fills) -> list[object]:
    """Each closed date's label, coloured."""
    cells: list[object] = []
    for d in dates:
        if d not in closed:
            cells.append(None)
            continue
        cell = text_cell_styled(ws, closed[d]) if closed[d] else WriteOnlyCell(ws)
        cell.fill = fills.closed
        cells.append(cell)
    return cells


def text_cell_styled(ws: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    """A string cell that can take a fill (input text, never a formula)."""
    cell = text_cell(ws, text)
    if isinstance(cell, str):
        cell = WriteOnlyCell(ws, value=cell)
        cell.data_type = "s"
    return cell


def calendar_note(grid: CalendarGrid, t: Messages | None = None) -> str:
    """The note row: how many participants and dates, and whether the cap cut the grid."""
    t = t or messages("en")
    if grid.total_days == 0:
        return t("No placed participants: nothing to show.")
    text = t("{placed} placed participants, {dates} dates from {first}.",
             placed=grid.total_participants, dates=grid.total_days,
             first=grid.first.isoformat())
    if grid.capped:
        text += " " + t("Shown: the first {participants} participants and the first {dates} "
                        "dates (the Calendar is capped to stay usable); the Timetable sheets "
                        "list every day.", participants=len(grid.participants), dates=grid.days)
    return text


def _date_header(ws: WriteOnlyWorksheet, styles: Styles, day: dt.date,
                 fill: PatternFill | None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=day)
    cell.number_format = DATE_HEADER_FORMAT
    cell.alignment = styles.rotated
    cell.font = styles.header_font
    cell.fill = fill or styles.header_fill
    return cell


def _write_grid(body: RawBody, styles: Styles, strings: SharedStrings, grid: CalendarGrid,
                problem: Problem, result: Result, pseudonymise: bool,
                blank_styles: list[int | None]) -> None:
    fills = (styles.school_fill, styles.supervisor_fill, styles.alone_fill)
    style_ids = [styles.style_id(fill=f, alignment=styles.centre) for f in fills]
    letters = [get_column_letter(len(ID_HEADERS) + 1 + i) for i in range(grid.days)]
    placed = result.solution.by_participant
    people = problem.participants_by_id
    supervisors = problem.supervisors_by_id
    tails: dict[tuple[int, str], str] = {}  # a cell's XML after its reference, per kind and code
    buf: list[str] = []
    n = body.first_row
    for pid in grid.participants:
        placement = placed[pid]
        name = "" if pseudonymise else people[pid].name
        supervisor = "" if pseudonymise else supervisors[placement.supervisor_id].name
        parts = [f'<row r="{n}">']
        for letter, text in zip("ABCDE", (pid, name, placement.programme_id,
                                          placement.company_id, supervisor), strict=True):
            if text:
                parts.append(f'<c r="{letter}{n}"{strings(text)}</c>')
        for letter, cell, blank in zip(letters, grid.cells[pid], blank_styles, strict=True):
            if cell is not None:
                tail = tails.get(cell)
                if tail is None:
                    tail = tails[cell] = (f'" s="{style_ids[cell[0]]}"'
                                          f'{strings(cell[1])}</c>')
                parts.append(f'<c r="{letter}{n}{tail}')
            elif blank is not None:
                parts.append(f'<c r="{letter}{n}" s="{blank}"/>')
        parts.append("</row>")
        buf.append("".join(parts))
        n += 1
        if len(buf) >= _FLUSH_ROWS:
            body.write("".join(buf), len(buf))
            buf.clear()
    body.write("".join(buf), len(buf))


