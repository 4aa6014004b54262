"""Every plan on generated rounds passes the independent trial checker, and goal 1 meets its
max-flow bound; where only capacities bind, the bound is the closed-form capacity."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import placeable

from matcher.problem import Place, Problem, Rota, Supervisor, TrialWindow
from matcher.trials import Limits, solve_trials_checked

from .rounds import HFA, JUNE, base


def _with_windows(problem: Problem) -> Problem:
    """Generated rounds keep their own windows, or get two that every trade may use."""
    if problem.trial_windows:
        return problem
    start = min(g.start_date for g in problem.programmes)
    return replace(problem, trial_windows=(TrialWindow("A", start, 1, 2, 1),
                                           TrialWindow("B", start + dt.timedelta(days=7), 2, 3)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(placeable(max_participants=10))
def test_every_plan_passes_the_independent_checker(problem: Problem) -> None:
    problem = _with_windows(problem)
    result, _days = solve_trials_checked(problem, Limits(5.0, 1, 0))  # raises on a violation
    assert result.candidates_with_trial == result.upper_bound  # goal 1 is a flow: exact
    assert len(result.trials) <= result.trials_bound
    assert result.candidates_with_trial + len(result.no_trial) == len(problem.participants)
    if problem.settings.trials_per_candidate == 1:
        assert len(result.trials) == result.candidates_with_trial
    assert result.status in ("OPTIMAL", "FEASIBLE")


@settings(max_examples=25, deadline=None)
@given(people=st.integers(1, 12), places=st.lists(st.integers(0, 3), min_size=1, max_size=4),
       trainees=st.integers(0, 3), windows=st.integers(1, 3))
def test_flow_bound_is_met_where_only_capacities_bind(people: int, places: list[int],
                                                      trainees: int, windows: int) -> None:
    """Every candidate fits every supervisor (day shifts every day, no limits of their own): the
    most candidates with a trial is min(candidates, the trial room of all windows)."""
    p = base()
    open_rota = Rota("DAY", (("D",) * 7,))
    companies = tuple(replace(p.companies[0], company_id=f"C{i}") for i in range(len(places)))
    p = replace(
        p, rotas=(open_rota,), companies=companies,
        places=tuple(Place(f"C{i}", HFA, n) for i, n in enumerate(places)),
        supervisors=tuple(Supervisor(f"S{i}", f"C{i}", HFA, "DAY", max_trainees=trainees)
                          for i in range(len(places))),
        participants=tuple(replace(p.participants[0], participant_id=f"P{i}")
                           for i in range(people)),
        trial_windows=tuple(TrialWindow(f"W{i}", JUNE + dt.timedelta(days=14 * i))
                            for i in range(windows)))
    result, _ = solve_trials_checked(p, Limits(5.0, 1, 0))
    room = windows * sum(min(n, trainees) for n in places)
    assert result.candidates_with_trial == result.upper_bound == min(people, room)
    assert result.status == "OPTIMAL"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(placeable(max_participants=10))
def test_the_flow_is_lexicographically_best_as_cp_sat_confirms(problem: Problem) -> None:
    """With one trial per candidate, CP-SAT's goal-by-goal stages (started from the flow) find
    no plan with more trials, a better priority profile or more quality than the flow."""
    from collections import Counter

    from matcher.model.progress import Progress
    from matcher.trials.days import closed_dates
    from matcher.trials.eligible import build_options
    from matcher.trials.solve import _people_with_options, _positions, _Stages, flow_plan

    problem = _with_windows(problem)
    problem = replace(problem, settings=replace(problem.settings, trials_per_candidate=1))
    options = build_options(problem, closed_dates(problem))
    flow = flow_plan(problem, options)
    arcs = options.expand(_people_with_options(options))
    staged = _Stages(problem, arcs, options, Limits(10.0, 1, 0), Progress(enabled=False))
    best = staged.run(_positions(arcs, flow))

    def profile(chosen: object) -> tuple[int, ...]:
        count = Counter(problem.participants[int(p)].priority
                        for p in chosen.participant.tolist())  # type: ignore[attr-defined]
        return tuple(count[level] for level in (5, 4, 3, 2, 1))

    assert len(best.arcs) == len(flow)
    assert profile(best.arcs) == profile(flow)
    assert int(best.arcs.quality.sum()) == int(flow.quality.sum())
