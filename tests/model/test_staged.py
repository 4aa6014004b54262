"""The staged whole-round CP-SAT search on small hand-built rounds: each goal is fixed before
the next, and what it proves."""

from __future__ import annotations

import time

import pytest

from matcher.eligibility import build_arcs
from matcher.errors import InfeasibleError
from matcher.model.flow import FlowRelaxation
from matcher.model.progress import Progress
from matcher.model.repair import repair
from matcher.model.staged import StagedSolver, keeps_every_rule, profile_of, settled
from matcher.problem import Problem, Programme
from tests.rounds import MONDAY, TRADE, make, person


def _staged(problem: Problem) -> tuple[object, list[str]]:
    arcs = build_arcs(problem)
    flow = FlowRelaxation(problem, arcs).solve()
    start, options = repair(problem, arcs, flow.chosen_arcs)
    solver = StagedSolver(problem, arcs, deadline=time.perf_counter() + 20, workers=1, seed=0,
                          progress=Progress(enabled=False))
    outcome = solver.solve(start, options, flow)
    assert keeps_every_rule(problem, arcs, outcome.arcs, outcome.options)
    placed = sorted(problem.participants[int(arcs.participant[a])].participant_id
                    for a in outcome.arcs)
    return outcome, placed


def test_more_placed_before_priority() -> None:
    # The class runs with two or not at all; one place each at C1 and C2. The best places
    # two, A (priority 5) among them, and proves both the count and the priorities.
    prog = Programme("G", TRADE, MONDAY, school_days=frozenset({0, 1}), min_class_size=2)
    problem = make([person("A", priority=5), person("B", priority=1),
                    person("C", priority=1)], programme=prog)
    outcome, placed = _staged(problem)
    assert len(placed) == 2 and "A" in placed
    assert outcome.placed_proven and outcome.priority_proven  # type: ignore[attr-defined]


def test_a_class_that_needs_a_rights_holder_is_made_to_run() -> None:
    # Two places; the class needs one participant with adult rights. The flow places the two
    # priority-5 participants without rights, so the class cannot run and the repaired start
    # is empty; the search places one of them with D, who has rights: 2 placed, proven.
    prog = Programme("G", TRADE, MONDAY, school_days=frozenset({0, 1}), min_with_rights=1)
    problem = make([person("A", priority=5), person("B", priority=5),
                    person("D", priority=1, has_rights=True)], programme=prog)
    outcome, placed = _staged(problem)
    assert len(placed) == 2 and "D" in placed
    assert outcome.priority_proven  # type: ignore[attr-defined]


def test_settled_proves_goals_one_and_two_only_at_the_flow_profile() -> None:
    problem = make([person("A", priority=5), person("B", priority=2)], companies=1)
    arcs = build_arcs(problem)
    flow = FlowRelaxation(problem, arcs).solve()
    best = flow.chosen_arcs  # A, the flow's own optimum
    at_flow = settled(problem, arcs, best, {}, flow)
    assert at_flow.priority_proven and at_flow.quality_bound == flow.quality
    other = [a for a in range(len(arcs)) if a not in best][:1]  # B instead: same count
    assert profile_of(problem, arcs, other)[2] == 1
    below = settled(problem, arcs, other, {}, flow)
    assert below.placed_proven and not below.priority_proven and below.quality_bound is None


def test_conflicting_locks_are_reported_as_infeasible() -> None:
    # Two participants locked to the one supervisor, who takes one trainee.
    problem = make([person("A", locked_supervisor="S1"), person("B", locked_supervisor="S1")],
                   companies=1, places=2)
    arcs = build_arcs(problem)
    flow = FlowRelaxation(problem, arcs).solve()
    start, options = repair(problem, arcs, flow.chosen_arcs)
    solver = StagedSolver(problem, arcs, deadline=time.perf_counter() + 20, workers=1, seed=0,
                          progress=Progress(enabled=False))
    with pytest.raises(InfeasibleError):
        solver.solve(start, options, flow)
