"""Live progress on stderr during a long solve: elapsed time, placed so far, best bound.

Kept apart from the model (as PyVRP keeps its ProgressPrinter) so the library stays silent
unless a caller asks for it. It says counts only, never names or ids. Each line is an event
with its numbers (a :class:`~matcher.i18n.phrase.Phrase`): this printer renders it in the
console's language; another receiver (the web app's progress bar) reads the numbers
``placed`` (placed so far) and ``bound`` (the most that can be placed) instead.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from ortools.sat.python import cp_model

from matcher.i18n import number_text
from matcher.i18n.phrase import Phrase, console_language, plural


class Progress:
    """Prints one line per event, at most every ``interval`` seconds for solver updates, in
    ``language`` (``None``: the console's language, :func:`matcher.i18n.phrase.speak`)."""

    def __init__(self, enabled: bool = True, stream: TextIO | None = None,
                 interval: float = 1.0, language: str | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.interval = interval
        self.language = language
        self.start = time.perf_counter()
        self._last = 0.0

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def say(self, message: str, /, **values: Any) -> None:
        """One event: a catalogue message (English text with ``{name}`` fields) and its
        values; a value may be a :class:`Phrase`."""
        self.emit(Phrase(message, values))

    def say_plural(self, singular: str, plural_: str, n: int, /, **values: Any) -> None:
        """One event counted by ``n`` ("1 class …", "3 classes …")."""
        self.emit(plural(singular, plural_, n, **values))

    def emit(self, event: Phrase) -> None:
        """Show one event; receivers other than the console override this."""
        if self.enabled:
            language = self.language or console_language()
            text = event.render(language)
            elapsed = number_text(self.elapsed(), language, "6.1f")
            print(f"[{elapsed} s] {text}", file=self.stream, flush=True)

    def callback(self, stage: str, scale: float = 1.0,
                 ceiling: float | None = None) -> cp_model.CpSolverSolutionCallback:
        """A CP-SAT callback reporting each better solution of one stage (throttled); ``stage``
        is the stage's name as a catalogue message. The bound shown is CP-SAT's proven bound,
        or ``ceiling`` (a bound known beforehand, such as the flow relaxation's placements)
        where that is lower: CP-SAT's own bound starts at the number of variables."""
        printer = self
        name = Phrase(stage)

        class _Callback(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                now = printer.elapsed()
                if now - printer._last >= printer.interval:
                    printer._last = now
                    bound = self.best_objective_bound / scale
                    if ceiling is not None:
                        bound = min(bound, ceiling)
                    printer.say("{stage}: best {best:.0f}, proven at most {proven:.0f}",
                                stage=name, best=self.objective_value / scale, proven=bound)

        return _Callback()
