"""Property tests of the solver on generated rounds.

* Every result of a generated round passes the independent checker (or the round is reported
  infeasible because locks conflict, which the brute force then confirms).
* On tiny rounds, an exhaustive search over every assignment, filtered by the checker alone,
  finds no result that places more participants, or the same number with a better priority
  profile: goals 1 and 2 are really optimal, and the status says OPTIMAL.
* Where only capacities bind, the number placed equals the max-flow bound.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from hypothesis import HealthCheck, given, settings

from matcher.checker import check_validity
from matcher.errors import InfeasibleError
from matcher.problem import Problem, Rota, SchoolOption
from matcher.result import Placement, Result, Solution
from matcher.round import solve_checked
from matcher.timetable import choose_company_days
from tests.strategies import placeable

FAST = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _key(problem: Problem, placed: list[str]) -> tuple[int, ...]:
    prio = [problem.participants_by_id[p].priority for p in placed]
    return (len(placed), *(prio.count(k) for k in (5, 4, 3, 2, 1)))


def _solution(problem: Problem, combo: tuple[tuple[str, str, str] | None, ...],
              school: dict[str, SchoolOption]) -> Solution | None:
    placements = []
    for choice in combo:
        if choice is None:
            continue
        pid, gid, sid = choice
        try:
            days = choose_company_days(problem, problem.participants_by_id[pid],
                                       problem.supervisors_by_id[sid], gid, school[gid])
        except ValueError:
            return None
        placements.append(Placement(pid, gid, problem.supervisors_by_id[sid].company_id,
                                    sid, days))
    return Solution.planned(tuple(placements), school)


def brute_force_best(problem: Problem) -> tuple[int, ...] | None:
    """The best (placed, priority profile) over every assignment the checker accepts."""
    options: list[list[tuple[str, str, str] | None]] = []
    for p in problem.participants:
        row: list[tuple[str, str, str] | None] = [None]
        for gid in p.programmes:
            trade = problem.programmes_by_id[gid].trade
            row += [(p.participant_id, gid, s.supervisor_id) for s in problem.supervisors
                    if s.trade == trade]
        options.append(row)
    combos = sorted(itertools.product(*options), key=lambda c: _key(
        problem, [x[0] for x in c if x is not None]), reverse=True)
    school_choices = [problem.school_day_options(g) for g in problem.programmes]
    for combo in combos:
        for school_sets in itertools.product(*school_choices):
            school = {g.programme_id: d for g, d in zip(problem.programmes, school_sets,
                                                        strict=True)}
            solution = _solution(problem, combo, school)
            if solution is not None and not check_validity(problem, solution):
                return _key(problem, [p.participant_id for p in solution.placements])
    return None


def solve_or_none(problem: Problem) -> Result | None:
    try:
        solved, _ = solve_checked(problem)
    except InfeasibleError:
        return None
    return solved.result


@FAST
@given(placeable(max_participants=8))
def test_generated_rounds_pass_the_checker(problem: Problem) -> None:
    problem = replace(problem, settings=replace(problem.settings, time_limit_seconds=5,
                                                workers=1))
    result = solve_or_none(problem)  # solve_checked raises CheckError on any broken rule
    if result is not None:
        assert result.placed <= result.upper_bound
        assert len(result.unplaced) + result.placed == len(problem.participants)
        if result.quality_bound is not None:  # a bound is never below what was reached
            assert result.quality <= result.quality_bound


def _tiny(problem: Problem) -> Problem:
    """Keep the exhaustive search small: at most 3 participants, 3 supervisors, 2 weeks."""
    sups = problem.supervisors[:3]
    return replace(problem, participants=problem.participants[:3], supervisors=sups,
                   settings=replace(problem.settings, horizon_weeks=2, time_limit_seconds=10,
                                    workers=1))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(placeable(max_participants=3, max_companies=2, max_programmes=2))
def test_goals_one_and_two_match_exhaustive_search(problem: Problem) -> None:
    problem = _tiny(problem)
    problem = replace(problem, participants=tuple(
        replace(p, locked_company=None, locked_supervisor=None)
        if p.locked_supervisor not in problem.supervisors_by_id else p
        for p in problem.participants))
    best = brute_force_best(problem)
    result = solve_or_none(problem)
    if best is None:
        assert result is None  # no valid result exists: the solver must say the rules conflict
        return
    assert result is not None
    assert result.status == "OPTIMAL"
    assert (result.placed, *result.priority_profile) == best


OFFICE = Rota("OFFICE", (("D", "D", "D", "D", "D", "D", "D"),))


@FAST
@given(placeable(max_participants=10))
def test_capacity_only_rounds_reach_the_flow_bound(problem: Problem) -> None:
    # Strip every rule that is not a capacity: class sizes, rights, follow-up caps, locks,
    # chosen school days; every supervisor works every day.
    progs = tuple(replace(g, min_class_size=0, max_class_size=None, min_with_rights=0,
                          min_without_rights=0,
                          school_days=g.school_days or frozenset({0}),
                          school_days_to_choose=None) for g in problem.programmes)
    problem = replace(
        problem, programmes=progs, rotas=(OFFICE,),
        phases=tuple(replace(ph, company_days=min(ph.company_days, 1),
                             min_days_with_supervisor=None) for ph in problem.phases),
        supervisors=tuple(replace(s, rota_id="OFFICE", rota_start_week=1)
                          for s in problem.supervisors),
        companies=tuple(replace(c, max_high_follow_up=None, practice_days=frozenset(range(7)))
                        for c in problem.companies),
        participants=tuple(replace(p, locked_company=None, locked_supervisor=None,
                                   unavailable_days=frozenset()) for p in problem.participants),
        settings=replace(problem.settings, time_limit_seconds=5, workers=1))
    result = solve_or_none(problem)
    assert result is not None
    assert result.placed == result.upper_bound
    assert result.bound_is_exact and result.status == "OPTIMAL"
