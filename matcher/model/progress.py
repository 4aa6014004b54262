"""Live progress on stderr during a long solve: elapsed time, placed so far, best bound.

Kept apart from the model (as PyVRP keeps its ProgressPrinter) so the library stays silent
unless a caller asks for it. It prints counts only, never names or ids.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ortools.sat.python import cp_model


class Progress:
    """Prints one line per event, at most every ``interval`` seconds for solver updates."""

    def __init__(self, enabled: bool = True, stream: TextIO | None = None,
                 interval: float = 1.0) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.interval = interval
        self.start = time.perf_counter()
        self._last = 0.0

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def say(self, text: str) -> None:
        if self.enabled:
            print(f"[{self.elapsed():6.1f} s] {text}", file=self.stream, flush=True)

    def callback(self, stage: str, scale: float = 1.0,
                 ceiling: float | None = None) -> cp_model.CpSolverSolutionCallback:
        """A CP-SAT callback reporting each better solution of one stage (throttled). The
        bound shown is CP-SAT's proven bound, or ``ceiling`` (a bound known beforehand, such
        as the flow relaxation's placements) where that is lower: CP-SAT's own bound starts at
        the number of variables."""
        printer = self

        class _Callback(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                now = printer.elapsed()
                if now - printer._last >= printer.interval:
                    printer._last = now
                    bound = self.best_objective_bound / scale
                    if ceiling is not None:
                        bound = min(bound, ceiling)
                    printer.say(f"{stage}: best {self.objective_value / scale:.0f}, "
                                f"proven at most {bound:.0f}")

        return _Callback()
