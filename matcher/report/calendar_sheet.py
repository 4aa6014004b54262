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
from matcher.report.cells import Styles, set_layout
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
    """Write the legend through openpyxl, and the phase bands, the closed and week rows, the
    header and the grid as a raw body (a band row alone has 1,600 cells on a whole course),
    in ``t``'s language (English by default)."""
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
    printable(ws, header_rows=header_row, first_header_row=len(legend) + 1, name_columns=2)
    for code, fill, meaning in legend:
        cell = WriteOnlyCell(ws, value=code or None)
        if fill is not None:
            cell.fill = fill
        cell.alignment = styles.centre
        ws.append([cell, meaning])
    body = RawBody(folder / "calendar.xml", first_row=len(legend) + 1)
    head = _Head(styles, strings, fills, dates, marks.closed, body)
    for programme_id, spans in marks.bands:
        head.band(t.column("phase"), programme_id, spans)
    head.closed(t("closed"))
    head.weeks(t.column("week"))
    head.header([t.column(h) for h in ID_HEADERS])
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
        self.closed_id = styles.style_id(fill=self.closed)
        self.band_ids = tuple(styles.style_id(fill=fill) for fill in self.bands)

    def blank(self, day: dt.date, closed: dict[dt.date, str]) -> PatternFill | None:
        """A blank cell's fill: closed dates coloured, weekends shaded."""
        if day in closed:
            return self.closed
        return self.weekend if day.weekday() >= 5 else None

    def blank_id(self, day: dt.date, closed: dict[dt.date, str]) -> int | None:
        if day in closed:
            return self.closed_id
        return self._weekend_id if day.weekday() >= 5 else None


class _Head:
    """The rows between the legend and the grid, written as raw rows into the body: a phase
    band per programme, the closed dates, the week numbers and the header with the dates.

    A cell template holds ``{n}`` for its row number; the shared-string references put into
    the templates are ``t="s"><v>7</v>``, never input text, so no brace of a label can reach
    ``str.format``."""

    def __init__(self, styles: Styles, strings: SharedStrings, fills: _Fills,
                 dates: list[dt.date], closed: dict[dt.date, str], body: RawBody) -> None:
        self.styles, self.strings, self.fills = styles, strings, fills
        self.dates, self.closed_dates, self.body = dates, closed, body
        self.letters = [get_column_letter(len(ID_HEADERS) + 1 + i) for i in range(len(dates))]

    def _row(self, first: list[str], cells: list[str], attributes: str = "") -> None:
        """One row: ``first`` the texts of columns A, B, C (blank ones left out), ``cells``
        the date columns' cells with ``{n}`` for the row number."""
        n = self.body.first_row + self.body.rows
        parts = [f'<row r="{n}"{attributes}>']
        parts += [f'<c r="{letter}{n}"{self.strings(text)}</c>'
                  for letter, text in zip("ABC", first, strict=False) if text]
        parts += [cell.format(n=n) for cell in cells]
        self.body.write("".join(parts) + "</row>", 1)

    def band(self, word: str, programme_id: str,
             spans: list[tuple[dt.date, dt.date, str]]) -> None:
        """One programme's phase band: the label at each phase's first date, a fill over its
        dates (alternating, so neighbouring phases stand apart)."""
        if not self.dates:
            self._row([word, "", programme_id], [])
            return
        first, last = self.dates[0], len(self.dates) - 1
        cells: list[str] = []
        for k, (start, end, label) in enumerate(spans):
            lo, hi = max((start - first).days, 0), min((end - first).days, last)
            style = self.fills.band_ids[k % 2]
            for i in range(lo, hi + 1):
                ref = f'<c r="{self.letters[i]}{{n}}" s="{style}"'
                cells.append(f"{ref}{self.strings(label)}</c>" if label and i == lo else f"{ref}/>")
        self._row([word, "", programme_id], cells)

    def closed(self, word: str) -> None:
        """Each closed date's label, coloured."""
        cells = []
        for letter, day in zip(self.letters, self.dates, strict=True):
            if day not in self.closed_dates:
                continue
            label = self.closed_dates[day]
            start = f'<c r="{letter}{{n}}" s="{self.fills.closed_id}"'
            cells.append(f"{start}{self.strings(label)}</c>" if label else f"{start}/>")
        self._row([word], cells)

    def weeks(self, word: str) -> None:
        """``week 34`` on each Monday."""
        cells = [f'<c r="{letter}{{n}}"{self.strings(f"{word} {day.isocalendar().week}")}</c>'
                 for letter, day in zip(self.letters, self.dates, strict=True)
                 if day.weekday() == 0]
        self._row([word], cells)

    def header(self, headers: list[str]) -> None:
        """The column headers, bold on the header fill, and each date turned upright (closed
        dates and weekends in their fill)."""
        styles = self.styles
        bold = styles.style_id(font=styles.header_font, fill=styles.header_fill)
        n = self.body.first_row + self.body.rows
        parts = [f'<row r="{n}" ht="62" customHeight="1">']
        parts += [f'<c r="{get_column_letter(i + 1)}{n}" s="{bold}"{self.strings(text)}</c>'
                  for i, text in enumerate(headers)]
        ids: dict[int, int] = {}  # by the fill's identity: the few fills are shared objects
        for letter, day in zip(self.letters, self.dates, strict=True):
            fill = self.fills.blank(day, self.closed_dates) or styles.header_fill
            if id(fill) not in ids:
                ids[id(fill)] = styles.style_id(
                    number_format=DATE_HEADER_FORMAT, fill=fill, alignment=styles.rotated,
                    font=styles.header_font)
            parts.append(f'<c r="{letter}{n}" s="{ids[id(fill)]}"><v>{excel_serial(day)}</v></c>')
        self.body.write("".join(parts) + "</row>", 1)


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
    n = body.first_row + body.rows  # after the rows above the grid
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


