"""The neighbourhood search: never worse than its start, every rule kept, better where it can."""

from __future__ import annotations

import importlib
import io
import re
import time
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any
from unittest.mock import patch

import numpy as np
from hypothesis import HealthCheck, given, settings

from matcher.checker import assert_valid, check_validity
from matcher.eligibility import Arcs, build_arcs
from matcher.eligibility.arcs import positions, slice_index
from matcher.finish import build_solution
from matcher.model import SolveOptions
from matcher.model.flow import FlowRelaxation
from matcher.model.neighbourhood import Limits, NeighbourhoodSearch
from matcher.model.presolve import never_running
from matcher.model.progress import Progress
from matcher.model.repair import flow_repair, rank_key
from matcher.model.side_rules import common_options
from matcher.model.staged import keeps_every_rule, profile_of
from matcher.model.view import ArcView
from matcher.problem import Company, Phase, Place, Problem, Programme, Supervisor
from matcher.reader import read_problem
from matcher.round import solve_checked
from matcher.samples import generate
from tests.model.test_properties import solve_or_none
from tests.rounds import MONDAY, TRADE, make, person
from tests.strategies import placeable

solve_module = importlib.import_module("matcher.model.solve")  # the module, not the function
prune_module = importlib.import_module("matcher.model.prune")
COUNTY = Path(__file__).parents[2] / "data" / "samples" / "county.xlsx"


def _new(problem: Problem, arcs: Arcs, seconds: float, budget: int | None = None,
         free_holders: bool = False) -> NeighbourhoodSearch:
    """A search with one worker and seed 0 that stops after ``seconds`` or ``budget``."""
    return NeighbourhoodSearch(problem, arcs, Limits(time.perf_counter() + seconds,
                                                     budget=budget),
                               Progress(enabled=False), free_holders=free_holders)


def _search(problem: Problem, arcs: Arcs, start: list[int],
            options: dict[int, int] | None = None) -> tuple[list[int], dict[int, int]]:
    """The search's result, re-checked by the independent checker (every hard rule)."""
    search = _new(problem, arcs, 60)
    return _checked(problem, arcs, *search.improve(start, options or {}))


def _checked(problem: Problem, arcs: Arcs, chosen: list[int],
             options: dict[int, int]) -> tuple[list[int], dict[int, int]]:
    """``chosen`` and ``options``, once the independent checker has passed them."""
    school = {g: 1 << o for g, o in options.items()}
    school.update(common_options(problem, arcs, chosen, only_free=set(school)))
    assert_valid(problem, build_solution(problem, arcs, chosen, school))
    return chosen, options


def _who(problem: Problem, arcs: Arcs, chosen: list[int]) -> list[str]:
    return sorted(problem.participants[int(arcs.participant[a])].participant_id for a in chosen)


def test_a_higher_priority_participant_takes_the_place() -> None:
    # One place; the start gives it to priority 1 while priority 5 waits.
    problem = make([person("P1", priority=1), person("P5", priority=5)], companies=1)
    arcs = build_arcs(problem)
    low = next(a for a in range(len(arcs)) if arcs.participant[a] == 0)
    chosen, _ = _search(problem, arcs, [low])
    assert _who(problem, arcs, chosen) == ["P5"]


def test_opens_a_class_that_needs_several_participants_at_once() -> None:
    # A class of at least three: nobody placed is valid, and only a move of three improves it.
    programme = replace(make([]).programmes[0], min_class_size=3)
    problem = make([person(f"P{i}") for i in range(4)], companies=3, programme=programme)
    arcs = build_arcs(problem)
    chosen, _ = _search(problem, arcs, [])
    assert len(chosen) == 3
    assert keeps_every_rule(problem, arcs, chosen, {})


def _county_start(presolved: bool = False,
                  ) -> tuple[Problem, Arcs, list[int], dict[int, int], FlowRelaxation]:
    problem = read_problem(COUNTY)
    arcs = build_arcs(problem)
    if presolved:  # as solve() does: the classes that can never run go first
        closed = never_running(problem, arcs)
        arcs = arcs.subset(np.flatnonzero(~np.isin(arcs.programme, list(closed))))
    relaxation = FlowRelaxation(problem, arcs)
    start, options = flow_repair(problem, arcs, relaxation.solve().chosen_arcs,
                                 deadline=time.perf_counter() + 30)
    return problem, arcs, start, options, relaxation


def test_reaches_the_flow_profile_on_the_county_sample_and_is_reproducible() -> None:
    problem, arcs, start, options, relaxation = _county_start(presolved=True)
    flow = relaxation.solve()
    first, first_options = _search(problem, arcs, start, options)
    assert keeps_every_rule(problem, arcs, first, first_options)
    # never worse than its start (the county sample's repaired start may already be best)
    assert rank_key(problem, arcs, first) >= rank_key(problem, arcs, start)
    # the relaxation's count and priority profile: goals 1–2 are proven best
    assert len(first) == flow.placed
    assert profile_of(problem, arcs, first) == dict(flow.priority_counts)
    assert _search(problem, arcs, start, options) == (first, first_options)


