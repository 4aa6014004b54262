"""Helpers for the reader tests: small workbooks built with openpyxl in ``tmp_path``."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

Sheets = dict[str, list[list[Any]]]

HEADERS: dict[str, list[str]] = {
    "Programmes": ["programme_id", "name", "occupation", "start_date", "school_days",
                   "school_days_to_choose", "min_norwegian_level", "min_class_size",
                   "max_class_size", "min_with_rights", "min_without_rights"],
    "Phases": ["programme_id", "from_week", "to_week", "company_days", "at_school",
               "min_days_with_supervisor", "label", "scenario"],
    "Participants": ["participant_id", "name", "programmes", "norwegian_level", "area",
                     "max_travel_minutes", "unavailable_days", "allowed_shifts", "priority",
                     "has_rights", "follow_up_need", "locked_company", "locked_supervisor",
                     "current_company"],
    "Companies": ["company_id", "name", "area", "training_office", "practice_days",
                  "min_norwegian_level", "max_high_follow_up", "minority_experience"],
    "Places": ["company_id", "occupation", "places"],
    "Supervisors": ["supervisor_id", "company_id", "occupation", "max_trainees", "rota_id",
                    "rota_start_week", "name"],
    "Rotas": ["rota_id", "week", "mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "Trials": ["participant_id", "company_id", "outcome", "note"],
    "Preferences": ["participant_id", "company_id", "participant_rank", "company_rank",
                    "excluded"],
    "Travel": ["from_area", "to_area", "minutes"],
    "Settings": ["key", "value"],
}

MONDAY = dt.date(2025, 8, 18)

#: The warning a workbook without a Shifts sheet gets for the rota codes of VALID.
ROTA_CODES_WARNING = ("these codes are read as working shifts: D (6 cells), E (1 cell), "
                      "N (2 cells). Add a Shifts sheet (code, works) to mark day-off codes, or "
                      "use - for a day off")

VALID: Sheets = {
    "Programmes": [["G1", "Gloppen", "Helsefagarbeider", MONDAY, "Mon,Tue", None, "A2", 1, 10,
                    0, 0]],
    "Phases": [["G1", 1, 10, 3, True, 1, "Vg1", None],
               ["G1", 11, 20, 0, "no", None, "Sommer", None]],
    "Participants": [["P1", "Ada", "G1", "B1", "Sandane", 60, "Sun", "D,E", 4, "ja", "low",
                      None, None, None],
                     ["P2", "Bo", "G1", "A2", "Nordfjordeid", None, None, None, None, None,
                      None, None, None, None]],
    "Companies": [["C1", "Sjukeheimen", "Sandane", "OK Nord", "Mon-Fri", "A1", 2, "yes"]],
    "Places": [["C1", "Helsefagarbeider", 2]],
    "Supervisors": [["S1", "C1", "Helsefagarbeider", 2, "R1", 1, "Veileder"]],
    "Rotas": [["R1", 1, "D", "D", "E", None, "-", None, None],
              ["R1", 2, None, "N", "N", "D", "D", "D", "D"]],
    "Trials": [["P1", "C1", "approved", "fin"]],
    "Preferences": [["P1", "C1", 1, 2, "no"]],
    "Travel": [["Sandane", "Nordfjordeid", 30]],
    "Settings": [["round_name", "Haust"], ["rota_anchor_date", MONDAY], ["weight_travel", 5]],
}


def write_book(path: Path, sheets: Sheets, headers: bool = True) -> Path:
    """Write ``sheets`` (sheet → data rows; the SPEC header is added unless ``headers`` is
    false) as an .xlsx file at ``path``. Dates get a date number format, like Excel's."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        if headers and name in HEADERS:
            sheet.append(HEADERS[name])
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def valid_sheets() -> Sheets:
    """A deep copy of the tiny valid round, to change one cell per test."""
    return copy.deepcopy(VALID)


@pytest.fixture
def book(tmp_path: Path) -> Callable[..., Path]:
    """``book(sheets)`` → the path of a new workbook holding them."""
    counter = iter(range(10_000))

    def make(sheets: Sheets, headers: bool = True) -> Path:
        return write_book(tmp_path / f"round{next(counter)}.xlsx", sheets, headers)

    return make
