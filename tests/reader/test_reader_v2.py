"""Contract version 2 in the reader: phase school days and apprenticeships, approved training
companies, leave, the Holidays and Shifts sheets, day-off codes, Norwegian rota headers and
Settings ``public_holidays``; each bad cell reported by sheet, row and column."""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.errors import InfeasibleError, InputError
from matcher.inputbook import write_problem
from matcher.problem import DAY_OFF_CODES, Cefr, Problem
from matcher.reader import read_problem
from matcher.round import solve_checked
from tests.strategies import placeable

from .conftest import HEADERS, Sheets

V2_HEADERS = {
    **HEADERS,
    "Phases": [*HEADERS["Phases"], "school_days", "school_days_to_choose", "apprenticeship"],
    "Participants": [*HEADERS["Participants"], "away_from", "away_to"],
    "Companies": [*HEADERS["Companies"], "approved_training_company"],
    "Rotas": ["rota_id", "week", "man", "tir", "ons", "tor", "fre", "lør", "søn"],
    "Shifts": ["code", "works", "start", "end", "label"],
    "Holidays": ["from_date", "to_date", "closed", "label"],
}


def v2_sheets(valid: Sheets) -> Sheets:
    """The valid round with every version-2 column and sheet filled in."""
    sheets = {name: [list(r) for r in rows] for name, rows in valid.items()}
    sheets["Phases"] = [["G1", 1, 10, 3, True, 1, "Vg1", None, "Mon,Tue,Wed", None, None],
                        ["G1", 11, 20, 4, "yes", 1, "Læretid", None, None, 1, "ja"]]
    sheets["Participants"][0] += [dt.date(2025, 10, 6), dt.date(2025, 10, 17)]
    sheets["Participants"][1] += [None, None]
    sheets["Companies"][0] += ["yes"]
    sheets["Rotas"] = [["R1", 1, "D", "d", "E", "F1", "-", "FRI", "ferie"],
                       ["R1", 2, "0", "N", "N", "D", "D", "D", "x"]]
    sheets["Shifts"] = [["D", "yes", "07:00", "15:00", "Dagvakt"], ["E", None, "15:00", "22:30",
                                                                    None],
                        ["N", "ja", "22:00", "07:30", "Natt"], ["FERIE", "no", None, None, None]]
    sheets["Holidays"] = [[dt.date(2025, 10, 6), dt.date(2025, 10, 10), "skole", "Høstferie"],
                          [dt.date(2025, 12, 24), None, None, "Julaften"]]
    sheets["Settings"].append(["public_holidays", "skole"])
    return sheets


@pytest.fixture
def v2_book(tmp_path: Path, valid_sheets: Sheets) -> Callable[[Sheets], Path]:
    from openpyxl import Workbook

    def build(sheets: Sheets) -> Path:
        book = Workbook()
        book.remove(book.active)
        for name, rows in sheets.items():
            sheet = book.create_sheet(name)
            sheet.append(V2_HEADERS[name])
            for row in rows:
                sheet.append(row)
        path = tmp_path / "v2.xlsx"
        book.save(path)
        return path

    return build


