"""The capacity core as a flow network, solved exactly with OR-Tools' min-cost flow.

Once pair feasibility is known, the capacity rules are a flow::

    source → class → participant (1) → supervisor (max_trainees) → company × trade (places) → sink

where a *class node* groups participants: one for locked participants, one per priority 5…1.
Dropping the rules that are not a flow (class sizes, rights minimums, follow-up caps, one set of
school days per programme) gives a relaxation, so its optimum bounds the real one from above:

1. ``max placed`` with every locked participant placed (a source→sink bypass arc lets the flow
   choose how many to place): the **upper bound** on placements;
2. then, with that many placed, the most at priority 5, then 4, … (a fixed class is kept
   saturated by a cost larger than everything the next class can gain);
3. then, with that profile fixed, the best total match quality.

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


@dataclass(frozen=True)
class FlowSolution:
    """The relaxation's lexicographic optimum."""

    placed: int
    locked_placed: int
    class_counts: dict[int, int]  # class (6 = locked, else priority) → placed, unlocked only
    priority_counts: dict[int, int]  # priority → placed, locked participants included
    quality: int
    chosen: IntArray  # index into the collapsed pair arrays, per placed participant
    pair_arc: IntArray  # collapsed pair → best arc index (into Arcs)


class FlowRelaxation:
    """Builds the network once and answers the three staged questions."""

    def __init__(self, problem: Problem, arcs: Arcs) -> None:
        self.problem = problem
        self.arcs = arcs
        n_p, n_s = len(problem.participants), len(problem.supervisors)
        self.n_participants = n_p
        self.locked = np.array(
            [p.locked_company is not None or p.locked_supervisor is not None
             for p in problem.participants], dtype=bool)
        prio = np.array([p.priority for p in problem.participants], dtype=np.int64)
        self.klass = np.where(self.locked, LOCKED, prio)
        self.pair_arc, self.pair_p, self.pair_s, self.pair_q = _collapse(arcs, n_s)
        company_trade: dict[tuple[str, str], int] = {}
        sup_ct = np.array(
            [company_trade.setdefault((s.company_id, s.trade), len(company_trade))
             for s in problem.supervisors], dtype=np.int64)
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
        pair_cost: IntArray | None, bypass: bool,
    ) -> tuple[min_cost_flow.SimpleMinCostFlow, int]:
        """One min-cost flow; returns the solver and the index of the first pair arc."""
        mcf = min_cost_flow.SimpleMinCostFlow()
        n_p = self.n_participants
        tails: list[IntArray] = []
        heads: list[IntArray] = []
        caps: list[IntArray] = []
        costs: list[IntArray] = []

        def add(t: IntArray, h: IntArray, c: IntArray, w: IntArray) -> None:
            tails.append(t)
            heads.append(h)
            caps.append(c)
            costs.append(w)

        ks = np.array(CLASSES, dtype=np.int64)
        add(np.zeros(len(ks), dtype=np.int64),
            np.array([self.class_node[k] for k in CLASSES], dtype=np.int64),
            np.array([class_cap[k] for k in CLASSES], dtype=np.int64),
            np.array([class_cost.get(k, 0) for k in CLASSES], dtype=np.int64))
        add(np.array([self.class_node[int(k)] for k in self.klass], dtype=np.int64),
            self.p0 + np.arange(n_p, dtype=np.int64), np.ones(n_p, dtype=np.int64),
            np.zeros(n_p, dtype=np.int64))
        first_pair = sum(len(t) for t in tails)
        add(self.p0 + self.pair_p, self.s0 + self.pair_s,
            np.ones(len(self.pair_p), dtype=np.int64),
            np.zeros(len(self.pair_p), dtype=np.int64) if pair_cost is None else pair_cost)
        n_s = len(self.sup_cap)
        add(self.s0 + np.arange(n_s, dtype=np.int64), self.c0 + self.sup_ct, self.sup_cap,
            np.zeros(n_s, dtype=np.int64))
        n_c = len(self.ct_cap)
        add(self.c0 + np.arange(n_c, dtype=np.int64), np.full(n_c, self.sink, dtype=np.int64),
            self.ct_cap, np.zeros(n_c, dtype=np.int64))
        if bypass:
            add(np.array([self.source]), np.array([self.sink]), np.array([supply]),
                np.array([0]))
        mcf.add_arcs_with_capacity_and_unit_cost(
            np.concatenate(tails), np.concatenate(heads), np.concatenate(caps),
            np.concatenate(costs))
        mcf.set_node_supply(self.source, supply)
        mcf.set_node_supply(self.sink, -supply)
        status = mcf.solve()
        if status != mcf.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed with status {status}")
        return mcf, first_pair

    def _class_flows(self, mcf: min_cost_flow.SimpleMinCostFlow) -> dict[int, int]:
        return {k: int(mcf.flow(i)) for i, k in enumerate(CLASSES)}

    # --- the staged questions ------------------------------------------------------------------

    def solve(self) -> FlowSolution:
        """The relaxation's lexicographic optimum (placed with locks, priority, quality)."""
        n = self.n_participants
        sizes = self.class_sizes
        # 1. most placed, every locked participant first
        big = n + 1
        mcf, _ = self._solve(dict(sizes), {k: (-big if k == LOCKED else -1) for k in CLASSES},
                             n, None, bypass=True)
        flows = self._class_flows(mcf)
        del mcf  # free each network before the next is built (millions of arcs at 20,000)
        total = sum(flows.values())
        fixed = self._priorities(total, {LOCKED: flows[LOCKED]})
        fixed[1] = total - sum(fixed.values())
        # 3. best quality with the profile fixed (supply = sum of caps forces saturation)
        mcf, first = self._solve(fixed, {}, total, -self.pair_q, bypass=False)
        flow = np.asarray(mcf.flows(first + np.arange(len(self.pair_p), dtype=np.int64)))
        chosen = np.nonzero(flow)[0].astype(np.int64)
        prio = np.array([p.priority for p in self.problem.participants], dtype=np.int64)
        placed_prio = prio[self.pair_p[chosen]]
        return FlowSolution(
            placed=total, locked_placed=fixed[LOCKED],
            class_counts={k: fixed[k] for k in CLASSES},
            priority_counts={k: int((placed_prio == k).sum()) for k in range(1, 6)},
            quality=int(self.pair_q[chosen].sum()), chosen=chosen, pair_arc=self.pair_arc,
        )

    def _priorities(self, total: int, fixed: dict[int, int]) -> dict[int, int]:
        """Stage 2: most placed at priority 5, then 4, 3, 2, with ``total`` placed.

        One flow with mixed-radix costs (each class outweighs everything below it) when the
        costs fit the solver's range; otherwise one flow per class, highest first, each class
        kept saturated afterwards by a cost larger than all the next class can gain."""
        sizes = self.class_sizes
        weight, weights = 1, {}
        for k in (2, 3, 4, 5, LOCKED):
            weights[k] = weight
            weight *= (fixed.get(k, sizes[k])) + 1
        if weight * (self.sink + 2) < 2**60:  # min-cost flow scales costs by the node count
            caps = {c: fixed.get(c, sizes[c]) for c in CLASSES}
            try:
                mcf, _ = self._solve(caps, {k: -w for k, w in weights.items()}, total, None,
                                     bypass=False)
                flows = self._class_flows(mcf)
                del mcf
                return {**fixed, **{k: flows[k] for k in (5, 4, 3, 2)}}
            except RuntimeError:  # cost range too wide after all: fall back to stages
                pass
        fixed = dict(fixed)
        for k in (5, 4, 3, 2):
            caps = {c: fixed.get(c, sizes[c]) for c in CLASSES}
            cost = {c: -(total + 1) for c in fixed}
            cost[k] = -1
            mcf, _ = self._solve(caps, cost, total, None, bypass=False)
            fixed[k] = self._class_flows(mcf)[k]
        return fixed

    def quick(self) -> FlowSolution:
        """One flow that places many, high priorities and good quality first: a fast
        heuristic for the repair rounds (not lexicographically exact)."""
        n = self.n_participants
        cost = {k: -(10**7 if k == LOCKED else 10**6 + 10**5 * k) for k in CLASSES}
        mcf, first = self._solve(dict(self.class_sizes), cost, n, -self.pair_q, bypass=True)
        flow = np.asarray(mcf.flows(first + np.arange(len(self.pair_p), dtype=np.int64)))
        chosen = np.nonzero(flow)[0].astype(np.int64)
        counts = self._class_flows(mcf)
        return FlowSolution(
            placed=len(chosen), locked_placed=counts[LOCKED], class_counts=counts,
            priority_counts={}, quality=int(self.pair_q[chosen].sum()), chosen=chosen,
            pair_arc=self.pair_arc)

    def max_placed(self) -> int:
        """The plain upper bound on placements (locks ignored): a max-flow over eligible pairs."""
        n = self.n_participants
        mcf, _ = self._solve(dict(self.class_sizes), {k: -1 for k in CLASSES}, n, None,
                             bypass=True)
        return sum(self._class_flows(mcf).values())


def _collapse(arcs: Arcs, n_s: int) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """One pair per (participant, supervisor): the best-quality arc among its programmes."""
    if len(arcs) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty
    key = arcs.participant * n_s + arcs.supervisor
    order = np.lexsort((-arcs.quality, key))  # by key, best quality first
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    best = order[first]
    return (best.astype(np.int64), arcs.participant[best], arcs.supervisor[best],
            arcs.quality[best])
