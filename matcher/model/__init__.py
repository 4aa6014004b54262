"""The solver: flow relaxation and bound (``flow``), the CP-SAT model (``cpsat``), the staged
search (``staged``), progress printing (``progress``) and the driver (``solve``), whose
:class:`ModelResult` the round (:func:`matcher.round.solve_round`) finishes into a result."""

from matcher.model.progress import Progress
from matcher.model.solve import ModelResult, SolveOptions, solve

__all__ = ["ModelResult", "Progress", "SolveOptions", "solve"]
