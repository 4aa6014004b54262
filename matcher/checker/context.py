"""What every rule needs, looked up once: the placements, the planned weeks, the rows by week.

Built defensively: a result may name ids the problem does not know, or rows may sit anywhere in
time. Nothing here raises on such a result; the rules report it instead.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from matcher.checker.derive import (
    Closed,
    TravelTable,
    Week,
    closed_dates,
    planned_weeks,
    programme_week,
    rota_anchor,
    week_school_days,
)
from matcher.problem import Company, Participant, Phase, Problem, Programme, Supervisor
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
    #: Each planned week with its rows, school days and closed weekdays (:func:`week_views`).
    views: list[PlanWeek] = field(default_factory=list)


class PlanWeek(NamedTuple):
    """One planned week of a plan, with what the timetable rules need of it."""

    position: int  # its place among the planned weeks
    week: Week
    rows: list[Activity]
    school: frozenset[int]  # its school days (none when not at school; the phase's own set)
    closed_all: frozenset[int]  # its weekdays closed for all for the participant
    closed_school: frozenset[int]  # its weekdays closed for school (or all) for them


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
    #: Every participant's rows (placed or not), in the order given.
    by_participant: dict[str, list[Activity]] = field(default_factory=dict)


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
    week_of_date: dict[str, dict[dt.date, int]] = {}
    plans = [_plan(problem, solution, weeks, week_of_date, pl, by_participant.get(pid, []))
             for pid, pl in first.items()]
    orphans = [r for pid, rs in by_participant.items() if pid not in first for r in rs]
    closed = closed_dates(problem, weeks)
    for plan in plans:
        plan.views = week_views(plan, closed, dict(solution.phase_school_days))
    return Context(problem, solution, row_list, weeks, rota_anchor(problem), TravelTable(problem),
                   closed, first, plans, orphans, dict(by_participant))


def week_views(plan: Plan, closed: Closed,
               phase_sets: dict[tuple[str, int], frozenset[int]]) -> list[PlanWeek]:
    """Each planned week of a plan with its rows, its school days and its closed weekdays."""
    out: list[PlanWeek] = []
    phase: Phase | None = None
    school: frozenset[int] = frozenset()
    person = plan.participant
    for i, (week, rows) in enumerate(zip(plan.weeks, plan.rows_by_week, strict=True)):
        if week.phase is not phase:  # a phase covers a run of weeks
            phase = week.phase
            school = week_school_days(plan.programme, phase, plan.school_days, phase_sets)
        closed_all, closed_school = closed.week(person, week.monday)
        out.append(PlanWeek(i, week, rows, school, closed_all, closed_school))
    return out


def _week_of_date(programme: Programme, weeks: tuple[Week, ...]) -> dict[dt.date, int]:
    """Each date of a programme's planned weeks → the index of its planned week, where
    :func:`programme_week` of the date is that week's number (a row's week is looked up by
    its date once per programme instead of once per row)."""
    index = {w.week: i for i, w in enumerate(weeks)}
    out: dict[dt.date, int] = {}
    for w in weeks:
        for d in range(7):
            day = w.monday + dt.timedelta(days=d)
            i = index.get(programme_week(programme.start_date, day))
            if i is not None:
                out[day] = i
    return out


def _plan(problem: Problem, solution: Solution, weeks: dict[str, tuple[Week, ...]],
          week_of_date: dict[str, dict[dt.date, int]], placement: Placement,
          rows: list[Activity]) -> Plan:
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
    if plan.programme is None:
        plan.stray.extend(rows)
        return plan
    programme_id = plan.programme.programme_id
    if programme_id not in week_of_date:
        week_of_date[programme_id] = _week_of_date(plan.programme, pweeks)
    index = week_of_date[programme_id].get
    by_week, stray = plan.rows_by_week, plan.stray
    for row in rows:
        i = index(row.date)
        if i is None:
            stray.append(row)
        else:
            by_week[i].append(row)
    return plan
