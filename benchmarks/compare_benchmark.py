"""Time ``matcher compare`` with three scenarios on a 1,000-participant county round against one
round's time (target: at most three times one round).

The county sample has one scenario ("more company days"); two more are added: "two company
days" (every base phase with at most 2 company days) and "one day with supervisor" (every base
phase asks for 1 day a week with the supervisor). One round = ``solve_checked`` on the base plan
with the time limit; compare = the base plan plus three scenarios sharing the same time limit.
Run: ``.venv/bin/python benchmarks/compare_benchmark.py [participants] [time_limit] [repeats]``.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import replace

from matcher.compare import alternatives, best_school_days, compare
from matcher.model import SolveOptions
from matcher.problem import Problem
from matcher.round import solve_checked
from matcher.samples import generate


def with_three_scenarios(problem: Problem) -> Problem:
    base = [ph for ph in problem.phases if ph.scenario is None]
    two = [replace(ph, company_days=min(ph.company_days, 2),
                   min_days_with_supervisor=min(ph.supervisor_days, 2, ph.company_days),
                   scenario="two company days") for ph in base]
    one = [replace(ph, min_days_with_supervisor=min(1, ph.company_days),
                   scenario="one day with supervisor") for ph in base]
    return replace(problem, phases=problem.phases + tuple(two) + tuple(one))


def main(participants: int = 1000, time_limit: float = 30.0, repeats: int = 3) -> None:
    problem = with_three_scenarios(generate(participants, seed=1))
    options = SolveOptions(time_limit=time_limit, workers=2, seed=0)
    rounds, compares = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        solve_checked(problem.with_scenario(None), options)
        rounds.append(time.perf_counter() - start)
        start = time.perf_counter()
        outcomes = compare(alternatives(problem), options)
        best_school_days(problem)
        compares.append(time.perf_counter() - start)
        print(f"  round {rounds[-1]:.1f} s; compare {compares[-1]:.1f} s: "
              + ", ".join(f"{o.name} {o.placed}/{o.upper_bound}" for o in outcomes), flush=True)
    r, c = statistics.median(rounds), statistics.median(compares)
    print(f"compare ({len(problem.scenarios)} scenarios, {participants} participants, time limit "
          f"{time_limit:.0f} s): median {c:.1f} s vs one round {r:.1f} s = {c / r:.2f}x "
          "(target at most 3x)")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(args[0]) if args else 1000, float(args[1]) if len(args) > 1 else 30.0,
         int(args[2]) if len(args) > 2 else 3)
