"""Keeping placements as arc costs in the capacity flow: goals 1–4 of a re-match, exactly.

The capacity rules are the round's flow (:mod:`matcher.model.flow`)::

    source → participant (1) → supervisor (max_trainees) → company × trade (places) → sink

A re-match's first goals are per pair, not per participant: fewest ``dropped`` (a participant
of the previous result placed at all), fewest ``moved`` (placed in the same programme at the
same company), most placed, fewest ``new supervisor`` (the same supervisor too). Each pair
therefore weighs

    A·[placed before] + B·[same programme and company] + C + [same supervisor]

with each weight above the largest total the terms below it can differ by (``C = P + 1``,
``B = C·(n + 1)``, ``A = B·(P + 1)``, for ``n`` participants of whom ``P`` were placed before),
so the maximum-weight flow is the lexicographic optimum of goals 1–4 over every eligible pair.
Priority and quality ride below as tie-breaks where the costs leave room (a start for goals
5–6, not a proof). Locked participants must be placed: each is a supply of one at its own node, so a
flow exists only if every lock can be kept.

The flow drops the rules that are not a flow (class sizes, rights minimums, follow-up caps,
one set of school days): when its optimum keeps them, it is the re-match's answer to goals 1–4,
and otherwise its value bounds what any valid re-match reaches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from ortools.graph.python import max_flow, min_cost_flow

from matcher.eligibility import Arcs
from matcher.errors import InfeasibleError
from matcher.model.flow import MAX_COST
from matcher.problem import Problem
from matcher.rematch.previous import Previous

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Levels:
    """Per arc: the participant was placed before; the arc stays in the same programme and
    company; it keeps the same supervisor too."""

    before: BoolArray
    stay: BoolArray
    kept: BoolArray
    n_before: int  # participants of the previous result who are in the input now

    def weights(self, n: int) -> IntArray:
        """Each arc's lexicographic weight for goals 1–4 (see the module docstring)."""
        c = self.n_before + 1
        b = c * (n + 1)
        a = b * (self.n_before + 1)
        return (a * self.before + b * self.stay + c + self.kept).astype(np.int64)


@dataclass(frozen=True)
class Goals:
    """Goals 1–4 of a re-match, as counts."""

    dropped: int
    moved: int
    placed: int
    new_supervisor: int

    def key(self) -> tuple[int, int, int, int]:
        """Larger is better, compared in order."""
        return (-self.dropped, -self.moved, self.placed, -self.new_supervisor)


def arc_levels(problem: Problem, previous: Previous, arcs: Arcs) -> Levels:
    """The levels of every arc, from the previous placements of their participants."""
    n = len(problem.participants)
    programme = {g.programme_id: i for i, g in enumerate(problem.programmes)}
    company = {c.company_id: i for i, c in enumerate(problem.companies)}
    supervisor = {s.supervisor_id: i for i, s in enumerate(problem.supervisors)}
    prev_g = np.full(n, -1, dtype=np.int64)
    prev_c = np.full(n, -1, dtype=np.int64)
    prev_s = np.full(n, -1, dtype=np.int64)
    had = np.zeros(n, dtype=bool)
    for i, p in enumerate(problem.participants):
        b = previous.placements.get(p.participant_id)
        if b is None:
            continue
        had[i] = True
        prev_g[i] = programme.get(b.programme_id, -2)
        prev_c[i] = company.get(b.company_id, -2)
        prev_s[i] = supervisor.get(b.supervisor_id, -2)
    sup_company = np.array([company.get(s.company_id, -3) for s in problem.supervisors],
                           dtype=np.int64)
    who = arcs.participant.astype(np.int64)
    sup = arcs.supervisor.astype(np.int64)
    before = had[who]
    stay = before & (prev_g[who] == arcs.programme) & (prev_c[who] == sup_company[sup])
    kept = stay & (prev_s[who] == sup)
    return Levels(before, stay, kept, int(had.sum()))


def goals_of(levels: Levels, chosen: list[int] | IntArray) -> Goals:
    """Goals 1–4 of a set of chosen arcs."""
    idx = np.asarray(chosen, dtype=np.int64)
    placed_before = int(levels.before[idx].sum())
    stays = int(levels.stay[idx].sum())
    kept = int(levels.kept[idx].sum())
    return Goals(levels.n_before - placed_before, placed_before - stays, len(idx),
                 stays - kept)


