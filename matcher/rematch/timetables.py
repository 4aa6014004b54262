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

from matcher.problem import Problem, SchoolOption
from matcher.rematch.previous import Previous
from matcher.result import Solution
from matcher.timetable import choose_company_days


def kept_days(whole: Problem, planned: Problem, previous: Previous, days: SchoolOption,
              participant_id: str, programme_id: str,
              supervisor_id: str) -> tuple[tuple[int, ...], ...] | None:
    """The whole plan's company days from the plan date on, for a kept placement (same
    programme and supervisor as before) whose class keeps its school days ``days``; ``None``
    for any other placement, or where the whole plan cannot be chosen any more."""
    before = previous.placements.get(participant_id)
    if (before is None or previous.school_days.get(programme_id) != days.days
            or (before.programme_id, before.supervisor_id) != (programme_id, supervisor_id)
            or supervisor_id not in whole.supervisors_by_id):
        return None
    weeks = len(planned.planned_weeks(programme_id))
    try:
        all_weeks = choose_company_days(whole, whole.participants_by_id[participant_id],
                                        whole.supervisors_by_id[supervisor_id], programme_id,
                                        _whole_option(whole, previous, days, programme_id))
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
            solution.school_option(pl.programme_id)))
        for pl in solution.placements))


def _whole_option(whole: Problem, previous: Previous, planned: SchoolOption,
                  programme_id: str) -> SchoolOption:
    """The programme's school days over the whole base plan: the class's set, and each own
    set of a phase as the re-plan names it (its weeks were cut at the plan date, so it is found
    by overlap), else as the previous result names it."""
    phases: list[tuple[int, frozenset[int]]] = []
    for ph in whole.base_phases.get(programme_id, ()):
        if not ph.own_school_days:
            continue
        now = [d for w, d in planned.phases if ph.from_week <= w <= ph.to_week]
        before = [d for (gid, lo, hi), d in previous.phase_school_days.items()
                  if gid == programme_id and lo <= ph.to_week and hi >= ph.from_week]
        if now or before:
            phases.append((ph.from_week, (now or before)[0]))
    return SchoolOption(planned.days, tuple(phases))
