"""County rounds planned over the whole four-year course, end to end as ``matcher match``.

    .venv/bin/python -m benchmarks.course_benchmark --sizes 1000 5000 --repeats 3

Each size is ``matcher.samples.generate(size, seed=1, profile="county")`` (every programme of
the source report, planned over all its weeks: up to 230 weeks, with public holidays, school
holidays, per-phase school days and apprenticeship years) written as an input workbook; each
run is :func:`matcher.round.run_match` in its own process (read, solve, independent check,
write), so its peak memory (``ru_maxrss``) is its own. Prints one Markdown row per size
(medians over the repeats) for ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

#: End-to-end targets (seconds) of the issue: 1,000 ≤ 30 s, 5,000 ≤ 150 s.
TARGETS = {1000: 30.0, 5000: 150.0}


#: The steps of ``run_match`` timed one by one: (module, function) as ``run_match`` finds them.
STEPS = (("matcher.reader", "read_problem", "read"), ("matcher.round", "solve_round", "solve"),
         ("matcher.round", "timetable_rows", "expand"), ("matcher.round", "assert_valid", "check"),
         ("matcher.report", "write_result", "write"))


def _time_steps(steps: dict[str, dict[str, float]]) -> None:
    """Wrap each of :data:`STEPS` so its wall seconds and the process's peak memory (MB,
    ``ru_maxrss``) after it land in ``steps``; ``run_match`` itself runs unchanged."""
    import importlib

    for module_name, name, label in STEPS:
        module = importlib.import_module(module_name)
        original = getattr(module, name)

        def timed(*args: object, _f: object = original, _label: str = label,
                  **kwargs: object) -> object:
            start = time.perf_counter()
            value = _f(*args, **kwargs)  # type: ignore[operator]
            steps[_label] = {"s": round(time.perf_counter() - start, 2), "peak_mb": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
            return value

        setattr(module, name, timed)


def _one_run(path: str, out: str, time_limit: float, queue: multiprocessing.Queue) -> None:
    from matcher.model import SolveOptions
    from matcher.round import run_match

    steps: dict[str, dict[str, float]] = {}
    _time_steps(steps)
    start = time.perf_counter()
    outcome = run_match(Path(path), Path(out), SolveOptions(time_limit=time_limit, workers=1))
    wall = time.perf_counter() - start
    result = outcome.result
    weeks = max(len(outcome.problem.planned_weeks(g.programme_id))
                for g in outcome.problem.programmes)
    queue.put({"wall": wall, "placed": result.placed, "bound": result.upper_bound,
               "status": result.status, "weeks": weeks,
               "timings": {k: float(v) for k, v in result.timings.items()}, "steps": steps,
               "load": round(os.getloadavg()[0], 1),
               "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def measure(size: int, repeats: int, time_limit: float, folder: Path) -> dict[str, object]:
    """Generate, write and run one county round ``repeats`` times; medians and the last run."""
    from matcher.inputbook import write_problem
    from matcher.samples import generate

    path = folder / f"county-{size}.xlsx"
    t = time.perf_counter()
    write_problem(generate(size, seed=1, profile="county"), path)
    generated = time.perf_counter() - t
    runs = []
    for k in range(repeats):
        queue: multiprocessing.Queue = multiprocessing.Queue()
        proc = multiprocessing.Process(target=_one_run, args=(
            str(path), str(folder / f"out-{size}-{k}.xlsx"), time_limit, queue))
        proc.start()
        runs.append(queue.get())
        proc.join()
    last = runs[-1]
    return {"size": size, "runs": len(runs), "generate_write_s": round(generated, 2),
            "end_to_end_s": round(statistics.median(r["wall"] for r in runs), 2),
            "peak_mb": round(statistics.median(r["peak_mb"] for r in runs)),
            "placed": last["placed"], "bound": last["bound"], "status": last["status"],
            "weeks": last["weeks"],
            "timings": {k: round(statistics.median(r["timings"][k] for r in runs), 2)
                        for k in last["timings"]},
            "steps": {label: {"s": statistics.median(r["steps"][label]["s"] for r in runs),
                              "peak_mb": max(r["steps"][label]["peak_mb"] for r in runs)}
                      for label in last["steps"]},
            "load": [r["load"] for r in runs]}


#: The table's columns after the round: the solver's own phases, then run_match's steps.
HEADER = ("| round | n | load | planned weeks | read | eligibility | flow + repair | search | "
          "timetables | explain | expand | check | write | end to end s | target | peak MB | "
          "placed / bound | status |")


def row(r: dict[str, Any]) -> str:
    """One Markdown row of :data:`HEADER` (seconds are wall clock, medians over the runs)."""
    size = int(r["size"])
    target = TARGETS.get(size)
    met = "-" if target is None else (
        f"{target:.0f} s {'met' if float(r['end_to_end_s']) <= target else 'MISSED'}")
    tm, steps = r["timings"], r["steps"]
    flow = sum(tm.get(k, 0.0) for k in ("presolve_seconds", "flow_seconds", "repair_seconds"))
    loads = r["load"]
    load = f"{min(loads)}" if min(loads) == max(loads) else f"{min(loads)}-{max(loads)}"
    cells = [f"county {size:,}", r["runs"], load, r["weeks"], steps["read"]["s"],
             tm.get("eligibility_seconds", "-"), round(flow, 2), tm.get("search_seconds", "-"),
             tm.get("timetable_seconds", "-"), tm.get("explain_seconds", "-"),
             steps["expand"]["s"], steps["check"]["s"], steps["write"]["s"], r["end_to_end_s"],
             met, r["peak_mb"], f"{r['placed']} / {r['bound']}", r["status"]]
    return "| " + " | ".join(str(c) for c in cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            results.append(measure(size, args.repeats, args.time_limit, Path(scratch)))
            print(json.dumps(results[-1]), flush=True)
    print(f"\nMachine: {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print(HEADER)
    print("|---" * HEADER.count(" | ") + "|---|")
    for r in results:
        print(row(r))


if __name__ == "__main__":
    main()
