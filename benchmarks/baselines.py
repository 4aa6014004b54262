"""The two baselines the tool is measured against, on the tool's own eligible arcs.

* :func:`greedy` is what a coordinator's spreadsheet amounts to: locked participants first,
  then highest priority first (input order on ties), each to the first programme choice and the
  first supervisor in input order that still has room; classes that end below their minimums
  are closed and their participants tried again elsewhere, until no class breaks a rule.
* :func:`stable` is the hospital–resident stable matching of the ``matching`` library:
  residents are participants, hospitals are supervisors (capacity ``max_trainees``);
  participants rank supervisors by match quality, supervisors rank participants by lock, then
  priority, then quality. The company places, follow-up caps, class sizes and school days the
  algorithm cannot see are then enforced by dropping the lowest-ranked participants.

Both return a :class:`Baseline` whose :class:`~matcher.result.Solution` is built exactly as the
tool builds its own (company days from :func:`matcher.timetable.choose_company_days`), so the
same independent checker judges all three.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from matcher.eligibility import Arcs
from matcher.finish import build_solution
from matcher.problem import FollowUp, Problem
from matcher.result import Solution


@dataclass(frozen=True)
class Baseline:
    """A baseline's answer: the arcs it used, each programme's school-day option, its time."""

    name: str
    chosen: tuple[int, ...]  # arc indices, one per placed participant
    option: dict[int, int]  # programme index → index into Problem.school_day_options
    seconds: float
    closed_classes: int

    def quality(self, arcs: Arcs) -> int:
        """The goal-3 score on the tool's scale: the sum of the used arcs' quality."""
        return int(arcs.quality[list(self.chosen)].sum()) if self.chosen else 0

    def priority_profile(self, problem: Problem, arcs: Arcs) -> tuple[int, ...]:
        """Placed at priority 5, 4, 3, 2, 1 (the order the Summary sheet uses)."""
        count = Counter(problem.participants[int(arcs.participant[a])].priority
                        for a in self.chosen)
        return tuple(count[k] for k in (5, 4, 3, 2, 1))


# --- shared bookkeeping ------------------------------------------------------------------------


class _Ledger:
    """Capacity left at every supervisor, company × trade, class and follow-up cap."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.sup_left = [s.max_trainees for s in problem.supervisors]
        self.ct_left = dict(problem.places_by_key)
        self.class_size: Counter[int] = Counter()
        self.high: Counter[str] = Counter()
        self.option: dict[int, int] = {}
        self.high_need = [p.follow_up_need == FollowUp.HIGH for p in problem.participants]

    def fits(self, arcs: Arcs, a: int) -> bool:
        """Whether arc ``a`` still fits every capacity and the class's school-day option."""
        p, g, s = int(arcs.participant[a]), int(arcs.programme[a]), int(arcs.supervisor[a])
        sup = self.problem.supervisors[s]
        prog = self.problem.programmes[g]
        if self.sup_left[s] <= 0 or self.ct_left.get((sup.company_id, sup.trade), 0) <= 0:
            return False
        if prog.max_class_size is not None and self.class_size[g] >= prog.max_class_size:
            return False
        if self.high_need[p]:
            cap = self.problem.companies_by_id[sup.company_id].max_high_follow_up
            if cap is not None and self.high[sup.company_id] >= cap:
                return False
        opt = self.option.get(g)
        return opt is None or bool(int(arcs.options[a]) >> opt & 1)

    def take(self, arcs: Arcs, a: int) -> None:
        """Book arc ``a``; the first placement in a class fixes its school-day option."""
        p, g, s = int(arcs.participant[a]), int(arcs.programme[a]), int(arcs.supervisor[a])
        sup = self.problem.supervisors[s]
        self.sup_left[s] -= 1
        self.ct_left[(sup.company_id, sup.trade)] -= 1
        self.class_size[g] += 1
        if self.high_need[p]:
            self.high[sup.company_id] += 1
        if g not in self.option:
            mask = int(arcs.options[a])
            self.option[g] = (mask & -mask).bit_length() - 1


