"""The trial inputs: TrialWindows, Places trial_places, Programmes trials, Settings
trials_per_candidate and the trial outcome ``planned`` (blank = planned)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from matcher.errors import InputError
from matcher.problem import TrialWindow
from matcher.reader import read_problem

from .conftest import MONDAY, Sheets

WINDOW_HEADER = ["window_id", "start_date", "weeks", "days_per_week", "min_days_with_supervisor",
                 "occupations"]


def _with_trial_columns(sheets: Sheets, windows: list[list[Any]]) -> Sheets:
    """The valid round with TrialWindows, and the new columns of Places and Programmes."""
    sheets["TrialWindows"] = [WINDOW_HEADER, *windows]
    return sheets


def test_trial_inputs_are_read_with_their_defaults(book: Callable[..., Path],
                                                   valid_sheets: Sheets) -> None:
    sheets = _with_trial_columns(valid_sheets, [
        ["W1", MONDAY, None, None, None, None],
        ["W2", MONDAY + dt.timedelta(days=14), 3, 4, 2, "helsefagarbeider; Barne- og "
                                                        "ungdomsarbeider"],
    ])
    sheets["Trials"].append(["P2", "C1", None, "next month"])
    sheets["Settings"].append(["trials_per_candidate", 2])
    problem = read_problem(book(sheets, headers=True))
    first, second = problem.trial_windows
    assert first == TrialWindow("W1", MONDAY, 2, 5, None, None, row=2)
    assert (second.weeks, second.days_per_week, second.supervisor_days) == (3, 4, 2)
    assert second.occupations == frozenset({"helsefagarbeider", "barne- og ungdomsarbeider"})
    assert first.end_date == MONDAY + dt.timedelta(days=13)
    assert not first.overlaps(second) and first.overlaps(first)
    assert problem.settings.trials_per_candidate == 2
    assert problem.places[0].trial_places is None and problem.places[0].trial_capacity == 2
    assert problem.programmes[0].trials is True
    assert problem.trial_outcome[("P2", "C1")] == "planned"
    assert any(w.sheet == "TrialWindows" and w.column == "occupations" for w in problem.warnings)


def test_new_columns_of_places_and_programmes(book: Callable[..., Path],
                                              valid_sheets: Sheets) -> None:
    path = book(valid_sheets, headers=True)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb["Places"]["D1"], wb["Places"]["D2"] = "trial_places", 0
    wb["Programmes"]["L1"], wb["Programmes"]["L2"] = "trials", "nei"
    wb.save(path)
    problem = read_problem(path)
    assert problem.places[0].trial_capacity == 0
    assert problem.programmes[0].trials is False


@pytest.mark.parametrize(("row", "column", "words"), [
    (["W1", MONDAY + dt.timedelta(days=1), None, None, None, None], "start_date", "Monday"),
    (["W1", MONDAY, 0, None, None, None], "weeks", "at least 1"),
    (["W1", MONDAY, None, 8, None, None], "days_per_week", "1 to 7"),
    (["W1", MONDAY, None, 3, 4, None], "min_days_with_supervisor", "more days"),
    ([None, MONDAY, None, None, None, None], "window_id", "required"),
])
def test_bad_window_is_located(book: Callable[..., Path], valid_sheets: Sheets,
                               row: list[Any], column: str, words: str) -> None:
    sheets = _with_trial_columns(valid_sheets, [row])
    with pytest.raises(InputError) as info:
        read_problem(book(sheets))
    located = [i for i in info.value.issues if (i.sheet, i.row, i.column) ==
               ("TrialWindows", 2, column) and i.severity == "error"]
    assert any(words in f"{i.message} {i.expected}" for i in located), \
        [str(i) for i in info.value.issues]


def test_duplicate_window_and_bad_setting_are_located(book: Callable[..., Path],
                                                      valid_sheets: Sheets) -> None:
    sheets = _with_trial_columns(valid_sheets, [["W1", MONDAY], ["W1", MONDAY]])
    sheets["Settings"].append(["trials_per_candidate", 0])
    with pytest.raises(InputError) as info:
        read_problem(book(sheets))
    where = {(i.sheet, i.row, i.column) for i in info.value.issues if i.severity == "error"}
    assert ("TrialWindows", 3, "window_id") in where
    assert ("Settings", 5, "value") in where
