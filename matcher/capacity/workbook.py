"""The capacity workbook: Occupations (with a chart of places against demand), TrainingOffices,
Companies and Bottlenecks, written whole or not at all, with sheet names, headers and values in
the output language (the English field names are the catalogue's ids)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from matcher.capacity.analysis import NO_OFFICE
from matcher.capacity.model import (
    Bottleneck,
    CapacityReport,
    CompanyRow,
    OccupationRow,
    OfficeRow,
)
from matcher.capacity.sheets import Value, write_table
from matcher.files import atomic_path
from matcher.i18n import Messages, messages
from matcher.i18n.phrase import Phrase

#: Bottleneck columns in the order a reader wants them.
BOTTLENECK_COLUMNS = ("kind", "occupation", "training_office", "company_id", "supervisor_id",
                      "people", "places", "message")


def _headers(cls: type, t: Messages, sheet: str) -> list[str]:
    return [t.column(f.name, sheet) for f in fields(cls)]


def _row(row: OccupationRow | OfficeRow | CompanyRow, t: Messages) -> list[Value]:
    """A row's values, the placeholder for "no training office" and the note in the output
    language."""
    return [t(NO_OFFICE) if v == NO_OFFICE else v.render(t.language) if isinstance(v, Phrase)
            else v for v in (getattr(row, f.name) for f in fields(row))]


def write_capacity(report: CapacityReport, path: Path, language: str = "en") -> None:
    """Write the report to ``path`` atomically, named and headed in ``language``."""
    t = messages(language)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t.sheet("Occupations")
    write_table(ws, _headers(OccupationRow, t, "Occupations"),
                [_row(r, t) for r in report.occupations])
    _chart(ws, len(report.occupations), t)
    write_table(wb.create_sheet(t.sheet("TrainingOffices")),
                _headers(OfficeRow, t, "TrainingOffices"), [_row(r, t) for r in report.offices])
    write_table(wb.create_sheet(t.sheet("Companies")), _headers(CompanyRow, t, "Companies"),
                [_row(r, t) for r in report.companies])
    write_table(wb.create_sheet(t.sheet("Bottlenecks")),
                [t.column(c, "Bottlenecks") for c in BOTTLENECK_COLUMNS],
                [_bottleneck_row(b, t) for b in report.bottlenecks])
    with atomic_path(path) as tmp:
        wb.save(tmp)


def _bottleneck_row(b: Bottleneck, t: Messages) -> list[str | int]:
    office = t(NO_OFFICE) if b.training_office == NO_OFFICE else b.training_office
    return [t.text(b.kind, "kind"), b.occupation, office, b.company_id, b.supervisor_id,
            b.people, b.places, b.message.render(t.language)]


def _chart(ws: object, n: int, t: Messages) -> None:
    """Bars per occupation: places, candidates and the most that can be placed."""
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(ws, Worksheet)
    if n == 0:
        return
    names = [f.name for f in fields(OccupationRow)]
    chart = BarChart()
    chart.type = "bar"
    chart.title = t("Places against demand per occupation")
    chart.y_axis.title = t("people / places")
    chart.height, chart.width = max(7.5, 1.0 * n + 3), 22
    for name in ("places", "candidates", "most_placeable"):
        col = names.index(name) + 1
        chart.add_data(Reference(ws, min_col=col, min_row=1, max_row=n + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
    ws.add_chart(chart, f"{chr(ord('A') + len(names) + 1)}2")
