"""Timetables: expand a solution into one row per participant and date with an activity.

The solution keeps, per placement, only the company weekdays of each planned week; this module
adds the school days and looks up the supervisor's shift on each company day. A company day is
*with the supervisor* when the supervisor's rota has a shift that the participant may work on
that date: the participant then works that shift.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache

from matcher.memory import paused_gc
from matcher.problem import Participant, Phase, PlannedWeek, Problem, SchoolOption, Supervisor
from matcher.result import Activity, Placement, Solution


def may_work(participant: Participant, shift: str | None) -> bool:
    """Whether the participant may work this shift with the supervisor (``None`` = day off)."""
    if shift is None:
        return False
    return participant.allowed_shifts is None or shift in participant.allowed_shifts


def activities(problem: Problem, solution: Solution, placement: Placement) -> Iterator[Activity]:
    """Every dated activity of one placed participant, in date order (off days left out).

    School is on the week's school days (the phase's own set, else the class's) unless the
    date is closed for school or for all for the participant."""
    participant = problem.participants_by_id[placement.participant_id]
    pid, company, sup_id = participant.participant_id, placement.company_id, placement.supervisor_id
    supervisor: Supervisor = problem.supervisors_by_id[sup_id]
    school = solution.school_option(placement.programme_id)
    closed = problem.closed
    weeks = problem.planned_weeks(placement.programme_id)
    for planned, company_days in zip(weeks, placement.company_days, strict=True):
        at_school = school.for_phase(planned.phase) if planned.phase.at_school else frozenset()
        shifts = problem.week_shifts(supervisor, planned.monday) if company_days else []
        dates = week_dates(planned.monday)
        label = planned.phase.label
        for weekday in range(7):
            # positional arguments: Activity is built once per row of a whole-course timetable
            if weekday in at_school:
                if not closed.no_school(participant, dates[weekday]):
                    yield Activity(pid, dates[weekday], planned.week, "school", None, False,
                                   None, None, label)
            elif weekday in company_days:
                shift = shifts[weekday]
                together = may_work(participant, shift)
                yield Activity(pid, dates[weekday], planned.week, "company",
                               shift if together else None, together, company, sup_id, label)


@cache
def week_dates(monday: dt.date) -> tuple[dt.date, ...]:
    """The seven dates of the week from ``monday`` (shared by every participant)."""
    return tuple(monday + dt.timedelta(days=d) for d in range(7))


def timetable_rows(problem: Problem, solution: Solution) -> list[Activity]:
    """Every timetable row of a solution as a list (:func:`all_activities`), built with the
    cyclic garbage collector paused (a whole course has hundreds of thousands of rows)."""
    with paused_gc():
        return list(all_activities(problem, solution))


def all_activities(problem: Problem, solution: Solution) -> Iterator[Activity]:
    """Every timetable row of a solution, participant by participant (input order)."""
    order = {p.participant_id: i for i, p in enumerate(problem.participants)}
    for placement in sorted(solution.placements, key=lambda p: order[p.participant_id]):
        yield from activities(problem, solution, placement)


def choose_company_days(
    problem: Problem, participant: Participant, supervisor: Supervisor, programme_id: str,
    school_days: SchoolOption | frozenset[int],
) -> tuple[tuple[int, ...], ...]:
    """Pick the company weekdays of every planned week.

    Each week takes as many of its days as possible on the supervisor's shifts the participant
    may work (at least the phase's minimum is always possible: eligibility checked it), then
    fills up with other free days, up to the phase's company days. Dates closed for all for
    the participant are not free; each lowers the week's demand by one (rule 7), so a week
    with closed dates takes what it can. Within a phase, weekdays are tried in the order of how
    often they are supervisor days, so the same weekdays recur from week to week where the
    rota allows.
    """
    weeks = problem.planned_weeks(programme_id)
    free_days, with_sup, shut = _free_days(problem, participant, supervisor, weeks, school_days)
    order = _weekday_order(weeks, with_sup)
    chosen: list[tuple[int, ...]] = []
    for planned, free, sup, h in zip(weeks, free_days, with_sup, shut, strict=True):
        need = planned.phase.company_days
        ranked = order[id(planned.phase)]
        picks = [d for d in ranked if d in sup][:need]
        picks += [d for d in ranked if d in free and d not in sup][: need - len(picks)]
        if len(picks) < need - h:
            raise ValueError(f"week {planned.week} cannot hold {need - h} company days")
        chosen.append(tuple(sorted(picks)))
    return tuple(chosen)


def _free_days(
    problem: Problem, participant: Participant, supervisor: Supervisor,
    weeks: tuple[PlannedWeek, ...], school_days: SchoolOption | frozenset[int],
) -> tuple[list[list[int]], list[set[int]], list[int]]:
    """Per planned week: the weekdays free for the company (a practice day the participant is
    not unavailable, not a school day of the week's phase, not closed for all for the
    participant), those of them on a supervisor's shift the participant may work (what
    :func:`may_work` says), and how many of the week's dates are closed for all for the
    participant. Runs once per planned week of every placement, so the phase's days are
    worked out once per run of weeks and the closed dates looked up in the set itself where
    the participant has no leave."""
    option = school_days if isinstance(school_days, SchoolOption) else SchoolOption(school_days)
    company = problem.companies_by_id[supervisor.company_id]
    base = company.practice_days - participant.unavailable_days
    closed = problem.closed
    closed_all = closed.all
    on_leave = participant.away_from is not None
    allowed_shifts = participant.allowed_shifts
    free_days: list[list[int]] = []
    with_sup: list[set[int]] = []
    shut: list[int] = []
    phase: Phase | None = None
    open_days: list[int] = []
    for planned in weeks:
        if planned.phase is not phase:  # a phase covers a run of weeks
            phase = planned.phase
            blocked = option.for_phase(phase) if phase.at_school else frozenset()
            open_days = [d for d in range(7) if d in base and d not in blocked]
        dates = week_dates(planned.monday)
        if on_leave:
            is_closed = [closed.closed_for(participant, day) for day in dates]
        else:
            is_closed = [day in closed_all for day in dates]
        shut.append(sum(is_closed))
        free = [d for d in open_days if not is_closed[d]]
        free_days.append(free)
        shifts = problem.week_shifts(supervisor, planned.monday)
        if allowed_shifts is None:
            with_sup.append({d for d in free if shifts[d] is not None})
        else:
            with_sup.append({d for d in free if may_work(participant, shifts[d])})
    return free_days, with_sup, shut


def _weekday_order(
    weeks: tuple[PlannedWeek, ...], with_sup: list[set[int]]
) -> dict[int, list[int]]:
    """Per phase (by ``id``: the planned weeks share their phase objects, and hashing a phase
    costs more than the rest of a week), weekdays by how often they are supervisor days (Mon
    first on ties)."""
    counts: dict[int, list[int]] = {}
    for planned, sup in zip(weeks, with_sup, strict=True):
        key = id(planned.phase)
        row = counts.get(key)
        if row is None:
            row = counts[key] = [0] * 7
        for d in sup:
            row[d] += 1
    return {key: sorted(range(7), key=lambda d: (-row[d], d)) for key, row in counts.items()}
