"""The staged CP-SAT search: goals in SPEC.md's strict order, each fixed before the next.

Stage 1 maximises the number placed (bounded above by the flow relaxation), stage 2 the
priority profile with that many placed, stage 3 match quality with that profile. Each stage is
hinted with the previous stage's solution, so a stopped stage still leaves a valid result.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from matcher.eligibility import Arcs
from matcher.errors import InfeasibleError
from matcher.model.cpsat import MatchModel
from matcher.model.progress import Progress
from matcher.problem import Problem

#: Shares of the time limit the stages may use (what a stage leaves goes to the next).
STAGE_SHARES = (0.5, 0.3, 0.2)
#: The largest objective coefficient we let CP-SAT see when weighting priorities in one stage.
MAX_WEIGHT = 2**40


@dataclass(frozen=True)
class StagedOutcome:
    arcs: list[int]
    options: dict[int, int]
    placed_proven: bool
    priority_proven: bool
    quality_bound: int | None


class StagedSolver:
    """Runs the three stages on one :class:`MatchModel` within a time limit."""

    def __init__(self, problem: Problem, arcs: Arcs, *, time_limit: float, workers: int,
                 seed: int, progress: Progress) -> None:
        self.problem = problem
        self.arcs = arcs
        self.time_limit = time_limit
        self.workers = workers
        self.seed = seed
        self.progress = progress
        self.mm = MatchModel(problem, arcs)
        self.deadline = time.perf_counter() + time_limit

    def _solver(self, share: float) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        left = max(0.1, self.deadline - time.perf_counter())
        budget = min(left, max(0.1, share * self.time_limit + 0.0))
        solver.parameters.max_time_in_seconds = budget
        solver.parameters.num_workers = self.workers
        solver.parameters.random_seed = self.seed
        return solver

    def _run(self, stage: str, share: float) -> tuple[cp_model.CpSolver, int]:
        solver = self._solver(share)
        status = solver.solve(self.mm.model, self.progress.callback(stage))
        return solver, status

    def solve(self, hint_arcs: list[int], hint_options: dict[int, int], upper: int) -> StagedOutcome:
        mm, model = self.mm, self.mm.model
        mm.hint(hint_arcs, hint_options)
        placed = mm.placed()
        model.add(placed <= upper)
        model.maximize(placed)
        self.progress.say(f"stage 1: most placed (at most {upper})")
        solver, status = self._run("placed", STAGE_SHARES[0])
        if status == cp_model.INFEASIBLE:
            raise InfeasibleError(explain_conflict(self.problem, self.arcs, self.workers))
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise InfeasibleError(["no valid result was found within the time limit; "
                                   "the locks or class rules may conflict (try a longer "
                                   "--time-limit)"])
        placed_proven = status == cp_model.OPTIMAL
        best = mm.chosen_arcs(solver)
        options = mm.chosen_options(solver)
        n_placed = len(best)
        model.add(placed == n_placed) if placed_proven else model.add(placed >= n_placed)
        self.progress.say(f"stage 1 done: {n_placed} placed"
                          + ("" if placed_proven else " (time limit reached)"))
        best, options, priority_proven = self._priorities(best, options)
        quality_bound: int | None = None
        mm.hint(best, options)
        model.maximize(mm.quality())
        solver, status = self._run("quality", 1.0)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            best, options = mm.chosen_arcs(solver), mm.chosen_options(solver)
            quality_bound = int(math.floor(solver.best_objective_bound + 1e-6))
        return StagedOutcome(best, options, placed_proven, priority_proven and placed_proven,
                             quality_bound)

    def _priorities(self, best: list[int], options: dict[int, int]
                    ) -> tuple[list[int], dict[int, int], bool]:
        """Stage 2: most placed at priority 5, then 4, … (one weighted stage when it fits)."""
        mm, model = self.mm, self.mm.model
        present = sorted({p.priority for p in self.problem.participants}, reverse=True)[:-1]
        groups = [[k] for k in present]
        counts = {k: sum(1 for p in self.problem.participants if p.priority == k) for k in present}
        weight, weights = 1, {}
        for k in reversed(present):
            weights[k] = weight
            weight *= counts[k] + 1
        proven = True
        if weight <= MAX_WEIGHT:
            groups = [present]
        for group in groups:
            if not group:
                continue
            mm.hint(best, options)
            expr = sum((weights[k] if len(group) > 1 else 1) * mm.placed_at([k]) for k in group)
            model.maximize(expr)
            solver, status = self._run("priority", STAGE_SHARES[1] / len(groups))
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                proven = False
                break
            best, options = mm.chosen_arcs(solver), mm.chosen_options(solver)
            proven &= status == cp_model.OPTIMAL
            for k in group:
                value = int(round(solver.value(mm.placed_at([k]))))
                model.add(mm.placed_at([k]) == value) if status == cp_model.OPTIMAL else \
                    model.add(mm.placed_at([k]) >= value)
        self.progress.say("stage 2 done: priority profile "
                          + ("proven best" if proven else "not proven (time limit)"))
        return best, options, proven


def explain_conflict(problem: Problem, arcs: Arcs, workers: int) -> list[str]:
    """Name a set of locks and class rules that cannot hold together (CP-SAT assumptions)."""
    mm = MatchModel(problem, arcs, with_assumptions=True)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 30.0
    solver.parameters.num_workers = 1  # assumptions need a single worker
    status = solver.solve(mm.model)
    if status != cp_model.INFEASIBLE:
        return ["the locks and class rules conflict (no smaller set could be isolated)"]
    core = solver.sufficient_assumptions_for_infeasibility()
    names = [mm.assumptions[i] for i in core if i in mm.assumptions]
    return names or ["the locks and class rules conflict with the capacities"]
