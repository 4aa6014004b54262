"""The best school days for each programme, by an exact flow bound per option.

For every programme, each choice of N school days among Mon–Fri (N = the number of its fixed
days, or its ``school_days_to_choose``) is tried: the programme's eligible pairs under that
option (the per-option bitmask of :func:`matcher.eligibility.build_arcs`) give, by max flow, the
most of its candidates that could be placed with those school days. Other programmes' demand
and the class rules are left out, so the figures compare options; they are not a round's result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from matcher.eligibility import build_arcs
from matcher.model.pairgraph import PairGraph
from matcher.problem import WORKWEEK, Problem, format_days


@dataclass(frozen=True)
class SchoolDayRow:
    """One programme: its school days now, the bound now, and the best options."""

    programme_id: str
    occupation: str
    school_days: str  # "Mon,Tue" or "choose 2"
    candidates: int
    placeable_now: int  # bound with the fixed days; for "choose N" the best option's bound
    best_school_days: str  # the best option(s), " / " between ties
    best_placeable: int
    options: str  # every option with its bound, best first


def best_school_days(problem: Problem) -> list[SchoolDayRow]:
    """One row per programme of the base plan."""
    base = problem.with_scenario(None)
    opened = replace(base, programmes=tuple(
        replace(g, school_days=None, school_days_to_choose=_days_to_choose(g.school_days,
                                                                           g.school_days_to_choose))
        for g in base.programmes))
    arcs = build_arcs(opened)
    graph = PairGraph(opened, arcs)
    order = np.argsort(arcs.programme, kind="stable")
    bounds = np.searchsorted(arcs.programme[order], np.arange(len(opened.programmes) + 1))
    rows = []
    for g, (now, prog) in enumerate(zip(base.programmes, opened.programmes, strict=True)):
        idx = order[bounds[g]:bounds[g + 1]]
        options = opened.school_day_options(prog)
        flows = []
        for o, days in enumerate(options):
            sel = idx[(arcs.options[idx] >> o) & 1 == 1]
            flows.append((graph.flow_of(arcs.participant[sel], arcs.supervisor[sel]), days))
        best = max((f for f, _ in flows), default=0)
        current = (next((f for f, d in flows if d.days == now.school_days), None)
                   if now.school_days is not None else best)
        if current is None:  # fixed days outside Mon–Fri: measure them as they are
            current = _fixed_bound(base, now.programme_id)
        ranked = sorted(flows, key=lambda fd: (-fd[0], sorted(fd[1].days)))
        rows.append(SchoolDayRow(
            now.programme_id, now.occupation,
            format_days(now.school_days) if now.school_days is not None
            else f"choose {now.school_days_to_choose}",
            sum(1 for p in base.participants if now.programme_id in p.programmes),
            current,
            " / ".join(d.describe() for f, d in ranked if f == best),
            best,
            "; ".join(f"{d.describe()}: {f}" for f, d in ranked)))
    return rows


def _days_to_choose(fixed: frozenset[int] | None, n: int | None) -> int:
    if fixed is None:
        return n or 0
    return min(len(fixed), len(WORKWEEK))


def _fixed_bound(problem: Problem, programme_id: str) -> int:
    """The bound of one programme with its own fixed days (used when they include a weekend)."""
    arcs = build_arcs(problem)
    g = [p.programme_id for p in problem.programmes].index(programme_id)
    sel = np.nonzero(arcs.programme == g)[0]
    return PairGraph(problem, arcs).flow_of(arcs.participant[sel], arcs.supervisor[sel])
