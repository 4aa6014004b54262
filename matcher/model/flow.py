"""The capacity core as a flow network, solved exactly with OR-Tools' min-cost flow.

Once pair feasibility is known, the capacity rules are a flow::

    source → class → participant (1) → supervisor (max_trainees) → company × trade (places) → sink

where a *class node* groups participants: one for locked participants, one per priority 5…1.
Dropping the rules that are not a flow (class sizes, rights minimums, follow-up caps, one set of
school days per programme) gives a relaxation, so its optimum bounds the real one from above:

1. ``max placed`` with every locked participant placed (a source→sink bypass arc lets the flow
   choose how many to place): the **upper bound** on placements;
2. then, with that many placed, the most at priority 5, then 4, …;
3. then, with that profile fixed, the best total match quality.

All three come from one min-cost flow (see :meth:`FlowRelaxation.solve` for why small class
weights are exact).

When the relaxed optimum happens to satisfy the other rules too, it is optimal for the whole
round, and no CP-SAT search is needed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from matcher.eligibility import Arcs
from matcher.problem import Problem

IntArray = npt.NDArray[np.int64]
LOCKED = 6  # the class of locked participants, above priority 5
CLASSES = (LOCKED, 5, 4, 3, 2, 1)
CHUNK = 1 << 22  # pair arcs added to the solver per call
MAX_COST = 2**60  # min-cost flow scales costs by the node count; stay below int64


@dataclass(frozen=True)
class FlowSolution:
    """The relaxation's lexicographic optimum."""

    placed: int
    locked_placed: int
    class_counts: dict[int, int]  # class (6 = locked, else priority) → placed, unlocked only
    # priority → placed, locked participants included. Exact for goal 2 when every locked
    # participant is placed; otherwise which locked ones are left out is arbitrary (they weigh
    # the same), but then the round is infeasible and the solve stops after the flow.
    priority_counts: dict[int, int]
    quality: int
    chosen: IntArray  # position among the network's pair arcs, per placed participant
    pair_arc: IntArray | None  # pair arc → arc index (into Arcs); None = the same

    @property
    def chosen_arcs(self) -> list[int]:
        """The arcs (indices into :class:`Arcs`) of the placed participants."""
        picked = self.chosen if self.pair_arc is None else self.pair_arc[self.chosen]
        return [int(a) for a in picked]


