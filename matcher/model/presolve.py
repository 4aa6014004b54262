"""Classes that can never run, found exactly before any search.

A class with a minimum size (or rights minimums) whose own candidates cannot reach that
minimum even with every place in the round to themselves will never run. Each such
programme is checked with a max-flow over its own arcs alone; its arcs are then left out of
the bound and the search. This tightens the upper bound without weakening it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from matcher.eligibility import Arcs
from matcher.eligibility.arcs import leading, programme_slices, slice_index
from matcher.model.pairgraph import PairGraph
from matcher.problem import Problem

IntArray = npt.NDArray[np.int64]


def most_in_class(problem: Problem, arcs: Arcs, index: IntArray,
                  rights: tuple[bool, npt.NDArray[np.bool_]] | None = None,
                  need: int | None = None, graph: PairGraph | None = None) -> int:
    """The most participants the arcs at ``index`` (one programme's) could ever place,
    optionally (``rights = (wanted, has_rights per participant)``) only those with or
    without adult rights, ignoring every other programme.

    With ``need``, the answer is exact when it is below ``need`` and otherwise only known to
    be at least ``need``: a flow over each candidate's first few pairs usually settles that
    in a fraction of the time of the flow over all of them (2,000 programmes at 20,000)."""
    if rights is not None:
        wanted, has_rights = rights
        has = has_rights[arcs.participant[index]]
        index = index[has if wanted else ~has]
    if not len(index):
        return 0
    people = arcs.participant[index]
    candidates = len(np.unique(people))
    if need is not None and candidates < need:
        return candidates  # too few candidates at all: no flow needed
    graph = PairGraph(problem, arcs) if graph is None else graph
    supervisors = arcs.supervisor[index]
    if need is not None:
        few = _first_pairs(people, FEW_PAIRS)
        if len(few) < len(people) and graph.flow_of(people[few], supervisors[few]) >= need:
            return need  # a subset of the pairs already reaches the minimum
    return graph.flow_of(people, supervisors)


#: Pairs per candidate in the quick flow that usually shows a class can reach its minimum.
FEW_PAIRS = 4


def _first_pairs(people: IntArray, k: int) -> IntArray:
    """Positions of each participant's first ``k`` entries in ``people``."""
    return np.sort(leading(np.argsort(people, kind="stable"), people, k))


def _rights(problem: Problem) -> npt.NDArray[np.bool_]:
    """Per participant: do they have adult rights?"""
    return np.array([p.has_rights for p in problem.participants], dtype=bool)


def never_running(problem: Problem, arcs: Arcs) -> dict[int, str]:
    """Programme index → why it can never run, for classes with minimums out of reach."""
    closed: dict[int, str] = {}
    order, bounds = programme_slices(arcs, len(problem.programmes))
    graph: PairGraph | None = None
    has_rights = _rights(problem)
    for g, prog in enumerate(problem.programmes):
        if not prog.has_minimums:
            continue
        index = slice_index((order, bounds), g)
        graph = PairGraph(problem, arcs) if graph is None else graph
        if prog.min_class_size > 1:
            most = most_in_class(problem, arcs, index, need=prog.min_class_size, graph=graph)
            if most < prog.min_class_size:
                closed[g] = (f"programme {prog.programme_id} needs {prog.min_class_size} "
                             f"participants to run, but at most {most} can be placed in it")
                continue
        for need, rights, words in ((prog.min_with_rights, True, "with"),
                                    (prog.min_without_rights, False, "without")):
            if not need:
                continue
            most = most_in_class(problem, arcs, index, (rights, has_rights), need, graph)
            if most < need:
                closed[g] = (f"programme {prog.programme_id} needs {need} participants "
                             f"{words} adult rights, but fewer can be placed in it")
                break
    return closed
