"""Helpers for the trial tests. A tiny trial round (built with :class:`tests.rounds.Round`): one
health programme, two companies, two supervisors on day shifts Mon–Fri, two candidates, one
two-week window. Each test changes one thing."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from matcher.problem import Phase, Problem, Settings, TrialWindow
from matcher.result import Activity
from matcher.samples import generate
from matcher.trials import Limits, TrialResult, solve_trials_checked
from matcher.trials.days import ClosedDates
from tests.rounds import Round

START = dt.date(2026, 8, 17)  # a Monday: the programme starts
JUNE = dt.date(2026, 6, 1)  # a Monday: the trial window starts
HFA = "Helsefagarbeider"


def base() -> Problem:
    r = Round(trade=HFA, start=START, area="Sandane", rotas={},
              settings=Settings(rota_anchor_date=START))
    r.rota("DAY", ("D", "D", "D", "D", "D", None, None))
    r.programme("G1", phases=(Phase("G1", 1, 10, 3),))
    for pid in ("P1", "P2"):
        r.participant(pid)
    r.company("C1", name="Sjukeheimen")
    r.company("C2", name="Heimetenesta")
    r.supervisor("S1", "C1", rota="DAY")
    r.supervisor("S2", "C2", rota="DAY")
    return r.problem(trial_windows=(TrialWindow("W1", JUNE),))


def gloppen_with_windows(participants: int = 40) -> Problem:
    """A generated Gloppen round (seed 3) with three two-week trial windows a fortnight apart,
    the last ending as the course starts: the round the command, web and safety tests plan."""
    problem = generate(participants, None, 3, "gloppen")
    start = min(g.start_date for g in problem.programmes)
    windows = tuple(TrialWindow(f"W{i}", start - dt.timedelta(days=14 * (3 - i)), 2, 5, 2)
                    for i in range(3))
    return replace(problem, trial_windows=windows)


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
