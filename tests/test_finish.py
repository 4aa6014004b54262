"""Finishing the model's decision: company days per placement, and reasons for the unplaced."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from matcher.eligibility import Tables, build_arcs
from matcher.eligibility.arcs import CalendarCache
from matcher.explain import explain_unplaced
from matcher.finish import build_solution, unplaced_reasons
from matcher.model.flow import FlowRelaxation
from matcher.problem import OptionMask
from matcher.reader import read_problem
from matcher.timetable import choose_company_days
from tests.rounds import Round

HEFFI = Path(__file__).parents[1] / "data" / "samples" / "heffi.xlsx"


def _choosing_round() -> Round:
    """One class choosing two weekdays as school days; three people, two places."""
    r = Round()
    r.programme(school_days=None, school_days_to_choose=2)
    for c in ("C1", "C2"):
        r.company(c)
        r.supervisor(f"S{c}", c)
    for pid in ("A", "B", "C"):
        r.participant(pid)
    return r


def test_the_chosen_option_and_company_days_for_its_school_days() -> None:
    problem = _choosing_round().problem()
    arcs = build_arcs(problem)
    # C at the second supervisor, B at the first: given in that order
    chosen = [int(np.flatnonzero((arcs.participant == i) & (arcs.supervisor == s))[0])
              for i, s in ((2, 1), (1, 0))]
    options = problem.school_day_options(problem.programmes[0])
    assert len(options) > 2
    solution = build_solution(problem, arcs, chosen, {0: OptionMask(1 << 2)})
    assert solution.school_days == {"G": options[2].days}
    assert [(p.participant_id, p.supervisor_id) for p in solution.placements] == [
        ("B", "SC1"), ("C", "SC2")]  # in input order
    for placement in solution.placements:
        person = problem.participants_by_id[placement.participant_id]
        supervisor = next(s for s in problem.supervisors
                          if s.supervisor_id == placement.supervisor_id)
        assert placement.company_days == choose_company_days(problem, person, supervisor, "G",
                                                             options[2])


def test_a_programme_without_a_choice_gets_its_first_option() -> None:
    problem = _choosing_round().problem()
    solution = build_solution(problem, build_arcs(problem), [], {})
    assert solution.placements == ()
    assert solution.school_days == {"G": problem.school_day_options(problem.programmes[0])[0].days}


def test_the_unplaced_are_explained_from_their_own_arcs_as_from_every_arc() -> None:
    # The reasons rebuild only the unplaced participants' arcs with the warm tables; they
    # must read as the explanation over every arc of the round does.
    problem = read_problem(HEFFI)
    tables, calendars = Tables.build(problem), CalendarCache(problem)
    arcs = build_arcs(problem, tables, calendars)
    flow = FlowRelaxation(problem, arcs).solve().chosen_arcs[: len(problem.participants) // 2]
    solution = build_solution(problem, arcs, flow, {})
    reasons = unplaced_reasons(problem, solution, tables, calendars)
    assert len(reasons) == len(problem.participants) - len(flow) > 0
    assert reasons == explain_unplaced(problem, arcs, solution)
