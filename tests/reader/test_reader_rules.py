"""One case per validation rule: the located issue (sheet, Excel row, column) it reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from matcher.errors import InputError
from matcher.reader import read_problem, summarise

from .conftest import HEADERS, MONDAY, ROTA_CODES_WARNING, Sheets

Change = Callable[[Sheets], None]


def put(sheet: str, index: int, column: str, value: Any) -> Change:
    """Set one cell of data row ``index`` (0 = Excel row 2)."""
    def change(sheets: Sheets) -> None:
        sheets[sheet][index][HEADERS[sheet].index(column)] = value
    return change


def add(sheet: str, row: list[Any]) -> Change:
    def change(sheets: Sheets) -> None:
        sheets[sheet].append(row)
    return change


def both(*changes: Change) -> Change:
    def change(sheets: Sheets) -> None:
        for c in changes:
            c(sheets)
    return change


PARTICIPANT = ["P9", "", "G1", "B1", None, None, None, None, None, None, None, None, None, None]

# (id, change, sheet, row, column, words in the message or expected text, severity)
CASES: list[tuple[str, Change, str, int, str, str]] = [
    ("duplicate participant id", add("Participants", ["P1", *PARTICIPANT[1:]]),
     "Participants", 4, "participant_id", "duplicate"),
    ("duplicate programme id", add("Programmes", ["G1", "", "Kokk", MONDAY, "Mon", None, None,
                                                  None, None, None, None]),
     "Programmes", 3, "programme_id", "duplicate"),
    ("duplicate company id", add("Companies", ["C1", "", None, None, None, None, None, None]),
     "Companies", 3, "company_id", "duplicate"),
    ("duplicate supervisor id", add("Supervisors", ["S1", "C1", "Helsefagarbeider", 1, "R1", 1,
                                                    ""]),
     "Supervisors", 3, "supervisor_id", "duplicate"),
    ("duplicate place key", add("Places", ["C1", " helsefagarbeider ", 1]),
     "Places", 3, "occupation", "duplicate"),
    ("duplicate trial pair", add("Trials", ["P1", "C1", "rejected", ""]),
     "Trials", 3, "company_id", "duplicate"),
    ("duplicate preference pair", add("Preferences", ["P1", "C1", 2, 2, "no"]),
     "Preferences", 3, "company_id", "duplicate"),
    ("duplicate travel pair", add("Travel", ["sandane", "NORDFJORDEID", 31]),
     "Travel", 3, "to_area", "duplicate"),
    ("repeated rota week", add("Rotas", ["R1", 2, "D", None, None, None, None, None, None]),
     "Rotas", 4, "week", "twice"),
    ("missing rota week", put("Rotas", 1, "week", 3), "Rotas", 2, "week", "week(s) 2"),
    ("unknown programme in participant", put("Participants", 0, "programmes", "G1,G7"),
     "Participants", 2, "programmes", "unknown programme"),
    ("unknown locked company", put("Participants", 0, "locked_company", "C9"),
     "Participants", 2, "locked_company", "unknown company"),
    ("unknown locked supervisor", put("Participants", 0, "locked_supervisor", "S9"),
     "Participants", 2, "locked_supervisor", "unknown supervisor"),
    ("unknown supervisor company", put("Supervisors", 0, "company_id", "C9"),
     "Supervisors", 2, "company_id", "unknown company"),
    ("unknown rota", put("Supervisors", 0, "rota_id", "R9"),
     "Supervisors", 2, "rota_id", "unknown rota"),
    ("unknown places company", put("Places", 0, "company_id", "C9"),
     "Places", 2, "company_id", "unknown company"),
    ("unknown trial participant", put("Trials", 0, "participant_id", "P9"),
     "Trials", 2, "participant_id", "unknown participant"),
    ("unknown preference company", put("Preferences", 0, "company_id", "C9"),
     "Preferences", 2, "company_id", "unknown company"),
    ("unknown phase programme", put("Phases", 1, "programme_id", "G9"),
     "Phases", 3, "programme_id", "unknown programme"),
    ("start date not a Monday", put("Programmes", 0, "start_date", dt.date(2025, 8, 19)),
     "Programmes", 2, "start_date", "Tuesday"),
    ("rota anchor not a Monday", put("Settings", 1, "value", "2025-08-20"),
     "Settings", 3, "value", "Wednesday"),
    ("overlapping base phases", put("Phases", 1, "from_week", 10),
     "Phases", 3, "from_week", "overlaps"),
    ("overlapping scenario phases",
     both(add("Phases", ["G1", 1, 8, 2, None, None, "", "B"]),
          add("Phases", ["G1", 5, 9, 2, None, None, "", "B"])),
     "Phases", 5, "from_week", "scenario B"),
    ("programme without base plan", both(put("Phases", 0, "scenario", "A"),
                                         put("Phases", 1, "scenario", "A")),
     "Programmes", 2, "programme_id", "base plan"),
    ("rota start week too large", put("Supervisors", 0, "rota_start_week", 3),
     "Supervisors", 2, "rota_start_week", "1 to 2"),
    ("both school-day columns", put("Programmes", 0, "school_days_to_choose", 2),
     "Programmes", 2, "school_days", "both are filled in"),
    ("neither school-day column", put("Programmes", 0, "school_days", None),
     "Programmes", 2, "school_days", "both are blank"),
    ("school days to choose above 5", both(put("Programmes", 0, "school_days", None),
                                           put("Programmes", 0, "school_days_to_choose", 6)),
     "Programmes", 2, "school_days_to_choose", "1 to 5"),
    ("min above max class size", put("Programmes", 0, "min_class_size", 11),
     "Programmes", 2, "min_class_size", "larger than max"),
    ("supervisor days above company days", put("Phases", 0, "min_days_with_supervisor", 4),
     "Phases", 2, "min_days_with_supervisor", "more days"),
    ("locked supervisor outside locked company",
     both(add("Companies", ["C2", "", None, None, None, None, None, None]),
          put("Participants", 0, "locked_company", "C2"),
          put("Participants", 0, "locked_supervisor", "S1")),
     "Participants", 2, "locked_supervisor", "not at the locked company"),
    ("negative places", put("Places", 0, "places", -1), "Places", 2, "places", "at least 0"),
    ("fractional places", put("Places", 0, "places", 1.5), "Places", 2, "places", "whole number"),
    ("negative max trainees", put("Supervisors", 0, "max_trainees", -2),
     "Supervisors", 2, "max_trainees", "at least 0"),
    ("fractional minutes", put("Travel", 0, "minutes", 12.5), "Travel", 2, "minutes",
     "whole number"),
    ("priority above 5", put("Participants", 0, "priority", 6),
     "Participants", 2, "priority", "1 to 5"),
    ("text in a number column", put("Participants", 0, "max_travel_minutes", "an hour"),
     "Participants", 2, "max_travel_minutes", "whole number"),
    ("company days do not fit beside school days", put("Phases", 0, "company_days", 6),
     "Phases", 2, "company_days", "at most 5"),
    ("company days above 7", put("Phases", 1, "company_days", 8),
     "Phases", 3, "company_days", "0 to 7"),
    ("from week after to week", put("Phases", 1, "to_week", 5), "Phases", 3, "to_week",
     "before from_week"),
    ("empty programmes list", put("Participants", 0, "programmes", ",;"),
     "Participants", 2, "programmes", "ids"),
    ("missing required value", put("Participants", 1, "norwegian_level", None),
     "Participants", 3, "norwegian_level", "required"),
    ("bad CEFR", put("Companies", 0, "min_norwegian_level", "B3"),
     "Companies", 2, "min_norwegian_level", "A1, A2"),
    ("wrapping weekday range", put("Companies", 0, "practice_days", "Fri-Mon"),
     "Companies", 2, "practice_days", "wrap"),
    ("number in a date column", put("Programmes", 0, "start_date", 123),
     "Programmes", 2, "start_date", "not a number"),
    ("bad yes/no", put("Participants", 0, "has_rights", "kanskje"),
     "Participants", 2, "has_rights", "yes or no"),
    ("bad trial outcome", put("Trials", 0, "outcome", "ok"), "Trials", 2, "outcome",
     "approved, rejected or planned"),
    ("bad setting value", put("Settings", 2, "value", "much"), "Settings", 4, "value",
     "whole number"),
    ("duplicate setting", add("Settings", ["Round_Name", "again"]), "Settings", 5, "key",
     "twice"),
]


def _issues(path: Path) -> list[Any]:
    with pytest.raises(InputError) as info:
        read_problem(path)
    return list(info.value.issues)


@pytest.mark.parametrize(("change", "sheet", "row", "column", "words"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_reports_located_issue(book: Callable[..., Path], valid_sheets: Sheets,
                                    change: Change, sheet: str, row: int, column: str,
                                    words: str) -> None:
    change(valid_sheets)
    issues = _issues(book(valid_sheets))
    located = [i for i in issues if (i.sheet, i.row, i.column) == (sheet, row, column)
               and i.severity == "error"]
    assert located, f"no error at {sheet} row {row} {column}; got: {[str(i) for i in issues]}"
    assert any(words in f"{i.message} {i.expected}" for i in located), [str(i) for i in located]


WARNING_CASES: list[tuple[str, Change, str, int, str, str]] = [
    ("unknown current company", put("Participants", 0, "current_company", "C9"),
     "Participants", 2, "current_company", "unknown company"),
    ("approved trial for an excluded pair", put("Preferences", 0, "excluded", "yes"),
     "Trials", 2, "outcome", "exclusion wins"),
    ("supervisor without places for the occupation", put("Supervisors", 0, "occupation", "Kokk"),
     "Supervisors", 2, "occupation", "no Places row"),
    ("unknown setting", add("Settings", ["colour", "blue"]), "Settings", 5, "key",
     "unknown setting"),
]


@pytest.mark.parametrize(("change", "sheet", "row", "column", "words"),
                         [c[1:] for c in WARNING_CASES], ids=[c[0] for c in WARNING_CASES])
def test_warning_does_not_stop_reading(book: Callable[..., Path], valid_sheets: Sheets,
                                       change: Change, sheet: str, row: int, column: str,
                                       words: str) -> None:
    change(valid_sheets)
    problem = read_problem(book(valid_sheets))
    assert any((w.sheet, w.row, w.column) == (sheet, row, column) and words in w.message
               for w in problem.warnings), [str(w) for w in problem.warnings]


def test_all_problems_are_reported_together(book: Callable[..., Path],
                                            valid_sheets: Sheets) -> None:
    for change in (put("Participants", 0, "priority", 9), put("Places", 0, "places", -1),
                   put("Programmes", 0, "start_date", "2025-08-19")):
        change(valid_sheets)
    where = {(i.sheet, i.column) for i in _issues(book(valid_sheets))}
    assert {("Participants", "priority"), ("Places", "places"),
            ("Programmes", "start_date")} <= where


def test_valid_round_reads_with_conventions_applied(book: Callable[..., Path],
                                                    valid_sheets: Sheets) -> None:
    valid_sheets["Participants"][1][0] = 101  # a number typed into an id column
    problem = read_problem(book(valid_sheets))
    # without a Shifts sheet the codes read as working shifts are listed, with their counts
    assert [w.message for w in problem.warnings] == [ROTA_CODES_WARNING]
    p1, p2 = problem.participants
    assert p2.participant_id == "101"
    assert p1.has_rights and p1.priority == 4 and p1.allowed_shifts == {"D", "E"}
    assert p2.priority == 3 and not p2.has_rights and p2.allowed_shifts is None
    assert problem.rotas[0].weeks[0] == ("D", "D", "E", None, None, None, None)
    assert problem.settings.weights["travel"] == 5 and problem.settings.round_name == "Haust"
    assert problem.travel[0].from_area == "sandane"
    assert problem.phases[0].row == 2 and problem.phases[1].at_school is False
    summary = summarise(problem)
    assert summary["participants"] == 2 and summary["planned_weeks"] == {"G1": 20}
    assert summary["places_per_occupation"] == {"Helsefagarbeider": 2}


def test_optional_sheets_may_be_absent(book: Callable[..., Path], valid_sheets: Sheets) -> None:
    for name in ("Trials", "Preferences", "Travel", "Settings"):
        del valid_sheets[name]
    problem = read_problem(book(valid_sheets))
    assert problem.trials == () and problem.settings.time_limit_seconds == 60.0
