"""Contract version 2 rounds, one hand-built round per rule, solved by the real solver and
re-checked by the independent checker: phases with their own school days (fixed and chosen),
apprenticeships at approved training companies, and rota day-off codes read from a workbook.
Each test says why its timetable is the only right one."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import openpyxl

from matcher.inputbook import write_problem
from matcher.problem import Company, Phase, Place, Problem, Rota
from matcher.reader import read_problem
from matcher.result import Activity
from matcher.round import solve_checked
from tests.rounds import Round

TRADE = "Helsefagarbeider"
START = dt.date(2026, 9, 7)  # no public holiday in the weeks planned below
EVERY_DAY = Rota("ALL", (("D",) * 7,))


def one_class(phases: tuple[Phase, ...], *, school: frozenset[int] | None = None,
              choose: int | None = None, rota: Rota = EVERY_DAY,
              companies: tuple[Company, ...] = (Company("C1", practice_days=frozenset(range(5))),),
              ) -> Problem:
    """One programme and participant; each company has one place and one supervisor."""
    r = Round(start=START, area=None, rotas={rota.rota_id: rota})
    r.programme("G", phases=phases, school_days=school, school_days_to_choose=choose)
    r.participant("P1")
    for c in companies:
        r.companies.append(c)
        r.places.append(Place(c.company_id, TRADE, 1))
        r.supervisor(f"S-{c.company_id}", c.company_id, rota=rota.rota_id)
    return r.problem()


def weekdays(rows: list[Activity], kind: str, week: int) -> list[int]:
    return sorted(r.date.weekday() for r in rows if r.activity == kind and r.week == week)


def test_each_phase_keeps_its_own_fixed_school_days() -> None:
    # year-1-like week: school Mon-Thu (the phase's own), 1 company day, which can only be Fri;
    # the next phase has no own set, so the class's Mon,Tue hold and 3 company days fill
    # Wed-Fri (Mon-Fri company, so no weekend days)
    problem = one_class((Phase("G", 1, 1, 1, school_days=frozenset({0, 1, 2, 3})),
                         Phase("G", 2, 2, 3)), school=frozenset({0, 1}))
    solved, rows = solve_checked(problem)
    assert solved.result.placed == 1
    assert (weekdays(rows, "school", 1), weekdays(rows, "company", 1)) == ([0, 1, 2, 3], [4])
    assert (weekdays(rows, "school", 2), weekdays(rows, "company", 2)) == ([0, 1], [2, 3, 4])
    assert {r.phase for r in rows} == {""}
    assert solved.result.solution.phase_school_days == {("G", 1): frozenset({0, 1, 2, 3})}


def test_a_phase_chooses_its_own_school_day_to_fit_the_rota() -> None:
    # the supervisor works Mon-Thu only and the phase needs 4 company days all with the
    # supervisor: the phase's one chosen school day must be Fri, the only day that leaves
    # Mon-Thu free; the class's fixed Mon in the other phase is untouched
    rota = Rota("MON-THU", (("D", "D", "D", "D", None, None, None),))
    problem = one_class((Phase("G", 1, 1, 4, school_days_to_choose=1), Phase("G", 2, 2, 1)),
                        school=frozenset({0}), rota=rota)
    solved, rows = solve_checked(problem)
    assert solved.result.solution.phase_school_days == {("G", 1): frozenset({4})}
    assert (weekdays(rows, "school", 1), weekdays(rows, "company", 1)) == ([4], [0, 1, 2, 3])
    assert weekdays(rows, "school", 2) == [0]


def test_an_apprenticeship_year_places_only_at_an_approved_training_company() -> None:
    # C1 comes first and would do otherwise, but it is not an approved training company and
    # the programme's second phase is an apprenticeship: only C2 may take the participant
    companies = (Company("C1", practice_days=frozenset(range(5)),
                         approved_training_company=False),
                 Company("C2", practice_days=frozenset(range(5))))
    phases = (Phase("G", 1, 1, 3), Phase("G", 2, 2, 5, at_school=False, apprenticeship=True))
    solved, _ = solve_checked(one_class(phases, school=frozenset({0, 1}), companies=companies))
    (placement,) = solved.result.solution.placements
    assert placement.company_id == "C2"
    # without the apprenticeship week, the first company is as good
    plain = one_class((Phase("G", 1, 1, 3),), school=frozenset({0, 1}), companies=companies[:1])
    assert solve_checked(plain)[0].result.placed == 1
    only_unapproved = one_class(phases, school=frozenset({0, 1}), companies=companies[:1])
    (unplaced,) = solve_checked(only_unapproved)[0].result.unplaced
    assert unplaced.reason == "not_approved"


def test_rota_day_off_codes_are_never_days_with_the_supervisor(tmp_path: Path) -> None:
    # the rota is typed as workplaces do: F1 on Wednesday and FRI on Friday are days off. With
    # school Mon,Tue and 3 company days all with the supervisor, Wed-Fri would be needed on
    # shifts, so the pair cannot work (before, F1 and FRI counted as shifts). With 1 day with
    # the supervisor it works: Thu is the one shift among Wed-Fri
    rota = Rota("R", (("D", "D", "D", "D", "D", None, None),))
    path = tmp_path / "round.xlsx"
    problem = one_class((Phase("G", 1, 2, 3),), school=frozenset({0, 1}), rota=rota)
    write_problem(problem, path)
    book = openpyxl.load_workbook(path)
    book["Rotas"]["E2"], book["Rotas"]["G2"] = "F1", "FRI"  # wed, fri
    book.save(path)
    read = read_problem(path)
    assert read.rotas[0].weeks[0] == ("D", "D", None, "D", None, None, None)
    (unplaced,) = solve_checked(read)[0].result.unplaced
    assert unplaced.reason == "rota"
    looser = replace(read, phases=(Phase("G", 1, 2, 3, min_days_with_supervisor=1),))
    solved, rows = solve_checked(looser)
    assert solved.result.placed == 1
    together = sorted(r.date.weekday() for r in rows if r.with_supervisor)
    assert together == [3, 3]  # Thursday of each week
