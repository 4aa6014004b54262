"""Company days and timetable rows on small hand-built rounds: which weekdays are chosen, and
what each dated row says."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.checker import check_validity
from matcher.problem import Phase, Problem, Settings
from matcher.result import Placement, Solution
from matcher.timetable import activities, all_activities, choose_company_days, may_work
from tests.rounds import MONDAY, Round, participant

MON_TUE = frozenset({0, 1})


def _round(*weeks: tuple[str | None, ...], phases: tuple[Phase, ...] | None = None,
           **person: object) -> Problem:
    """One class at school Mon–Tue, one company, one supervisor on the rota ``weeks``."""
    r = Round()
    r.programme(phases=phases)
    r.rota("R", *weeks)
    r.company("C1")
    r.supervisor("S1", "C1", rota="R")
    r.participant("A", **person)
    return r.problem()


def _days(problem: Problem) -> tuple[tuple[int, ...], ...]:
    return choose_company_days(problem, problem.participants[0], problem.supervisors[0], "G",
                               MON_TUE)


def test_company_days_follow_the_supervisors_shifts() -> None:
    # The supervisor works Wed and Fri (and Sat); two company days a week go there, not Thu.
    problem = _round((None, None, "D", None, "D", "D", None))
    assert _days(problem) == ((2, 4),) * 3


def test_days_the_participant_may_not_work_are_not_with_the_supervisor() -> None:
    # Wed is a night shift the participant may not work: Thu and Fri (day shifts) are chosen.
    problem = _round((None, None, "N", "D", "D", None, None), allowed_shifts=frozenset({"D"}))
    assert _days(problem) == ((3, 4),) * 3
    assert not may_work(problem.participants[0], "N") and may_work(problem.participants[0], "D")
    assert not may_work(participant("B"), None)


def test_the_same_weekdays_recur_where_the_rota_allows() -> None:
    # A two-week rota: Fri every week, Wed in week 1 and Thu in week 2. One company day a
    # week: Fri, the day that recurs, every week (not the earliest free shift of each week).
    phases = (Phase("G", 1, 4, 1),)
    problem = _round((None, None, "D", None, "D", None, None),
                     (None, None, None, "D", "D", None, None), phases=phases)
    assert _days(problem) == ((4,),) * 4


def test_a_week_that_cannot_hold_its_company_days_is_refused() -> None:
    # School Mon–Tue and the participant is away Wed–Fri: no room for two company days.
    problem = _round(("D",) * 7, unavailable_days=frozenset({2, 3, 4, 5, 6}))
    with pytest.raises(ValueError, match="week 1 cannot hold 2 company days"):
        _days(problem)


def test_rows_say_school_company_shift_and_supervisor_for_every_date() -> None:
    problem = _round((None, None, "D", "E", None, None, None))
    placement = Placement("A", "G", "C1", "S1", _days(problem))
    solution = Solution((placement,), {"G": MON_TUE})
    rows = list(activities(problem, solution, placement))
    first_week = [(r.date.weekday(), r.activity, r.shift, r.with_supervisor) for r in rows[:4]]
    assert first_week == [(0, "school", None, False), (1, "school", None, False),
                          (2, "company", "D", True), (3, "company", "E", True)]
    assert len(rows) == 12 and rows[-1].date == MONDAY + dt.timedelta(days=17)
    assert {r.week for r in rows} == {1, 2, 3}
    assert all(r.company_id == "C1" and r.supervisor_id == "S1"
               for r in rows if r.activity == "company")
    assert list(all_activities(problem, solution)) == rows
    assert check_validity(problem, solution, rows) == []


def test_a_company_day_off_the_supervisors_shifts_has_no_shift() -> None:
    # Company days Wed and Thu, the supervisor works only Wed.
    problem = _round((None, None, "D", None, None, None, None),
                     phases=(Phase("G", 1, 1, 2, min_days_with_supervisor=1),))
    placement = Placement("A", "G", "C1", "S1", ((2, 3),))
    rows = list(activities(problem, Solution((placement,), {"G": MON_TUE}), placement))
    thursday = next(r for r in rows if r.date.weekday() == 3)
    assert (thursday.activity, thursday.shift, thursday.with_supervisor) == (
        "company", None, False)


def test_weeks_without_school_have_company_days_only() -> None:
    # Week 2 is a phase away from school with 4 company days.
    phases = (Phase("G", 1, 1, 2), Phase("G", 2, 2, 4, at_school=False))
    problem = _round(("D", "D", "D", "D", "D", None, None), phases=phases)
    days = _days(problem)
    assert days == ((2, 3), (0, 1, 2, 3))
    placement = Placement("A", "G", "C1", "S1", days)
    rows = list(activities(problem, Solution((placement,), {"G": MON_TUE}), placement))
    assert [r.activity for r in rows if r.week == 2] == ["company"] * 4


@given(anchor_shift=st.integers(0, 6), start_week=st.integers(1, 5), weeks=st.integers(0, 60),
       cycle=st.lists(st.tuples(*[st.sampled_from(["D", "E", None])] * 7), min_size=1,
                      max_size=4))
def test_week_shifts_agree_with_the_rota_formula_day_by_day(
        anchor_shift: int, start_week: int, weeks: int,
        cycle: list[tuple[str | None, ...]]) -> None:
    # The timetable looks a week's shifts up at once; it must give SPEC.md's formula for each
    # date, also when the rota anchor date is not a Monday (then a week spans two rota weeks).
    r = Round(settings=Settings(rota_anchor_date=MONDAY + dt.timedelta(days=anchor_shift)))
    r.rota("CYCLE", *cycle)
    r.company("C1")
    sup = r.supervisor("S1", "C1", rota="CYCLE", rota_start_week=start_week)
    problem = r.problem()
    monday = MONDAY + dt.timedelta(weeks=weeks)
    assert problem.week_shifts(sup, monday) == [
        problem.rota_shift(sup, monday + dt.timedelta(days=d)) for d in range(7)]
