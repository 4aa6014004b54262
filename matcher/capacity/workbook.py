"""The capacity workbook: Occupations (with a chart of places against demand), TrainingOffices,
Companies and Bottlenecks, written whole or not at all."""

from __future__ import annotations

from dataclasses import astuple, fields
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from matcher.capacity.model import (
    Bottleneck,
    CapacityReport,
    CompanyRow,
    OccupationRow,
    OfficeRow,
)
from matcher.capacity.sheets import write_table
from matcher.files import atomic_path

#: Bottleneck columns in the order a reader wants them.
BOTTLENECK_COLUMNS = ("kind", "occupation", "training_office", "company_id", "supervisor_id",
                      "people", "places", "message")


def _headers(cls: type) -> list[str]:
    return [f.name for f in fields(cls)]


def write_capacity(report: CapacityReport, path: Path) -> None:
    """Write the report to ``path`` atomically."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Occupations"
    write_table(ws, _headers(OccupationRow), [astuple(r) for r in report.occupations])
    _chart(ws, len(report.occupations))
    write_table(wb.create_sheet("TrainingOffices"), _headers(OfficeRow),
                [astuple(r) for r in report.offices])
    write_table(wb.create_sheet("Companies"), _headers(CompanyRow),
                [astuple(r) for r in report.companies])
    write_table(wb.create_sheet("Bottlenecks"), list(BOTTLENECK_COLUMNS),
                [_bottleneck_row(b) for b in report.bottlenecks])
    with atomic_path(path) as tmp:
        wb.save(tmp)


def _bottleneck_row(b: Bottleneck) -> list[str | int]:
    return [b.kind, b.occupation, b.training_office, b.company_id, b.supervisor_id, b.people,
            b.places, b.message]


def _chart(ws: object, n: int) -> None:
    """Bars per occupation: places, candidates and the most that can be placed."""
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(ws, Worksheet)
    if n == 0:
        return
    headers = _headers(OccupationRow)
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Places against demand per occupation"
    chart.y_axis.title = "people / places"
    chart.height, chart.width = max(7.5, 1.0 * n + 3), 22
    for name in ("places", "candidates", "most_placeable"):
        col = headers.index(name) + 1
        chart.add_data(Reference(ws, min_col=col, min_row=1, max_row=n + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
    ws.add_chart(chart, f"{chr(ord('A') + len(headers) + 1)}2")
