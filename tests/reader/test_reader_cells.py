"""Each cell convention of SPEC.md, accepted and refused forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from matcher.problem import Cefr, FollowUp
from matcher.reader import cells
from matcher.reader.cells import CellError

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


@pytest.mark.parametrize(("raw", "expected"), [
    ("P1", "P1"), ("  P1 ", "P1"), (101, "101"), (101.0, "101"), ("0101", "0101"),
])
def test_id_accepts_text_and_whole_numbers(raw: Any, expected: str) -> None:
    assert cells.to_id(raw) == expected


@pytest.mark.parametrize("raw", [101.5, True, dt.datetime(2025, 1, 6), "   "])
def test_id_refuses_fractions_dates_booleans_and_blank_text(raw: Any) -> None:
    with pytest.raises(CellError, match="id"):
        cells.to_id(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    ("Mon,Tue", {MON, TUE}), ("mon tue", {MON, TUE}), ("Mon-Fri", set(range(5))),
    ("man,tir,ons,tor,fre,lør,søn", set(range(7))), ("man-fre", set(range(5))),
    ("Mon-Wed,Fri", {MON, TUE, WED, FRI}), ("MON;thu", {MON, THU}), ("Sat - Sun", {SAT, SUN}),
    ("fre", {FRI}), ("Mandag, Tirsdag", {MON, TUE}),
])
def test_weekday_lists(raw: str, expected: set[int]) -> None:
    assert cells.to_weekdays(raw) == frozenset(expected)


@pytest.mark.parametrize("raw", ["Fri-Mon", "Funday", "Mon-", ",", 3])
def test_weekday_lists_refused(raw: Any) -> None:
    with pytest.raises(CellError, match="weekdays"):
        cells.to_weekdays(raw)


def test_wrapping_range_says_it_wraps() -> None:
    with pytest.raises(CellError, match="must not wrap"):
        cells.to_weekdays("Fri-Mon")


@pytest.mark.parametrize(("raw", "expected"), [("A1", Cefr.A1), ("b2", Cefr.B2),
                                               (" C2 ", Cefr.C2)])
def test_cefr(raw: str, expected: Cefr) -> None:
    assert cells.to_cefr(raw) == expected


@pytest.mark.parametrize("raw", ["B3", "", 1, "A"])
def test_cefr_refused(raw: Any) -> None:
    with pytest.raises(CellError, match="A1, A2"):
        cells.to_cefr(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    ("yes", True), ("no", False), ("TRUE", True), ("false", False), ("Ja", True),
    ("nei", False), ("1", True), ("0", False), ("x", True), ("X", True), (1, True), (0, False),
    (True, True), (False, False),
])
def test_yes_no(raw: Any, expected: bool) -> None:
    assert cells.to_yes_no(raw) is expected


@pytest.mark.parametrize("raw", ["maybe", 2, "jein"])
def test_yes_no_refused(raw: Any) -> None:
    with pytest.raises(CellError, match="yes or no"):
        cells.to_yes_no(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    (dt.datetime(2025, 8, 18), dt.date(2025, 8, 18)), ("2025-08-18", dt.date(2025, 8, 18)),
    (" 2025-08-18 ", dt.date(2025, 8, 18)), ("18.08.2025", dt.date(2025, 8, 18)),
    ("1.8.2025", dt.date(2025, 8, 1)), (45887, dt.date(2025, 8, 18)),
    (45887.0, dt.date(2025, 8, 18)),
])
def test_dates(raw: Any, expected: dt.date) -> None:
    assert cells.to_date(raw) == expected


@pytest.mark.parametrize(("raw", "message"), [
    (123, "not a number"), (45887.5, "not a number"), (80001, "not a number"),
    ("2025-02-30", "does not exist"), ("31.02.2025", "does not exist"), ("soon", "DD.MM.YYYY"),
    ("18/08/2025", "type it with dots"), ("18. august 2025", "month as a number"),
    ("Aug 18, 2025", "month as a number"),
])
def test_dates_refused(raw: Any, message: str) -> None:
    with pytest.raises(CellError, match=message):
        cells.to_date(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    ("høy", FollowUp.HIGH), ("Middels", FollowUp.MEDIUM), (" LAV ", FollowUp.LOW),
    ("high", FollowUp.HIGH),
])
def test_follow_up_in_either_language(raw: str, expected: FollowUp) -> None:
    assert cells.to_follow_up(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("godkjent", "approved"), ("Avslått", "rejected"), ("ikke  godkjent", "rejected"),
    ("approved", "approved"),
])
def test_trial_outcomes_in_either_language(raw: str, expected: str) -> None:
    assert cells.to_outcome(raw) == expected


def test_language() -> None:
    assert cells.to_language(" NB") == "nb"
    with pytest.raises(CellError, match="en or nb"):
        cells.to_language("norsk")


@pytest.mark.parametrize(("raw", "expected"), [
    ("G1,G2", ("G1", "G2")), ("G2; G1", ("G2", "G1")), (101, ("101",)), (101.0, ("101",)),
    ("G1", ("G1",)),
])
def test_id_lists_keep_order(raw: Any, expected: tuple[str, ...]) -> None:
    assert cells.to_id_list(raw) == expected


def test_empty_id_list_refused() -> None:
    with pytest.raises(CellError):
        cells.to_id_list(" , ;")


@pytest.mark.parametrize(("raw", "expected"), [
    ("D,E", {"D", "E"}), ("d e", {"D", "E"}), ("N;D", {"N", "D"}), ("Natt", {"NATT"}),
])
def test_shift_code_lists(raw: str, expected: set[str]) -> None:
    assert cells.to_shift_codes(raw) == frozenset(expected)


@pytest.mark.parametrize(("raw", "expected"),
                         [("d", "D"), ("-", "-"), ("f1", "F1"), (" E ", "E"), (1, "1")])
def test_rota_cells(raw: Any, expected: str | None) -> None:
    assert cells.to_rota_cell(raw) == expected


@pytest.mark.parametrize(("raw", "low", "high", "expected"), [
    (3, 1, 5, 3), (3.0, 1, 5, 3), ("4", 1, 5, 4), (0, 0, None, 0),
])
def test_whole_numbers(raw: Any, low: int, high: int | None, expected: int) -> None:
    assert cells.to_int(raw, low, high) == expected


@pytest.mark.parametrize(("raw", "low", "high"), [
    (2.5, 0, None), (-1, 0, None), (6, 1, 5), ("sixty", 0, None), (True, 0, None),
])
def test_whole_numbers_refused(raw: Any, low: int, high: int | None) -> None:
    with pytest.raises(CellError, match="whole number"):
        cells.to_int(raw, low, high)


def test_enumerations_compare_case_insensitively() -> None:
    assert cells.to_follow_up("HIGH") is FollowUp.HIGH
    assert cells.to_outcome(" Approved ") == "approved"
    with pytest.raises(CellError):
        cells.to_outcome("maybe")
