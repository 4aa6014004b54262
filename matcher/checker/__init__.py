"""The independent checker: every hard rule of SPEC.md re-checked on a result, without CP-SAT.

It does not import the solver's code (``matcher.model``, ``matcher.eligibility``) and derives
the planned weeks, rota shifts and travel times again itself (:mod:`matcher.checker.derive`), so
a bug in the solver cannot hide by being repeated here. Every result is checked before it is
written: a violation means a bug, reported as :class:`~matcher.errors.CheckError`, and nothing
wrong reaches a coordinator.

One small function per :class:`matcher.rules.HardRule`, grouped by SPEC.md's
rules: :mod:`~matcher.checker.placement_rules` (1–5), :mod:`~matcher.checker.class_rules` (6)
and :mod:`~matcher.checker.timetable_rules` (7).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from matcher.checker.class_rules import (
    apprenticeship_company,
    class_size,
    rights_minimum,
    school_days,
)
from matcher.checker.context import Context, build_context
from matcher.checker.derive import planned_weeks
from matcher.checker.placement_rules import (
    company_places,
    excluded_pair,
    follow_up_cap,
    language_level,
    locked,
    one_placement,
    programme_choice,
    rejected_trial,
    supervisor_capacity,
    supervisor_company,
    supervisor_trade,
    travel_limit,
)
from matcher.checker.timetable_rules import (
    timetable_company_days,
    timetable_one_activity,
    timetable_planned_weeks,
    timetable_school,
    timetable_supervisor,
)
from matcher.checker.violation import Violation
from matcher.errors import CheckError
from matcher.memory import paused_gc
from matcher.problem import Problem
from matcher.result import Activity, Placement, Solution
from matcher.rules import HardRule
from matcher.timetable import activities

__all__ = ["RULE_CHECKS", "Violation", "assert_valid", "check_validity"]

#: Hard rule → the function that checks it, in SPEC.md's order.
RULE_CHECKS: dict[HardRule, Callable[[Context], list[Violation]]] = {
    HardRule.ONE_PLACEMENT: one_placement,
    HardRule.PROGRAMME_CHOICE: programme_choice,
    HardRule.SUPERVISOR_COMPANY: supervisor_company,
    HardRule.SUPERVISOR_TRADE: supervisor_trade,
    HardRule.SUPERVISOR_CAPACITY: supervisor_capacity,
    HardRule.COMPANY_PLACES: company_places,
    HardRule.FOLLOW_UP_CAP: follow_up_cap,
    HardRule.LANGUAGE_LEVEL: language_level,
    HardRule.TRAVEL_LIMIT: travel_limit,
    HardRule.REJECTED_TRIAL: rejected_trial,
    HardRule.EXCLUDED_PAIR: excluded_pair,
    HardRule.LOCKED: locked,
    HardRule.CLASS_SIZE: class_size,
    HardRule.RIGHTS_MINIMUM: rights_minimum,
    HardRule.SCHOOL_DAYS: school_days,
    HardRule.APPRENTICESHIP_COMPANY: apprenticeship_company,
    HardRule.TIMETABLE_SCHOOL: timetable_school,
    HardRule.TIMETABLE_COMPANY_DAYS: timetable_company_days,
    HardRule.TIMETABLE_SUPERVISOR: timetable_supervisor,
    HardRule.TIMETABLE_ONE_ACTIVITY: timetable_one_activity,
    HardRule.TIMETABLE_PLANNED_WEEKS: timetable_planned_weeks,
}


def check_validity(problem: Problem, solution: Solution,
                   timetable: Iterable[Activity] | None = None) -> list[Violation]:
    """Every broken hard rule of ``solution`` (empty list: the result is valid).

    ``timetable`` is the rows to be written; when ``None`` they are expanded from the solution.
    Never raises on a malformed result: unknown ids and the like are violations.
    """
    with paused_gc():  # the context holds a list per participant and week
        rows = list(timetable) if timetable is not None else list(_expand(problem, solution))
        ctx = build_context(problem, solution, rows)
        out: list[Violation] = []
        for check in RULE_CHECKS.values():
            out.extend(check(ctx))
    return out


def assert_valid(problem: Problem, solution: Solution,
                 timetable: Iterable[Activity] | None = None) -> None:
    """Raise :class:`~matcher.errors.CheckError` listing every violation, if there is any."""
    violations = check_validity(problem, solution, timetable)
    if violations:
        raise CheckError([str(v) for v in violations])


def _expand(problem: Problem, solution: Solution) -> Iterator[Activity]:
    """The timetable rows of each participant's first placement, as ``matcher.timetable``
    writes them (participants in input order). A placement too broken to expand (unknown ids,
    wrong number of weeks) gives no rows: the rules report it."""
    order = {p.participant_id: i for i, p in enumerate(problem.participants)}
    first: dict[str, Placement] = {}
    for pl in solution.placements:
        first.setdefault(pl.participant_id, pl)
    weeks = planned_weeks(problem)
    for pid in sorted(first, key=lambda pid: order.get(pid, len(order))):
        pl = first[pid]
        if (pid not in order or pl.supervisor_id not in problem.supervisors_by_id
                or pl.programme_id not in weeks
                or len(pl.company_days) != len(weeks[pl.programme_id])):
            continue
        try:
            yield from list(activities(problem, solution, pl))
        except (KeyError, IndexError, ValueError, ZeroDivisionError):
            continue
