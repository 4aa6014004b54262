"""One printable timetable per participant (PDF, fpdf2), in the output language.

A page header says who (the name, or only the id when pseudonymising), the programme, the
company and the supervisor; then one row per planned week, Monday to Sunday: school, a company
day with the supervisor's shift code, a company day without the supervisor, or off. The header
row repeats on every page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from matcher.export.read import Day, Trainee
from matcher.files import atomic_path
from matcher.i18n import Messages

_SCHOOL = (189, 215, 238)
_WITH = (198, 239, 206)
_ALONE = (255, 235, 156)


def write_timetable_pdf(path: Path, trainee: Trainee, t: Messages, pseudonymise: bool) -> None:
    """Write ``trainee``'s timetable to ``path`` (atomically)."""
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_title(t("Timetable"))
    pdf.set_creator("matcher")
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    who = trainee.participant_id if pseudonymise or not trainee.name else trainee.name
    pdf.cell(text=_latin1(t("Timetable for {who}", who=who)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    supervisor = trainee.supervisor_id
    if trainee.supervisor_name and not pseudonymise:
        supervisor = f"{trainee.supervisor_name} ({trainee.supervisor_id})"
    for label, value in ((t("Programme"), f"{trainee.programme_id} ({trainee.occupation})"),
                         (t("Company"), f"{trainee.company_name} ({trainee.company_id})"),
                         (t("Supervisor"), supervisor)):
        pdf.cell(text=_latin1(f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(text=_latin1(t("S = school; a shift code (D, E, N ...) = company day with the "
                            "supervisor; C = company day without the supervisor; blank = off")),
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _week_table(pdf, trainee.days, t)
    with atomic_path(path) as tmp:
        pdf.output(str(tmp))


def _week_table(pdf: FPDF, days: list[Day], t: Messages) -> None:
    by_date = {d.date: d for d in days}
    mondays = sorted({d.date - dt.timedelta(days=d.date.weekday()) for d in days})
    headings = [t.column("week"), t("Monday"), *(t.weekday(k) for k in range(7))]
    pdf.set_font("Helvetica", size=9)
    with pdf.table(col_widths=(14, 24, *([30] * 7)), text_align="CENTER", repeat_headings=1,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(221, 235, 247)),
                   line_height=5) as table:
        header = table.row()
        for text in headings:
            header.cell(_latin1(text))
        for monday in mondays:
            row = table.row()
            week = next((by_date[d].week for d in _dates(monday) if d in by_date), 0)
            row.cell(str(week))
            row.cell(monday.strftime("%d.%m.%Y"))
            for day in _dates(monday):
                found = by_date.get(day)
                text, fill = _code(found, t)
                row.cell(_latin1(text), style=FontFace(fill_color=fill) if fill else None)


def _dates(monday: dt.date) -> list[dt.date]:
    return [monday + dt.timedelta(days=k) for k in range(7)]


def _code(day: Day | None, t: Messages) -> tuple[str, tuple[int, int, int] | None]:
    if day is None:
        return "", None
    if day.activity == "school":
        return "S", _SCHOOL
    if day.with_supervisor and day.shift:
        return day.shift, _WITH
    return day.shift or "C", _ALONE


def _latin1(text: str) -> str:
    """The PDF's core font holds Latin-1 (æ, ø, å included); anything else shows as ``?``."""
    text = text.replace("–", "-").replace("—", "-").replace("…", "...")
    return text.encode("latin-1", "replace").decode("latin-1")
