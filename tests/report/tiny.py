"""A tiny hand-made round and its result, for the output workbook tests.

One programme (school Mon+Tue, two planned weeks, three company days a week), one company with
two places, one supervisor on a one-week rota, three participants: two placed, one unplaced.
One placed participant has a formula-looking id and name; the unplaced one an error-looking name.
"""

from __future__ import annotations

import datetime as dt

from matcher.problem import (
    Cefr,
    Company,
    InputIssue,
    Participant,
    Phase,
    Place,
    Preference,
    Problem,
    Programme,
    Rota,
    Settings,
    Supervisor,
    Trial,
)
from matcher.result import Placement, Result, Solution, Unplaced
from matcher.rules import Reason, Status

START = dt.date(2025, 1, 6)  # a Monday
FORMULA_ID = "=1+1"
FORMULA_NAME = '=HYPERLINK("http://x","y")'


def tiny_problem(extra_participants: tuple[Participant, ...] = ()) -> Problem:
    """The tiny round (see the module docstring)."""
    return Problem(
        programmes=(Programme("P1", "Helsefagarbeider", START, school_days=frozenset({0, 1}),
                              name="Helse kull 1", min_class_size=1, max_class_size=4),),
        phases=(Phase("P1", 1, 2, company_days=3, min_days_with_supervisor=2, label="Vg1"),),
        participants=(
            Participant("A1", ("P1",), Cefr.B1, name="Ada Lovelace", area="Oslo",
                        has_rights=True, current_company="C1", priority=5),
            Participant(FORMULA_ID, ("P1",), Cefr.B1, name=FORMULA_NAME,
                        allowed_shifts=frozenset({"E", "N"})),
            Participant("A3", ("P1",), Cefr.A1, name="#N/A"),
            *extra_participants,
        ),
        companies=(Company("C1", name="Sykehjemmet", area="Oslo", training_office="OK Helse",
                           practice_days=frozenset(range(6))),),
        places=(Place("C1", "Helsefagarbeider", 2),),
        supervisors=(Supervisor("S1", "C1", "Helsefagarbeider", "R1", max_trainees=2),),
        rotas=(Rota("R1", (("D", "D", "E", None, "N", None, None),)),),
        trials=(Trial("A1", "C1", "approved"),),
        preferences=(Preference("A1", "C1", participant_rank=1, company_rank=2),),
        settings=Settings(round_name="Vår 2025", time_limit_seconds=10, workers=1),
        warnings=(InputIssue("Participants", 7, "area", "unknown column", value="-x"),),
    )


def tiny_result(problem: Problem) -> Result:
    """A valid hand-made result: A1 and the formula id placed at C1 with S1, A3 unplaced."""
    placements = (
        # week 1 Wed (E) Thu (off) Fri (N); week 2 Wed (E) Fri (N) Sat (off)
        Placement("A1", "P1", "C1", "S1", ((2, 3, 4), (2, 4, 5))),
        Placement(FORMULA_ID, "P1", "C1", "S1", ((2, 3, 4), (2, 3, 4))),
    )
    return Result(
        status=Status.OPTIMAL,
        solution=Solution(placements, {"P1": frozenset({0, 1})}),
        participants=len(problem.participants),
        upper_bound=2,
        bound_is_exact=True,
        priority_profile=(1, 0, 1, 0, 0),
        quality=123,
        quality_bound=130,
        runtime=0.25,
        unplaced=(Unplaced("A3", Reason.CAPACITY, "All 2 places at C1 are taken."),),
        timings={"read": 0.1, "solve": 0.2},
        settings_used={"time_limit_seconds": 10.0, "random_seed": 0, "workers": 1,
                       "weights": {"approved_trial": 40, "travel": 10}},
    )