def tie_breaks(problem: Problem, arcs: Arcs, spread: int) -> IntArray:
    """Per arc, priority then quality as one tie-break score whose total over any flow stays
    below ``spread``: priority weighs 1 … 5 per placed participant, above any difference in
    quality, which is scaled down where the costs leave too little room (and left out, with
    priority too, where not even that fits). A good start for goals 5–6, not a proof."""
    n = max(len(problem.participants), 1)
    quality = arcs.quality.astype(np.int64)
    q_max = max(int(quality.max(initial=0)), 1)
    prio = np.array([p.priority for p in problem.participants], dtype=np.int64)[arcs.participant]
    # score = prio * (n * q + 1) + quality * q / q_max, q = quality's range; total < spread
    # needs n * (5 * (n * q + 1) + q) < spread
    q = min(q_max, max(0, (spread // n - 6) // (5 * n + 1)))
    if spread <= n * 6:
        return np.zeros(len(arcs), dtype=np.int64)
    return prio * (n * q + 1) + quality * q // q_max


def keep_flow(problem: Problem, arcs: Arcs, levels: Levels) -> list[int]:
    """The arcs of the flow's lexicographic optimum of goals 1–4 (indices into ``arcs``).
    Raises :class:`InfeasibleError` when the locked participants cannot all be placed."""
    n, n_s = len(problem.participants), len(problem.supervisors)
    pools = problem.supervisor_places[0]
    nodes = n + n_s + len(pools) + 2
    weight = levels.weights(n)
    w_max = int(weight.max(initial=0)) + 1
    spread = max(1, MAX_COST // (nodes * w_max) - 1)
    score = tie_breaks(problem, arcs, spread)
    cost = -(weight * spread + score)
    locked = np.array([p.locked for p in problem.participants], dtype=bool)
    free = np.flatnonzero(~locked)
    tails, heads, caps, sink = _network(problem, arcs, free)
    costs: list[Any] = [np.zeros(len(free)), cost, np.zeros(n_s), np.zeros(len(pools)), [0]]
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int32), np.concatenate(heads).astype(np.int32),
        np.concatenate(caps).astype(np.int64), np.concatenate(costs).astype(np.int64))
    mcf.set_node_supply(0, len(free))
    for i in np.flatnonzero(locked):
        mcf.set_node_supply(1 + int(i), 1)
    mcf.set_node_supply(sink, -n)
    status = mcf.solve()
    if status == mcf.INFEASIBLE:
        raise InfeasibleError(_lock_conflicts(problem, arcs, locked))
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = np.asarray(mcf.flows(np.arange(len(free), len(free) + len(arcs), dtype=np.int64)))
    return [int(a) for a in np.flatnonzero(flows)]


def _network(problem: Problem, arcs: Arcs,
             free: IntArray) -> tuple[list[Any], list[Any], list[Any], int]:
    """Tails, heads and capacities of the flow network's arc groups (source → the ``free``
    participants, pairs, supervisors → company places, places → sink, the source → sink
    bypass), and the sink node. Node 0 is the source; participant ``i`` is node ``1 + i``."""
    n, n_s = len(problem.participants), len(problem.supervisors)
    pools, of = problem.supervisor_places
    p0, s0 = 1, 1 + n
    c0 = s0 + n_s
    sink = c0 + len(pools)
    tails: list[Any] = [np.zeros(len(free)), p0 + arcs.participant, s0 + np.arange(n_s),
                        c0 + np.arange(len(pools)), [0]]
    heads: list[Any] = [p0 + free, s0 + arcs.supervisor, c0 + np.array(of, dtype=np.int64),
                        np.full(len(pools), sink), [sink]]
    caps: list[Any] = [np.ones(len(free)), np.ones(len(arcs)),
                       [s.max_trainees for s in problem.supervisors],
                       [problem.places_by_key.get(key, 0) for key in pools], [len(free)]]
    return tails, heads, caps, sink


def max_placed(problem: Problem, arcs: Arcs) -> int:
    """The upper bound on placements: a max-flow over the eligible pairs (locks and every rule
    that is not a flow ignored), as a round reports it."""
    everyone = np.arange(len(problem.participants), dtype=np.int64)
    tails, heads, caps, sink = _network(problem, arcs, everyone)
    solver = max_flow.SimpleMaxFlow()
    solver.add_arcs_with_capacity(np.concatenate(tails[:-1]).astype(np.int32),
                                  np.concatenate(heads[:-1]).astype(np.int32),
                                  np.concatenate(caps[:-1]).astype(np.int64))
    if solver.solve(0, sink) != solver.OPTIMAL:
        raise RuntimeError("max-flow failed")
    return int(solver.optimal_flow())


def _lock_conflicts(problem: Problem, arcs: Arcs, locked: BoolArray) -> list[str]:
    """The locks that cannot all hold, in words: first those with no eligible pair left at the
    locked place (e.g. its places were withdrawn), else every lock by its target."""
    with_arcs = set(arcs.participant.tolist())
    people = [problem.participants[int(i)] for i in np.flatnonzero(locked)]
    stuck = [p for i, p in zip(np.flatnonzero(locked).tolist(), people, strict=True)
             if i not in with_arcs]
    hint = ("; remove the lock (locked_company / locked_supervisor) or give the place back")
    if stuck:
        return [f"participant {p.participant_id} is locked to "
                f"{p.locked_supervisor or p.locked_company}, where no placement fits from the "
                f"plan date on{hint}" for p in stuck]
    by_target: dict[str, list[str]] = {}
    for p in people:
        by_target.setdefault(p.locked_supervisor or p.locked_company or "", []).append(
            p.participant_id)
    return ["the locked participants do not all fit the places and supervisors' capacities"
            + hint] + [f"{len(ids)} locked to {target}: {', '.join(ids)}"
                       for target, ids in by_target.items()]
