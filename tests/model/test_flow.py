"""The flow relaxation: one min-cost flow with small class weights is lexicographically exact.

The independent yardstick is Gale's theorem for the gammoid of placeable participants: for
every class threshold, the flow places as many participants of that class or above as the
plain max-flow over those participants' pairs alone (``PairGraph``, a separate network)."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
from hypothesis import HealthCheck, given, settings

from matcher.eligibility import build_arcs
from matcher.model import flow as flow_module
from matcher.model.flow import CLASSES, FlowRelaxation, quality_ceiling
from matcher.model.pairgraph import PairGraph
from matcher.problem import Problem
from tests.strategies import placeable

FLOWS = settings(max_examples=80, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@FLOWS
@given(placeable(max_participants=14, max_companies=4))
def test_each_class_threshold_places_its_max_flow(problem: Problem) -> None:
    arcs = build_arcs(problem)
    relaxation = FlowRelaxation(problem, arcs)
    solution = relaxation.solve()
    graph = PairGraph(problem, arcs)
    klass = relaxation.klass[arcs.participant]
    for i, threshold in enumerate(CLASSES):
        at_or_above = sum(solution.class_counts[k] for k in CLASSES[: i + 1])
        index = np.flatnonzero(klass >= threshold)
        expected = graph.flow_of(arcs.participant[index], arcs.supervisor[index]) \
            if len(index) else 0
        assert at_or_above == expected, f"class >= {threshold}"
    assert solution.placed == relaxation.max_placed() == graph.max_flow()


@FLOWS
@given(placeable(max_participants=14, max_companies=4))
def test_one_flow_and_two_flows_agree(problem: Problem) -> None:
    arcs = build_arcs(problem)
    one = FlowRelaxation(problem, arcs).solve()
    with patch.object(flow_module, "MAX_COST", 0):  # force the two-flow fallback
        two = FlowRelaxation(problem, arcs).solve()
    assert one.class_counts == two.class_counts
    assert one.priority_counts == two.priority_counts
    assert one.quality == two.quality
    chosen = one.chosen_arcs
    assert len(set(arcs.participant[chosen].tolist())) == len(chosen) == one.placed


@FLOWS
@given(placeable(max_participants=14, max_companies=4))
def test_quality_ceiling_bounds_the_flow_optimum(problem: Problem) -> None:
    # The relaxation's optimum is the best quality any placement of that many can reach, so
    # the cheap ceiling (best score per participant) must lie at or above it.
    arcs = build_arcs(problem)
    solution = FlowRelaxation(problem, arcs).solve()
    ceiling = quality_ceiling(arcs, len(problem.participants), solution.placed)
    assert ceiling >= solution.quality
