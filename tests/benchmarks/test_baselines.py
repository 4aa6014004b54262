"""The benchmark baselines give valid results: the same independent checker passes them.

A baseline that breaks a rule would make the benchmark's comparison meaningless (it would be
counting placements the tool is not allowed to make), so each profile's 30-participant round
must come back with no violation, and neither baseline may place more than the max-flow bound.
"""

from __future__ import annotations

import pytest

from benchmarks.baselines import greedy, stable, to_solution
from matcher.checker import check_validity
from matcher.eligibility import build_arcs
from matcher.model.flow import FlowRelaxation
from matcher.samples import generate


@pytest.mark.parametrize("profile", ["plain", "rota-heavy", "scarce"])
def test_baselines_pass_the_checker(profile: str) -> None:
    problem = generate(30, seed=3, profile=profile)
    arcs = build_arcs(problem)
    bound = FlowRelaxation(problem, arcs).max_placed()
    for method in (greedy, stable):
        answer = method(problem, arcs)
        solution = to_solution(problem, arcs, answer)
        assert [str(v) for v in check_validity(problem, solution)] == []
        assert len(answer.chosen) == len({int(arcs.participant[a]) for a in answer.chosen})
        assert 0 < len(answer.chosen) <= bound
        assert answer.quality(arcs) == sum(int(arcs.quality[a]) for a in answer.chosen)
