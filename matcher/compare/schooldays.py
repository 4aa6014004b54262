"""The best school days for each programme and each phase with its own, by exact flow bounds.

A programme's school days have one *scope* per set that is planned: the class's set, and the
own set of each base-plan phase that has one (SPEC.md, Phases ``school_days`` /
``school_days_to_choose``). For each scope on its own, every choice of N school days among
Mon–Fri (N = the number of its fixed days, or its ``school_days_to_choose``) is tried, the other
scopes staying as the input has them: the programme's eligible pairs that fit some combination
with that choice (the per-combination bitmask of :func:`matcher.eligibility.build_arcs`) give,
by max flow, the most of its candidates that could be placed. Other programmes' demand and the
class rules are left out, so the figures compare options; they are not a round's result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from matcher.eligibility import build_arcs
from matcher.model.pairgraph import PairGraph
from matcher.problem import MAX_SCHOOL_OPTIONS, WORKWEEK, Phase, Problem, Programme, format_days

#: The SchoolDays note of a scope with more school-day choices than are weighed.
TOO_MANY = "too many combinations to compare"


@dataclass(frozen=True)
class SchoolDayRow:
    """One scope of one programme: its school days now, the bound now, and the best options."""

    programme_id: str
    phase: str  # "" for the class's set, else the phase's label and weeks
    occupation: str
    school_days: str  # "Mon,Tue" or "choose 2"
    candidates: int
    placeable_now: int  # bound with the fixed days; for "choose N" the best option's bound
    best_school_days: str  # the best option(s), " / " between ties
    best_placeable: int
    options: str  # every option with its bound, best first


def best_school_days(problem: Problem) -> list[SchoolDayRow]:
    """One row per programme of the base plan, and one per phase with its own school days."""
    base = problem.with_scenario(None)
    rows: list[SchoolDayRow] = []
    for prog in base.programmes:
        candidates = sum(1 for p in base.participants if prog.programme_id in p.programmes)
        rows.append(_scope_row(base, prog, None, candidates))
        for phase in base.base_phases.get(prog.programme_id, ()):
            if phase.own_school_days and any(
                    w.phase is phase for w in base.planned_weeks(prog.programme_id)):
                rows.append(_scope_row(base, prog, phase, candidates))
    return rows


def _scope_row(base: Problem, prog: Programme, phase: Phase | None,
               candidates: int) -> SchoolDayRow:
    """Try every choice for one scope (the class's set when ``phase`` is None)."""
    fixed = prog.school_days if phase is None else phase.school_days
    choose = prog.school_days_to_choose if phase is None else phase.school_days_to_choose
    n = min(len(fixed), len(WORKWEEK)) if fixed is not None else choose or 0
    alone = replace(base, programmes=(prog,))  # other programmes' pairs play no part
    opened = _opened(alone, prog, phase, n)
    where = "" if phase is None else (
        f"{phase.label} (weeks {phase.from_week}-{phase.to_week})".strip())
    now_text = format_days(fixed) if fixed is not None else f"choose {choose}"
    options = opened.school_day_options(opened.programmes[0])
    if len(options) > MAX_SCHOOL_OPTIONS:  # too many combinations to weigh this scope alone
        return SchoolDayRow(prog.programme_id, where, prog.occupation, now_text, candidates,
                            _bound(alone), "", 0, TOO_MANY)
    week = None if phase is None else phase.from_week
    flows = _flows(opened, [o.days if week is None else dict(o.phases)[week]
                            for o in options])
    best = max(flows.values(), default=0)
    if fixed is None:
        current = best
    elif fixed in flows:
        current = flows[fixed]
    else:  # fixed days outside Mon–Fri: measure them as they are
        current = _bound(alone)
    ranked = sorted(flows.items(), key=lambda kv: (-kv[1], sorted(kv[0])))
    return SchoolDayRow(
        prog.programme_id, where, prog.occupation, now_text, candidates, current,
        " / ".join(format_days(d) for d, f in ranked if f == best), best,
        "; ".join(f"{format_days(d)}: {f}" for d, f in ranked))


def _opened(base: Problem, prog: Programme, phase: Phase | None, n: int) -> Problem:
    """The round with one scope's set opened to "choose n" (the others as they are)."""
    if phase is None:
        programmes = tuple(replace(g, school_days=None, school_days_to_choose=n)
                           if g.programme_id == prog.programme_id else g
                           for g in base.programmes)
        return replace(base, programmes=programmes)
    phases = tuple(replace(ph, school_days=None, school_days_to_choose=n) if ph is phase else ph
                   for ph in base.phases)
    return replace(base, phases=phases)


def _flows(problem: Problem, scope_sets: list[frozenset[int]]) -> dict[frozenset[int], int]:
    """Per choice of the scope: the max flow over the (one) programme's pairs that fit some
    combination with that choice."""
    arcs = build_arcs(problem)
    graph = PairGraph(problem, arcs)
    sel = np.arange(len(arcs))
    masks = arcs.options.astype(np.int64)
    out: dict[frozenset[int], int] = {}
    for days in dict.fromkeys(scope_sets):
        bits = sum(1 << o for o, d in enumerate(scope_sets) if d == days)
        fit = sel[(masks & bits) != 0]
        out[days] = graph.flow_of(arcs.participant[fit], arcs.supervisor[fit])
    return out


def _bound(problem: Problem) -> int:
    """The bound of a one-programme round with its school days as the input has them."""
    arcs = build_arcs(problem)
    return PairGraph(problem, arcs).flow_of(arcs.participant, arcs.supervisor)
