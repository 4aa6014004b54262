"""The checker for a re-match: every hard rule from the plan date on, with the running-class
exemptions of SPEC.md "Re-matching mid-course".

The round the re-match had to respect is derived here again, on purpose without the planner's
code (:mod:`matcher.rematch.replan`): only the base-plan weeks whose Monday is on or after the
plan date are planned; a running class (one with participants in the previous result) has no
minimum class size or rights minimums. Its school days must be the ones the previous result
named, which is checked as a rule of its own. Then every rule of a round is checked on that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace

from matcher.checker import check_validity
from matcher.checker.violation import Violation
from matcher.errors import CheckError
from matcher.problem import Phase, Problem
from matcher.result import Activity, Solution
from matcher.rules import HardRule


def checked_round(problem: Problem, plan_from: dt.date, running: Iterable[str]) -> Problem:
    """The round as a re-match from ``plan_from`` must keep it (running classes exempt)."""
    base = [ph for ph in problem.phases if ph.scenario is None]
    starts = {g.programme_id: g.start_date for g in problem.programmes}
    phases: list[Phase] = []
    for ph in base:
        weeks = [w for w in range(ph.from_week, ph.to_week + 1)
                 if starts[ph.programme_id] + dt.timedelta(weeks=w - 1) >= plan_from]
        if weeks:
            phases.append(replace(ph, from_week=weeks[0]))
    exempt = set(running)
    programmes = tuple(replace(g, min_class_size=0, min_with_rights=0, min_without_rights=0)
                       if g.programme_id in exempt else g for g in problem.programmes)
    return replace(problem, programmes=programmes, phases=tuple(phases))


def check_rematch(problem: Problem, plan_from: dt.date, kept_days: Mapping[str, frozenset[int]],
                  running: Iterable[str], solution: Solution,
                  timetable: Iterable[Activity]) -> list[Violation]:
    """Every broken rule of a re-match. ``kept_days``: the running classes' school days as the
    previous result names them; ``running``: the programmes that had participants then."""
    rows = list(timetable)
    out = [Violation(HardRule.TIMETABLE_PLANNED_WEEKS, a.participant_id,
                     f"participant {a.participant_id} has an activity on {a.date.isoformat()}, "
                     f"before the plan date {plan_from.isoformat()}")
           for a in rows if a.date < plan_from]
    for gid, days in kept_days.items():
        planned = solution.school_days.get(gid)
        if planned is not None and planned != days:
            out.append(Violation(HardRule.SCHOOL_DAYS, None,
                                 f"running class {gid} must keep its school days"))
    checked = checked_round(problem, plan_from, running)
    fixed = replace(checked, programmes=tuple(
        replace(g, school_days=kept_days[g.programme_id], school_days_to_choose=None)
        if g.programme_id in kept_days else g for g in checked.programmes))
    out.extend(check_validity(fixed, solution, rows))
    return out


def assert_rematch_valid(problem: Problem, plan_from: dt.date,
                         kept_days: Mapping[str, frozenset[int]], running: Iterable[str],
                         solution: Solution, timetable: Iterable[Activity]) -> None:
    """Raise :class:`CheckError` listing every violation of a re-match, if there is any."""
    violations = check_rematch(problem, plan_from, kept_days, running, solution, timetable)
    if violations:
        raise CheckError([str(v) for v in violations])
