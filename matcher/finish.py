"""The model's decision made into what a person reads: each placement's company days week by
week (the timetables), and the reasons for the unplaced.

The model decides who goes where and each class's school days; which weekdays a participant
spends at the company, and why someone was not placed, follow from those decisions and are
worked out here, after the solve (:func:`matcher.round.solve_round`).
"""

from __future__ import annotations

from collections.abc import Sequence

from matcher.eligibility import Arcs, Tables, build_arcs
from matcher.eligibility.arcs import CalendarCache
from matcher.explain import explain_unplaced
from matcher.model.side_rules import first_option
from matcher.problem import OptionMask, Problem, SchoolMasks
from matcher.result import Placement, Solution, Unplaced
from matcher.timetable import choose_company_days


def build_solution(problem: Problem, arcs: Arcs, chosen: Sequence[int],
                   school: SchoolMasks) -> Solution:
    """Placements on the arcs ``chosen`` with their company days, and every programme's school
    days (the first option of its mask in ``school``, the first option where it has none: the
    class's set and each phase's own)."""
    planned = {}
    for g, prog in enumerate(problem.programmes):
        options = problem.school_day_options(prog)
        mask = school.get(g, OptionMask(1)) or OptionMask(1)
        planned[prog.programme_id] = options[first_option(mask)]
    placements = []
    for a in sorted(chosen, key=lambda a: int(arcs.participant[a])):
        participant = problem.participants[int(arcs.participant[a])]
        supervisor = problem.supervisors[int(arcs.supervisor[a])]
        programme = problem.programmes[int(arcs.programme[a])]
        days = choose_company_days(problem, participant, supervisor, programme.programme_id,
                                   planned[programme.programme_id])
        placements.append(Placement(participant.participant_id, programme.programme_id,
                                    supervisor.company_id, supervisor.supervisor_id, days))
    return Solution.planned(tuple(placements), planned)


def unplaced_reasons(problem: Problem, solution: Solution, tables: Tables,
                     calendars: CalendarCache) -> tuple[Unplaced, ...]:
    """Reasons for the unplaced, from the arcs of the unplaced participants alone (rebuilt
    with the solver's warm tables and calendar fits, closed classes included): cheaper than
    keeping every arc of a large round alive until the end."""
    placed = {p.participant_id for p in solution.placements}
    unplaced = [i for i, p in enumerate(problem.participants) if p.participant_id not in placed]
    arcs = build_arcs(problem, tables, calendars, participants=unplaced)
    return explain_unplaced(problem, arcs, solution, tables, calendars)
