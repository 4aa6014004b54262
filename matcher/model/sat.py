"""The CP-SAT solver every search of the tool starts from.

One place for what all of them share: the worker count and seed (CP-SAT always with an explicit
worker count), and Ctrl-C left to Python. CP-SAT's default catches Ctrl-C and ends the search as
if its time limit were reached, so a command would go on to write a result the coordinator had
asked it to abandon; here the interrupt reaches the command, which stops without writing and
exits 130 (``cli.common.guarded``).
"""

from __future__ import annotations

from ortools.sat.python import cp_model


def new_solver(workers: int, seed: int | None = None) -> cp_model.CpSolver:
    """A CP-SAT solver on ``workers`` threads (and ``seed``, if given) that Ctrl-C stops by
    raising :class:`KeyboardInterrupt` instead of ending the search quietly."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    if seed is not None:
        solver.parameters.random_seed = seed
    solver.parameters.catch_sigint_signal = False
    return solver
