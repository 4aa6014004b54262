"""Kept trainees keep their timetable: the company days the previous result gave them.

The previous result's company days came from :func:`matcher.timetable.choose_company_days` over
all the programme's planned weeks, so for a kept placement (same programme, supervisor and
school days) the same call on the whole base plan, cut at the plan date, gives them again. The
days it picks in a week depend only on that week and the weekday order of the phase, and every
order gives a valid week, so the cut days are as valid as days chosen anew; where the whole
plan cannot be chosen any more (an early week no longer fits), the new days stay.
"""

from __future__ import annotations

from dataclasses import replace

from matcher.problem import Problem
from matcher.rematch.previous import Previous
from matcher.result import Placement, Solution
from matcher.timetable import choose_company_days


def keep_timetables(now: Problem, planned: Problem, previous: Previous,
                    solution: Solution) -> Solution:
    """``solution`` (of the re-planned round ``planned``) with each kept placement's company
    days as the whole plan of ``now`` gives them, from the plan date on."""
    base = now.with_scenario(None)
    return replace(solution, placements=tuple(
        _kept_days(base, planned, previous, solution, pl) for pl in solution.placements))


def _kept_days(base: Problem, planned: Problem, previous: Previous, solution: Solution,
               pl: Placement) -> Placement:
    before = previous.placements.get(pl.participant_id)
    days = solution.school_days.get(pl.programme_id)
    if (before is None or days is None or previous.school_days.get(pl.programme_id) != days
            or (before.programme_id, before.supervisor_id) != (pl.programme_id,
                                                               pl.supervisor_id)):
        return pl
    person = base.participants_by_id[pl.participant_id]
    supervisor = base.supervisors_by_id[pl.supervisor_id]
    try:
        whole = choose_company_days(base, person, supervisor, pl.programme_id, days)
    except ValueError:
        return pl
    cut = whole[len(whole) - len(planned.planned_weeks(pl.programme_id)):]
    return replace(pl, company_days=cut) if len(cut) == len(pl.company_days) else pl
