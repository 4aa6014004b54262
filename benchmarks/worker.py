"""One benchmark step in its own process, so its peak memory is its own.

``benchmarks.run`` starts this module once per step and reads one JSON object from the last
line of its stdout:

* ``generate SIZE PROFILE SEED OUT``: write a generated round as an input workbook;
* ``tool IN OUT TIME_LIMIT WORKERS``: the coordinator's run, end to end, phase by phase
  (read → eligibility + flow → search → timetables → independent check → write);
* ``baselines IN``: the max-flow bound alone, the greedy and the stable matching on the same
  eligible arcs, each checked by the same independent checker;
* ``exact IN TIME_LIMIT``: the exact reference (:mod:`benchmarks.exact`, a HiGHS integer
  program solved lexicographically), checked by the same independent checker.

Only counts and timings are printed, never names or ids.
"""

from __future__ import annotations

import hashlib
import json
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from matcher import __version__
from matcher.checker import check_validity
from matcher.files import sha256_of


def _peak_mb() -> float:
    """This process's peak resident memory (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(size: int, profile: str, seed: int, out: Path) -> dict[str, Any]:
    """Write the round; its size facts go in the table."""
    from matcher.inputbook import write_problem
    from matcher.samples import generate as make

    problem = make(size, seed=seed, profile=profile)
    write_problem(problem, out)
    return {"participants": len(problem.participants), "companies": len(problem.companies),
            "supervisors": len(problem.supervisors), "programmes": len(problem.programmes),
            "digest": _sheets_digest(out)}


def _sheets_digest(book: Path) -> str:
    """A digest of the workbook's cell values, which tells whether a kept exact answer was
    made on this very round (the file's bytes also hold the moment it was written and change
    with the writer's layout)."""
    from openpyxl import load_workbook

    digest = hashlib.sha256()
    workbook = load_workbook(book, read_only=True)
    try:
        for sheet in workbook.worksheets:
            digest.update(sheet.title.encode())
            for row in sheet.iter_rows(values_only=True):
                digest.update(repr(row).encode())
    finally:
        workbook.close()
    return digest.hexdigest()[:16]


def tool(path: Path, out: Path, time_limit: float, workers: int) -> dict[str, Any]:
    """The same sequence as :func:`matcher.round.run_match`, timed step by step."""
    from matcher.model import SolveOptions
    from matcher.reader import read_problem
    from matcher.report import write_result
    from matcher.round import solve_round
    from matcher.timetable import all_activities

    started = time.perf_counter()
    digest = sha256_of(path)
    problem = read_problem(path)
    read = time.perf_counter() - started
    t = time.perf_counter()
    solved = solve_round(problem, SolveOptions(time_limit=time_limit, workers=workers, seed=0))
    solve_wall = time.perf_counter() - t
    t = time.perf_counter()
    rows = list(all_activities(problem, solved.result.solution))
    violations = check_validity(problem, solved.result.solution, rows)
    check = time.perf_counter() - t
    result = replace(solved.result, timings={**solved.result.timings, "read_seconds": read})
    t = time.perf_counter()
    write_result(problem, result, out, input_file=path.name, input_sha256=digest,
                 version=__version__, eligible_candidates=solved.eligible_candidates,
                 timetable=rows)
    write = time.perf_counter() - t
    timings = dict(solved.result.timings)
    return {
        "read_s": read,
        "eligibility_s": timings.get("eligibility_seconds", 0.0),
        "presolve_s": timings.get("presolve_seconds", 0.0),
        "flow_s": timings.get("flow_seconds", 0.0),
        "repair_s": timings.get("repair_seconds", 0.0),
        "search_s": timings.get("search_seconds", 0.0),
        "timetable_s": timings.get("timetable_seconds", 0.0),
        "explain_s": timings.get("explain_seconds", 0.0),
        "solve_wall_s": solve_wall,
        "check_s": check,
        "write_s": write,
        "end_to_end_s": time.perf_counter() - started,
        "peak_mb": _peak_mb(),
        "timetable_rows": len(rows),
        "status": result.status,
        "placed": result.placed,
        "upper_bound": result.upper_bound,
        "bound_is_exact": result.bound_is_exact,
        "gap": result.gap,
        "priority_profile": list(result.priority_profile),
        "quality": result.quality,
        "quality_bound": result.quality_bound,
        "violations": len(violations),
        "arcs": solved.n_arcs,
    }


def baselines(path: Path) -> dict[str, Any]:
    """The bound alone and both baselines, on the arcs the tool starts from."""
    from benchmarks.baselines import greedy, stable, to_solution
    from matcher.eligibility import build_arcs
    from matcher.model.flow import FlowRelaxation
    from matcher.reader import read_problem

    problem = read_problem(path)
    t = time.perf_counter()
    arcs = build_arcs(problem)
    eligibility = time.perf_counter() - t
    t = time.perf_counter()
    bound = FlowRelaxation(problem, arcs).max_placed()
    bound_s = time.perf_counter() - t
    out: dict[str, Any] = {"eligibility_s": eligibility, "maxflow_bound": bound,
                           "maxflow_s": bound_s}
    for method in (greedy, stable):
        answer = method(problem, arcs)
        t = time.perf_counter()
        solution = to_solution(problem, arcs, answer)
        build = time.perf_counter() - t
        violations = check_validity(problem, solution)
        out[answer.name] = {
            "placed": len(answer.chosen), "quality": answer.quality(arcs),
            "priority_profile": list(answer.priority_profile(problem, arcs)),
            "algorithm_s": answer.seconds, "timetable_s": build,
            "total_s": eligibility + answer.seconds + build,
            "closed_classes": answer.closed_classes, "violations": len(violations),
            "violation_codes": sorted({v.rule for v in violations}),
        }
    return out


def exact(path: Path, time_limit: float) -> dict[str, Any]:
    """The exact reference on the same eligible arcs, and its check."""
    from benchmarks.exact import exact_solution, solve_exact
    from matcher.eligibility import build_arcs
    from matcher.reader import read_problem

    problem = read_problem(path)
    t = time.perf_counter()
    arcs = build_arcs(problem)
    answer = solve_exact(problem, arcs, time_limit=time_limit)
    seconds = time.perf_counter() - t
    solution = exact_solution(problem, arcs, answer)
    violations = check_validity(problem, solution)
    return {"placed": answer.placed, "priority_profile": list(answer.profile),
            "proven": answer.proven, "total_s": seconds, "stage_s": answer.stage_seconds,
            "violations": len(violations)}


def main(argv: list[str]) -> None:
    mode, *args = argv
    if mode == "generate":
        data = generate(int(args[0]), args[1], int(args[2]), Path(args[3]))
    elif mode == "tool":
        data = tool(Path(args[0]), Path(args[1]), float(args[2]), int(args[3]))
    elif mode == "baselines":
        data = baselines(Path(args[0]))
    elif mode == "exact":
        data = exact(Path(args[0]), float(args[1]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    data["peak_mb"] = _peak_mb()
    print(json.dumps(data))


if __name__ == "__main__":
    main(sys.argv[1:])
