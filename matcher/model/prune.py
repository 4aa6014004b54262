"""Which pairs the search sees on a large round.

The repair and the search work on part of the pairs when a round has more than
:data:`MAX_SEARCH_ARCS` of them: each participant's best-scoring pairs and every pair of the
flow optimum; the search also sees the pairs that can make a class run that the flow optimum
fills but cannot run as it is. (Given to the repair too, those pairs changed which
placements its greedy flows dropped, and the rota-heavy and scarce 1,000 results came out
worse for it.) The flow bound still covers every pair, so the reported gap stays honest; a CP-SAT
proof on the pruned model is not taken as a proof for the round.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from matcher.eligibility import Arcs
from matcher.eligibility.arcs import leading
from matcher.model.ledger import Ledger
from matcher.problem import Problem

IntArray = npt.NDArray[np.int64]

#: Above this many pairs the search keeps each participant's best-scoring pairs only.
MAX_SEARCH_ARCS = 40_000
MIN_ARCS_PER_PARTICIPANT = 6
#: Pairs kept per participant into each class the flow optimum breaks.
ARCS_INTO_BROKEN_CLASS = 6


def prune_arcs(problem: Problem, arcs: Arcs, keep: list[int]) -> tuple[IntArray, bool]:
    """Indices of the arcs the repair sees, and whether any were left out: per participant
    the best-scoring pairs, and every pair in ``keep`` (the flow optimum). The search sees
    these and :func:`into_broken_classes` too."""
    n = len(arcs)
    if n <= MAX_SEARCH_ARCS:
        return np.arange(n, dtype=np.int64), False
    n_p = max(1, len(problem.participants))
    per = max(MIN_ARCS_PER_PARTICIPANT, MAX_SEARCH_ARCS // n_p)
    order = np.lexsort((-arcs.quality, arcs.participant))  # stable: ties keep arc order
    chosen = np.zeros(n, dtype=bool)
    chosen[leading(order, arcs.participant, per)] = True
    chosen[np.asarray(keep, dtype=np.int64)] = True
    return np.nonzero(chosen)[0].astype(np.int64), True


def into_broken_classes(problem: Problem, arcs: Arcs, flow: list[int],
                        broken: set[int]) -> IntArray:
    """Per participant and class in ``broken`` (those the flow optimum ``flow`` fills but
    cannot run: too small, short of members with or without adult rights, no common school
    days), the best :data:`ARCS_INTO_BROKEN_CLASS` pairs at supervisors with room.

    These are the moves that make such a class run. On the rota-heavy 5,000 benchmark round
    three classes of ten lacked one or two members without adult rights; everyone who could
    supply them had hundreds of pairs into the class, their best-scoring ones all at
    supervisors the flow had filled, and none of them among the pairs kept. "With room" is
    judged on the flow optimum, with the places of the broken classes' own members counted
    free: the repair closes or trims those classes first, so their places are what is left.
    """
    into = np.flatnonzero(np.isin(arcs.programme, sorted(broken)))
    if not len(into):
        return into.astype(np.int64)
    room = _room_after_repair(problem, arcs, flow, broken)
    pair = arcs.participant[into].astype(np.int64) * len(problem.programmes) \
        + arcs.programme[into]
    order = np.lexsort((-arcs.quality[into], ~room[arcs.supervisor[into]], pair))
    return into[leading(order, pair, ARCS_INTO_BROKEN_CLASS)]


def _room_after_repair(problem: Problem, arcs: Arcs, flow: list[int],
                       broken: set[int]) -> npt.NDArray[np.bool_]:
    """Per supervisor: room for one more, at the supervisor and at the company's places,
    once the flow optimum's members of the broken classes are taken out."""
    used = np.asarray(flow, dtype=np.int64)
    used = used[~np.isin(arcs.programme[used], sorted(broken))]
    return Ledger(problem, arcs, used.tolist()).supervisor_open()
