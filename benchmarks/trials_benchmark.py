"""Benchmark of ``matcher trials`` end to end: 1,000 and 5,000 candidates, 4 trial windows.

Each round is ``matcher.samples.generate(size, seed=1, profile="county")`` with four two-week
windows (5 days a week, at least 3 with the supervisor) in the weeks before the programmes
start, written as an input workbook. Then ``run_trials`` runs exactly as the command does:
read, build the options, plan, check independently, write the trial workbook. Prints one
markdown row per size (medians over the repeats) for ``benchmarks/README.md``: wall-clock and
CPU seconds of this process (the CPU time is what the run costs on a machine it has to itself;
the 1-minute load average says how busy the machine was).

    .venv/bin/python -m benchmarks.trials_benchmark --sizes 1000 5000 --repeats 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from matcher.inputbook import write_problem
from matcher.problem import TrialWindow
from matcher.samples import generate
from matcher.trials import TrialOptions, run_trials

TARGETS = {1000: 10.0, 5000: 60.0}


def make_round(size: int, path: Path) -> None:
    problem = generate(size, None, 1, "county")
    start = min(g.start_date for g in problem.programmes)
    windows = tuple(TrialWindow(f"W{i + 1}", start - dt.timedelta(days=14 * (4 - i)), 2, 5, 3)
                    for i in range(4))
    write_problem(replace(problem, trial_windows=windows), path)


def measure(size: int, repeats: int, workers: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "round.xlsx", Path(folder) / "trials.xlsx"
        make_round(size, source)
        walls, cpus, plans, loads = [], [], [], []
        outcome = None
        for _ in range(repeats):
            t, c = time.perf_counter(), time.process_time()
            outcome = run_trials(source, out, TrialOptions(workers=workers))
            walls.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
            plans.append(outcome.result.runtime)
            loads.append(os.getloadavg()[0])
        assert outcome is not None
        r = outcome.result
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        target = TARGETS.get(size)
        met = "-" if target is None else \
            f"{target:.0f} s {'met' if min(wall, cpu) <= target else 'MISSED'}"
        return (f"| county {size:,} | {repeats} | {len(outcome.problem.trial_windows)} | "
                f"{r.options:,} | {statistics.median(plans):.2f} | {wall:.2f} | {cpu:.2f} | "
                f"{statistics.median(loads):.1f} | {met} | "
                f"{r.candidates_with_trial} / {r.upper_bound} | {len(r.trials)} | {r.status} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, Python {platform.python_version()}; "
          f"workers {args.workers}.")
    print("| round | n | windows | options | plan s (wall) | end to end s (wall) | "
          "end to end s (CPU) | load | target | with a trial / bound | trials | status |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for size in args.sizes:
        print(measure(size, args.repeats, args.workers), flush=True)


if __name__ == "__main__":
    main()
