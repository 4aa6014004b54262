"""The round: the model's decision finished with company days and the reasons for the unplaced."""

from __future__ import annotations

from pathlib import Path

from matcher.finish import build_solution
from matcher.model import SolveOptions, solve
from matcher.reader import read_problem
from matcher.round import solve_checked
from matcher.timetable import timetable_rows

HEFFI = Path(__file__).parents[1] / "data" / "samples" / "heffi.xlsx"
OPTIONS = SolveOptions(time_limit=10, workers=1, seed=0)


def test_the_round_finishes_the_models_decision() -> None:
    problem = read_problem(HEFFI)
    solved, rows = solve_checked(problem, OPTIONS)
    decided = solve(problem, OPTIONS)
    result = solved.result
    assert result.solution == build_solution(problem, decided.chosen,
                                             range(len(decided.chosen)), decided.school)
    assert rows == timetable_rows(problem, result.solution)
    assert any(p.company_days for p in result.solution.placements)
    placed = {p.participant_id for p in result.solution.placements}
    assert [u.participant_id for u in result.unplaced] == [
        p.participant_id for p in problem.participants if p.participant_id not in placed]
    assert result.unplaced and all(u.explanation for u in result.unplaced)
    assert (result.status, result.placed, result.quality, result.priority_profile) == (
        decided.status, len(decided.chosen), decided.quality, decided.priority_profile)
    assert (solved.n_arcs, solved.eligible_candidates) == (decided.n_arcs,
                                                           decided.eligible_candidates)


def test_the_finishing_steps_are_timed_after_the_models() -> None:
    solved, _ = solve_checked(read_problem(HEFFI), OPTIONS)
    timings = list(solved.result.timings)
    assert timings[0] == "eligibility_seconds"
    assert timings[-2:] == ["timetable_seconds", "explain_seconds"]
    assert solved.result.runtime >= sum(solved.result.timings.values())
