"""Re-matching a result against its own unchanged round changes nothing from the plan date on."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from matcher.errors import InfeasibleError
from matcher.model import SolveOptions
from matcher.problem import Problem
from matcher.rematch import previous_from, rematch_round
from matcher.round import solve_checked
from tests.strategies import FIRST_MONDAY, problems

OPTIONS = SolveOptions(time_limit=5, workers=1, seed=0)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(), weeks=st.integers(0, 6))
def test_unchanged_round_keeps_everyone_and_their_timetables(problem: Problem,
                                                             weeks: int) -> None:
    problem = problem.with_scenario(None)
    try:
        solved, rows = solve_checked(problem, OPTIONS)
    except InfeasibleError:
        reject()  # the round's locks conflict: there is no result to re-match
    plan_from = FIRST_MONDAY + dt.timedelta(weeks=weeks)
    outcome = rematch_round(problem, previous_from(solved.result.solution), plan_from, OPTIONS)
    before = {pl.participant_id for pl in solved.result.solution.placements}
    kinds = {c.participant_id: c.change for c in outcome.changes}
    assert all(kinds[p] == "kept" for p in before)
    assert outcome.rematched.goals.moved == 0 and outcome.rematched.goals.dropped == 0
    old = sorted((a.participant_id, a.date, a.activity, a.shift) for a in rows
                 if a.date >= plan_from)
    new = sorted((a.participant_id, a.date, a.activity, a.shift) for a in outcome.timetable
                 if a.participant_id in before)
    assert new == old
