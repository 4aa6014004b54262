"""The pairs a large round's repair and search see (forced on small rounds by patching the
pruning threshold): a class the flow optimum fills but cannot run gets the pairs that make it
run, at supervisors with room."""

from __future__ import annotations

from dataclasses import replace
from unittest.mock import patch

import numpy as np

from matcher.eligibility import build_arcs
from matcher.model import prune
from matcher.problem import Phase, Problem, Programme, Trial
from matcher.round import solve_checked
from tests.rounds import MONDAY, TRADE, make, person


def _short_of_one_without_rights() -> Problem:
    """G needs a member without adult rights: A and B (with rights) can join G only; C
    (without) puts G2 first. The flow puts C in G2, so G cannot run as the flow has it."""
    g = Programme("G", TRADE, MONDAY, school_days=frozenset({0, 1}), min_without_rights=1)
    g2 = Programme("G2", TRADE, MONDAY, school_days=frozenset({3, 4}))
    problem = make([person("A", has_rights=True), person("B", has_rights=True),
                    person("C", programmes=("G2", "G"))], programme=g, companies=3,
                   places=2, max_trainees=2)
    return replace(problem, programmes=(g, g2), phases=(*problem.phases, Phase("G2", 1, 3, 2)))


def test_a_class_short_of_a_member_is_made_to_run_on_a_pruned_round() -> None:
    # Each participant's one best pair alone leaves C without a pair into G, and G closed
    # (one placed); with C's pairs into the broken class the search moves C and opens G.
    problem = _short_of_one_without_rights()
    with patch.object(prune, "MAX_SEARCH_ARCS", 1), \
            patch.object(prune, "MIN_ARCS_PER_PARTICIPANT", 1):
        solved, _ = solve_checked(problem)  # the independent checker passes it
    placements = {p.participant_id: p.programme_id for p in solved.result.solution.placements}
    assert placements == {"A": "G", "B": "G", "C": "G"}


def test_pairs_into_a_broken_class_go_to_supervisors_with_room_first() -> None:
    # C's best-scoring pair into G is at C1 (an approved trial there), but the flow fills S1
    # with D in G2; the pair kept is at a supervisor with room, though it scores less.
    problem = _short_of_one_without_rights()
    problem = replace(problem,
                      participants=(*problem.participants, person("D", programmes=("G2",))),
                      trials=(Trial("C", "C1", "approved"),))
    problem = replace(problem, supervisors=tuple(
        replace(s, max_trainees=1) if s.supervisor_id == "S1" else s
        for s in problem.supervisors))
    arcs = build_arcs(problem)
    ids = [p.participant_id for p in problem.participants]
    g = [p.programme_id for p in problem.programmes].index("G")
    sup = [s.supervisor_id for s in problem.supervisors]

    def arc(pid: str, programme: int, supervisor: str) -> int:
        return int(np.flatnonzero((arcs.participant == ids.index(pid))
                                  & (arcs.programme == programme)
                                  & (arcs.supervisor == sup.index(supervisor)))[0])

    c_into_g = np.flatnonzero((arcs.participant == ids.index("C")) & (arcs.programme == g))
    best = int(c_into_g[np.argmax(arcs.quality[c_into_g])])
    assert int(arcs.supervisor[best]) == sup.index("S1")  # the trial makes S1 C's best
    flow = [arc("A", g, "S2"), arc("B", g, "S3"), arc("C", 1 - g, "S2"), arc("D", 1 - g, "S1")]
    with patch.object(prune, "ARCS_INTO_BROKEN_CLASS", 1):
        kept = prune.into_broken_classes(problem, arcs, flow, {g}).tolist()
    c_kept = [a for a in kept if int(arcs.participant[a]) == ids.index("C")]
    assert len(c_kept) == 1
    assert int(arcs.supervisor[c_kept[0]]) != sup.index("S1")
    # A's and B's own places in G count as free: the repair closes G before the search
    assert {int(arcs.participant[a]) for a in kept} == {ids.index(p) for p in "ABC"}