def test_stops_at_the_deadline_and_at_its_budget() -> None:
    problem, arcs, start, options, _ = _county_start()
    search = _new(problem, arcs, 0)
    assert search.improve(start, options) == (sorted(start), options)
    search = _new(problem, arcs, 60, budget=3)
    _checked(problem, arcs, *search.improve(start, options))
    assert search.visited == 3


def test_freeing_place_holders_lets_a_higher_priority_participant_take_the_place() -> None:
    # Q (priority 1, class H) holds the one place; P (priority 5) could take it in class G.
    # Q cannot join G, so only freeing whoever holds the place finds the swap.
    h = Programme("H", TRADE, MONDAY, school_days=frozenset({3, 4}))
    problem = make([person("P", priority=5), person("Q", programmes=("H",), priority=1)],
                   companies=1, places=1, max_trainees=1)
    problem = replace(problem, programmes=(*problem.programmes, h),
                      phases=(*problem.phases, Phase("H", 1, 3, 2)))
    arcs = build_arcs(problem)
    start = [int(a) for a in np.flatnonzero(arcs.participant == 1)]  # Q placed
    outcomes = []
    for free_holders in (False, True):
        search = _new(problem, arcs, 30, free_holders=free_holders)
        outcomes.append(_who(problem, arcs, _checked(problem, arcs,
                                                    *search.improve(start, {}))[0]))
    assert outcomes == [["Q"], ["P"]]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(placeable(max_participants=12))
def test_never_worse_than_its_start_and_keeps_every_rule(problem: Problem) -> None:
    problem = replace(problem, programmes=tuple(  # minimums that sometimes bind
        replace(g, min_class_size=max(g.min_class_size, 2)) for g in problem.programmes))
    arcs = build_arcs(problem)
    flow = FlowRelaxation(problem, arcs).solve()
    start, options = flow_repair(problem, arcs, flow.chosen_arcs,
                                 deadline=time.perf_counter() + 10)
    if not keeps_every_rule(problem, arcs, start, options):
        return  # the search starts only from valid results (the staged search handles these)
    chosen, chosen_options = _search(problem, arcs, start, options)
    assert keeps_every_rule(problem, arcs, chosen, chosen_options)
    assert rank_key(problem, arcs, chosen) >= rank_key(problem, arcs, start)
    assert len(chosen) <= flow.placed


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(placeable(max_participants=10))
def test_a_round_searched_on_its_best_pairs_only_stays_valid_and_honest(problem: Problem) -> None:
    """Large rounds repair and search on each participant's best pairs: forced here on small
    rounds (one best pair each), every result passes the independent checker, the round is
    never called infeasible when it is not, and OPTIMAL is claimed only where it is right."""
    problem = replace(problem, settings=replace(problem.settings, time_limit_seconds=5,
                                                workers=1))
    full = solve_or_none(problem)
    with patch.object(prune_module, "MAX_SEARCH_ARCS", 1), \
            patch.object(prune_module, "MIN_ARCS_PER_PARTICIPANT", 1):
        pruned = solve_or_none(problem)  # solve_checked: the independent checker passes it
    assert (pruned is None) == (full is None)
    if pruned is None or full is None:
        return
    assert pruned.placed <= pruned.upper_bound == full.upper_bound
    if pruned.status == "OPTIMAL" and full.status == "OPTIMAL":
        assert (pruned.placed, *pruned.priority_profile) == \
            (full.placed, *full.priority_profile)


