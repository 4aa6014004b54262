"""Repairing a flow solution: the placements it drops and keeps on small hand-built rounds
whose flow optimum breaks one side rule each; every repaired start keeps every rule."""

from __future__ import annotations

from dataclasses import replace

from matcher.eligibility import Arcs, build_arcs
from matcher.model.flow import FlowRelaxation
from matcher.model.repair import flow_repair, repair
from matcher.model.staged import keeps_every_rule
from matcher.problem import FollowUp, Problem, Programme
from tests.rounds import MONDAY, TRADE, Round, make, person


def _placed(problem: Problem, arcs: Arcs, chosen: list[int]) -> list[str]:
    return sorted(problem.participants[int(arcs.participant[a])].participant_id for a in chosen)


def _flow(problem: Problem) -> tuple[Arcs, list[int]]:
    arcs = build_arcs(problem)
    return arcs, FlowRelaxation(problem, arcs).solve().chosen_arcs


def test_a_class_below_its_minimum_is_closed() -> None:
    # Places for two, but the class needs three: the flow places two, the repair drops both.
    prog = Programme("G", TRADE, MONDAY, school_days=frozenset({0, 1}), min_class_size=3)
    problem = make([person("A"), person("B")], programme=prog, places=1)
    arcs, chosen = _flow(problem)
    assert len(chosen) == 2
    kept, options = repair(problem, arcs, chosen)
    assert kept == [] and keeps_every_rule(problem, arcs, kept, options)


def test_a_full_class_drops_the_lowest_priority_first() -> None:
    # The class takes two of three; the flow places all three, the repair drops B (priority 1).
    prog = Programme("G", TRADE, MONDAY, school_days=frozenset({0, 1}), max_class_size=2)
    problem = make([person("A", priority=3), person("B", priority=1), person("C", priority=5)],
                   programme=prog, places=3, max_trainees=3)
    arcs, chosen = _flow(problem)
    kept, options = repair(problem, arcs, chosen)
    assert _placed(problem, arcs, kept) == ["A", "C"]
    assert keeps_every_rule(problem, arcs, kept, options)


def test_the_follow_up_cap_keeps_the_higher_priority() -> None:
    # One company taking one high-follow-up participant; both candidates need high follow-up.
    problem = make([person("A", follow_up_need=FollowUp.HIGH, priority=2),
                    person("B", follow_up_need=FollowUp.HIGH, priority=4)],
                   companies=1, places=2, max_trainees=2)
    problem = replace(problem, companies=(replace(problem.companies[0], max_high_follow_up=1),))
    arcs, chosen = _flow(problem)
    kept, options = repair(problem, arcs, chosen)
    assert _placed(problem, arcs, kept) == ["B"]
    assert keeps_every_rule(problem, arcs, kept, options)


def test_chosen_school_days_are_one_set_for_the_class() -> None:
    # School on 2 days the tool chooses. S1 works Wed–Thu, S2 Mon–Tue: A and B can each be
    # placed alone, but not both with one set of school days; the repair keeps one of them.
    r = Round()
    r.programme(school_days=None, school_days_to_choose=2)
    r.rota("WT", (None, None, "D", "D", None, None, None))
    r.rota("MT", ("D", "D", None, None, None, None, None))
    r.company("C1")
    r.company("C2")
    r.supervisor("S1", "C1", rota="WT")
    r.supervisor("S2", "C2", rota="MT")
    r.participant("A")
    r.participant("B")
    problem = r.problem()
    arcs, chosen = _flow(problem)
    assert len(chosen) == 2  # the flow ignores the one-set rule
    kept, options = repair(problem, arcs, chosen)
    assert len(kept) == 1 and keeps_every_rule(problem, arcs, kept, options)


def test_flow_repair_refills_what_a_closed_class_freed() -> None:
    # One place. A (priority 5) wants class G first, then H; B (priority 1) only H. The flow
    # optimum puts A in G, which needs two and cannot run: one repair leaves nobody placed, the
    # next flow round, with A's pair into G forbidden, places A in H.
    r = Round()
    r.programme("G", min_class_size=2)
    r.programme("H")
    r.company("C1")
    r.supervisor("S1", "C1")
    r.participant("A", programmes=("G", "H"), priority=5)
    r.participant("B", programmes=("H",), priority=1)
    problem = r.problem()
    arcs, chosen = _flow(problem)
    assert [problem.programmes[int(arcs.programme[a])].programme_id for a in chosen] == ["G"]
    assert repair(problem, arcs, chosen)[0] == []
    best, options = flow_repair(problem, arcs, chosen)
    assert _placed(problem, arcs, best) == ["A"]
    assert [problem.programmes[int(arcs.programme[a])].programme_id for a in best] == ["H"]
    assert keeps_every_rule(problem, arcs, best, options)


def test_a_locked_participants_short_class_is_topped_up_by_displacing_a_movable_trainee() -> None:
    # L is locked to C1 in class G, which needs two. A could join G only at S2, whose one place
    # B (priority 5, class H without minimums) holds: the repair keeps G open for L, moves B
    # out and A in, so G runs with its two.
    r = Round()
    r.programme("G", min_class_size=2)
    r.programme("H")
    r.company("C1")
    r.company("C2")
    r.supervisor("S1", "C1")
    r.supervisor("S2", "C2")
    r.participant("L", programmes=("G",), locked_company="C1")
    r.participant("A", programmes=("G",), priority=1)
    r.participant("B", programmes=("H",), priority=5)
    problem = r.problem()
    arcs = build_arcs(problem)
    ids = {(problem.participants[int(arcs.participant[a])].participant_id,
            problem.supervisors[int(arcs.supervisor[a])].supervisor_id): a
           for a in range(len(arcs))}
    kept, options = repair(problem, arcs, [ids[("L", "S1")], ids[("B", "S2")]])
    assert sorted(kept) == sorted([ids[("L", "S1")], ids[("A", "S2")]])
    assert keeps_every_rule(problem, arcs, kept, options)