def _arcs_by_participant(arcs: Arcs, n: int) -> list[list[int]]:
    out: list[list[int]] = [[] for _ in range(n)]
    for a, p in enumerate(arcs.participant.tolist()):
        out[p].append(a)
    return out


def _locked(problem: Problem) -> list[bool]:
    return [p.locked for p in problem.participants]


def _lock_rank(problem: Problem) -> list[int]:
    """0 = locked to a supervisor, 1 = locked to a company, 2 = free: the tighter lock first,
    so a company lock never takes the one supervisor a supervisor lock needs."""
    return [0 if p.locked_supervisor is not None else 1 if p.locked_company is not None else 2
            for p in problem.participants]


def failing_classes(problem: Problem, arcs: Arcs, chosen: Iterable[int]) -> set[int]:
    """Programmes whose placed participants break the class minimum or a rights minimum."""
    size: Counter[int] = Counter()
    rights: Counter[int] = Counter()
    for a in chosen:
        g = int(arcs.programme[a])
        size[g] += 1
        rights[g] += problem.participants[int(arcs.participant[a])].has_rights is True
    bad = set()
    for g, n in size.items():
        prog = problem.programmes[g]
        if (n < prog.min_class_size or rights[g] < prog.min_with_rights
                or n - rights[g] < prog.min_without_rights):
            bad.add(g)
    return bad


# --- (a) greedy --------------------------------------------------------------------------------


def _next_round(problem: Problem, arcs: Arcs, chosen: list[int], closed: set[int],
                favoured: set[int]) -> bool:
    """Close or favour the classes that break a minimum; False when none does.

    A failing class that holds a locked participant is first *favoured* (everyone who may join
    it tries it first, as a coordinator filling a class she must run); if it still fails it is
    closed like any other.
    """
    bad = failing_classes(problem, arcs, chosen)
    if not bad:
        return False
    locked = _locked(problem)
    holds_lock = {int(arcs.programme[a]) for a in chosen if locked[int(arcs.participant[a])]}
    for g in bad:
        if g in holds_lock and g not in favoured:
            favoured.add(g)
        else:
            closed.add(g)
    return True


def greedy(problem: Problem, arcs: Arcs) -> Baseline:
    """The spreadsheet greedy, rerun with failing classes closed until every class runs."""
    start = time.perf_counter()
    n = len(problem.participants)
    locked = _lock_rank(problem)
    order = sorted(range(n), key=lambda i: (locked[i], -problem.participants[i].priority, i))
    company_index = {c.company_id: k for k, c in enumerate(problem.companies)}
    sup_company = [company_index.get(s.company_id, 0) for s in problem.supervisors]
    per = _arcs_by_participant(arcs, n)
    closed: set[int] = set()
    favoured: set[int] = set()
    while True:
        ledger = _Ledger(problem)
        chosen: list[int] = []
        joins = {int(arcs.participant[a]) for a in np.nonzero(
            np.isin(arcs.programme, list(favoured)))[0]}
        # locks first, then whoever can fill a class a lock needs, then by priority
        for i in sorted(order, key=lambda i: (locked[i], i not in joins)):
            # a favoured class first, then first choice, then companies in input order
            for a in sorted(per[i], key=lambda a: (
                    int(arcs.programme[a]) not in favoured, int(arcs.rank[a]),
                    sup_company[int(arcs.supervisor[a])], int(arcs.supervisor[a]))):
                if int(arcs.programme[a]) not in closed and ledger.fits(arcs, a):
                    ledger.take(arcs, a)
                    chosen.append(a)
                    break
        if not _next_round(problem, arcs, chosen, closed, favoured):
            break
    return Baseline("greedy", tuple(chosen), ledger.option, time.perf_counter() - start,
                    len(closed))


# --- (b) stable matching -----------------------------------------------------------------------


def _best_pairs(arcs: Arcs, n_s: int, usable: np.ndarray, favoured: np.ndarray) -> np.ndarray:
    """One usable arc per (participant, supervisor): favoured class first, then best quality,
    then first choice."""
    key = np.where(usable, arcs.participant.astype(np.int64) * n_s + arcs.supervisor, -1)
    order = np.lexsort((arcs.rank, -arcs.quality, ~favoured, key))
    order = order[key[order] >= 0]
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    return order[first]