def _issues(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_problem(path)
    return [str(i) for i in caught.value.issues]


def test_every_v2_column_and_sheet_is_read(v2_book: Callable[[Sheets], Path],
                                           valid_sheets: Sheets) -> None:
    problem = read_problem(v2_book(v2_sheets(valid_sheets)))
    assert problem.warnings == ()  # a Shifts sheet: no list of codes read as shifts
    year1, year4 = problem.phases
    assert year1.school_days == {0, 1, 2} and year1.school_days_to_choose is None
    assert year4.school_days_to_choose == 1 and year4.apprenticeship
    assert problem.participants[0].away_from == dt.date(2025, 10, 6)
    assert problem.participants[0].away_to == dt.date(2025, 10, 17)
    assert problem.companies[0].approved_training_company
    # man … søn headers; F1, -, FRI, 0, x are days off; FERIE is off by the Shifts sheet
    assert problem.rotas[0].weeks == (("D", "D", "E", None, None, None, None),
                                      (None, "N", "N", "D", "D", "D", None))
    night = problem.shifts_by_code["N"]
    assert (night.start, night.end, night.label) == (dt.time(22), dt.time(7, 30), "Natt")
    assert problem.shifts_by_code["E"].works and not problem.shifts_by_code["FERIE"].works
    autumn, eve = problem.holidays
    assert (autumn.closed, autumn.last, eve.closed, eve.last) == (
        "school", dt.date(2025, 10, 10), "all", dt.date(2025, 12, 24))
    assert problem.settings.public_holidays == "school"


def test_a_version_1_workbook_gets_the_defaults(book: Callable[..., Path],
                                                valid_sheets: Sheets) -> None:
    problem = read_problem(book(valid_sheets))
    assert problem.settings.public_holidays == "all" and problem.holidays == ()
    assert problem.shifts == () and problem.companies[0].approved_training_company
    assert all(ph.school_days is None and not ph.apprenticeship for ph in problem.phases)


def test_long_norwegian_rota_headers(v2_book: Callable[[Sheets], Path],
                                     valid_sheets: Sheets) -> None:
    V2_HEADERS["Rotas"] = ["rota_id", "week", "Mandag", "tirsdag", "onsdag", "torsdag",
                           "fredag", "lørdag", "SØNDAG"]
    try:
        problem = read_problem(v2_book(v2_sheets(valid_sheets)))
    finally:
        V2_HEADERS["Rotas"] = ["rota_id", "week", "man", "tir", "ons", "tor", "fre", "lør",
                               "søn"]
    assert problem.rotas[0].weeks[0][:3] == ("D", "D", "E")


def test_unknown_codes_with_a_shifts_sheet_are_located_errors(
        v2_book: Callable[[Sheets], Path], valid_sheets: Sheets) -> None:
    sheets = v2_sheets(valid_sheets)
    sheets["Rotas"][1][4] = "K"  # row 3, column ons (wed), named as the workbook names it
    sheets["Participants"][0][7] = "D,Q"
    issues = _issues(v2_book(sheets))
    assert any(i.startswith("Rotas, row 3, ons: a shift code the Shifts sheet does not list")
               and "'K'" in i for i in issues), issues
    assert any(i.startswith("Participants, row 2, allowed_shifts") and "'Q'" in i
               for i in issues), issues


def test_without_a_shifts_sheet_the_codes_read_as_shifts_are_listed(
        v2_book: Callable[[Sheets], Path], valid_sheets: Sheets) -> None:
    sheets = v2_sheets(valid_sheets)
    del sheets["Shifts"]
    sheets["Rotas"][0][8] = "AV"  # an unknown day-off code of the workplace's own
    problem = read_problem(v2_book(sheets))
    (warning,) = problem.warnings
    assert warning.sheet == "Rotas" and warning.severity == "warning"
    assert "AV (1 cell), D (5 cells), E (1 cell), N (2 cells)" in warning.message
    assert problem.rotas[0].weeks[0][6] == "AV"


@pytest.mark.parametrize(("sheet", "row", "column", "value", "where"), [
    ("Phases", 0, 9, 2, "Phases, row 2, school_days: give at most one"),
    ("Phases", 1, 4, "no", "Phases, row 3, school_days_to_choose: school days are given for a "
                           "phase that is not at school"),
    ("Phases", 1, 9, 7, "Phases, row 3, school_days_to_choose: invalid"),
    ("Phases", 1, 10, "maybe", "Phases, row 3, apprenticeship: invalid"),
    ("Phases", 0, 3, 5, "Phases, row 2, company_days: 5 company days do not fit beside the "
                        "phase's 3 school days"),
    ("Participants", 1, 15, dt.date(2025, 9, 1), "Participants, row 3, away_from: away_to is "
                                                 "given without away_from"),
    ("Participants", 0, 15, dt.date(2025, 9, 1), "Participants, row 2, away_to: away_to is "
                                                 "before away_from"),
    ("Participants", 0, 14, "soon", "Participants, row 2, away_from: invalid"),
    ("Companies", 0, 8, "maybe", "Companies, row 2, approved_training_company: invalid"),
    ("Shifts", 0, 2, "25:00", "Shifts, row 2, start: invalid"),
    ("Shifts", 1, 1, "perhaps", "Shifts, row 3, works: invalid"),
    ("Holidays", 0, 1, dt.date(2025, 10, 1), "Holidays, row 2, to_date: to_date is before"),
    ("Holidays", 0, 2, "sometimes", "Holidays, row 2, closed: invalid"),
    ("Settings", 3, 1, "some", "Settings, row 5, value: invalid public_holidays"),
])
def test_bad_v2_cells_are_located(v2_book: Callable[[Sheets], Path], valid_sheets: Sheets,
                                  sheet: str, row: int, column: int, value: object,
                                  where: str) -> None:
    sheets = v2_sheets(valid_sheets)
    sheets[sheet][row][column] = value
    issues = _issues(v2_book(sheets))
    assert any(i.startswith(where) for i in issues), issues


def test_too_many_school_day_combinations_is_an_error(v2_book: Callable[[Sheets], Path],
                                                      valid_sheets: Sheets) -> None:
    sheets = v2_sheets(valid_sheets)
    sheets["Programmes"][0][4:6] = [None, 2]  # class: choose 2 (10 ways) …
    sheets["Phases"][0][8:10] = [None, 2]  # … phase 1: choose 2 (10) …
    sheets["Phases"].append(["G1", 21, 30, 3, "yes", None, "Vg3", None, None, None, None])
    issues = _issues(v2_book(sheets))  # … and phase 2 choose 1 (5): 10 × 10 × 5 = 500
    assert any(i.startswith("Phases, row 2, school_days_to_choose") and "500" in i
               for i in issues), issues


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(placeable(max_participants=6), st.data())
def test_day_off_codes_read_as_days_off_and_the_round_passes_the_checker(
        problem: Problem, data: st.DataObject) -> None:
    # write the round, type a day-off code (any of SPEC.md's) into every empty rota cell, read
    # it back: the same rotas, and the round solves to a result the checker accepts
    codes = st.sampled_from([*sorted(DAY_OFF_CODES - {"–"}), "f1", "Fri", "x", "avsp"])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "round.xlsx"
        write_problem(problem, path)
        book = openpyxl.load_workbook(path)
        for row in book["Rotas"].iter_rows(min_row=2, min_col=3, max_col=9):
            for cell in row:
                if cell.value is None:
                    cell.value = data.draw(codes)
        book.save(path)
        read = read_problem(path)
    assert [(r.rota_id, r.weeks) for r in read.rotas] == [
        (r.rota_id, r.weeks) for r in problem.rotas]
    with contextlib.suppress(InfeasibleError):  # conflicting locks: no result to check
        solve_checked(replace(read, settings=replace(read.settings, time_limit_seconds=5,
                                                     workers=1)))


def test_a_version_1_workbook_validates_and_runs(book: Callable[..., Path], valid_sheets: Sheets,
                                                 tmp_path: Path) -> None:
    # the version-1 round (no v2 column or sheet) validates, with only the warning listing
    # the rota codes read as shifts, and runs end to end to a checked result workbook
    from click.testing import CliRunner

    from cli.main import cli

    path = book(valid_sheets)
    assert CliRunner().invoke(cli, ["validate", str(path)]).exit_code == 0
    out = tmp_path / "result.xlsx"
    run = CliRunner().invoke(cli, ["match", str(path), "-o", str(out), "--quiet",
                                   "--time-limit", "5", "--workers", "1"])
    assert run.exit_code == 0, run.output
    assert "Phases" in openpyxl.load_workbook(out, read_only=True).sheetnames



def _programmes_with(tmp_path: Path, valid: Sheets, header: str, value: object) -> Path:
    """The valid round with one more Programmes column ``header`` holding ``value``."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in valid.items():
        sheet = book.create_sheet(name)
        extra = name == "Programmes"
        sheet.append([*HEADERS[name], header] if extra else HEADERS[name])
        for row in rows:
            sheet.append([*row, value] if extra else row)
    path = tmp_path / "preferred.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("header", ["preferred_norwegian_level", "ønsket_norsknivå"])
def test_preferred_norwegian_level_by_either_name(tmp_path: Path, valid_sheets: Sheets,
                                                  header: str) -> None:
    # Heffi's B1 is a wish ("helst"): an optional Programmes column (blank = none), read under
    # its English or its bokmål name.
    read = read_problem(_programmes_with(tmp_path, valid_sheets, header, "b1"))
    assert read.programmes[0].preferred_norwegian_level == Cefr.B1
    blank = read_problem(_programmes_with(tmp_path, valid_sheets, header, None))
    assert blank.programmes[0].preferred_norwegian_level is None


def test_a_preferred_level_that_is_no_level_is_located(tmp_path: Path,
                                                       valid_sheets: Sheets) -> None:
    issues = _issues(_programmes_with(tmp_path, valid_sheets, "preferred_norwegian_level",
                                      "B3"))
    issue = next(i for i in issues if "preferred_norwegian_level" in i)
    assert issue.startswith("Programmes, row 2, preferred_norwegian_level:")
    assert "'B3'" in issue and "A1, A2, B1" in issue
