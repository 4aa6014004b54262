"""The round as a re-match plans it: from a date on, with the running classes' exemptions.

SPEC.md "Re-matching mid-course": only the base-plan weeks whose first day is on or after the
plan date are planned (and checked); a class that had participants in the previous result (a
running class) keeps the school days that result names and is no longer held to its minimum
class size or rights minimums. Everything else about the round is as the input says now.

The derived round is an ordinary :class:`~matcher.problem.Problem` (phases cut at the plan
date, running classes with fixed school days and no minimums), so eligibility, the timetable
and the independent checker need to know nothing about re-matching.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from matcher.errors import InputError
from matcher.problem import InputIssue, Phase, Problem, Programme
from matcher.rematch.previous import Previous


def first_week_from(programme: Programme, plan_from: dt.date) -> int:
    """The first programme week whose Monday is on or after ``plan_from`` (week 1 at least)."""
    days = (plan_from - programme.start_date).days
    return max(1, -(-days // 7) + 1)


def check_plan_from(plan_from: dt.date | None) -> dt.date:
    """The plan date must be given and be a Monday (located as the Settings row or option)."""
    if plan_from is None:
        raise InputError([InputIssue("Settings", None, "plan_from", "no plan date was given",
                                     expected="--from DATE or Settings plan_from, a Monday")])
    if plan_from.weekday() != 0:
        raise InputError([InputIssue("Settings", None, "plan_from",
                                     f"the plan date {plan_from.isoformat()} is not a Monday",
                                     plan_from.isoformat(), "a Monday")])
    return plan_from


def replanned(problem: Problem, previous: Previous, plan_from: dt.date) -> Problem:
    """The round to solve: base-plan phases cut at ``plan_from``, running classes exempt."""
    base = problem.with_scenario(None)
    running = previous.running()
    programmes = tuple(_running_class(prog, previous) if prog.programme_id in running else prog
                       for prog in base.programmes)
    cut = {prog.programme_id: first_week_from(prog, plan_from) for prog in base.programmes}
    phases = tuple(_cut(ph, cut[ph.programme_id]) for ph in base.phases
                   if ph.programme_id in cut and ph.to_week >= cut[ph.programme_id])
    phases = tuple(_phase_days(ph, previous) if ph.programme_id in running else ph
                   for ph in phases)
    settings = replace(base.settings, plan_from=plan_from)
    return replace(base, programmes=programmes, phases=phases, settings=settings)


def _running_class(prog: Programme, previous: Previous) -> Programme:
    """A running class: no minimums; the previous result's school days where it names them."""
    exempt = replace(prog, min_class_size=0, min_with_rights=0, min_without_rights=0)
    days = previous.school_days.get(prog.programme_id)
    if days is None:
        return exempt
    return replace(exempt, school_days=days, school_days_to_choose=None)


def _cut(phase: Phase, first: int) -> Phase:
    return phase if phase.from_week >= first else replace(phase, from_week=first)


def _phase_days(phase: Phase, previous: Previous) -> Phase:
    """A running class's phase with its own school days keeps the set the previous result
    names for a phase of the programme covering these weeks; a set it does not name is chosen
    anew."""
    if not phase.own_school_days:
        return phase
    for (gid, lo, hi), days in previous.phase_school_days.items():
        if gid == phase.programme_id and lo <= phase.to_week and hi >= phase.from_week:
            return replace(phase, school_days=days, school_days_to_choose=None)
    return phase
