"""One printable timetable per participant (PDF, fpdf2), in the output language.

A page header says who (the name, or only the id when pseudonymising), the programme, the
company and the supervisor; then one row per planned week, Monday to Sunday: school, a company
day with the supervisor's shift code, a company day without the supervisor, or off. The header
row repeats on every page.

Names are printed as written, in any script: the text is set in DejaVu Sans (Latin with every
diacritic, Greek, Cyrillic, Arabic, Hebrew …), with Abyssinica SIL as the fallback for Ethiopic
(Tigrinya, Amharic), both bundled in ``fonts/`` with their licences and embedded as subsets;
HarfBuzz (``uharfbuzz``) shapes right-to-left and joined scripts.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from matcher.export.read import Day, Trainee
from matcher.files import atomic_path
from matcher.i18n import Messages

_FONTS = Path(__file__).with_name("fonts")
_FONT = "DejaVu"
_ETHIOPIC = "Abyssinica"
#: Ethiopic, Ethiopic Supplement and Extended: the fallback font's scripts.
_ETHIOPIC_RANGES = ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F))

_SCHOOL = (189, 215, 238)
_WITH = (198, 239, 206)
_ALONE = (255, 235, 156)


def write_timetable_pdf(path: Path, trainee: Trainee, t: Messages, pseudonymise: bool) -> None:
    """Write ``trainee``'s timetable to ``path`` (atomically)."""
    who = trainee.participant_id if pseudonymise or not trainee.name else trainee.name
    pdf = _new_pdf(ethiopic=_needs_ethiopic(
        who, trainee.supervisor_name or "", trainee.supervisor_id, trainee.company_name,
        trainee.company_id, trainee.programme_id, trainee.occupation,
        *(d.shift or "" for d in trainee.days)))
    pdf.set_title(t("Timetable"))
    pdf.add_page()
    pdf.set_font(_FONT, size=16)
    pdf.cell(text=t("Timetable for {who}", who=who), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FONT, size=10)
    supervisor = trainee.supervisor_id
    if trainee.supervisor_name and not pseudonymise:
        supervisor = f"{trainee.supervisor_name} ({trainee.supervisor_id})"
    for label, value in ((t("Programme"), f"{trainee.programme_id} ({trainee.occupation})"),
                         (t("Company"), f"{trainee.company_name} ({trainee.company_id})"),
                         (t("Supervisor"), supervisor)):
        pdf.cell(text=f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(text=t("S = school; a shift code (D, E, N ...) = company day with the "
                    "supervisor; C = company day without the supervisor; blank = off"),
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_text_shaping(False)  # the table holds dates, week numbers and codes: Latin only
    _week_table(pdf, trainee.days, t)
    with atomic_path(path) as tmp:
        pdf.output(str(tmp))


def _week_table(pdf: FPDF, days: list[Day], t: Messages) -> None:
    by_date = {d.date: d for d in days}
    mondays = sorted({d.date - dt.timedelta(days=d.date.weekday()) for d in days})
    headings = [t.column("week"), t("Monday"), *(t.weekday(k) for k in range(7))]
    pdf.set_font(_FONT, size=9)
    with pdf.table(col_widths=(14, 24, *([30] * 7)), text_align="CENTER", repeat_headings=1,
                   headings_style=FontFace(fill_color=(221, 235, 247)),
                   line_height=5) as table:
        header = table.row()
        for text in headings:
            header.cell(text)
        for monday in mondays:
            row = table.row()
            week = next((by_date[d].week for d in _dates(monday) if d in by_date), 0)
            row.cell(str(week))
            row.cell(monday.strftime("%d.%m.%Y"))
            for day in _dates(monday):
                found = by_date.get(day)
                text, fill = _code(found, t)
                row.cell(text, style=FontFace(fill_color=fill) if fill else None)


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


def _new_pdf(ethiopic: bool) -> FPDF:
    """An empty A4 landscape document with the bundled Unicode font (and the Ethiopic fallback
    when the names need it: each font parsed costs about a tenth of a second per file)."""
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_creator("matcher")
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    pdf.add_font(_FONT, "", _FONTS / "DejaVuSans.ttf")
    if ethiopic:
        pdf.add_font(_ETHIOPIC, "", _FONTS / "AbyssinicaSIL-Regular.ttf")
        pdf.set_fallback_fonts([_ETHIOPIC], exact_match=False)
    pdf.set_text_shaping(True)
    return pdf


def _needs_ethiopic(*texts: str) -> bool:
    return any(low <= ord(c) <= high for text in texts for c in text
               for low, high in _ETHIOPIC_RANGES)


# fontTools reports each font table it leaves out of an embedded subset (Abyssinica's "Silt"):
# nothing a coordinator can act on.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
