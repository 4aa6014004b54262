"""Neighbourhood search: improve a valid result by re-solving small parts of it exactly.

A whole round of 1,000 or more participants is too large for one CP-SAT model to improve, so
the search re-solves one *neighbourhood* at a time: starting from one class, the participants
who could join it (the unplaced first, highest priority first), its members and those who
could move into it are set free, then the same for the classes those would leave, up to
:data:`SIZE` participants. Everyone else keeps their place, counted as constants by the rules
they share with the free (:class:`~matcher.model.cpsat.Kept`), and CP-SAT solves that small
model: first goals 1–2 (one weighted count), then goal 3 with those held.

The model leaves out the free participants' pairs that cannot be used with everyone else in
place: at supervisors and company places that those who keep their place fill already (the
:class:`~matcher.model.ledger.Ledger`), and into a class that nobody keeps a place in and too
few of the free could join to reach its minimums. Before CP-SAT, one small min-cost flow bounds
what the neighbourhood could reach without the class rules
(:func:`~matcher.model.flow.local_bound`): where the current places already reach it, nothing
can improve and CP-SAT is not called; where they reach its count, only goal 3 is solved. A
result is kept only when it is strictly better for the whole round, in SPEC.md's order: more
placed, then more at priority 5, 4, …, then better match quality.

The search stops when a whole pass improves nothing (a local optimum: the same input gives the
same result), after its budget of neighbourhoods, or at the deadline. A second search from
there (``free_holders``) also frees, per neighbourhood, those placed at the supervisors its
class could use with a lower priority than the unplaced who could join it: places are shared by
all the classes of a trade, so the holder is often in another class and would not otherwise be
moved.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from ortools.sat.python import cp_model

from matcher.eligibility import Arcs
from matcher.eligibility.arcs import group_slices, positions, slice_index
from matcher.i18n.phrase import plural
from matcher.model.cpsat import Kept, MatchModel
from matcher.model.flow import local_bound
from matcher.model.ledger import Ledger
from matcher.model.progress import Progress
from matcher.model.repair import describe, rank_key
from matcher.model.sat import new_solver
from matcher.problem import OptionMask, Problem, SchoolMasks, SchoolOptions

IntArray = npt.NDArray[np.int64]

#: Participants set free per neighbourhood. Measured on the county sample and the 1,000
#: scarce round: 25 misses moves that open a closed class, 60 takes three times as long for
#: no better result.
SIZE = 40
#: CP-SAT deterministic time per neighbourhood solve (most are proven optimal well before).
DETERMINISTIC_LIMIT = 0.2


@dataclass(frozen=True)
class Limits:
    """When a search stops and how CP-SAT runs. ``budget``: the most neighbourhoods to solve;
    it ends a long search at the same point on a busy machine as on an idle one, so reruns
    repeat, while the wall-clock ``deadline`` only cuts in first on a much busier machine."""

    deadline: float
    workers: int = 1
    seed: int = 0
    budget: int | None = None


@dataclass
class Memory:
    """What one search on some pairs leaves the next one on the same pairs (more may have
    been appended): the states of the neighbourhoods that did not improve, which need no second
    solve (:meth:`NeighbourhoodSearch._resolve`), and how many neighbourhoods were solved, so
    the progress lines count on."""

    unimproved: set[tuple[int, ...]] = field(default_factory=set)
    solved: int = 0


class Assignment:
    """The current placements, by participant, class, company and supervisor, with the
    capacity ledger kept in step."""

    def __init__(self, problem: Problem, arcs: Arcs) -> None:
        self.arcs = arcs
        self.ledger = Ledger(problem, arcs)
        self.current: dict[int, int] = {}  # participant → arc
        self.in_class: dict[int, set[int]] = {}
        self.at_company: dict[int, set[int]] = {}
        self.at_supervisor: dict[int, set[int]] = {}

    def place(self, p: int, a: int) -> None:
        """Place participant ``p`` on arc ``a``."""
        s = int(self.arcs.supervisor[a])
        self.current[p] = a
        self.in_class.setdefault(int(self.arcs.programme[a]), set()).add(p)
        self.at_company.setdefault(int(self.ledger.company[s]), set()).add(p)
        self.at_supervisor.setdefault(s, set()).add(p)
        self.ledger.take(a)

    def unplace(self, p: int) -> None:
        """Take participant ``p``'s placement away."""
        a = self.current.pop(p)
        s = int(self.arcs.supervisor[a])
        self.in_class[int(self.arcs.programme[a])].discard(p)
        self.at_company[int(self.ledger.company[s])].discard(p)
        self.at_supervisor[s].discard(p)
        self.ledger.take(a, -1)


