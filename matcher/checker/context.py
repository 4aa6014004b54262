"""What every rule needs, looked up once: the placements, the planned weeks, the rows by week.

Built defensively: a result may name ids the problem does not know, or rows may sit anywhere in
time. Nothing here raises on such a result; the rules report it instead.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from matcher.checker.derive import (
    Closed,
    TravelTable,
    Week,
    closed_dates,
    planned_weeks,
    programme_week,
    rota_anchor,
)
from matcher.problem import Company, Participant, Problem, Programme, Supervisor
from matcher.result import Activity, Placement, Solution


@dataclass
class Plan:
    """One placed participant's placement with its planned weeks and its timetable rows.

    ``rows_by_week[i]`` holds the rows dated in the ``i``-th planned week; ``stray`` the rows
    dated outside every planned week.
    """

    placement: Placement
    participant: Participant | None
    programme: Programme | None
    company: Company | None
    supervisor: Supervisor | None
    school_days: frozenset[int]
    weeks: tuple[Week, ...]
    rows_by_week: list[list[Activity]] = field(default_factory=list)
    stray: list[Activity] = field(default_factory=list)


@dataclass
class Context:
    """The problem, the solution and the timetable, indexed for the rules."""

    problem: Problem
    solution: Solution
    rows: list[Activity]
    weeks: dict[str, tuple[Week, ...]]
    anchor: dt.date | None
    travel: TravelTable
    closed: Closed
    #: The first placement of each known participant: counts and timetables use it; a second
    #: one, or one of an unknown participant, is reported by ``one_placement`` alone.
    first: dict[str, Placement]
    plans: list[Plan]
    #: Rows of participants without a placement.
    orphan_rows: list[Activity]


def build_context(problem: Problem, solution: Solution, rows: Iterable[Activity]) -> Context:
    """Index everything the rules look at."""
    row_list = list(rows)
    weeks = planned_weeks(problem)
    first: dict[str, Placement] = {}
    for pl in solution.placements:
        if pl.participant_id in problem.participants_by_id:
            first.setdefault(pl.participant_id, pl)
    by_participant: dict[str, list[Activity]] = defaultdict(list)
    for row in row_list:
        by_participant[row.participant_id].append(row)
    plans = [_plan(problem, solution, weeks, pl, by_participant.get(pid, []))
             for pid, pl in first.items()]
    orphans = [r for pid, rs in by_participant.items() if pid not in first for r in rs]
    return Context(problem, solution, row_list, weeks, rota_anchor(problem), TravelTable(problem),
                   closed_dates(problem, weeks), first, plans, orphans)


def _plan(problem: Problem, solution: Solution, weeks: dict[str, tuple[Week, ...]],
          placement: Placement, rows: list[Activity]) -> Plan:
    """Sort one participant's rows into their planned weeks."""
    pweeks = weeks.get(placement.programme_id, ())
    plan = Plan(
        placement=placement,
        participant=problem.participants_by_id.get(placement.participant_id),
        programme=problem.programmes_by_id.get(placement.programme_id),
        company=problem.companies_by_id.get(placement.company_id),
        supervisor=problem.supervisors_by_id.get(placement.supervisor_id),
        school_days=frozenset(solution.school_days.get(placement.programme_id, frozenset())),
        weeks=pweeks,
        rows_by_week=[[] for _ in pweeks],
    )
    index = {w.week: i for i, w in enumerate(pweeks)}
    for row in rows:
        i = None
        if plan.programme is not None:
            i = index.get(programme_week(plan.programme.start_date, row.date))
        if i is None:
            plan.stray.append(row)
        else:
            plan.rows_by_week[i].append(row)
    return plan
