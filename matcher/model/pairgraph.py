"""Exact placement bounds on any subset of eligible pairs, as small max-flow problems.

The network is the one :class:`matcher.model.flow.FlowRelaxation` bounds a round with::

    source → participant (1) → supervisor (max_trainees) → company × trade (places) → sink

but built only over the nodes a subset touches, so the hundreds of per-company and per-group
questions a capacity report asks each cost a few milliseconds instead of a whole-round network.
On the full set of pairs it gives exactly ``FlowRelaxation.max_placed()`` (a test holds this).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
from ortools.graph.python import max_flow

from matcher.eligibility import Arcs
from matcher.eligibility.arcs import distinct
from matcher.problem import Problem

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Cut:
    """A max flow and its minimal bottleneck: the participants on the source side of the
    minimum cut are the largest group whose reachable capacity is smaller than the group
    (a Hall violator), together with the company × trade nodes that limit them."""

    flow: int
    group: IntArray  # participant indices (into problem.participants)
    limiting: IntArray  # company × trade indices (into PairGraph.ct_keys) the group reaches


class PairGraph:
    """The distinct (participant, supervisor) pairs of a round and their capacities."""

    def __init__(self, problem: Problem, arcs: Arcs) -> None:
        self._arcs = arcs
        self._n_s = max(1, len(problem.supervisors))
        keys, of = problem.supervisor_places
        index = {key: i for i, key in enumerate(keys)}
        self.sup_ct = np.array(of, dtype=np.int64)
        for place in problem.places:
            index.setdefault((place.company_id, place.trade), len(index))
        self.ct_keys: list[tuple[str, str]] = list(index)
        self.ct_index = index
        self.ct_cap = np.array([problem.places_by_key.get(k, 0) for k in self.ct_keys],
                               dtype=np.int64)
        self.n_participants = len(problem.participants)
        self.sup_cap = np.array([s.max_trainees for s in problem.supervisors], dtype=np.int64)

    @cached_property
    def _pairs(self) -> tuple[IntArray, IntArray]:
        """The distinct (participant, supervisor) pairs, built on first use: per-programme
        questions (:meth:`flow_of`) never need them, and at 50 million arcs they cost a sort."""
        key = distinct(self._arcs.participant.astype(np.int64) * self._n_s
                       + self._arcs.supervisor)
        return (key // self._n_s).astype(np.int64), (key % self._n_s).astype(np.int64)

    @property
    def p(self) -> IntArray:
        """Participant of each distinct pair."""
        return self._pairs[0]

    @property
    def s(self) -> IntArray:
        """Supervisor of each distinct pair."""
        return self._pairs[1]

    @cached_property
    def pair_ct(self) -> IntArray:
        """Company × trade index of each distinct pair."""
        return self.sup_ct[self.s] if len(self.s) else self.s

    def __len__(self) -> int:
        return len(self.p)

    def distinct_participants(self, index: IntArray | BoolArray) -> int:
        """How many participants the pairs at ``index`` involve."""
        return len(compact(self.p[index], self.n_participants)[0])

    def max_flow(self, index: IntArray | BoolArray | None = None) -> int:
        """Most participants the pairs at ``index`` (all when None) can place together."""
        return self._solve(index, cut=False).flow

    def min_cut(self, index: IntArray | BoolArray | None = None,
                extra: IntArray | None = None) -> Cut:
        """The max flow and its Hall violator. ``extra`` adds participants with no pairs (they
        are always in the violator: they reach nothing)."""
        return self._solve(index, cut=True, extra=extra)

    def flow_of(self, participants: IntArray, supervisors: IntArray) -> int:
        """The max flow over arbitrary (participant, supervisor) pairs of the same round, e.g.
        the arcs of one programme under one school-day option (repeats are harmless)."""
        return self._flow(participants, supervisors, cut=False).flow

    def _solve(self, index: IntArray | BoolArray | None, *, cut: bool,
               extra: IntArray | None = None) -> Cut:
        p = self.p if index is None else self.p[index]
        s = self.s if index is None else self.s[index]
        return self._flow(p, s, cut=cut, extra=extra)

    def _flow(self, p: IntArray, s: IntArray, *, cut: bool,
              extra: IntArray | None = None) -> Cut:
        lone = np.setdiff1d(extra, p) if extra is not None else np.zeros(0, dtype=np.int64)
        empty = np.zeros(0, dtype=np.int64)
        if len(p) == 0:
            return Cut(0, lone.astype(np.int64), empty)
        up, pi = compact(p, self.n_participants)
        us, si = compact(s, len(self.sup_cap))
        uc, ci = compact(self.sup_ct[us], len(self.ct_cap))
        n_p, n_s, n_c = len(up), len(us), len(uc)
        p0, s0 = 1, 1 + n_p
        c0 = s0 + n_s
        sink = c0 + n_c
        big = n_p + 1  # pair arcs never bind in the cut, so the cut is a Hall violator
        tails = np.concatenate([np.zeros(n_p, dtype=np.int64), p0 + pi, s0 + np.arange(n_s),
                                c0 + np.arange(n_c)])
        heads = np.concatenate([p0 + np.arange(n_p), s0 + si, c0 + ci,
                                np.full(n_c, sink, dtype=np.int64)])
        caps = np.concatenate([np.ones(n_p, dtype=np.int64),
                               np.full(len(pi), big, dtype=np.int64),
                               self.sup_cap[us], self.ct_cap[uc]])
        smf = max_flow.SimpleMaxFlow()
        smf.add_arcs_with_capacity(tails.astype(np.int32), heads.astype(np.int32), caps)
        status = smf.solve(0, sink)
        if status != smf.OPTIMAL:
            raise RuntimeError(f"max flow failed with status {status}")
        flow = int(smf.optimal_flow())
        if not cut:
            return Cut(flow, empty, empty)
        side = np.asarray(smf.get_source_side_min_cut(), dtype=np.int64)
        group = up[side[(side >= p0) & (side < s0)] - p0]
        reached = np.unique(self.sup_ct[s[np.isin(p, group)]])
        return Cut(flow, np.union1d(group, lone).astype(np.int64), reached.astype(np.int64))


def compact(values: IntArray, size: int) -> tuple[IntArray, IntArray]:
    """The distinct values (sorted) and each value's position among them, like
    ``np.unique(..., return_inverse=True)`` but linear: the values are small indices."""
    present = np.zeros(size + 1, dtype=bool)
    present[values] = True
    distinct = np.flatnonzero(present).astype(np.int64)
    position = np.cumsum(present, dtype=np.int64) - 1
    return distinct, position[values]
