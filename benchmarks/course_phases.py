"""CPU seconds per phase of `matcher match` on a county round over the whole four-year course.

    .venv/bin/python -m benchmarks.course_phases --size 1000 --time-limit 10

The machine this project is measured on is shared, so wall clock says little; this runs the
phases as :func:`matcher.round.run_match` does (read, solve, the timetable rows, the
independent check, the write) and reports each one's CPU time (``time.process_time``), the
solver's own phases too (eligibility, flow, search, timetables, explanations), with a digest
of every placement and its company days, so two versions of the code can be compared on the
same input (``benchmarks/README.md``, "Outside the search").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def _cpu_timed_solver(cpu: dict[str, float]) -> None:
    """Make the solver's ``timed`` blocks add their CPU seconds to ``cpu`` as well."""
    from matcher.timings import Timings

    wall_timed = Timings.timed

    @contextmanager
    def timed(self: Any, name: str) -> Iterator[None]:
        start = time.process_time()
        with wall_timed(self, name):
            yield
        cpu[name] = cpu.get(name, 0.0) + time.process_time() - start

    Timings.timed = timed  # type: ignore[method-assign,assignment]


def measure(path: Path, out: Path, time_limit: float) -> dict[str, object]:
    """Run each phase of a match on ``path`` and return their CPU seconds."""
    from matcher.checker import assert_valid
    from matcher.model import SolveOptions
    from matcher.reader import read_problem
    from matcher.report import write_result
    from matcher.round import solve_round
    from matcher.timetable import timetable_rows

    solver_cpu: dict[str, float] = {}
    _cpu_timed_solver(solver_cpu)
    phases: dict[str, float] = {}
    start = time.process_time()

    def lap(name: str, since: float) -> float:
        now = time.process_time()
        phases[name] = round(now - since, 2)
        return now

    t = time.process_time()
    problem = read_problem(path)
    t = lap("read", t)
    solved = solve_round(problem, SolveOptions(time_limit=time_limit, workers=1))
    t = lap("solve", t)
    rows = timetable_rows(problem, solved.result.solution)
    t = lap("expand", t)
    assert_valid(problem, solved.result.solution, rows)
    t = lap("check", t)
    write_result(problem, solved.result, out, input_file=path.name, input_sha256="-",
                 version="-", eligible_candidates=solved.eligible_candidates,
                 pseudonymise=False, timetable=rows)
    lap("write", t)
    solution = solved.result.solution
    digest = hashlib.sha1(repr((
        sorted((p.participant_id, p.programme_id, p.company_id, p.supervisor_id,
                p.company_days) for p in solution.placements),
        sorted(solution.school_days.items()))).encode()).hexdigest()
    return {"cpu_total": round(time.process_time() - start, 2), "phases_cpu": phases,
            "solver_cpu": {k: round(v, 2) for k, v in solver_cpu.items()},
            "placed": solved.result.placed, "rows": len(rows), "digest": digest,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            "output_mb": round(out.stat().st_size / 2**20, 1),
            "load": [round(x, 1) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--time-limit", type=float, default=10.0)
    args = parser.parse_args()
    from matcher.inputbook import write_problem
    from matcher.samples import generate

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"county-{args.size}.xlsx"
        write_problem(generate(args.size, seed=1, profile="county"), path)
        print(json.dumps({"size": args.size,
                          **measure(path, Path(scratch) / "out.xlsx", args.time_limit)}))


if __name__ == "__main__":
    main()