class FlowRelaxation:
    """The network over a round's arcs (or the arcs at ``index``), and its optimum.

    Every arc is a participant → supervisor arc of the network, with no copy of the arc
    columns. A participant with two programmes of one trade has two parallel arcs to the same
    supervisor; the participant's unit capacity lets at most one carry flow, and the cost
    picks the better one, so no de-duplication is needed."""

    def __init__(self, problem: Problem, arcs: Arcs, index: IntArray | None = None) -> None:
        self.problem = problem
        n_p, n_s = len(problem.participants), len(problem.supervisors)
        self.n_participants = n_p
        self.locked = np.array([p.locked for p in problem.participants], dtype=bool)
        prio = np.array([p.priority for p in problem.participants], dtype=np.int64)
        self.klass = np.where(self.locked, LOCKED, prio)
        self.pair_arc = index
        self.pair_p, self.pair_s, self.pair_q = (
            (arcs.participant, arcs.supervisor, arcs.quality) if index is None else
            (arcs.participant[index], arcs.supervisor[index], arcs.quality[index]))
        company_trade, of = problem.supervisor_places
        sup_ct = np.array(of, dtype=np.int64)
        self.ct_cap = np.array(
            [problem.places_by_key.get(key, 0) for key in company_trade], dtype=np.int64)
        # node numbering
        self.source = 0
        self.class_node = {k: 1 + i for i, k in enumerate(CLASSES)}
        self.p0 = 1 + len(CLASSES)
        self.s0 = self.p0 + n_p
        self.c0 = self.s0 + n_s
        self.sink = self.c0 + len(company_trade)
        self.sup_ct = sup_ct
        self.sup_cap = np.array([s.max_trainees for s in problem.supervisors], dtype=np.int64)
        self.class_sizes = {k: int((self.klass == k).sum()) for k in CLASSES}

    # --- network -------------------------------------------------------------------------

    def _solve(
        self, class_cap: dict[int, int], class_cost: dict[int, int], supply: int,
        quality: bool, bypass: bool,
    ) -> min_cost_flow.SimpleMinCostFlow:
        """One min-cost flow. The arcs are added in chunks of int32 node indices so that no
        whole-network copy of the tens of millions of pair arcs is ever held beside the
        solver's own; arc ``i`` is class ``CLASSES[i]`` and pair ``j`` is arc
        :attr:`first_pair` ``+ j``."""
        mcf = min_cost_flow.SimpleMinCostFlow()

        def add(t: IntArray, h: IntArray, c: IntArray, w: IntArray) -> None:
            mcf.add_arcs_with_capacity_and_unit_cost(
                np.asarray(t, dtype=np.int32), np.asarray(h, dtype=np.int32),
                np.asarray(c, dtype=np.int64), np.asarray(w, dtype=np.int64))

        n_p = self.n_participants
        add(np.zeros(len(CLASSES), dtype=np.int64),
            np.array([self.class_node[k] for k in CLASSES], dtype=np.int64),
            np.array([class_cap[k] for k in CLASSES], dtype=np.int64),
            np.array([class_cost.get(k, 0) for k in CLASSES], dtype=np.int64))
        add(np.array([self.class_node[int(k)] for k in self.klass], dtype=np.int64),
            self.p0 + np.arange(n_p, dtype=np.int64), np.ones(n_p, dtype=np.int64),
            np.zeros(n_p, dtype=np.int64))
        for lo in range(0, len(self.pair_p), CHUNK):
            hi = min(lo + CHUNK, len(self.pair_p))
            add(self.p0 + self.pair_p[lo:hi], self.s0 + self.pair_s[lo:hi],
                np.ones(hi - lo, dtype=np.int64),
                -self.pair_q[lo:hi].astype(np.int64) if quality
                else np.zeros(hi - lo, dtype=np.int64))
        n_s = len(self.sup_cap)
        add(self.s0 + np.arange(n_s, dtype=np.int64), self.c0 + self.sup_ct, self.sup_cap,
            np.zeros(n_s, dtype=np.int64))
        n_c = len(self.ct_cap)
        add(self.c0 + np.arange(n_c, dtype=np.int64), np.full(n_c, self.sink, dtype=np.int64),
            self.ct_cap, np.zeros(n_c, dtype=np.int64))
        if bypass:
            add(np.array([self.source]), np.array([self.sink]), np.array([supply]),
                np.array([0]))
        mcf.set_node_supply(self.source, supply)
        mcf.set_node_supply(self.sink, -supply)
        status = mcf.solve()
        if status != mcf.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed with status {status}")
        return mcf

    @property
    def first_pair(self) -> int:
        """The arc index of the first pair arc (after the class and participant arcs)."""
        return len(CLASSES) + self.n_participants

    def _class_flows(self, mcf: min_cost_flow.SimpleMinCostFlow) -> dict[int, int]:
        return {k: int(mcf.flow(i)) for i, k in enumerate(CLASSES)}

    def _chosen_pairs(self, mcf: min_cost_flow.SimpleMinCostFlow) -> IntArray:
        """The pairs that carry flow (chunk by chunk, like the network was built)."""
        found = []
        for lo in range(0, len(self.pair_p), CHUNK):
            hi = min(lo + CHUNK, len(self.pair_p))
            flow = np.asarray(mcf.flows(np.arange(self.first_pair + lo, self.first_pair + hi,
                                                  dtype=np.int64)))
            found.append(lo + np.flatnonzero(flow))
        return (np.concatenate(found) if found else np.zeros(0, dtype=np.int64)).astype(np.int64)

    # --- the staged questions ------------------------------------------------------------------

    def solve(self) -> FlowSolution:
        """The relaxation's lexicographic optimum (placed with locks, priority, quality).

        Goals 1 and 2 need no staging: the sets of participants the network can place
        together are the independent sets of a matroid (a gammoid), so a maximum-weight set
        under *any* weights ordered locked > 5 > 4 > 3 > 2 > 1 > 0 is a basis (the most
        placed) and holds, for every class, as many of that class and the ones above it as any
        placeable set can (Gale's theorem): the lexicographic optimum. Class ``k`` therefore
        weighs just ``k`` (locked = 6). Goal 3 then rides on the same flow: class weights are
        scaled by more than any difference in total quality, so quality only decides between
        flows with the same class counts. When that scaled cost would overflow the solver's
        cost range, a second flow with the class counts fixed finds the quality instead.
        """
        n = self.n_participants
        q = int(np.abs(self.pair_q).max(initial=0))
        spread = 2 * n * q + 1  # more than any difference in total quality between two flows
        if max(CLASSES) * spread * (self.sink + 2) < MAX_COST:
            mcf = self._solve(dict(self.class_sizes), {k: -k * spread for k in CLASSES}, n,
                              True, bypass=True)
            counts = self._class_flows(mcf)
        else:
            mcf = self._solve(dict(self.class_sizes), {k: -k for k in CLASSES}, n, False,
                              bypass=True)
            counts = self._class_flows(mcf)
            del mcf  # free each network before the next is built (millions of arcs at 20,000)
            mcf = self._solve(counts, {}, sum(counts.values()), True,
                              bypass=False)  # supply = sum of class caps: counts are kept
        chosen = self._chosen_pairs(mcf)
        del mcf
        prio = np.array([p.priority for p in self.problem.participants], dtype=np.int64)
        placed_prio = prio[self.pair_p[chosen]]
        return FlowSolution(
            placed=sum(counts.values()), locked_placed=counts[LOCKED], class_counts=counts,
            priority_counts={k: int((placed_prio == k).sum()) for k in range(1, 6)},
            quality=int(self.pair_q[chosen].sum()), chosen=chosen, pair_arc=self.pair_arc,
        )

    def quick(self) -> FlowSolution:
        """One flow that places many, high priorities and good quality first: a fast
        heuristic for the repair rounds (not lexicographically exact)."""
        n = self.n_participants
        cost = {k: -(10**7 if k == LOCKED else 10**6 + 10**5 * k) for k in CLASSES}
        mcf = self._solve(dict(self.class_sizes), cost, n, True, bypass=True)
        chosen = self._chosen_pairs(mcf)
        counts = self._class_flows(mcf)
        return FlowSolution(
            placed=len(chosen), locked_placed=counts[LOCKED], class_counts=counts,
            priority_counts={}, quality=int(self.pair_q[chosen].sum()), chosen=chosen,
            pair_arc=self.pair_arc)

    def max_placed(self) -> int:
        """The plain upper bound on placements (locks ignored): a max-flow over eligible pairs."""
        n = self.n_participants
        mcf = self._solve(dict(self.class_sizes), {k: -1 for k in CLASSES}, n, False,
                          bypass=True)
        return sum(self._class_flows(mcf).values())


