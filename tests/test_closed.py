"""Closed dates (SPEC.md "Closed dates" and rule 7): hand-built rounds solved by the real solver
and re-checked by the independent checker, with the timetable each must give and why."""

from __future__ import annotations

import datetime as dt

import pytest

from matcher.checker.derive import norwegian_public_holidays
from matcher.closed import public_holidays
from matcher.problem import (
    Cefr,
    Company,
    Holiday,
    Participant,
    Phase,
    Place,
    Problem,
    Programme,
    Rota,
    Settings,
    Supervisor,
)
from matcher.result import Activity
from matcher.round import solve_checked

TRADE = "Helsefagarbeider"
OFFICE = Rota("OFFICE", (("D", "D", "D", "D", "D", None, None),))
#: Monday 18 May 2026: week 1 holds Whit Sunday (24 May), week 2 Whit Monday (25 May).
WHITSUN = dt.date(2026, 5, 18)


def round_of(start: dt.date, phases: tuple[Phase, ...], *, school: frozenset[int] = frozenset(),
             holidays: tuple[Holiday, ...] = (), public: str = "all",
             person: Participant | None = None) -> Problem:
    """One programme, one participant, one Mon–Fri company whose supervisor works Mon–Fri."""
    return Problem(
        programmes=(Programme("G", TRADE, start, school_days=school or frozenset({0})),),
        phases=phases,
        participants=(person or Participant("P1", ("G",), Cefr.B1),),
        companies=(Company("C1"),),
        places=(Place("C1", TRADE, 1),),
        supervisors=(Supervisor("S1", "C1", TRADE, "OFFICE"),),
        rotas=(OFFICE,),
        settings=Settings(time_limit_seconds=10, workers=1, public_holidays=public),
        holidays=holidays,
    )


def days_of(rows: list[Activity], kind: str) -> list[dt.date]:
    return sorted(r.date for r in rows if r.activity == kind)


def span(first: dt.date, last: dt.date, weekdays: range = range(5)) -> list[dt.date]:
    out, day = [], first
    while day <= last:
        if day.weekday() in weekdays:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def test_the_holidays_library_gives_exactly_spec_s_twelve_days() -> None:
    # the library's list, filtered by name, agrees with the checker's own Easter arithmetic
    for year in range(2024, 2036):
        assert set(public_holidays([year])) == norwegian_public_holidays(year), year
    days = public_holidays([2026])
    assert days[dt.date(2026, 5, 17)] == "17 May"
    assert days[dt.date(2026, 5, 25)] == "Whit Monday"
    assert len(days) == 12  # no Sundays beyond Easter Sunday and Whit Sunday


def test_whitsun_lowers_a_five_day_week_to_four() -> None:
    # week 1 holds Whit Sunday (closed, h = 1): Mon–Fri are all free, so all 5 company days are
    # kept (between 4 and 5 are allowed, and the most possible are planned); week 2 opens with
    # Whit Monday, so only Tue–Fri remain: 4 company days, all with the supervisor
    problem = round_of(WHITSUN, (Phase("G", 1, 2, 5, at_school=False),))
    solved, rows = solve_checked(problem)
    assert solved.result.placed == 1
    assert days_of(rows, "company") == (span(WHITSUN, dt.date(2026, 5, 22))
                                        + span(dt.date(2026, 5, 26), dt.date(2026, 5, 29)))
    assert all(r.with_supervisor for r in rows)


def test_a_programme_week_without_closed_dates_needs_all_its_days() -> None:
    # public_holidays = none: Whit Monday is an ordinary day, week 2 has 5 company days again
    problem = round_of(WHITSUN, (Phase("G", 1, 2, 5, at_school=False),), public="none")
    _, rows = solve_checked(problem)
    assert days_of(rows, "company") == span(WHITSUN, dt.date(2026, 5, 29))


def test_no_school_on_a_public_holiday_closed_for_school_only() -> None:
    # public_holidays = school: no school on Whit Monday, and the school day is not a company
    # day either (nothing else on school days); h = 0 there, so the 2 company days stay
    problem = round_of(WHITSUN, (Phase("G", 2, 2, 2),), public="school")
    _, rows = solve_checked(problem)
    assert days_of(rows, "school") == []
    assert days_of(rows, "company") == [dt.date(2026, 5, 26), dt.date(2026, 5, 27)]


def test_a_holidays_row_closes_school_and_all() -> None:
    # week of 7 Sep 2026: school Mon,Tue; Holidays close Tue for school and Thu for all.
    # School only on Mon; company days (3 asked, h = 1 for Thu) on Wed and Fri only: 2 days
    start = dt.date(2026, 9, 7)
    problem = round_of(start, (Phase("G", 1, 1, 3),), school=frozenset({0, 1}), holidays=(
        Holiday(dt.date(2026, 9, 8), closed="school", label="Planleggingsdag"),
        Holiday(dt.date(2026, 9, 10), closed="all", label="Stengt")))
    _, rows = solve_checked(problem)
    assert days_of(rows, "school") == [start]
    assert days_of(rows, "company") == [dt.date(2026, 9, 9), dt.date(2026, 9, 11)]


def test_leave_closes_every_date_for_that_participant() -> None:
    # away from Wed of week 1 to the end: week 1 keeps school Mon and company Tue (2 asked,
    # h = 5 so at least 0), week 2 has nothing at all (h = 7)
    start = dt.date(2026, 9, 7)
    person = Participant("P1", ("G",), Cefr.B1, away_from=dt.date(2026, 9, 9))
    problem = round_of(start, (Phase("G", 1, 2, 2),), person=person)
    solved, rows = solve_checked(problem)
    assert solved.result.placed == 1
    assert days_of(rows, "school") == [start]
    assert days_of(rows, "company") == [dt.date(2026, 9, 8)]


@pytest.mark.parametrize("closed", ["school", "all"])
def test_christmas_week_has_no_school(closed: str) -> None:
    # 21 Dec 2026 week: Christmas Day (Fri) closed as Settings says; school Mon–Fri is 5 days
    # minus Christmas Day = 4 school rows either way
    start = dt.date(2026, 12, 21)
    problem = round_of(start, (Phase("G", 1, 1, 0),), school=frozenset(range(5)), public=closed)
    _, rows = solve_checked(problem)
    assert days_of(rows, "school") == span(start, dt.date(2026, 12, 24))
