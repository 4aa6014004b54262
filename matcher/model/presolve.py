"""Classes that can never run, found exactly before any search.

A class with a minimum size (or rights minimums) whose own candidates cannot reach that
minimum even with every place in the round to themselves will never run. Each such
programme is checked with a max-flow over its own arcs alone; its arcs are then left out of
the bound and the search. This tightens the upper bound without weakening it.
"""

from __future__ import annotations

import numpy as np

from matcher.eligibility import Arcs
from matcher.model.pairgraph import PairGraph
from matcher.problem import Problem


def most_in_class(problem: Problem, arcs: Arcs, g: int, rights: bool | None = None,
                  arc_rights: np.ndarray | None = None, need: int | None = None,
                  graph: PairGraph | None = None) -> int:
    """The most participants programme ``g`` could ever hold (optionally only with/without
    adult rights), ignoring every other programme."""
    mask = arcs.programme == g
    if rights is not None:
        has = arc_rights if arc_rights is not None else _arc_rights(problem, arcs)
        mask &= has if rights else ~has
    index = np.nonzero(mask)[0]
    if not len(index):
        return 0
    candidates = len(np.unique(arcs.participant[index]))
    if need is not None and candidates < need:
        return candidates  # too few candidates at all: no flow needed
    graph = graph or PairGraph(problem, arcs)
    return graph.flow_of(arcs.participant[index], arcs.supervisor[index])


def _arc_rights(problem: Problem, arcs: Arcs) -> np.ndarray:
    """Per arc: does its participant have adult rights?"""
    rights = np.array([p.has_rights for p in problem.participants], dtype=bool)
    return rights[arcs.participant] if len(arcs) else np.zeros(0, dtype=bool)


def never_running(problem: Problem, arcs: Arcs) -> dict[int, str]:
    """Programme index → why it can never run, for classes with minimums out of reach."""
    closed: dict[int, str] = {}
    arc_rights = _arc_rights(problem, arcs)
    graph = PairGraph(problem, arcs)
    for g, prog in enumerate(problem.programmes):
        if prog.min_class_size > 1:
            most = most_in_class(problem, arcs, g, need=prog.min_class_size, graph=graph)
            if most < prog.min_class_size:
                closed[g] = (f"programme {prog.programme_id} needs {prog.min_class_size} "
                             f"participants to run, but at most {most} can be placed in it")
                continue
        for need, rights, words in ((prog.min_with_rights, True, "with"),
                                    (prog.min_without_rights, False, "without")):
            if need and most_in_class(problem, arcs, g, rights, arc_rights, need, graph) < need:
                closed[g] = (f"programme {prog.programme_id} needs {need} participants "
                             f"{words} adult rights, but fewer can be placed in it")
                break
    return closed
