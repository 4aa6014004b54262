"""Properties: any tampering with a valid timetable is caught; nothing ever raises.

Hypothesis drives random edits of the tiny valid round from ``conftest.py``; when the shared
``tests/strategies.py`` (with ``problems()``) exists, random whole problems are checked too.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.checker import check_validity
from matcher.result import Placement, Solution
from matcher.rules import HardRule
from matcher.timetable import all_activities

from .conftest import NAMES, build_problem, build_solution

PROBLEM = build_problem()
SOLUTION = build_solution()
ROWS = tuple(all_activities(PROBLEM, SOLUTION))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.sets(st.integers(0, len(ROWS) - 1), min_size=1))
def test_dropping_any_rows_is_caught(dropped: set[int]) -> None:
    rows = [r for i, r in enumerate(ROWS) if i not in dropped]
    assert check_validity(PROBLEM, SOLUTION, rows)


@FAST
@given(st.integers(0, len(ROWS) - 1), st.integers(-20, 20).filter(lambda n: n != 0))
def test_moving_any_row_is_caught(index: int, days: int) -> None:
    rows = list(ROWS)
    moved = rows[index]
    rows[index] = moved._replace(date=moved.date + dt.timedelta(days=days))
    assert check_validity(PROBLEM, SOLUTION, rows)


def test_claiming_a_shift_is_caught() -> None:
    """Every row, every shift claim: a school row carries no shift, a row not with the
    supervisor names none, and in the valid base every company row that could be with the
    supervisor already is, so any other claim of a shared shift is false and caught. Only
    giving up a claim (no shift, not with the supervisor) may stay valid, while the week keeps
    enough days with the supervisor."""
    caught = 0
    for index, row in enumerate(ROWS):
        for shift, together in itertools.product(["D", "E", "N", None], [True, False]):
            changed = row._replace(shift=shift, with_supervisor=together)
            violations = check_validity(PROBLEM, SOLUTION, [*ROWS[:index], changed,
                                                            *ROWS[index + 1:]])
            if changed == row or (row.activity == "company" and (shift, together) == (None, False)):
                continue
            assert violations, f"{changed} claims a shift and is not caught"
            caught += 1
    assert caught > len(ROWS) * 6
    assert not check_validity(PROBLEM, SOLUTION, ROWS)


week_days = st.frozensets(st.integers(0, 6), max_size=7).map(lambda s: tuple(sorted(s)))


def test_any_company_days_are_valid_exactly_when_every_rule_holds() -> None:
    """Placing A on every choice of up to 3 weekdays in each of the 2 weeks (4096 results):
    the checker agrees with a direct reading of the rules for this round."""
    # (week, weekday) outside school where S1 has a shift and A (any shift) may work it
    shared = {(1, 2), (1, 4), (2, 2), (2, 3)}
    choices = [c for k in range(4) for c in itertools.combinations(range(7), k)]
    valid = 0
    for first, second in itertools.product(choices, choices):
        placement = Placement("A", "P1", "C1", "S1", (first, second))
        solution = replace(SOLUTION, placements=(placement, SOLUTION.placements[1]))
        violations = check_validity(PROBLEM, solution)
        ok = all(
            len(days) == 2 and not set(days) & {0, 1, 5, 6}  # school Mon-Tue, practice Mon-Fri
            and any((week, d) in shared for d in days)
            for week, days in ((1, first), (2, second))
        )
        assert (not violations) == ok, (first, second, violations[:3])
        valid += ok
    assert valid == 9  # Wed+Thu / Wed+Fri / Thu+Fri in week 1 × Wed+Thu / Wed+Fri / Thu+Fri


@FAST
@given(st.lists(st.tuples(st.sampled_from(["A", "B", "Z"]), st.sampled_from(["P1", "P9"]),
                          st.sampled_from(["C1", "C9"]), st.sampled_from(["S1", "S9"]),
                          st.lists(week_days, max_size=3).map(tuple)), max_size=4),
       st.dictionaries(st.sampled_from(["P1", "P9"]),
                       st.frozensets(st.integers(-1, 8), max_size=6), max_size=2))
def test_any_solution_is_checked_without_raising(
        raw: list[tuple[str, str, str, str, tuple[tuple[int, ...], ...]]],
        school: dict[str, frozenset[int]]) -> None:
    solution = Solution(tuple(Placement(*r) for r in raw), school)
    for violation in check_validity(PROBLEM, solution):
        assert violation.rule in HardRule
        assert not any(name in violation.message for name in NAMES)


def _strategies() -> ModuleType | None:
    """The shared hypothesis strategies, when another engineer has written them."""
    path = Path(__file__).parents[1] / "strategies.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("tests_strategies_for_checker", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module if hasattr(module, "problems") else None


STRATEGIES = _strategies()


@pytest.mark.skipif(STRATEGIES is None, reason="tests/strategies.py with problems() not there yet")
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_empty_solution_breaks_only_locks(data: st.DataObject) -> None:
    """Placing nobody is valid except for locked participants, who must be placed."""
    assert STRATEGIES is not None
    problem = data.draw(STRATEGIES.problems())
    violations = check_validity(problem, Solution((), {}))
    locked = {p.participant_id for p in problem.participants
              if p.locked_company is not None or p.locked_supervisor is not None}
    assert {v.rule for v in violations} <= {"locked"}
    assert {v.participant_id for v in violations} == locked


@pytest.mark.skipif(STRATEGIES is None, reason="tests/strategies.py with problems() not there yet")
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_solver_results_pass_the_checker(data: st.DataObject) -> None:
    """Cross-check on random rounds: what the solver returns, the checker accepts.

    Locks and class minimums are lifted and places raised, so that more rounds are feasible
    and have placements to check (random rounds rarely do otherwise)."""
    from matcher.errors import InfeasibleError
    from matcher.model import SolveOptions
    from matcher.round import solve_checked

    assert STRATEGIES is not None
    drawn = data.draw(STRATEGIES.problems(max_participants=6, max_companies=3))
    problem = replace(
        drawn,
        participants=tuple(replace(p, locked_company=None, locked_supervisor=None)
                           for p in drawn.participants),
        programmes=tuple(replace(p, min_class_size=0, min_with_rights=0, min_without_rights=0)
                         for p in drawn.programmes),
        places=tuple(replace(p, places=p.places + 2) for p in drawn.places),
    )
    try:
        solved, rows = solve_checked(problem, SolveOptions(time_limit=3.0, workers=1, seed=0))
    except InfeasibleError:
        return  # locks or class rules conflict: nothing to check
    assert check_validity(problem, solved.result.solution, rows) == []
