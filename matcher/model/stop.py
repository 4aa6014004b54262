"""When the search stops: small criteria objects, asked between the search's phases.

Each criterion is called with the best outcome so far and says whether to stop. The solve
combines them: stop once goals 1–2 are proven (nothing left to gain on them), or once the time
limit is spent. A criterion never throws a result away; it only ends the search.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol

from matcher.model.staged import StagedOutcome


class StoppingCriterion(Protocol):
    """Says, given the best outcome so far, whether the search should stop."""

    def __call__(self, best: StagedOutcome) -> bool: ...


@dataclass
class MaxRuntime:
    """Stop once ``seconds`` have passed since the criterion was made."""

    seconds: float
    started: float = field(default_factory=time.perf_counter)

    @property
    def deadline(self) -> float:
        """The moment (``time.perf_counter`` seconds) the time is spent."""
        return self.started + self.seconds

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.perf_counter())

    def __call__(self, best: StagedOutcome) -> bool:
        return self.remaining() <= 0.0


@dataclass(frozen=True)
class GoalsProven:
    """Stop once goals 1–2 (the most placed, then the priority profile) are proven best."""

    def __call__(self, best: StagedOutcome) -> bool:
        return best.priority_proven


@dataclass(frozen=True)
class AnyOf:
    """Stop as soon as one of the criteria says so."""

    criteria: tuple[StoppingCriterion, ...]

    def __call__(self, best: StagedOutcome) -> bool:
        return any(criterion(best) for criterion in self.criteria)
