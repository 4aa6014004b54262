"""Time ``matcher capacity`` on a generated county round (target: 5,000 participants in 15 s).

Writes the sample as an input workbook, then times read + analyse + write of the capacity
workbook three times and prints the median. Run:
``.venv/bin/python benchmarks/capacity_benchmark.py [participants]``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from matcher.capacity import analyse, write_capacity
from matcher.inputbook import write_problem
from matcher.reader import read_problem
from matcher.samples import generate


def main(participants: int = 5000, repeats: int = 3) -> None:
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "round.xlsx"
        write_problem(generate(participants, seed=1), book)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            report = analyse(read_problem(book))
            write_capacity(report, Path(folder) / "capacity.xlsx")
            times.append(time.perf_counter() - start)
            print(f"  run: {times[-1]:.1f} s  {report.timings}", flush=True)
        print(f"capacity on {participants} participants: median {statistics.median(times):.1f} s "
              f"(target 15 s); {len(report.bottlenecks)} bottlenecks, "
              f"{report.most_placeable} of {report.participants} placeable")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
