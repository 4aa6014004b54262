"""A tiny hand-made round and a valid result for it, built directly in Python.

One programme (2 weeks, Mon–Tue school, 2 company days, 1 day with the supervisor), one
company, one supervisor on a 2-week rota, two participants. The rota and company days are
chosen so that every timetable rule is *just* met, which lets each test break exactly one rule.

Rota R1 (anchor = programme start, 2024-08-05, a Monday):
    week 1: Mon D, Tue D, Wed D, Thu -, Fri D
    week 2: Mon E, Tue E, Wed D, Thu E, Fri -
Participant A (any shift): company Wed+Thu, then Wed+Fri → one day with the supervisor a week.
Participant B (D only):    company Wed+Fri, then Wed+Thu → two, then one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest

from matcher.problem import (
    Cefr,
    Company,
    Participant,
    Phase,
    Place,
    Problem,
    Programme,
    Rota,
    Supervisor,
    TravelTime,
)
from matcher.result import Activity, Placement, Solution
from matcher.timetable import all_activities

START = dt.date(2024, 8, 5)
NAMES = ("Kari Nordmann", "Ola Hansen")


@dataclass(frozen=True)
class Base:
    """The valid round: problem, solution and the timetable rows it expands to."""

    problem: Problem
    solution: Solution
    rows: tuple[Activity, ...]

    def row(self, pid: str, day: dt.date) -> Activity:
        """The single row of a participant on a date."""
        (found,) = [r for r in self.rows if r.participant_id == pid and r.date == day]
        return found

    def with_participant(self, pid: str, **changes: object) -> Problem:
        """The problem with one participant changed."""
        people = tuple(replace(p, **changes) if p.participant_id == pid else p  # type: ignore[arg-type]
                       for p in self.problem.participants)
        return replace(self.problem, participants=people)


def build_problem() -> Problem:
    """The tiny round described in the module docstring."""
    programme = Programme("P1", "Helsefagarbeider", START, school_days=frozenset({0, 1}),
                          min_norwegian_level=Cefr.A2, min_class_size=1, max_class_size=2,
                          min_with_rights=1, min_without_rights=1)
    phase = Phase("P1", 1, 2, company_days=2, at_school=True, min_days_with_supervisor=1)
    participants = (
        Participant("A", ("P1",), Cefr.B1, name=NAMES[0], area="Oslo", max_travel_minutes=45,
                    has_rights=True),
        Participant("B", ("P1",), Cefr.B1, name=NAMES[1], max_travel_minutes=5,
                    allowed_shifts=frozenset({"D"})),
    )
    company = Company("C1", name="Sykehjemmet", area="Bærum")
    place = Place("C1", "helsefagarbeider ", 2)  # trade keys compare, not raw text
    supervisor = Supervisor("S1", "C1", "HELSEFAGARBEIDER", "R1", max_trainees=2)
    rota = Rota("R1", (("D", "D", "D", None, "D", None, None),
                       ("E", "E", "D", "E", None, None, None)))
    return Problem(
        programmes=(programme,), phases=(phase,), participants=participants,
        companies=(company,), places=(place,), supervisors=(supervisor,), rotas=(rota,),
        travel=(TravelTime("oslo", "bærum", 30),),
    )


def build_solution() -> Solution:
    """The valid result for :func:`build_problem`."""
    return Solution(
        placements=(
            Placement("A", "P1", "C1", "S1", company_days=((2, 3), (2, 4))),
            Placement("B", "P1", "C1", "S1", company_days=((2, 4), (2, 3))),
        ),
        school_days={"P1": frozenset({0, 1})},
    )


@pytest.fixture
def base() -> Base:
    problem, solution = build_problem(), build_solution()
    return Base(problem, solution, tuple(all_activities(problem, solution)))
