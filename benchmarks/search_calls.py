"""Where the neighbourhood search's time goes: every CP-SAT call it makes, timed.

Solves ``matcher.samples.generate(size, seed=1, profile)`` as the benchmark table does (time
limit 30 s, one worker, seed 0) and prints how many CP-SAT calls the search made, their
statuses, model sizes and wall times (sum, median, 90th percentile, largest). This is the
measurement behind "What dominates the time now" in ``benchmarks/README.md``: on the scarce
rounds the search is hundreds of small models, each proven optimal in a few milliseconds, not a
few hard ones. Run: ``.venv/bin/python benchmarks/search_calls.py [size] [profile]``
(defaults 1000 scarce).

The timing wraps ``NeighbourhoodSearch._run`` (the one place the search calls CP-SAT); the
solve itself is unchanged.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable

from ortools.sat.python import cp_model

from matcher.model import SolveOptions
from matcher.model.cpsat import MatchModel
from matcher.model.neighbourhood import NeighbourhoodSearch
from matcher.round import solve_round
from matcher.samples import generate

Run = Callable[[NeighbourhoodSearch, MatchModel], tuple[cp_model.CpSolver, int]]


def _timed(run: Run, calls: list[tuple[float, int, int]]) -> Run:
    def wrapped(search: NeighbourhoodSearch,
                mm: MatchModel) -> tuple[cp_model.CpSolver, int]:
        start = time.perf_counter()
        solver, status = run(search, mm)
        calls.append((time.perf_counter() - start, status, len(mm.x)))
        return solver, status
    return wrapped


def main(size: int = 1000, profile: str = "scarce") -> None:
    calls: list[tuple[float, int, int]] = []
    original = NeighbourhoodSearch._run
    NeighbourhoodSearch._run = _timed(original, calls)  # type: ignore[method-assign,assignment]
    try:
        result = solve_round(generate(size, seed=1, profile=profile),
                             SolveOptions(time_limit=30, workers=1, seed=0)).result
    finally:
        NeighbourhoodSearch._run = original  # type: ignore[method-assign]
    search = result.timings.get("search_seconds", 0.0)
    print(f"{profile} {size}: {result.placed} placed, search {search:.2f} s")
    if not calls:
        print("no CP-SAT call: the flow optimum kept every rule, or no neighbourhood was solved")
        return
    seconds = sorted(c[0] for c in calls)
    statuses = Counter(cp_model.CpSolverStatus(c[1]).name for c in calls)
    print(f"{len(calls)} CP-SAT calls ({', '.join(f'{n} {s}' for s, n in statuses.items())}); "
          f"variables per model: median {statistics.median(c[2] for c in calls):.0f}, "
          f"largest {max(c[2] for c in calls)}")
    print(f"inside CP-SAT: {sum(seconds):.2f} s in all, per call median "
          f"{1000 * statistics.median(seconds):.1f} ms, 90th percentile "
          f"{1000 * seconds[int(0.9 * (len(seconds) - 1))]:.1f} ms, "
          f"largest {1000 * seconds[-1]:.1f} ms")


if __name__ == "__main__":
    main(*(int(a) if a.isdigit() else a for a in sys.argv[1:]))  # type: ignore[arg-type]
