"""Timetables: expand a solution into one row per participant and date with an activity.

The solution keeps, per placement, only the company weekdays of each planned week; this module
adds the school days and looks up the supervisor's shift on each company day. A company day is
*with the supervisor* when the supervisor's rota has a shift that the participant may work on
that date: the participant then works that shift.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from matcher.problem import Participant, Problem, Supervisor
from matcher.result import Activity, Placement, Solution


def may_work(participant: Participant, shift: str | None) -> bool:
    """Whether the participant may work this shift with the supervisor (``None`` = day off)."""
    if shift is None:
        return False
    return participant.allowed_shifts is None or shift in participant.allowed_shifts


def activities(problem: Problem, solution: Solution, placement: Placement) -> Iterator[Activity]:
    """Every dated activity of one placed participant, in date order (off days left out)."""
    participant = problem.participants_by_id[placement.participant_id]
    supervisor: Supervisor = problem.supervisors_by_id[placement.supervisor_id]
    school = solution.school_days.get(placement.programme_id, frozenset())
    weeks = problem.planned_weeks(placement.programme_id)
    for planned, company_days in zip(weeks, placement.company_days, strict=True):
        at_school = school if planned.phase.at_school else frozenset()
        for weekday in range(7):
            day = planned.monday + dt.timedelta(days=weekday)
            if weekday in at_school:
                yield Activity(participant.participant_id, day, planned.week, "school")
            elif weekday in company_days:
                shift = problem.rota_shift(supervisor, day)
                together = may_work(participant, shift)
                yield Activity(
                    participant.participant_id, day, planned.week, "company",
                    shift=shift if together else None, with_supervisor=together,
                    company_id=placement.company_id, supervisor_id=placement.supervisor_id,
                )


def all_activities(problem: Problem, solution: Solution) -> Iterator[Activity]:
    """Every timetable row of a solution, participant by participant (input order)."""
    order = {p.participant_id: i for i, p in enumerate(problem.participants)}
    for placement in sorted(solution.placements, key=lambda p: order[p.participant_id]):
        yield from activities(problem, solution, placement)
