"""The independent trial checker finds each kind of broken trial plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from matcher.checker.trials import check_trials
from matcher.errors import CheckError
from matcher.problem import Problem, Settings, TrialWindow
from matcher.result import Activity
from matcher.trials import PlannedTrial, solve_trials_checked
from matcher.trials.solve import Limits
from tests.trials.rounds import JUNE, START, base


def _valid() -> tuple[Problem, list[PlannedTrial], list[Activity]]:
    problem = base()
    result, days = solve_trials_checked(problem, Limits(5.0, 1, 0))
    return problem, list(result.trials), days


def _rules(problem: Problem, trials: list[PlannedTrial], days: list[Activity]) -> set[str]:
    return {v.rule for v in check_trials(problem, trials, days)}


def test_a_valid_plan_has_no_violation() -> None:
    assert _rules(*_valid()) == set()


def test_two_trials_with_one_supervisor_break_capacity() -> None:
    problem, trials, days = _valid()
    moved = [replace(t, company_id="C1", supervisor_id="S1") for t in trials]
    moved_days = [d._replace(company_id="C1", supervisor_id="S1") for d in days]
    assert "trial_capacity" in _rules(problem, moved, moved_days)


def test_day_on_an_unavailable_day_or_off_shift_breaks_the_days() -> None:
    problem, trials, days = _valid()
    problem = replace(problem, participants=tuple(
        replace(p, unavailable_days=frozenset({0})) for p in problem.participants))
    assert "trial_days" in _rules(problem, trials, days)
    problem, trials, days = _valid()
    saturday = days[0]._replace(date=JUNE + dt.timedelta(days=5))
    assert "trial_days" in _rules(problem, trials, [saturday, *days[1:]])
    assert "trial_days" in _rules(problem, trials, [*days[:-1], days[-1]._replace(shift="N")])


def test_wrong_trade_window_pair_and_limits_are_found() -> None:
    problem, trials, days = _valid()
    other = replace(problem, trial_windows=(TrialWindow("W1", JUNE,
                                                        occupations=frozenset({"kokk"})),))
    assert "trial_trade" in _rules(other, trials, days)
    excluded = replace(problem, participants=tuple(
        replace(p, locked_company="C9") for p in problem.participants))
    assert "trial_pair" in _rules(excluded, trials, days)
    twice = replace(problem, settings=Settings(rota_anchor_date=START, trials_per_candidate=2),
                    trial_windows=(*problem.trial_windows,
                                   TrialWindow("W2", JUNE + dt.timedelta(days=7))))
    first = trials[0]
    second = replace(first, window_id="W2",
                     company_id="C2" if first.company_id == "C1" else "C1",
                     supervisor_id="S2" if first.company_id == "C1" else "S1")
    assert "trial_limits" in _rules(twice, [first, second], [])


def test_unknown_ids_are_violations_not_crashes() -> None:
    problem, trials, days = _valid()
    assert "trial_known" in _rules(problem, [replace(trials[0], window_id="nope")], days)
    with pytest.raises(CheckError):
        from matcher.checker.trials import assert_trials_valid

        assert_trials_valid(problem, [replace(trials[0], supervisor_id="S9")], days)
