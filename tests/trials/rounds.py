"""Helpers for the trial tests. A tiny hand-built trial round: one health programme, two
companies, two supervisors on day shifts Mon–Fri, two candidates, one two-week window. Each test
changes one thing."""

from __future__ import annotations

import datetime as dt

from matcher.problem import (
    Cefr,
    Company,
    Participant,
    Phase,
    Place,
    Problem,
    Programme,
    Rota,
    Settings,
    Supervisor,
    TrialWindow,
)
from matcher.result import Activity
from matcher.trials import Limits, TrialResult, solve_trials_checked
from matcher.trials.days import ClosedDates

START = dt.date(2026, 8, 17)  # a Monday: the programme starts
JUNE = dt.date(2026, 6, 1)  # a Monday: the trial window starts
HFA = "Helsefagarbeider"


def base() -> Problem:
    return Problem(
        programmes=(Programme("G1", HFA, START, frozenset({0, 1})),),
        phases=(Phase("G1", 1, 10, 3),),
        participants=(Participant("P1", ("G1",), Cefr.B1, area="Sandane"),
                      Participant("P2", ("G1",), Cefr.B1, area="Sandane")),
        companies=(Company("C1", "Sjukeheimen", "Sandane"),
                   Company("C2", "Heimetenesta", "Sandane")),
        places=(Place("C1", HFA, 1), Place("C2", HFA, 1)),
        supervisors=(Supervisor("S1", "C1", HFA, "DAY"), Supervisor("S2", "C2", HFA, "DAY")),
        rotas=(Rota("DAY", (("D", "D", "D", "D", "D", None, None),)),),
        settings=Settings(rota_anchor_date=START),
        trial_windows=(TrialWindow("W1", JUNE),),
    )


def plan(problem: Problem, closed: ClosedDates | None = None,
         ) -> tuple[TrialResult, list[Activity]]:
    """Plan and check independently (the checker runs inside)."""
    return solve_trials_checked(problem, Limits(10.0, 1, 0), closed=closed)


def where(result: TrialResult) -> dict[str, list[tuple[str, str]]]:
    """participant → [(window, company)] of the plan."""
    out: dict[str, list[tuple[str, str]]] = {}
    for t in result.trials:
        out.setdefault(t.participant_id, []).append((t.window_id, t.company_id))
    return out


def reason(result: TrialResult, pid: str) -> str:
    return next(n.reason for n in result.no_trial if n.participant_id == pid)
