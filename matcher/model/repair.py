"""Repair a flow solution into one that keeps every rule, by dropping placements.

The flow relaxation ignores class sizes, rights minimums, follow-up caps and the one-set-of-
school-days rule. Dropping placements never breaks a capacity, so a few greedy drops (lowest
priority, then lowest quality first) give a valid result. It seeds CP-SAT with a feasible
start, and it is the fallback when the search finds nothing better within the time limit.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from matcher.eligibility import Arcs
from matcher.problem import FollowUp, Problem


def _drop_order(problem: Problem, arcs: Arcs, a: int) -> tuple[int, int, int]:
    """Sort key: the placement to drop first comes first (unlocked, low priority, low quality)."""
    p = problem.participants[int(arcs.participant[a])]
    locked = p.locked_company is not None or p.locked_supervisor is not None
    return (int(locked), p.priority, int(arcs.quality[a]))


def repair(problem: Problem, arcs: Arcs, chosen: list[int]) -> tuple[list[int], dict[int, int]]:
    """Drop placements until every rule holds; returns kept arcs and school-day options."""
    keep = list(chosen)
    options = _school_days(problem, arcs, keep)
    keep = [a for a in keep if int(arcs.options[a]) >> options.get(int(arcs.programme[a]), 0) & 1
            or int(arcs.programme[a]) not in options]
    keep = _follow_up(problem, arcs, keep)
    keep = _class_rules(problem, arcs, keep)
    return keep, options


def _school_days(problem: Problem, arcs: Arcs, keep: list[int]) -> dict[int, int]:
    """For each programme with a choice, the option most of its placements fit."""
    options: dict[int, int] = {}
    by_programme: dict[int, list[int]] = defaultdict(list)
    for a in keep:
        by_programme[int(arcs.programme[a])].append(a)
    for g, prog in enumerate(problem.programmes):
        n = len(problem.school_day_options(prog))
        if n <= 1:
            continue
        fits = Counter(o for a in by_programme.get(g, []) for o in range(n)
                       if int(arcs.options[a]) >> o & 1)
        options[g] = max(range(n), key=lambda o: (fits[o], -o))
    return options


def _follow_up(problem: Problem, arcs: Arcs, keep: list[int]) -> list[int]:
    high: dict[str, list[int]] = defaultdict(list)
    for a in keep:
        if problem.participants[int(arcs.participant[a])].follow_up_need == FollowUp.HIGH:
            high[problem.supervisors[int(arcs.supervisor[a])].company_id].append(a)
    drop: set[int] = set()
    for company, placed in high.items():
        cap = problem.companies_by_id[company].max_high_follow_up
        if cap is not None and len(placed) > cap:
            placed.sort(key=lambda a: _drop_order(problem, arcs, a))
            drop.update(placed[: len(placed) - cap])
    return [a for a in keep if a not in drop]


def _class_rules(problem: Problem, arcs: Arcs, keep: list[int]) -> list[int]:
    """Trim classes over their maximum; close classes under their minimum or rights minimums."""
    by_programme: dict[int, list[int]] = defaultdict(list)
    for a in keep:
        by_programme[int(arcs.programme[a])].append(a)
    kept: list[int] = []
    for g, placed in by_programme.items():
        prog = problem.programmes[g]
        placed.sort(key=lambda a: _drop_order(problem, arcs, a), reverse=True)
        if prog.max_class_size is not None:
            placed = placed[: prog.max_class_size]
        rights = sum(problem.participants[int(arcs.participant[a])].has_rights for a in placed)
        if (len(placed) < prog.min_class_size or rights < prog.min_with_rights
                or len(placed) - rights < prog.min_without_rights):
            placed = []
        kept.extend(placed)
    return sorted(kept)