class NeighbourhoodSearch:
    """Improves a valid assignment one neighbourhood at a time (see the module docstring)."""

    def __init__(self, problem: Problem, arcs: Arcs, limits: Limits, progress: Progress, *,
                 free_holders: bool = False, memory: Memory | None = None) -> None:
        """``free_holders``: each neighbourhood also frees those who hold the places its class
        needs (see :meth:`_holders`). ``memory``: shared with an earlier search on the same
        pairs and budget."""
        self.problem, self.arcs = problem, arcs
        self.limits, self.progress = limits, progress
        self.free_holders = free_holders
        self.memory = Memory() if memory is None else memory
        self.priority = np.array([p.priority for p in problem.participants], dtype=np.int64)
        self.by_participant = group_slices(arcs.participant, len(problem.participants))
        self.by_programme = group_slices(arcs.programme, len(problem.programmes))
        self.assignment = Assignment(problem, arcs)
        self.visited = 0  # neighbourhoods solved
        self.screened = 0  # neighbourhoods the flow bound showed cannot improve

    # --- the search ----------------------------------------------------------------------------

    def improve(self, start: list[int],
                options: SchoolOptions) -> tuple[list[int], SchoolOptions]:
        """The best assignment found from ``start`` (arcs) and its school-day options."""
        for a in start:
            self.assignment.place(int(self.arcs.participant[a]), int(a))
        options = dict(options)
        passes = 0
        line = ("neighbourhood search, pass {number} (freeing place holders): {state} ({solved})"
                if self.free_holders else "neighbourhood search, pass {number}: {state} ({solved})")
        while not self.out_of_time():
            passes += 1
            improved = False
            for free in self.neighbourhoods():
                if self.out_of_time():
                    break
                improved |= self._resolve(free, options)
            key = rank_key(self.problem, self.arcs, list(self.assignment.current.values()))
            solved = plural("{n} neighbourhood solved", "{n} neighbourhoods solved",
                            self.memory.solved)
            self.progress.say(line, number=passes, state=describe(key), solved=solved)
            if not improved:
                break
        return sorted(self.assignment.current.values()), options

    def out_of_time(self) -> bool:
        """The budget of neighbourhoods is used up, or the deadline has passed."""
        return (self.limits.budget is not None and self.visited >= self.limits.budget) or \
            time.perf_counter() >= self.limits.deadline

    def neighbourhoods(self) -> Iterator[list[int]]:
        """One free set grown from each class that an unplaced participant could join, the
        classes of the highest-priority unplaced participants first."""
        arcs = self.arcs
        open_arcs = ~self.assignment.ledger.placed[arcs.participant]
        best: dict[int, int] = {}
        for g, k in zip(arcs.programme[open_arcs].tolist(),
                        self.priority[arcs.participant[open_arcs]].tolist(), strict=True):
            best[g] = max(best.get(g, 0), k)
        for g in sorted(best, key=lambda g: (-best[g], g)):
            yield self._grow(g)

    def _grow(self, seed: int) -> list[int]:
        """From one class outwards: who could join it (unplaced first, highest priority
        first), its members, and those placed elsewhere who could move in (lowest priority
        first); then the same for the classes those movers would leave."""
        arcs, placed = self.arcs, self.assignment.ledger.placed
        free: dict[int, None] = {}
        frontier, seen = [seed], {seed}
        while frontier and len(free) < SIZE:
            nxt: list[int] = []
            for g in frontier:
                who = np.unique(arcs.participant[slice_index(self.by_programme, g)])
                out = who[~placed[who]]
                out = out[np.lexsort((out, -self.priority[out]))][: SIZE // 2]
                movers = who[placed[who]]
                movers = movers[np.lexsort((movers, self.priority[movers]))]
                members = sorted(self.assignment.in_class.get(g, ()))
                holders = self._holders(g, out) if self.free_holders else []
                for p in [*out.tolist(), *members, *movers.tolist(), *holders]:
                    if len(free) >= SIZE:
                        break
                    free[p] = None
                    if p in self.assignment.current:
                        h = int(arcs.programme[self.assignment.current[p]])
                        if h not in seen:
                            seen.add(h)
                            nxt.append(h)
            frontier = nxt
        return list(free)

    def _holders(self, g: int, out: IntArray) -> list[int]:
        """Those placed with the supervisors that ``out`` could join class ``g`` at, with a
        lower priority than the highest of ``out``, lowest priority first: whoever holds the
        places that a higher-priority participant could take. (Places are shared by all the
        classes of a trade, so they are often in another class and could not join ``g``.)

        Used in a second search from the first one's local optimum (see
        ``matcher.model.solve``): it places more at the high priorities where places are
        scarce, while from the start it would open fewer classes. Each kept change is strictly
        better, so the second search never loses what the first found."""
        if not len(out):
            return []
        arcs = self.arcs
        sups: set[int] = set()
        for p in out.tolist():
            mine = slice_index(self.by_participant, p)
            sups.update(arcs.supervisor[mine[arcs.programme[mine] == g]].tolist())
        top = int(self.priority[out].max())
        at = self.assignment.at_supervisor
        held = {q for s in sups for q in at.get(s, ()) if self.priority[q] < top}
        return sorted(held, key=lambda q: (int(self.priority[q]), q))

    # --- one neighbourhood ---------------------------------------------------------------------

    def _resolve(self, free: list[int], options: SchoolOptions) -> bool:
        """Re-solve ``free`` with everyone else fixed; keep the result if it is better."""
        arcs, current, ledger = self.arcs, self.assignment.current, self.assignment.ledger
        free_arcs = self.open_arcs(free)
        fixed = self._fixed(set(free), free_arcs)
        state = (*free, -1, *(current.get(p, -1) for p in free), -1, *free_arcs.tolist(), -1,
                 *fixed.tolist())
        if state in self.memory.unimproved:
            return False  # solved before from the very same places and rooms: no change
        now = [current[p] for p in free if p in current]
        weight = self._weights(len(free))
        counts_now = int(weight[arcs.participant[now]].sum()) if now else 0
        quality_now = int(arcs.quality[now].sum()) if now else 0
        with self._rooms_of_others(free):  # the rooms as the free participants would find them
            bound = local_bound(weight[arcs.participant[free_arcs]], arcs.participant[free_arcs],
                                arcs.supervisor[free_arcs], arcs.quality[free_arcs],
                                ledger.supervisor_room, ledger.place, ledger.place_room)
            if bound is not None and bound <= (counts_now, quality_now):
                self.screened += 1
                self.memory.unimproved.add(state)  # even the flow relaxation does no better
                return False
            sub = arcs.subset(free_arcs)
            kept = self._kept(set(free), sub)
        self.visited += 1
        self.memory.solved += 1
        mm = MatchModel(self.problem, sub, part=True, kept=kept)
        mm.hint(positions(free_arcs, now), options, zeros=False)
        held = counts_now if bound is not None and bound[0] <= counts_now else None
        solver, status = self._lexicographic(mm, sub, weight, held)
        chosen = mm.chosen_arcs(solver) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) \
            else []
        before = rank_key(self.problem, arcs, now)
        if not chosen or rank_key(self.problem, arcs,
                                  [int(free_arcs[i]) for i in chosen]) <= before:
            self.memory.unimproved.add(state)
            return False
        for p in free:
            if p in current:
                self.assignment.unplace(p)
        for i in chosen:
            self.assignment.place(int(sub.participant[i]), int(free_arcs[i]))
        running = {int(sub.programme[i]) for i in chosen} | set(kept.members)
        options.update({g: o for g, o in mm.chosen_options(solver).items() if g in running})
        return True

    def open_arcs(self, free: list[int]) -> IntArray:
        """The free participants' arcs that could be used with everyone else in place: a
        supervisor, company place or follow-up cap that those who keep their place fill
        already leaves the arc at 0 in every solution, so it needs no variable. (In the
        scarce benchmark rounds most places are full: this keeps the small models small.)"""
        arcs = self.arcs
        free_arcs = np.concatenate([slice_index(self.by_participant, p) for p in free])
        with self._rooms_of_others(free):
            free_arcs = free_arcs[self.assignment.ledger.open(arcs.participant[free_arcs],
                                                   arcs.supervisor[free_arcs])]
        return free_arcs[self._could_run(set(free), free_arcs)]

    def _could_run(self, free: set[int], free_arcs: IntArray) -> npt.NDArray[np.bool_]:
        """Which arcs go to a class that could run: a class with nobody in it who keeps
        their place runs only if the free participants alone reach its minimums (size and
        rights), so its arcs are 0 in every solution when too few of them could join."""
        arcs = self.arcs
        programme = arcs.programme[free_arcs]
        keep = np.ones(len(free_arcs), dtype=bool)
        for g in np.unique(programme).tolist():
            prog = self.problem.programmes[g]
            if not prog.has_minimums:
                continue
            if any(p not in free for p in self.assignment.in_class.get(g, ())):
                continue  # it runs anyway
            into = programme == g
            people = np.unique(arcs.participant[free_arcs[into]])
            rights = int(self.assignment.ledger.rights[people].sum())
            if not prog.meets_minimums(len(people), rights):
                keep[into] = False
        return keep

    @contextmanager
    def _rooms_of_others(self, free: list[int]) -> Iterator[None]:
        """Inside: the ledger with the free participants' own places given back (as if they
        were unplaced)."""
        taken = [self.assignment.current[p] for p in free if p in self.assignment.current]
        for a in taken:
            self.assignment.ledger.take(a, -1)
        try:
            yield
        finally:
            for a in taken:
                self.assignment.ledger.take(a)

    def _weights(self, n_people: int) -> IntArray:
        """Goals 1–2 as one number per participant: placed above priority 5 above … 1 (for
        at most ``n_people`` placed, any count at a priority weighs less than one above it)."""
        base = n_people + 1
        return base**5 + base ** (self.priority - 1)

    def _fixed(self, free: set[int], free_arcs: IntArray) -> IntArray:
        """The arcs of those who keep their place that share a rule with the free arcs: at
        the same companies (supervisor, places, follow-up caps) and in the same classes. With
        the free set and its places and pairs they identify a neighbourhood's state, for
        :attr:`Memory.unimproved` (the model itself counts them as constants: :meth:`_kept`)."""
        arcs, current = self.arcs, self.assignment.current
        near = {p for c in set(self.assignment.ledger.company[arcs.supervisor[free_arcs]].tolist())
                for p in self.assignment.at_company.get(c, ())} - free
        classes = set(arcs.programme[free_arcs].tolist())
        classes |= {int(arcs.programme[current[p]]) for p in near}
        near |= {p for g in classes for p in self.assignment.in_class.get(g, ())}
        near -= free
        return np.array(sorted(current[p] for p in near), dtype=np.int64)

    def _kept(self, free: set[int], sub: Arcs) -> Kept:
        """What those who keep their place use of the rules the free arcs ``sub`` share
        (called with the free participants' rooms given back, so a room's use is the kept)."""
        supervisor: dict[int, int] = {}
        place: dict[tuple[str, str], int] = {}
        high: dict[str, int] = {}
        for s in np.unique(sub.supervisor).tolist():
            sup = self.problem.supervisors[s]
            supervisor[s], place[(sup.company_id, sup.trade)], high[sup.company_id] = \
                self.assignment.ledger.used(s)
        members: dict[int, int] = {}
        rights: dict[int, int] = {}
        options: SchoolMasks = {}
        for g in np.unique(sub.programme).tolist():
            keep = [p for p in self.assignment.in_class.get(g, ()) if p not in free]
            if not keep:
                continue
            members[g] = len(keep)
            rights[g] = int(self.assignment.ledger.rights[keep].sum())
            fits = -1
            for p in keep:
                fits &= int(self.arcs.options[self.assignment.current[p]])
            options[g] = OptionMask(fits)
        return Kept(supervisor, place, high, members, rights, options)

    def _lexicographic(self, mm: MatchModel, sub: Arcs, weight: IntArray,
                       held: int | None) -> tuple[cp_model.CpSolver, int]:
        """Goals 1–2 as one weighted count (:meth:`_weights`), then goal 3 with that count
        held. ``held``: the count is known to be the best already (the flow bound says so),
        and only goal 3 is solved. (One objective for all three needs coefficients so large
        that CP-SAT proved far fewer neighbourhoods in the same time.)"""
        weights = weight[sub.participant].tolist()
        if held is None:
            mm.maximize_arcs(weights)
            solver, status = self._run(mm)
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                return solver, status
            held = round(solver.objective_value)
            mm.hint(mm.chosen_arcs(solver), mm.chosen_options(solver), zeros=False)
        mm.model.add(cp_model.LinearExpr.weighted_sum(mm.x, weights) >= held)
        mm.maximize_arcs(sub.quality.tolist())
        return self._run(mm)

    def _run(self, mm: MatchModel) -> tuple[cp_model.CpSolver, int]:
        solver = new_solver(self.limits.workers, self.limits.seed)
        solver.parameters.max_deterministic_time = DETERMINISTIC_LIMIT
        solver.parameters.max_time_in_seconds = max(0.05,
                                                    self.limits.deadline - time.perf_counter())
        # Measured on the 1,000 scarce round: presolve took two thirds of CP-SAT's time on
        # these small models, and without it every one was still proven optimal.
        solver.parameters.cp_model_presolve = False
        status = int(solver.solve(mm.model))
        return solver, status
