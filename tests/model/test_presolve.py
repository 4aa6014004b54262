"""Presolve: the quick few-pairs flow never changes which classes are closed."""

from __future__ import annotations

from dataclasses import replace
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings

from matcher.eligibility import build_arcs
from matcher.model import presolve
from matcher.problem import Problem
from tests.strategies import placeable


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(placeable(max_participants=14, max_companies=4))
def test_quick_flows_close_the_same_classes(problem: Problem) -> None:
    problem = replace(problem, programmes=tuple(  # minimums that sometimes bind
        replace(g, min_class_size=max(g.min_class_size, 2)) for g in problem.programmes))
    arcs = build_arcs(problem)
    quick = presolve.never_running(problem, arcs)
    with patch.object(presolve, "FEW_PAIRS", 1):
        fewer = presolve.never_running(problem, arcs)
    with patch.object(presolve, "FEW_PAIRS", 10**6):  # the subset is never smaller: exact
        exact = presolve.never_running(problem, arcs)
    assert quick == fewer == exact