#: How many supervisors each participant ranks in the stable-matching baseline.
STABLE_LIST = 50


def _hospital_resident(problem: Problem, arcs: Arcs, pairs: np.ndarray,
                       favoured: np.ndarray) -> dict[int, int]:
    """Participant index → the arc of their stable (resident-optimal) supervisor."""
    from matching.algorithms import hospital_resident
    from matching.games.hospital_resident import _make_players

    locked = _lock_rank(problem)
    parts = problem.participants
    resident: dict[int, list[tuple[bool, int, int, int]]] = {}
    hospital: dict[int, list[tuple[int, bool, int, int, int]]] = {}
    for a in pairs.tolist():
        p, s, q = int(arcs.participant[a]), int(arcs.supervisor[a]), int(arcs.quality[a])
        resident.setdefault(p, []).append((not favoured[a], -q, s, a))
    # Each participant ranks their best STABLE_LIST supervisors only: full lists (thousands of
    # supervisors each at 20,000 participants) need over 20 GB in the library's player objects.
    resident = {p: sorted(v)[:STABLE_LIST] for p, v in resident.items()}
    for p, v in resident.items():
        for entry in v:
            a = entry[3]
            hospital.setdefault(entry[2], []).append(
                (locked[p], not favoured[a], -parts[p].priority, -int(arcs.quality[a]), p))
    resident_prefs = {p: [s for *_, s, _ in v] for p, v in resident.items()}
    hospital_prefs = {s: [p for *_, p in sorted(v)] for s, v in hospital.items()}
    capacities = {s: problem.supervisors[s].max_trainees for s in hospital_prefs}
    # The library's game class deep-copies its linked players recursively, which overflows the
    # stack from about 1,000 participants; its own player builder and algorithm need no copy.
    residents, hospitals = _make_players(resident_prefs, hospital_prefs, capacities)
    matching = hospital_resident(residents, hospitals, optimal="resident")
    arc_of = {(p, s): a for p, v in resident.items() for *_, s, a in v}
    out: dict[int, int] = {}
    for h, members in matching.items():
        for r in members:
            out[int(r.name)] = arc_of[(int(r.name), int(h.name))]
    return out


def stable(problem: Problem, arcs: Arcs) -> Baseline:
    """Stable matching on supervisors, then the rules it cannot see enforced by dropping;
    rerun without the classes that cannot run (and favouring those locks need)."""
    start = time.perf_counter()
    locked = _lock_rank(problem)
    parts = problem.participants
    closed: set[int] = set()
    favoured: set[int] = set()
    while True:
        usable = ~np.isin(arcs.programme, list(closed))
        fav = np.isin(arcs.programme, list(favoured))
        pairs = _best_pairs(arcs, len(problem.supervisors), usable, fav)
        matched = _hospital_resident(problem, arcs, pairs, fav)
        # keep placements in the supervisors' own order: locks, favoured, priority, quality
        ranked = sorted(matched.values(), key=lambda a: (
            locked[int(arcs.participant[a])], not fav[a],
            -parts[int(arcs.participant[a])].priority,
            -int(arcs.quality[a]), int(arcs.participant[a])))
        ledger = _Ledger(problem)
        chosen = []
        for a in ranked:
            if ledger.fits(arcs, a):
                ledger.take(arcs, a)
                chosen.append(a)
        if not _next_round(problem, arcs, chosen, closed, favoured):
            break
    chosen.sort(key=lambda a: int(arcs.participant[a]))
    return Baseline("stable", tuple(chosen), ledger.option, time.perf_counter() - start,
                    len(closed))


# --- the solution the checker judges -----------------------------------------------------------


def to_solution(problem: Problem, arcs: Arcs, baseline: Baseline) -> Solution:
    """Placements with company days chosen as the tool chooses them, and school days."""
    return build_solution(problem, arcs, list(baseline.chosen),
                          {g: 1 << o for g, o in baseline.option.items()})
