"""Filling running classes: participants are added only where every rule still holds."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import HealthCheck, given, settings

from matcher.eligibility import build_arcs
from matcher.errors import InfeasibleError
from matcher.model.fill import fill_running_classes
from matcher.model.side_rules import side_rule_breaks
from matcher.problem import FollowUp, Participant, Problem
from matcher.round import solve_checked
from tests.rounds import make, person
from tests.strategies import placeable


def _person(pid: str, priority: int = 3, **kw: object) -> Participant:
    return person(pid, priority=priority, **kw)


def _arc(problem: Problem, pid: str, sid: str) -> int:
    arcs = build_arcs(problem)
    i = [p.participant_id for p in problem.participants].index(pid)
    j = [s.supervisor_id for s in problem.supervisors].index(sid)
    return next(a for a in range(len(arcs))
                if arcs.participant[a] == i and arcs.supervisor[a] == j)


def test_adds_the_higher_priority_participant_where_there_is_room() -> None:
    # P1 is placed at S1; S2 has one free place: P3 (priority 5) gets it before P2 (priority 1).
    problem = make([_person("P1"), _person("P2", 1), _person("P3", 5)], max_trainees=1)
    arcs = build_arcs(problem)
    chosen, _ = fill_running_classes(problem, arcs, [_arc(problem, "P1", "S1")], {})
    people = sorted(problem.participants[int(arcs.participant[a])].participant_id
                    for a in chosen)
    assert people == ["P1", "P3"]


def test_never_opens_a_class_and_keeps_the_class_maximum() -> None:
    problem = make([_person("P1"), _person("P2")], max_trainees=2,
                   programme=replace(make([]).programmes[0], max_class_size=1))
    arcs = build_arcs(problem)
    assert fill_running_classes(problem, arcs, [], {})[0] == []  # nothing runs: nothing added
    one = [_arc(problem, "P1", "S1")]
    assert fill_running_classes(problem, arcs, one, {})[0] == one  # the class is full


def test_keeps_the_follow_up_cap() -> None:
    # C1 takes at most one high-follow-up trainee: P2 may not join P1 there, but may go to C2.
    problem = make([_person("P1", follow_up_need=FollowUp.HIGH),
                    _person("P2", follow_up_need=FollowUp.HIGH)], max_trainees=2, places=2)
    problem = replace(problem, companies=(replace(problem.companies[0], max_high_follow_up=1),
                                          problem.companies[1]))
    arcs = build_arcs(problem)
    chosen, _ = fill_running_classes(problem, arcs, [_arc(problem, "P1", "S1")], {})
    sups = [problem.supervisors[int(arcs.supervisor[a])].supervisor_id for a in chosen]
    assert sups == ["S1", "S2"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(placeable(max_participants=12))
def test_filling_a_thinned_valid_result_keeps_every_rule(problem: Problem) -> None:
    try:
        solved, _ = solve_checked(problem)  # the independent checker passes the start first
    except InfeasibleError:  # conflicting locks: nothing to fill
        return
    arcs = build_arcs(problem)
    index = {(int(arcs.participant[a]), int(arcs.programme[a]), int(arcs.supervisor[a])): a
             for a in range(len(arcs))}
    ids = ({p.participant_id: i for i, p in enumerate(problem.participants)},
           {g.programme_id: k for k, g in enumerate(problem.programmes)},
           {s.supervisor_id: j for j, s in enumerate(problem.supervisors)})
    chosen = [index[(ids[0][p.participant_id], ids[1][p.programme_id], ids[2][p.supervisor_id])]
              for p in solved.result.solution.placements]
    school = {g: 1 << problem.school_day_options(prog).index(
        solved.result.solution.school_option(prog.programme_id))
        for g, prog in enumerate(problem.programmes)}
    rng = random.Random(len(chosen))
    kept = [a for a in chosen if rng.random() < 0.7
            or problem.participants[int(arcs.participant[a])].locked_company]
    if side_rule_breaks(problem, arcs, kept, school):
        return  # thinning broke a minimum: not a valid start to fill
    filled, masks = fill_running_classes(problem, arcs, kept, school)
    assert filled[:len(kept)] == kept
    assert len({int(arcs.participant[a]) for a in filled}) == len(filled)
    assert not side_rule_breaks(problem, arcs, filled, masks)
