"""Repair a flow solution into one that keeps every rule, by dropping placements.

The flow relaxation ignores class sizes, rights minimums, follow-up caps and the one-set-of-
school-days rule. Dropping placements never breaks a capacity, so a few greedy drops (lowest
priority, then lowest quality first) give a valid result. It seeds CP-SAT with a feasible
start, and it is the fallback when the search finds nothing better within the time limit.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

import numpy as np
import numpy.typing as npt

from matcher.eligibility import Arcs
from matcher.eligibility.arcs import Slices, programme_slices, slice_index
from matcher.i18n.phrase import Phrase, phrase
from matcher.model.ledger import Ledger
from matcher.problem import FollowUp, OptionIndex, Problem, SchoolOptions


def _drop_order(problem: Problem, arcs: Arcs, a: int) -> tuple[int, int, int]:
    """Sort key: the placement to drop first comes first (unlocked, low priority, low quality)."""
    p = problem.participants[int(arcs.participant[a])]
    return (int(p.locked), p.priority, int(arcs.quality[a]))


def repair(problem: Problem, arcs: Arcs, chosen: list[int]) -> tuple[list[int], SchoolOptions]:
    """Drop placements until every rule holds; returns kept arcs and school-day options."""
    keep = list(chosen)
    options = _school_days(problem, arcs, keep)
    keep = [a for a in keep if int(arcs.options[a]) >> options.get(int(arcs.programme[a]), 0) & 1
            or int(arcs.programme[a]) not in options]
    keep = _follow_up(problem, arcs, keep)
    keep = _class_rules(problem, arcs, keep)
    keep = _fill_locked_classes(problem, arcs, keep, options)
    if _short_locked_class(problem, arcs, keep):
        keep = _locked_first(problem, arcs, keep, options)
    return keep, options


def _short_locked_class(problem: Problem, arcs: Arcs, keep: list[int]) -> bool:
    ledger = Ledger(problem, arcs, keep)
    return any(any(ledger.shortfall(g)) for g in _classes(arcs, keep))


def _classes(arcs: Arcs, keep: list[int]) -> list[int]:
    """The classes of ``keep``, in the order their first placement comes."""
    return list(dict.fromkeys(int(arcs.programme[a]) for a in keep))


def _locked_first(problem: Problem, arcs: Arcs, keep: list[int],
                  options: SchoolOptions) -> list[int]:
    """Rebuild from the locked participants alone, fill their classes while every place is
    still free, then add back the other placements that still fit, best first."""
    locked = [a for a in keep if _drop_order(problem, arcs, a)[0]]
    start = _fill_locked_classes(problem, arcs, locked, options)
    ledger = Ledger(problem, arcs, start)
    out = list(start)
    for a in sorted(keep, key=lambda a: _drop_order(problem, arcs, a), reverse=True):
        if ledger.has_place(a):
            ledger.take(a)
            out.append(a)
    out = _follow_up(problem, arcs, out)
    return _class_rules(problem, arcs, out)


def _school_days(problem: Problem, arcs: Arcs, keep: list[int]) -> SchoolOptions:
    """For each programme with a choice, the option most of its placements fit."""
    options: SchoolOptions = {}
    by_programme: dict[int, list[int]] = defaultdict(list)
    for a in keep:
        by_programme[int(arcs.programme[a])].append(a)
    for g, prog in enumerate(problem.programmes):
        n = len(problem.school_day_options(prog))
        if n <= 1:
            continue
        fits = Counter(o for a in by_programme.get(g, []) for o in range(n)
                       if int(arcs.options[a]) >> o & 1)
        options[g] = OptionIndex(max(range(n), key=lambda o: (fits[o], -o)))
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
        has_locked = any(_drop_order(problem, arcs, a)[0] for a in placed)
        if not has_locked and not prog.meets_minimums(len(placed), rights):
            placed = []  # close the class (never one a locked participant needs)
        kept.extend(placed)
    return sorted(kept)


def _fill_locked_classes(problem: Problem, arcs: Arcs, keep: list[int],
                         options: SchoolOptions) -> list[int]:
    """A class kept open for a locked participant but short of its minimums is topped up with
    unplaced candidates where places, supervisors and follow-up caps still have room."""
    ledger = Ledger(problem, arcs, keep)
    short = [g for g in _classes(arcs, keep) if any(ledger.shortfall(g))]
    added = list(keep)
    for g in short:
        for a in _top_up_candidates(problem, arcs, ledger, g, options.get(g)):
            if not any(ledger.shortfall(g)):
                break
            _top_up(problem, arcs, ledger, added, a)
    return sorted(added) if short else keep


def _top_up_candidates(problem: Problem, arcs: Arcs, ledger: Ledger, g: int,
                       option: OptionIndex | None) -> list[int]:
    """Arcs of unplaced participants into class ``g`` that fit its school-day ``option``,
    best first."""
    cands = [a for a in np.nonzero(arcs.programme == g)[0].tolist()
             if not ledger.placed[int(arcs.participant[a])]
             and (option is None or int(arcs.options[a]) >> option & 1)]
    cands.sort(key=lambda a: _drop_order(problem, arcs, a), reverse=True)
    return cands


def _top_up(problem: Problem, arcs: Arcs, ledger: Ledger, added: list[int], a: int) -> None:
    """Add arc ``a`` to its short class when its participant meets a need the class still has
    and the follow-up cap has room; at a full supervisor or company place, first displace the
    lowest-ranked trainee there who can give up the place (:func:`_victim`)."""
    g, p = int(arcs.programme[a]), int(arcs.participant[a])
    need = ledger.shortfall(g)
    rights = problem.participants[p].has_rights
    useful = need[0] or (need[1] and rights) or (need[2] and not rights)
    if ledger.placed[p] or not useful or ledger.high_full(a):
        return
    if not ledger.has_place(a):
        victim = _victim(problem, arcs, ledger, added, a)
        if victim is None:
            return
        added.remove(victim)
        ledger.take(victim, -1)
    added.append(a)
    ledger.take(a)


def _victim(problem: Problem, arcs: Arcs, ledger: Ledger, chosen: list[int],
            a: int) -> int | None:
    """A trainee of arc ``a``'s supervisor who can give up the place: not locked, in another
    class that keeps its minimums without them; the lowest-ranked such one."""
    s, g = int(arcs.supervisor[a]), int(arcs.programme[a])
    movable = [b for b in chosen
               if int(arcs.supervisor[b]) == s and int(arcs.programme[b]) != g
               and not _drop_order(problem, arcs, b)[0]
               and not any(ledger.shortfall(int(arcs.programme[b]),
                                            leaving=int(arcs.participant[b])))]
    return min(movable, key=lambda b: _drop_order(problem, arcs, b), default=None)


def rank_key(problem: Problem, arcs: Arcs, chosen: list[int]) -> tuple[int, ...]:
    """Goal 1, then goal 2 (placed at 5, 4, …), then goal 3, as one sortable key."""
    prio = Counter(problem.participants[int(arcs.participant[a])].priority for a in chosen)
    return (len(chosen), *(prio[k] for k in (5, 4, 3, 2, 1)),
            int(arcs.quality[chosen].sum()) if chosen else 0)


def describe(key: tuple[int, ...]) -> Phrase:
    """A :func:`rank_key` as the progress lines show it (counts only, never names)."""
    return phrase("{placed} placed, by priority {profile}, quality {quality}", placed=key[0],
                  profile="-".join(map(str, key[1:6])), quality=key[6])


def _restrictions(problem: Problem, arcs: Arcs, slices: Slices, chosen: list[int],
                  kept: list[int], options: SchoolOptions) -> npt.NDArray[np.bool_]:
    """Arcs to forbid next round: those the repair showed cannot be used as the flow used them.

    Works on each programme's own slice of the arcs (and on the arcs of high-follow-up
    participants only): a whole-array test per programme is far too slow at tens of millions
    of arcs."""
    allowed = np.ones(len(arcs), dtype=bool)
    _forbid_in_classes(problem, arcs, slices, chosen, kept, options, allowed)
    _forbid_over_follow_up_caps(problem, arcs, kept, allowed)
    return allowed


def _forbid_in_classes(problem: Problem, arcs: Arcs, slices: Slices, chosen: list[int],
                       kept: list[int], options: SchoolOptions,
                       allowed: npt.NDArray[np.bool_]) -> None:
    """Forbid the arcs that miss their programme's school days, the arcs into a class the
    repair closed, and the arcs of newcomers into a class the repair trimmed to its maximum."""
    kept_set = set(kept)
    for g, option in options.items():
        index = slice_index(slices, g)
        allowed[index[(arcs.options[index] >> option) & 1 == 0]] = False
    members_of: dict[int, set[int]] = defaultdict(set)  # programme → kept participants
    for k in kept:
        members_of[int(arcs.programme[k])].add(int(arcs.participant[k]))
    dropped_programmes = {int(arcs.programme[a]) for a in chosen if a not in kept_set}
    for g in dropped_programmes - set(members_of):  # the class was closed
        allowed[slice_index(slices, g)] = False
    for g, prog in enumerate(problem.programmes):
        if prog.max_class_size is None:
            continue
        members = members_of.get(g, set())
        if len(members) >= prog.max_class_size:
            index = slice_index(slices, g)
            allowed[index[~np.isin(arcs.participant[index], list(members))]] = False


def _forbid_over_follow_up_caps(problem: Problem, arcs: Arcs, kept: list[int],
                                allowed: npt.NDArray[np.bool_]) -> None:
    """Forbid the arcs of other high-follow-up participants into a company whose cap the
    kept placements fill."""
    high_full: dict[str, set[int]] = defaultdict(set)
    for k in kept:
        p = problem.participants[int(arcs.participant[k])]
        if p.follow_up_need == FollowUp.HIGH:
            high_full[problem.supervisors[int(arcs.supervisor[k])].company_id].add(int(
                arcs.participant[k]))
    full = [c for c, members in high_full.items()
            if (cap := problem.companies_by_id[c].max_high_follow_up) is not None
            and len(members) >= cap]
    if not full:
        return
    company_index = {c.company_id: i for i, c in enumerate(problem.companies)}
    sup_company = np.array([company_index[s.company_id] for s in problem.supervisors],
                           dtype=np.int64)
    is_high = np.array([p.follow_up_need == FollowUp.HIGH for p in problem.participants],
                       dtype=bool)
    high = np.flatnonzero(is_high[arcs.participant])
    arc_company = sup_company[arcs.supervisor[high]]
    for company in full:
        others = ~np.isin(arcs.participant[high], list(high_full[company]))
        allowed[high[(arc_company == company_index[company]) & others]] = False


def flow_repair(problem: Problem, arcs: Arcs, chosen: list[int], rounds: int | None = None,
                deadline: float | None = None) -> tuple[list[int], SchoolOptions]:
    """Repair, forbid what broke, solve the flow again on what is left; keep the best.

    Each round is an exact flow on fewer arcs, so it refills capacity that a closed class or a
    full follow-up cap freed with other candidates. It stops when a flow solution needs no
    repair (then it is valid as it stands), after ``rounds`` rounds (fixed by size, so reruns
    repeat), or, only on a machine far busier than usual, at the wall-clock ``deadline``.
    """
    from matcher.model.flow import FlowRelaxation

    if rounds is None:  # fixed by size, not by the clock, so reruns repeat exactly
        rounds = 6 if len(arcs) <= 1_000_000 else 4
    kept, options = repair(problem, arcs, chosen)
    best, best_options, best_key = kept, options, rank_key(problem, arcs, kept)
    allowed = np.ones(len(arcs), dtype=bool)
    slices = programme_slices(arcs, len(problem.programmes))
    for _ in range(rounds - 1):
        if len(kept) == len(chosen) or (deadline is not None and time.perf_counter() > deadline):
            break
        allowed &= _restrictions(problem, arcs, slices, chosen, kept, options)
        chosen = FlowRelaxation(problem, arcs, np.flatnonzero(allowed)).quick().chosen_arcs
        kept, options = repair(problem, arcs, chosen)
        if rank_key(problem, arcs, kept) > best_key:
            best, best_options, best_key = kept, options, rank_key(problem, arcs, kept)
    return best, best_options
