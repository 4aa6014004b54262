"""Kept trainees keep their timetable: the company days the previous result gave them.

The previous result's company days came from :func:`matcher.timetable.choose_company_days` over
all the programme's planned weeks, so for a kept placement (same programme, supervisor and
school days) the same call on the whole base plan, cut at the plan date, gives them again. The
days it picks in a week depend only on that week and the weekday order of the phase, and every
order gives a valid week, so the cut days are as valid as days chosen anew. Where the whole plan
cannot be chosen any more (an early week no longer fits), and for every other placement, the
days are chosen on the re-planned weeks alone.
"""

from __future__ import annotations

from dataclasses import replace

from matcher.problem import Problem
from matcher.rematch.previous import Previous
from matcher.result import Solution
from matcher.timetable import choose_company_days


def kept_days(whole: Problem, planned: Problem, previous: Previous, days: frozenset[int],
              participant_id: str, programme_id: str,
              supervisor_id: str) -> tuple[tuple[int, ...], ...] | None:
    """The whole plan's company days from the plan date on, for a kept placement (same
    programme and supervisor as before) whose class keeps its school days ``days``; ``None``
    for any other placement, or where the whole plan cannot be chosen any more."""
    before = previous.placements.get(participant_id)
    if (before is None or previous.school_days.get(programme_id) != days
            or (before.programme_id, before.supervisor_id) != (programme_id, supervisor_id)
            or supervisor_id not in whole.supervisors_by_id):
        return None
    weeks = len(planned.planned_weeks(programme_id))
    try:
        all_weeks = choose_company_days(whole, whole.participants_by_id[participant_id],
                                        whole.supervisors_by_id[supervisor_id], programme_id,
                                        days)
    except ValueError:
        return None
    cut = all_weeks[len(all_weeks) - weeks:] if weeks else ()
    return cut if len(cut) == weeks else None


def chosen_anew(planned: Problem, solution: Solution) -> Solution:
    """``solution`` with every placement's company days chosen on the re-planned weeks alone."""
    return replace(solution, placements=tuple(
        replace(pl, company_days=choose_company_days(
            planned, planned.participants_by_id[pl.participant_id],
            planned.supervisors_by_id[pl.supervisor_id], pl.programme_id,
            solution.school_days[pl.programme_id]))
        for pl in solution.placements))
