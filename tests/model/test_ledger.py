"""The capacity ledger counts placements against every capacity the way the checker does."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

from hypothesis import HealthCheck, given, settings

from matcher.eligibility import build_arcs
from matcher.model.ledger import Ledger
from matcher.problem import FollowUp, Problem
from tests.rounds import make, person
from tests.strategies import placeable


def _one_arc_each(problem: Problem, seed: int) -> list[int]:
    """A random arc for a random half of the participants (capacities may be broken)."""
    arcs = build_arcs(problem)
    rng = random.Random(seed)
    mine: dict[int, list[int]] = {}
    for a in range(len(arcs)):
        mine.setdefault(int(arcs.participant[a]), []).append(a)
    return [rng.choice(v) for v in mine.values() if rng.random() < 0.5]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(placeable(max_participants=12))
def test_counts_agree_with_a_count_from_scratch(problem: Problem) -> None:
    arcs = build_arcs(problem)
    chosen = _one_arc_each(problem, len(problem.participants))
    at_once, one_by_one = Ledger(problem, arcs, chosen), Ledger(problem, arcs)
    for a in chosen:
        one_by_one.take(a)
    sups = problem.supervisors
    per_sup = Counter(int(arcs.supervisor[a]) for a in chosen)
    per_place = Counter((sups[int(arcs.supervisor[a])].company_id,
                         sups[int(arcs.supervisor[a])].trade) for a in chosen)
    per_high = Counter(sups[int(arcs.supervisor[a])].company_id for a in chosen
                       if problem.participants[int(arcs.participant[a])].follow_up_need
                       == FollowUp.HIGH)
    per_class = Counter(int(arcs.programme[a]) for a in chosen)
    for ledger in (at_once, one_by_one):
        for s, sup in enumerate(sups):
            assert ledger.used(s) == (per_sup[s], per_place[(sup.company_id, sup.trade)],
                                      per_high[sup.company_id])
        assert [ledger.size(g) for g in range(len(problem.programmes))] == \
            [per_class[g] for g in range(len(problem.programmes))]
        assert set(ledger.placed.nonzero()[0].tolist()) == \
            {int(arcs.participant[a]) for a in chosen}
    for a in chosen:  # giving everything back leaves every capacity whole
        at_once.take(a, -1)
    for left, whole in zip((at_once.supervisor_room, at_once.place_room, at_once.high_room,
                            at_once.class_room), at_once.capacity, strict=True):
        assert left.tolist() == whole.tolist()
    assert not at_once.placed.any() and not at_once.with_rights.any()


def test_fits_only_where_supervisor_places_cap_and_class_have_room() -> None:
    # C1 (S1) has 2 places, takes 2 trainees, at most 1 with high follow-up; the class holds 3.
    people = [person("P1", follow_up_need=FollowUp.HIGH),
              person("P2", follow_up_need=FollowUp.HIGH), person("P3"), person("P4")]
    problem = make(people, companies=2, places=2, max_trainees=2)
    problem = replace(problem, companies=(replace(problem.companies[0], max_high_follow_up=1),
                                          problem.companies[1]),
                      programmes=(replace(problem.programmes[0], max_class_size=3),))
    arcs = build_arcs(problem)

    def arc(pid: str, sid: str) -> int:
        i = [p.participant_id for p in problem.participants].index(pid)
        j = [s.supervisor_id for s in problem.supervisors].index(sid)
        return next(a for a in range(len(arcs))
                    if arcs.participant[a] == i and arcs.supervisor[a] == j)

    ledger = Ledger(problem, arcs, [arc("P1", "S1")])
    assert not ledger.fits(arc("P1", "S2"))  # P1 is placed already
    assert ledger.high_full(arc("P2", "S1")) and not ledger.fits(arc("P2", "S1"))
    assert ledger.fits(arc("P2", "S2")) and ledger.fits(arc("P3", "S1"))
    ledger.take(arc("P3", "S1"))
    assert not ledger.has_place(arc("P4", "S1"))  # S1 and C1's places are full
    assert ledger.supervisor_open().tolist() == [False, True]
    ledger.take(arc("P2", "S2"))
    assert ledger.class_room[0] == 0 and not ledger.fits(arc("P4", "S2"))  # the class is full
    assert ledger.shortfall(0) == (0, 0, 0)
