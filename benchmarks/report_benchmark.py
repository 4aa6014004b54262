"""Time the output workbook on a synthetic round with a 1,000,000-row timetable.

A synthetic round: one 40-week programme (school Mon+Tue, three company days a week), 5,000
placed participants spread over 250 companies with one supervisor each: 5 activities a week ×
40 weeks × 5,000 participants = 1,000,000 timetable rows, and a 5,000 × 280 Calendar grid.

Run:  .venv/bin/python benchmarks/report_benchmark.py [participants] [weeks]

Prints the time to expand the activities (matcher.timetable), the time to write the whole
workbook from the expanded rows, and timetable rows per second of the write.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from matcher.problem import (
    Cefr,
    Company,
    Participant,
    Phase,
    Place,
    Problem,
    Programme,
    Rota,
    Supervisor,
)
from matcher.report import write_result
from matcher.result import Placement, Result, Solution
from matcher.rules import Status
from matcher.timetable import all_activities

START = dt.date(2025, 1, 6)
COMPANIES = 250


def synthetic(participants: int, weeks: int) -> tuple[Problem, Result]:
    """A round and a valid result of the size asked for."""
    trainees_per = -(-participants // COMPANIES)
    problem = Problem(
        programmes=(Programme("P1", "Helsefagarbeider", START, school_days=frozenset({0, 1}),
                              max_class_size=participants),),
        phases=(Phase("P1", 1, weeks, company_days=3, min_days_with_supervisor=2),),
        participants=tuple(Participant(f"D{i:05d}", ("P1",), Cefr.B1, name=f"Person {i}")
                           for i in range(participants)),
        companies=tuple(Company(f"C{c:03d}", name=f"Company {c}", training_office="OK")
                        for c in range(COMPANIES)),
        places=tuple(Place(f"C{c:03d}", "Helsefagarbeider", trainees_per)
                     for c in range(COMPANIES)),
        supervisors=tuple(Supervisor(f"S{c:03d}", f"C{c:03d}", "Helsefagarbeider", "R1",
                                     max_trainees=trainees_per) for c in range(COMPANIES)),
        rotas=(Rota("R1", (("D", "D", "D", "E", "E", None, None),
                           (None, None, "N", "N", "N", "D", "D"))),),
    )
    days = tuple((2, 3, 4) for _ in range(weeks))
    placements = tuple(
        Placement(p.participant_id, "P1", f"C{i % COMPANIES:03d}", f"S{i % COMPANIES:03d}", days)
        for i, p in enumerate(problem.participants)
    )
    result = Result(Status.OPTIMAL, Solution(placements, {"P1": frozenset({0, 1})}), participants,
                    participants, True, (0, 0, participants, 0, 0), 0, None, 0.0)
    return problem, result


def main() -> None:
    participants = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    weeks = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    problem, result = synthetic(participants, weeks)
    started = time.perf_counter()
    rows = list(all_activities(problem, result.solution))
    expanded = time.perf_counter() - started
    print(f"expanded {len(rows):,} activities in {expanded:.2f} s "
          f"({len(rows) / expanded:,.0f} rows/s)")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "result.xlsx"
        started = time.perf_counter()
        write_result(problem, result, out, input_file="synthetic", input_sha256="-",
                     version="bench", eligible_candidates={}, timetable=rows)
        written = time.perf_counter() - started
        size = out.stat().st_size / 1e6
    print(f"wrote the workbook ({size:.1f} MB) in {written:.2f} s: "
          f"{len(rows) / written:,.0f} timetable rows/s (all sheets included)")


if __name__ == "__main__":
    main()