def quality_ceiling(arcs: Arcs, n_participants: int, placed: int) -> int:
    """No result placing ``placed`` participants over these arcs scores more than this: the
    ``placed`` largest per-participant best qualities. Cheap, independent of any search, and
    valid for the whole round even when CP-SAT saw only part of the arcs."""
    if placed <= 0 or not len(arcs):
        return 0
    best = np.full(n_participants, -1, dtype=np.int64)  # -1: no arc (scores are >= 0)
    np.maximum.at(best, arcs.participant, arcs.quality.astype(np.int64))
    best = np.sort(best[best >= 0])[::-1]
    return int(best[:placed].sum())


def local_bound(weight: IntArray, participant: IntArray, supervisor: IntArray, quality: IntArray,
                supervisor_room: IntArray, place: IntArray,
                place_room: IntArray) -> tuple[int, int] | None:
    """The lexicographic best (weighted count, quality) that these pairs can reach: each
    pair's participant scores ``weight`` (given per pair) once placed; ``place`` maps each
    supervisor to its company place; rooms are what is left at supervisors and places.

    Class, rights, follow-up and school-day rules are dropped, so nothing that keeps every
    rule on these pairs does better: a neighbourhood already at this bound cannot improve, and
    one at its weighted count can improve only in quality. One min-cost flow of a few hundred
    arcs; ``None`` when the scaled costs would overflow the solver's range."""
    if not len(participant):
        return 0, 0
    people, first, p_of = np.unique(participant, return_index=True, return_inverse=True)
    sups, s_of = np.unique(supervisor, return_inverse=True)
    places, k_of = np.unique(place[sups], return_inverse=True)
    n_p, n_s, n_k = len(people), len(sups), len(places)
    spread = int(quality.sum()) + 1  # more than the quality of any set of the pairs
    w = weight[first].astype(np.int64)
    if int(w.max()) * spread * (n_p + n_s + n_k + 2) >= MAX_COST:
        return None
    p0 = 1  # node 0 is the source
    s0 = p0 + n_p
    k0 = s0 + n_s
    sink = k0 + n_k
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.zeros(n_p + 1), p0 + p_of, s0 + np.arange(n_s),
                        k0 + np.arange(n_k)]).astype(np.int32),
        np.concatenate([p0 + np.arange(n_p), [sink], s0 + s_of, k0 + k_of,
                        np.full(n_k, sink)]).astype(np.int32),
        np.concatenate([np.ones(n_p), [n_p], np.ones(len(participant)),
                        np.maximum(supervisor_room[sups], 0),
                        np.maximum(place_room[places], 0)]).astype(np.int64),
        np.concatenate([-w * spread, [0], -quality.astype(np.int64),
                        np.zeros(n_s + n_k)]).astype(np.int64))
    mcf.set_node_supply(0, n_p)
    mcf.set_node_supply(sink, -n_p)
    if mcf.solve() != mcf.OPTIMAL:
        raise RuntimeError("min-cost flow failed on a neighbourhood")
    counts, best_quality = divmod(-int(mcf.optimal_cost()), spread)
    return counts, best_quality