def test_a_start_repaired_on_too_few_pairs_is_repaired_again_on_all() -> None:
    # A is locked into G, which needs 3; B and C score best in G2, so their best pairs alone
    # leave A's class short. The repair on those pairs cannot keep every rule; on all pairs
    # it puts B and C into G with A.
    g2 = Programme("G2", "Kokk", MONDAY, school_days=frozenset({0, 1}))
    prog = Programme("G", TRADE, MONDAY, school_days=frozenset({0, 1}), min_class_size=3)
    problem = make([person("A", locked_company="C1"), person("B", programmes=("G2", "G")),
                    person("C", programmes=("G2", "G"))], programme=prog, companies=1,
                   places=3, max_trainees=3)
    problem = replace(
        problem, programmes=(*problem.programmes, g2),
        phases=(*problem.phases, Phase("G2", 1, 3, 2)),
        companies=(*problem.companies, Company("K1", "Kantine", area="Førde")),
        places=(*problem.places, Place("K1", "Kokk", 2)),
        supervisors=(*problem.supervisors,
                     *(Supervisor(s, "K1", "Kokk", "OFFICE", max_trainees=2)
                       for s in ("SK", "SK2", "SK3"))))
    arcs = build_arcs(problem)
    chosen = FlowRelaxation(problem, arcs).solve().chosen_arcs
    with patch.object(prune_module, "MAX_SEARCH_ARCS", 1), \
            patch.object(prune_module, "MIN_ARCS_PER_PARTICIPANT", 1):
        index, pruned = prune_module.prune_arcs(problem, arcs, chosen)
    assert pruned
    sub = arcs.subset(index)
    alone, alone_options = flow_repair(problem, sub, positions(index, chosen),
                                       deadline=time.perf_counter() + 10)
    assert not keeps_every_rule(problem, sub, alone, alone_options)
    start, options = _checked(problem, arcs, *solve_module._start(
        problem, ArcView.of(arcs, index), chosen, deadline=time.perf_counter() + 10))
    assert keeps_every_rule(problem, arcs, start, options)
    assert _who(problem, arcs, start) == ["A", "B", "C"]
    # With the pairs into the flow optimum's broken class (G: A alone, under its minimum),
    # the second repair needs no more than those: it never runs on every pair.
    wider = prune_module.into_broken_classes(problem, arcs, chosen, {0})
    seen: list[int] = []

    def spy(problem: Problem, arcs: Arcs, chosen: list[int],
            deadline: float) -> tuple[list[int], dict[int, int]]:
        seen.append(len(arcs))
        return flow_repair(problem, arcs, chosen, deadline=deadline)

    with patch.object(solve_module, "flow_repair", spy):
        start, options = _checked(problem, arcs, *solve_module._start(
            problem, ArcView.of(arcs, index), chosen, deadline=time.perf_counter() + 10,
            wider=wider))
    assert _who(problem, arcs, start) == ["A", "B", "C"]
    assert seen == [len(index), len(np.union1d(index, wider))]
    assert max(seen) < len(arcs)


def test_a_pair_left_out_of_a_neighbourhood_could_not_be_used() -> None:
    # The small models skip the free participants' pairs at supervisors, company places and
    # follow-up caps that those who keep their place fill already, and pairs into a class that
    # nobody keeps a place in and too few of the free could join. The independent checker must
    # agree that each skipped pair, used together with every free participant who could join
    # its class, breaks a capacity or class rule.
    problem, arcs, start, options, _ = _county_start()
    search = _new(problem, arcs, 60, budget=0)
    search.improve(start, options)  # places the start, solves nothing
    skipped: dict[str, list[list[int]]] = {"room": [], "class": []}
    for free in islice(search.neighbourhoods(), 30):
        kept = set(search.open_arcs(free).tolist())
        others = [a for p, a in search.assignment.current.items() if p not in free]
        for p in free:
            for a in slice_index(search.by_participant, p).tolist():
                if a in kept:
                    continue
                g = int(arcs.programme[a])
                joiners = [next(b for b in slice_index(search.by_participant, q).tolist()
                                if arcs.programme[b] == g) for q in free
                           if q != p and g in arcs.programme[slice_index(search.by_participant,
                                                                          q)]]
                with search._rooms_of_others(free):
                    room = bool(search.assignment.ledger.open(arcs.participant[[a]],
                                                              arcs.supervisor[[a]])[0])
                skipped["class" if room else "room"].append([*others, a, *joiners])
    assert skipped["room"] and skipped["class"]  # both reasons are exercised on the county
    rules = {"supervisor_capacity", "company_places", "follow_up_cap", "class_size",
             "rights_minimum"}
    for chosen in [*skipped["room"][:: max(1, len(skipped["room"]) // 8)],
                   *skipped["class"][:: max(1, len(skipped["class"]) // 8)]]:  # checker: slow
        school = common_options(problem, arcs, chosen)
        broken = {v.rule for v in check_validity(
            problem, build_solution(problem, arcs, chosen, school))}
        assert broken & rules, broken


def test_the_flow_bound_screens_out_neighbourhoods_that_cannot_improve() -> None:
    problem, arcs, start, options, _ = _county_start()
    search = _new(problem, arcs, 60)
    _checked(problem, arcs, *search.improve(start, options))
    assert search.screened > 0  # skipped without a CP-SAT solve


def test_progress_counts_the_neighbourhoods_of_both_searches() -> None:
    # The second search shares the first one's budget; its progress lines count on from the
    # first one's neighbourhoods instead of starting again at 0.
    searches: list[NeighbourhoodSearch] = []

    class Recorded(NeighbourhoodSearch):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            searches.append(self)

    stream = io.StringIO()
    with patch.object(solve_module, "NeighbourhoodSearch", Recorded):
        # a limit the searches never reach on an idle machine: they end on their own
        solve_checked(generate(participants=300, seed=1, profile="scarce"),
                      SolveOptions(time_limit=120, workers=1), Progress(stream=stream))
    counts = [int(m.group(1)) for m in re.finditer(r"\((\d+) neighbourhoods solved\)",
                                                   stream.getvalue())]
    assert len(searches) == 2 and searches[0].visited > 0
    assert counts == sorted(counts)
    assert counts[-1] == searches[0].visited + searches[1].visited
