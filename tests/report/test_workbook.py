"""The output workbook, read back with openpyxl: sheets, headers, values, layout, safety."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from matcher.problem import Cefr, Participant, Problem
from matcher.report import SHEETS, write_result
from matcher.report.calendar_sheet import (
    ALONE,
    SCHOOL,
    WEEKEND_FILL,
    WITH_SUPERVISOR,
    calendar_note,
    plan_grid,
)
from matcher.report.cells import ALONE_FILL, SCHOOL_FILL, SUPERVISOR_FILL
from matcher.report.rawsheet import excel_serial
from matcher.report.text import PLACEHOLDER
from matcher.result import Activity, Placement, Result, Solution
from matcher.timetable import all_activities

from .tiny import FORMULA_ID, FORMULA_NAME, START, tiny_problem, tiny_result

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

HEADERS = {
    "Summary": ["key", "value"],
    "Placements": ["participant_id", "name", "programme_id", "occupation", "company_id",
                   "company_name", "supervisor_id", "training_office", "travel_minutes",
                   "trial_outcome", "participant_rank", "company_rank", "kept_current",
                   "apprenticeship_from", "days_with_supervisor_share", "supervisor_name",
                   "norwegian_level", "follow_up_need"],
    "Unplaced": ["participant_id", "name", "reason", "explanation"],
    "Timetable": ["participant_id", "date", "week", "weekday", "activity", "shift",
                  "with_supervisor", "company_id", "supervisor_id", "phase", "shift_time"],
    "Programmes": ["programme_id", "name", "occupation", "school_days", "placed",
                   "min_class_size", "max_class_size", "with_rights", "without_rights",
                   "planned_weeks", "preferred_norwegian_level", "at_preferred_level"],
    "Phases": ["programme_id", "from_week", "to_week", "label", "at_school", "school_days",
               "company_days", "min_days_with_supervisor", "apprenticeship", "first_date",
               "last_date"],
    "Capacity": ["company_id", "company_name", "occupation", "training_office", "places",
                 "assigned", "free", "eligible_candidates"],
    "Supervisors": ["supervisor_id", "company_id", "occupation", "rota_id", "trainees",
                    "max_trainees", "participant_ids", "name"],
    "Warnings": ["where", "message"],
}


def write(problem: Problem, result: Result, path: Path, **options: Any) -> openpyxl.Workbook:
    """Write the workbook and read it back (values, not formulas)."""
    write_result(problem, result, path, input_file="round.xlsx", input_sha256="abc123",
                 version="9.9", eligible_candidates={("C1", "helsefagarbeider"): 3}, **options)
    return openpyxl.load_workbook(path)


def records(ws: Worksheet, header_row: int = 1) -> list[dict[str, Any]]:
    rows = list(ws.iter_rows(min_row=header_row, values_only=True))
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def cells(ws: Worksheet) -> Iterator[Any]:
    for row in ws.iter_rows():
        yield from row


@pytest.fixture
def book(problem: Problem, result: Result, tmp_path: Path) -> openpyxl.Workbook:
    return write(problem, result, tmp_path / "out.xlsx")


def test_every_sheet_in_order_with_exact_headers(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == list(SHEETS)
    for title, headers in HEADERS.items():
        first = next(book[title].iter_rows(max_row=1, values_only=True))
        assert list(first) == headers, title


def test_summary_figures_settings_and_timings(book: openpyxl.Workbook) -> None:
    summary = {r["key"]: r["value"] for r in records(book["Summary"])}
    assert summary["round"] == "Vår 2025"
    assert summary["status"] == "OPTIMAL"
    assert (summary["participants"], summary["placed"], summary["upper_bound"]) == (3, 2, 2)
    assert summary["gap"] == 0 and summary["bound_is_exact"] == "yes"
    assert [summary[f"placed_priority_{p}"] for p in (5, 4, 3, 2, 1)] == [1, 0, 1, 0, 0]
    assert (summary["quality"], summary["quality_bound"]) == (123, 130)
    assert summary["solve_seconds"] == 0.25
    assert (summary["input_file"], summary["input_sha256"], summary["version"]) == (
        "round.xlsx", "abc123", "9.9")
    assert summary["time_limit_seconds"] == 10 and summary["workers"] == 1
    assert summary["random_seed"] == 0
    assert summary["weights.approved_trial"] == 40
    assert summary["timing.solve"] == 0.2 and summary["timing.read"] == 0.1
    assert "weight_approved_trial" not in summary  # each weight once
    assert summary["pseudonymised"] == "no"
    assert isinstance(summary["run_date"], dt.datetime)


def test_summary_opens_with_plain_sentences(book: openpyxl.Workbook) -> None:
    rows = records(book["Summary"])
    assert [r["key"] for r in rows[:3]] == ["summary_1", "summary_2", "summary_3"]
    assert rows[0]["value"] == ("2 of 3 participants are placed. No valid plan places more, "
                                "nor more of higher priority.")
    assert rows[1]["value"].startswith("1 participant is not placed (see Unplaced); the most "
                                       "common reason is ")
    assert "1 warning about the input is listed in Warnings." in rows[1]["value"]
    assert rows[2]["value"].startswith("This file holds names")


def test_every_sheet_prints_landscape_fit_to_width_with_repeated_headers(
        book: openpyxl.Workbook) -> None:
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows in ("$1:$1", "$8:$11"), ws.title  # Calendar: bands to dates
    assert book["Placements"].print_title_cols == "$A:$B"
    assert book["Calendar"].print_title_cols == "$A:$B"


def test_placements_values(book: openpyxl.Workbook) -> None:
    rows = {r["participant_id"]: r for r in records(book["Placements"])}
    assert set(rows) == {"A1", FORMULA_ID}
    ada = rows["A1"]
    assert ada["name"] == "Ada Lovelace"
    assert (ada["programme_id"], ada["occupation"]) == ("P1", "Helsefagarbeider")
    assert (ada["company_id"], ada["company_name"], ada["supervisor_id"]) == (
        "C1", "Sykehjemmet", "S1")
    assert ada["training_office"] == "OK Helse"
    assert ada["travel_minutes"] == 0  # same area, no Travel row
    assert ada["trial_outcome"] == "approved"
    assert (ada["participant_rank"], ada["company_rank"]) == (1, 2)
    assert ada["kept_current"] == "yes"
    # week 1: Wed E, Thu off, Fri N; week 2: Wed E, Fri N, Sat off → 4 of 6 with the supervisor
    assert ada["days_with_supervisor_share"] == pytest.approx(4 / 6)
    other = rows[FORMULA_ID]
    assert other["travel_minutes"] == "unknown"  # no area
    assert other["trial_outcome"] is None and other["participant_rank"] is None
    assert other["kept_current"] == "no"
    share_cell = book["Placements"]["O2"]
    assert "%" in share_cell.number_format


def test_unplaced_programmes_capacity_supervisors_warnings(book: openpyxl.Workbook) -> None:
    assert records(book["Unplaced"]) == [{
        "participant_id": "A3", "name": "#N/A", "reason": "capacity",
        "explanation": "All 2 places at C1 are taken."}]
    assert records(book["Programmes"]) == [{
        "programme_id": "P1", "name": "Helse kull 1", "occupation": "Helsefagarbeider",
        "school_days": "Mon,Tue", "placed": 2, "min_class_size": 1, "max_class_size": 4,
        "with_rights": 1, "without_rights": 1, "planned_weeks": 2,
        "preferred_norwegian_level": None, "at_preferred_level": None}]
    assert records(book["Capacity"]) == [{
        "company_id": "C1", "company_name": "Sykehjemmet", "occupation": "Helsefagarbeider",
        "training_office": "OK Helse", "places": 2, "assigned": 2, "free": 0,
        "eligible_candidates": 3}]
    assert records(book["Supervisors"]) == [{
        "supervisor_id": "S1", "company_id": "C1", "occupation": "Helsefagarbeider",
        "rota_id": "R1", "trainees": 2, "max_trainees": 2, "participant_ids": f"A1, {FORMULA_ID}",
        "name": None}]
    assert records(book["Warnings"]) == [{
        "where": "Participants, row 7, area", "message": "unknown column (found '-x')"}]


def test_timetable_rows_match_the_expanded_solution(problem: Problem, result: Result,
                                                    book: openpyxl.Workbook) -> None:
    expected = list(all_activities(problem, result.solution))
    rows = records(book["Timetable"])
    assert len(rows) == len(expected) == 20
    for row, act in zip(rows, expected, strict=True):
        assert row["participant_id"] == act.participant_id
        assert isinstance(row["date"], dt.datetime) and row["date"].date() == act.date
        assert row["week"] == act.week
        assert row["weekday"] == act.date.strftime("%a")
        assert row["activity"] == act.activity
        assert row["shift"] == act.shift
        assert row["with_supervisor"] == ("yes" if act.with_supervisor else "no")
        assert row["company_id"] == act.company_id
        assert row["supervisor_id"] == act.supervisor_id
    date_cell = book["Timetable"]["B2"]
    assert date_cell.is_date and "yy" in date_cell.number_format


def test_tables_are_made_for_people(book: openpyxl.Workbook) -> None:
    for title in HEADERS:
        ws = book[title]
        assert ws.freeze_panes == "A2", title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), title
        header = ws["A1"]
        assert header.font.bold and header.fill.fgColor.rgb.endswith("DDEBF7"), title
        assert ws.column_dimensions["A"].width >= 8, title
    assert book["Timetable"].auto_filter.ref == "A1:K21"


def test_calendar_grid_codes_fills_and_legend(book: openpyxl.Workbook) -> None:
    ws = book["Calendar"]
    # legend (7 rows with the note), P1's phase band, the closed row, the week row, header
    assert ws.freeze_panes == "F12"
    header = [c.value for c in ws[11]]
    assert header[:5] == ["participant_id", "name", "programme_id", "company_id",
                          "supervisor_name"]
    dates = [d.date() for d in header[5:]]
    assert dates == [START + dt.timedelta(days=i) for i in range(14)]
    assert [c.value for c in ws[8]][:6] == ["phase", None, "P1", None, None, "Vg1"]
    assert ws.cell(10, 1).value == "week" and ws.cell(10, 6).value == "week 2"
    assert ws.cell(10, 13).value == "week 3" and ws.cell(10, 7).value is None
    # weekend dates shaded, in the header and on blank cells of the grid
    assert ws.cell(11, 11).fill.fgColor.rgb.endswith(WEEKEND_FILL)
    assert ws.cell(12, 11).fill.fgColor.rgb.endswith(WEEKEND_FILL)
    ada = [c.value for c in ws[12]]
    assert ada[:2] == ["A1", "Ada Lovelace"]
    # Mon Tue school, Wed E, Thu company without, Fri N, weekend off; week 2 Sat company
    assert ada[5:19] == ["S", "S", "E", "C", "N", None, None, "S", "S", "E", None, "N", "C",
                         None]
    fills = {ws.cell(12, 6).fill.fgColor.rgb, ws.cell(12, 8).fill.fgColor.rgb,
             ws.cell(12, 9).fill.fgColor.rgb}
    assert {f[-6:] for f in fills} == {SCHOOL_FILL, SUPERVISOR_FILL, ALONE_FILL}
    legend = [ws.cell(r, 2).value for r in range(1, 8)]
    assert "school day" in legend and any("without the supervisor" in (t or "") for t in legend)
    assert "Saturday and Sunday" in legend
    assert ws.cell(7, 2).value == "2 placed participants, 14 dates from 2025-01-06."


def test_calendar_cap_is_said_in_the_note(problem: Problem, result: Result) -> None:
    grid = plan_grid(problem, result, max_participants=1, max_dates=3)
    assert grid.participants == ("A1",) and grid.days == 3 and grid.capped
    note = calendar_note(grid)
    assert "first 1 participants" in note and "first 3 dates" in note
    acts = list(all_activities(problem, result.solution))
    for act in acts:
        grid.mark(act, excel_serial(act.date))
    assert grid.cells["A1"] == [(SCHOOL, "S"), (SCHOOL, "S"), (WITH_SUPERVISOR, "E")]
    assert not {kind for kind, _ in filter(None, grid.cells["A1"])} & {ALONE}


def test_input_text_is_never_a_formula(book: openpyxl.Workbook) -> None:
    placements = book["Placements"]
    assert placements["A3"].value == FORMULA_ID and placements["A3"].data_type == "s"
    assert placements["B3"].value == FORMULA_NAME and placements["B3"].data_type == "s"
    unplaced = book["Unplaced"]
    assert unplaced["B2"].value == "#N/A" and unplaced["B2"].data_type == "s"
    timetable = book["Timetable"]
    ids = [c for c in cells(timetable) if c.value == FORMULA_ID]
    assert len(ids) == 10 and all(c.data_type == "s" for c in ids)
    calendar = book["Calendar"]
    assert calendar["A13"].value == FORMULA_ID and calendar["A13"].data_type == "s"
    assert calendar["B13"].value == FORMULA_NAME and calendar["B13"].data_type == "s"
    for ws in book:
        assert not [c.coordinate for c in cells(ws) if c.data_type in ("f", "e")], ws.title
        assert not [c.coordinate for c in cells(ws) if c.hyperlink], ws.title


def test_timetable_and_calendar_text_is_written_once_in_the_shared_strings(
        problem: Problem, result: Result, tmp_path: Path) -> None:
    # the big sheets' text cells refer to one table, so "school" is stored once however many
    # school days there are, and the table is part of the package
    write(problem, result, tmp_path / "out.xlsx")
    with zipfile.ZipFile(tmp_path / "out.xlsx") as package:
        table = ElementTree.fromstring(package.read("xl/sharedStrings.xml"))
        types = package.read("[Content_Types].xml").decode()
    texts = [si.findtext(f"{NS}t") for si in table.iter(f"{NS}si")]
    assert len(texts) == len(set(texts)) and texts.count("school") == 1
    assert "sharedStrings+xml" in types


def test_control_characters_and_markup_are_written_safely(tmp_path: Path) -> None:
    odd = Participant("<&X>\x01", ("P1",), Cefr.B1, name="\tTab\x07 & <b>")
    problem = tiny_problem((odd,))
    base = tiny_result(problem)
    placement = Placement(odd.participant_id, "P1", "C1", "S1", ((2, 3, 4), (2, 3, 4)))
    solution = Solution((*base.solution.placements, placement), base.solution.school_days)
    result = replace(base, solution=solution)
    book = write(problem, result, tmp_path / "odd.xlsx")
    clean_id = "<&X>" + PLACEHOLDER
    rows = {r["participant_id"]: r for r in records(book["Placements"])}
    assert rows[clean_id]["name"] == "\tTab" + PLACEHOLDER + " & <b>"
    timetable_ids = {r["participant_id"] for r in records(book["Timetable"])}
    assert clean_id in timetable_ids


def test_pseudonymise_blanks_every_name(problem: Problem, result: Result, tmp_path: Path) -> None:
    book = write(problem, result, tmp_path / "anon.xlsx", pseudonymise=True)
    assert all(r["name"] is None for r in records(book["Placements"]))
    assert all(r["name"] is None for r in records(book["Unplaced"]))
    assert all(r["name"] is None for r in records(book["Calendar"], header_row=11))
    names = {p.name for p in problem.participants}
    for ws in book:
        assert not [c.coordinate for c in cells(ws) if c.value in names], ws.title


def test_timetable_continues_on_numbered_sheets(problem: Problem, result: Result,
                                               tmp_path: Path) -> None:
    book = write(problem, result, tmp_path / "long.xlsx", row_limit=7)  # 6 rows a sheet
    titles = [t for t in book.sheetnames if t.startswith("Timetable")]
    assert titles == ["Timetable", "Timetable (2)", "Timetable (3)", "Timetable (4)"]
    assert book.sheetnames.index("Calendar") == book.sheetnames.index("Timetable (4)") + 1
    all_rows: list[dict[str, Any]] = []
    for title in titles:
        ws = book[title]
        assert next(ws.iter_rows(max_row=1, values_only=True)) == tuple(HEADERS["Timetable"])
        assert ws.max_row <= 7 and ws.freeze_panes == "A2"
        all_rows += records(ws)
    assert [len(records(book[t])) for t in titles] == [6, 6, 6, 2]
    expected = list(all_activities(problem, result.solution))
    assert [(r["participant_id"], r["date"].date()) for r in all_rows] == [
        (a.participant_id, a.date) for a in expected]


def test_empty_result_still_has_every_sheet(problem: Problem, result: Result,
                                           tmp_path: Path) -> None:
    empty = replace(result, solution=Solution((), {}), unplaced=())
    book = write(problem, empty, tmp_path / "empty.xlsx")
    assert book.sheetnames == list(SHEETS)
    assert records(book["Timetable"]) == [] and records(book["Placements"]) == []
    assert book["Calendar"].cell(7, 2).value == "No placed participants: nothing to show."


def _failing_timetable(problem: Problem, result: Result) -> Iterator[Activity]:
    rows = all_activities(problem, result.solution)
    yield next(rows)
    yield next(rows)
    raise RuntimeError("disk on fire")


def test_a_failed_write_leaves_nothing(problem: Problem, result: Result, tmp_path: Path) -> None:
    target = tmp_path / "new.xlsx"
    with pytest.raises(RuntimeError):
        write(problem, result, target, timetable=_failing_timetable(problem, result))
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file(problem: Problem, result: Result,
                                          tmp_path: Path) -> None:
    target = tmp_path / "old.xlsx"
    target.write_bytes(b"previous result")
    with pytest.raises(RuntimeError):
        write(problem, result, target, timetable=_failing_timetable(problem, result))
    assert target.read_bytes() == b"previous result"
    assert list(tmp_path.iterdir()) == [target]
    write(problem, result, target)  # and a good write replaces it whole
    assert openpyxl.load_workbook(target).sheetnames == list(SHEETS)


def test_the_splice_failing_leaves_nothing(problem: Problem, result: Result, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import matcher.report as report

    def broken(*_: object) -> None:
        raise OSError("no space left")

    monkeypatch.setattr(report, "splice", broken)
    with pytest.raises(OSError):
        write(problem, result, tmp_path / "x.xlsx")
    assert list(tmp_path.iterdir()) == []
