"""The CP-SAT model over part of a round: what the rest of the round keeps (``Kept``) is
counted as constants by every rule it shares, exactly as if those participants were in the
model with their places fixed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from ortools.sat.python import cp_model

from matcher.checker import assert_valid
from matcher.eligibility import build_arcs
from matcher.finish import build_solution
from matcher.model.cpsat import Kept, MatchModel
from matcher.model.side_rules import common_options
from matcher.problem import FollowUp, Problem, Programme
from tests.rounds import MONDAY, TRADE, make, person


def _most_placed(problem: Problem, kept: Kept) -> tuple[int | None, dict[int, int]]:
    """The most participants the part model places (None: no solution keeps every rule),
    and its school-day options. With nothing kept the model is the whole round, and its
    result goes through the independent checker; with something kept it is part of a round
    whose other participants exist only as counts, so there is no whole result to check."""
    arcs = build_arcs(problem)
    mm = MatchModel(problem, arcs, part=True, kept=kept)
    mm.model.maximize(mm.placed())
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.solve(mm.model)
    if status == cp_model.INFEASIBLE:
        return None, {}
    assert status == cp_model.OPTIMAL
    chosen, options = mm.chosen_arcs(solver), mm.chosen_options(solver)
    if kept == Kept():
        school = {g: 1 << o for g, o in options.items()}
        school.update(common_options(problem, arcs, chosen, only_free=set(school)))
        assert_valid(problem, build_solution(problem, arcs, chosen, school))
    return len(chosen), options


def test_kept_trainees_use_up_a_supervisor_and_the_company_places() -> None:
    # One supervisor taking two, two company places: two kept leave no room, one leaves one.
    problem = make([person("A"), person("B")], companies=1, max_trainees=2, places=2)
    assert _most_placed(problem, Kept())[0] == 2
    assert _most_placed(problem, Kept(supervisor={0: 1}))[0] == 1
    assert _most_placed(problem, Kept(supervisor={0: 2}))[0] == 0
    (key,) = problem.places_by_key  # (company, trade)
    assert _most_placed(problem, Kept(place={key: 1}))[0] == 1


def test_kept_members_let_a_class_run_and_fill_it() -> None:
    # A class of 3 to 4: one free participant alone cannot make it run; with two members
    # kept they can join, and with four kept it is full.
    prog = Programme("G", TRADE, MONDAY, school_days=frozenset({0, 1}), min_class_size=3,
                     max_class_size=4)
    problem = make([person("A")], companies=1, programme=prog)
    assert _most_placed(problem, Kept())[0] == 0
    assert _most_placed(problem, Kept(members={0: 2}))[0] == 1
    assert _most_placed(problem, Kept(members={0: 4}))[0] == 0


@pytest.mark.parametrize("kept_rights, placed", [(0, None), (1, 1)])
def test_kept_members_count_towards_the_rights_minimum(kept_rights: int,
                                                       placed: int | None) -> None:
    # The class needs one member with adult rights; the free participant has none. Kept
    # members make the class run, so without rights among them no solution keeps the rule
    # (in the search the free participants' current places always are one).
    prog = Programme("G", TRADE, MONDAY, school_days=frozenset({0, 1}), min_class_size=2,
                     min_with_rights=1)
    problem = make([person("A", has_rights=False)], companies=1, programme=prog)
    assert _most_placed(problem, Kept(members={0: 2}, rights={0: kept_rights}))[0] == placed


@pytest.mark.parametrize("option", [0, 3])
def test_the_kept_members_school_days_bind_the_class(option: int) -> None:
    # The class chooses 3 school days; every choice fits the free participant, but the kept
    # members fit only one of them.
    prog = Programme("G", TRADE, MONDAY, school_days_to_choose=3)
    problem = make([person("A")], companies=1, programme=prog)
    assert len(problem.school_day_options(prog)) > 3
    placed, options = _most_placed(problem, Kept(members={0: 1}, options={0: 1 << option}))
    assert (placed, options) == (1, {0: option})


def test_kept_high_follow_up_participants_use_up_the_company_cap() -> None:
    # Company C1 takes one participant with high follow-up needs; one is kept there already.
    high = person("A", follow_up_need=FollowUp.HIGH)
    problem = make([high], companies=1, max_trainees=2, places=2)
    capped = replace(problem, companies=(replace(problem.companies[0], max_high_follow_up=1),))
    assert _most_placed(capped, Kept())[0] == 1
    assert _most_placed(capped, Kept(high={"C1": 1}))[0] == 0
