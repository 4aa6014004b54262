"""The flow relaxation: one min-cost flow with small class weights is lexicographically exact.

The independent yardstick is Gale's theorem for the gammoid of placeable participants: for
every class threshold, the flow places as many participants of that class or above as the
plain max-flow over those participants' pairs alone (``PairGraph``, a separate network)."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.eligibility import build_arcs
from matcher.model import flow as flow_module
from matcher.model.flow import CLASSES, FlowRelaxation, local_bound, quality_ceiling
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
    relaxation = FlowRelaxation(problem, arcs)
    one = relaxation.solve()
    with patch.object(flow_module, "MAX_COST", 0):  # force the two-flow fallback
        two = FlowRelaxation(problem, arcs).solve()
    assert one.class_counts == two.class_counts
    if one.locked_placed == int(relaxation.locked.sum()):
        # Which locked participants a flow leaves out when the locks do not all fit is a
        # free choice (all weigh the same), so their priorities may differ; such a round is
        # infeasible and solve() stops right after the flow (_check_locks_placed).
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


@st.composite
def _small_pairs(draw: st.DrawFn) -> dict[str, np.ndarray]:
    """A few pairs over 4 participants, 3 supervisors and 2 company places, with rooms."""
    n = draw(st.integers(0, 8))
    ints = lambda lo, hi, k: np.array(draw(st.lists(st.integers(lo, hi), min_size=k,  # noqa: E731
                                                    max_size=k)), dtype=np.int64)
    participant = ints(0, 3, n)
    return {"weight": ints(1, 50, 4)[participant], "participant": participant,
            "supervisor": ints(0, 2, n), "quality": ints(0, 10, n),
            "supervisor_room": ints(0, 2, 3), "place": ints(0, 1, 3), "place_room": ints(0, 2, 2)}


def _brute_force(d: dict[str, np.ndarray]) -> tuple[int, int]:
    """The best (weighted count, quality) over every set of pairs that keeps one pair per
    participant and the rooms: what :func:`local_bound` must equal."""
    best = (0, 0)
    n = len(d["participant"])
    for mask in range(1 << n):
        used = [i for i in range(n) if mask >> i & 1]
        people = d["participant"][used]
        sups = d["supervisor"][used]
        if len(set(people.tolist())) < len(used):
            continue
        if (np.bincount(sups, minlength=3) > d["supervisor_room"]).any():
            continue
        if (np.bincount(d["place"][sups], minlength=2) > d["place_room"]).any():
            continue
        best = max(best, (int(d["weight"][used].sum()), int(d["quality"][used].sum())))
    return best


@settings(max_examples=200, deadline=None)
@given(_small_pairs())
def test_the_neighbourhood_bound_is_the_capacity_only_optimum(d: dict[str, np.ndarray]) -> None:
    assert local_bound(d["weight"], d["participant"], d["supervisor"], d["quality"],
                       d["supervisor_room"], d["place"], d["place_room"]) == _brute_force(d)
