"""Time ``matcher rematch`` on a county round after 3 companies drop out (targets: 1,000
participants at most 20 s end to end, 5,000 at most 90 s).

For each size: ``generate(size, seed=1, profile="county")`` is written as an input workbook and
run as a round (``run_match``, the previous result); then the 3 companies with the most trainees
close their places (Places = 0; locks to them are lifted) and the round is re-matched from the
Monday 12 weeks after the earliest programme start, end to end as ``matcher rematch`` runs it:
reading both workbooks, the solve, the independent check and writing the output workbook.

Run: ``.venv/bin/python -m benchmarks.rematch_benchmark [--sizes 1000 5000] [--repeats 3]
[--time-limit 60]``; prints one markdown row per size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from matcher.inputbook import write_problem
from matcher.model import SolveOptions
from matcher.problem import Participant, Problem
from matcher.rematch import RematchOutcome, RematchRequest, run_rematch
from matcher.round import run_match
from matcher.samples import generate

DROPPED_COMPANIES = 3
PLAN_AFTER_WEEKS = 12


def closed(problem: Problem, companies: set[str]) -> Problem:
    """The round with every place of ``companies`` withdrawn, and the locks to them lifted
    (as the coordinator must: a lock to a closed company cannot hold)."""
    sup_company = {s.supervisor_id: s.company_id for s in problem.supervisors}

    def unlocked(p: Participant) -> Participant:
        target = p.locked_company or sup_company.get(p.locked_supervisor or "")
        return replace(p, locked_company=None, locked_supervisor=None) \
            if target in companies else p

    return replace(problem, participants=tuple(unlocked(p) for p in problem.participants),
                   places=tuple(replace(p, places=0) if p.company_id in companies else p
                                for p in problem.places))


def plan_date(problem: Problem) -> dt.date:
    return min(g.start_date for g in problem.programmes) + dt.timedelta(weeks=PLAN_AFTER_WEEKS)


def prepare(size: int, folder: Path, options: SolveOptions) -> tuple[Path, Path, dt.date]:
    """The round as it is now, the previous result, and the plan date."""
    problem = generate(size, seed=1, profile="county")
    first, previous = folder / f"round-{size}.xlsx", folder / f"result-{size}.xlsx"
    write_problem(problem, first)
    outcome = run_match(first, previous, options)
    trainees = Counter(p.company_id for p in outcome.result.solution.placements)
    gone = {c for c, _ in trainees.most_common(DROPPED_COMPANIES)}
    now = folder / f"now-{size}.xlsx"
    write_problem(closed(problem, gone), now)
    return now, previous, plan_date(problem)


def measure(size: int, repeats: int, options: SolveOptions) -> list[object]:
    with tempfile.TemporaryDirectory(prefix="rematch-bench-") as scratch:
        folder = Path(scratch)
        now, previous, plan_from = prepare(size, folder, options)
        times: list[float] = []
        cpu: list[float] = []
        outcome: RematchOutcome | None = None
        for k in range(repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            outcome = run_rematch(RematchRequest(now, previous, plan_from,
                                                 folder / f"out-{k}.xlsx", options))
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    assert outcome is not None
    c, goals, r = outcome.counts, outcome.rematched.goals, outcome.result
    t = r.timings
    steps = ("read", "eligibility", "flow", "search", "timetable", "explain", "check",
             "changes", "write")
    return [f"county {size:,}", repeats,
            *(round(t.get(f"{step}_seconds", 0), 1) for step in steps),
            round(statistics.median(times), 1), round(statistics.median(cpu), 1),
            round(os.getloadavg()[0], 1),
            f"{c['kept']}/{c['new_supervisor']}/{c['moved']}/{c['dropped']}/{c['new']}",
            f"{goals.placed} / {r.upper_bound}", r.status]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    options = SolveOptions(time_limit=args.time_limit, workers=1, seed=0)
    print("| round | n | read | eligibility | flow | search | timetables | explain | check | "
          "changes | write | end to end | CPU s | load | kept/new sup./moved/dropped/new | "
          "placed / bound | status |")
    print("|" + "---|" * 17)
    for size in args.sizes:
        row = measure(size, args.repeats if size <= 1000 else 1, options)
        print("| " + " | ".join(str(v) for v in row) + " |", flush=True)


if __name__ == "__main__":
    main()
