"""One workbook per company: its trainees only, and their timetable.

What a company needs to receive its trainees and nothing more (name, programme, supervisor,
first company day, company days a week, Norwegian level, follow-up need); names are left out
when pseudonymising. Printable: landscape, fit to width, header rows repeated.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from matcher.export.read import Trainee
from matcher.files import atomic_path
from matcher.i18n import Messages
from matcher.report.print_setup import printable
from matcher.report.text import clean_text, looks_like_formula

TRAINEE_COLUMNS = ("participant_id", "name", "programme_id", "occupation", "supervisor_id",
                   "supervisor_name", "first_day", "company_days_per_week", "norwegian_level",
                   "follow_up_need")
TIMETABLE_COLUMNS = ("participant_id", "name", "date", "weekday", "activity", "shift",
                     "with_supervisor", "supervisor_id")
_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_company_book(path: Path, trainees: Sequence[Trainee], t: Messages,
                       pseudonymise: bool) -> None:
    """Write one company's workbook to ``path`` (atomically)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t.sheet("Trainees")
    _table(ws, [t.column(c) for c in TRAINEE_COLUMNS],
           [_trainee_row(p, t, pseudonymise) for p in trainees], name_columns=2)
    days = wb.create_sheet(t.sheet("Timetable"))
    _table(days, [t.column(c) for c in TIMETABLE_COLUMNS],
           [[p.participant_id, "" if pseudonymise else p.name, d.date,
             t.weekday(d.date.weekday()), t.value(d.activity), d.shift or None,
             t.value("yes" if d.with_supervisor else "no"), p.supervisor_id]
            for p in trainees for d in sorted(p.days, key=lambda d: d.date)], name_columns=2)
    with atomic_path(path) as tmp:
        wb.save(tmp)


def _trainee_row(p: Trainee, t: Messages, pseudonymise: bool) -> list[object]:
    return [p.participant_id, "" if pseudonymise else p.name, p.programme_id, p.occupation,
            p.supervisor_id, "" if pseudonymise else p.supervisor_name, p.first_company_day,
            p.company_days_per_week, p.norwegian_level,
            t.value(p.follow_up_need) if p.follow_up_need else None]


def _table(ws: Worksheet, headers: list[str], rows: list[list[object]],
           name_columns: int) -> None:
    for c, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c, value=header)
        cell.font, cell.fill = _BOLD, _FILL
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=clean_text(value) if isinstance(value, str)
                           else value)
            if isinstance(value, str) and looks_like_formula(value):
                cell.data_type = "s"  # text, never a formula
            elif hasattr(value, "year"):
                cell.number_format = "dd.mm.yyyy"
    for i, header in enumerate(headers, start=1):
        longest = max([len(header), *(len(str(r[i - 1] or "")) for r in rows[:200])])
        ws.column_dimensions[get_column_letter(i)].width = min(40, max(10, longest + 2))
    ws.freeze_panes = "A2"
    printable(ws, header_rows=1, name_columns=name_columns)
