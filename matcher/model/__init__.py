"""The solver: flow relaxation and bound (``flow``), the CP-SAT model (``cpsat``), the staged
search (``staged``), progress printing (``progress``) and the driver (``solve``)."""

from matcher.model.progress import Progress
from matcher.model.solve import Solved, SolveOptions, solve

__all__ = ["Progress", "SolveOptions", "Solved", "solve"]
