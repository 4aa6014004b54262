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
from matcher.model.flow import FlowSolution
from matcher.model.progress import Progress
from matcher.model.sat import new_solver
from matcher.model.side_rules import breaks_with_options
from matcher.problem import Problem, SchoolOptions

#: Shares of the time limit the stages may use. Stage 3 (quality) keeps to its share even when
#: earlier stages finish early: once goals 1–2 are settled, a long quality search rarely pays.
STAGE_SHARES = (0.45, 0.35, 0.2)
#: CP-SAT deterministic time units allowed per second of time limit. Measured here: CP-SAT
#: accounts about 0.35–0.45 units per wall second on these models, so a stage normally ends on
#: its deterministic budget (reproducible) before the wall-clock limit.
DETERMINISTIC_PER_SECOND = 0.3
#: The largest objective coefficient we let CP-SAT see when weighting priorities in one stage.
MAX_WEIGHT = 2**40


@dataclass(frozen=True)
class StagedOutcome:
    arcs: list[int]
    options: SchoolOptions
    placed_proven: bool
    priority_proven: bool
    quality_bound: int | None
    at_flow_profile: bool = False  # the flow relaxation's count and profile are reached


class StagedSolver:
    """Runs the three stages on one :class:`MatchModel` within a time limit."""

    def __init__(self, problem: Problem, arcs: Arcs, *, deadline: float, workers: int,
                 seed: int, progress: Progress) -> None:
        self.problem = problem
        self.arcs = arcs
        self.time_limit = max(0.1, deadline - time.perf_counter())
        self.workers = workers
        self.seed = seed
        self.progress = progress
        self.mm = MatchModel(problem, arcs)
        self.deadline = deadline

    def _solver(self, seconds: float) -> cp_model.CpSolver:
        solver = new_solver(self.workers, self.seed)
        left = max(0.1, self.deadline - time.perf_counter())
        # The stage stops on CP-SAT's deterministic clock, so a rerun stops at the same point
        # and gives the same result; the wall clock only cuts in on a much busier machine.
        solver.parameters.max_deterministic_time = seconds * DETERMINISTIC_PER_SECOND
        solver.parameters.max_time_in_seconds = min(left, seconds)
        # Measured on the county samples: CP-SAT's presolve costs more than it saves on these
        # flow-shaped models (300 participants: priority stage proven in 4 s without it, not
        # in 30 s with it).
        solver.parameters.cp_model_presolve = False
        return solver

    def _run(self, stage: str, share: float,
             ceiling: float | None = None) -> tuple[cp_model.CpSolver, int]:
        """One stage, one uninterrupted CP-SAT run on its share of the time limit. (Measured:
        cutting a stage into restarts that stop once they bring nothing saved seconds on
        1,000-participant rounds but lost the priority optimum the single run finds and proves
        on the 300-participant county sample: CP-SAT's learning is lost on a restart.)"""
        seconds = max(0.1, share * self.time_limit)
        solver = self._solver(seconds)
        status = int(solver.solve(self.mm.model, self.progress.callback(stage,
                                                                        ceiling=ceiling)))
        return solver, status

    def solve(self, start: list[int], start_options: SchoolOptions,
              flow: FlowSolution, proof_counts: bool = True) -> StagedOutcome:
        """Run the stages from a valid start (the repaired flow solution)."""
        mm, model = self.mm, self.mm.model
        mm.hint(start, start_options)
        placed = mm.placed()
        model.add(placed <= flow.placed)
        model.maximize(placed)
        self.progress.say("stage 1: most placed (at most {bound}, {placed} placed at the start)",
                          bound=flow.placed, placed=len(start))
        if len(start) == flow.placed and self._start_is_valid(start, start_options):
            status: int = int(cp_model.UNKNOWN)  # the start reaches the bound: nothing to search
        else:
            solver, status = self._run("placed", STAGE_SHARES[0], ceiling=flow.placed)
        if status == cp_model.INFEASIBLE:
            raise InfeasibleError(explain_conflict(self.problem, self.arcs, self.workers))
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            best, options = mm.chosen_arcs(solver), mm.chosen_options(solver)
        elif self._start_is_valid(start, start_options):
            best, options = start, start_options
        else:
            raise InfeasibleError(["no valid result was found within the time limit; "
                                   "the locks or class rules may conflict (try a longer "
                                   "--time-limit)"])
        placed_proven = (status == cp_model.OPTIMAL and proof_counts) or len(best) == flow.placed
        n_placed = len(best)
        model.add(placed == n_placed) if placed_proven else model.add(placed >= n_placed)
        self.progress.say("stage 1 done: {placed} placed" if placed_proven
                          else "stage 1 done: {placed} placed (time limit reached)",
                          placed=n_placed)
        at_flow_bound = n_placed == flow.placed
        best, options, priority_proven = self._priorities(best, options, flow, at_flow_bound)
        priority_proven &= proof_counts or self._profile(best) == _flow_profile(flow)
        quality_bound: int | None = None
        mm.hint(best, options)
        profile_is_flows = at_flow_bound and self._profile(best) == _flow_profile(flow)
        if profile_is_flows:  # the relaxation's quality bounds ours
            model.add(mm.quality() <= flow.quality)
        model.maximize(mm.quality())
        solver, status = self._run("quality", STAGE_SHARES[2])
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            best, options = mm.chosen_arcs(solver), mm.chosen_options(solver)
            quality_bound = math.floor(solver.best_objective_bound + 1e-6)
        self.progress.say("stage 3 done: match quality proven best" if status == cp_model.OPTIMAL
                          else "stage 3 done: match quality best found")
        return StagedOutcome(best, options, placed_proven, priority_proven and placed_proven,
                             quality_bound, profile_is_flows)

    def _start_is_valid(self, start: list[int], options: SchoolOptions) -> bool:
        return keeps_every_rule(self.problem, self.arcs, start, options)

    def _profile(self, arcs: list[int]) -> dict[int, int]:
        return profile_of(self.problem, self.arcs, arcs)

    def _priorities(self, best: list[int], options: SchoolOptions, flow: FlowSolution,
                    at_flow_bound: bool) -> tuple[list[int], SchoolOptions, bool]:
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
        if at_flow_bound and self._profile(best) == _flow_profile(flow):
            self.progress.say("stage 2 done: the flow's priority profile is reached, proven best")
            return best, options, True
        if weight <= MAX_WEIGHT:
            groups = [present]
        equal_so_far = at_flow_bound
        flow_profile = _flow_profile(flow)
        for group in groups:
            if not group:
                continue
            mm.hint(best, options)
            expr = sum((weights[k] if len(group) > 1 else 1) * mm.placed_at([k]) for k in group)
            if equal_so_far:  # as many placed as the relaxation: its profile bounds ours
                model.add(expr <= sum((weights[k] if len(group) > 1 else 1) * flow_profile[k]
                                      for k in group))
            model.maximize(expr)
            solver, status = self._run("priority", STAGE_SHARES[1] / len(groups))
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                proven = False
                break
            best, options = mm.chosen_arcs(solver), mm.chosen_options(solver)
            proven &= status == cp_model.OPTIMAL
            for k in group:
                value = round(solver.value(mm.placed_at([k])))
                model.add(mm.placed_at([k]) == value) if status == cp_model.OPTIMAL else \
                    model.add(mm.placed_at([k]) >= value)
                equal_so_far &= value == flow_profile[k]
        self.progress.say("stage 2 done: priority profile proven best" if proven
                          else "stage 2 done: priority profile not proven (time limit)")
        return best, options, proven


def keeps_every_rule(problem: Problem, arcs: Arcs, start: list[int],
                     options: SchoolOptions) -> bool:
    """A start keeps every rule: locked participants placed, and no class, rights, follow-up
    or school-day rule broken (a class a lock keeps open may be short)."""
    placed = {int(arcs.participant[a]) for a in start}
    locks_hold = all(i in placed for i in problem.locked_participants)
    return locks_hold and not breaks_with_options(problem, arcs, start, options)


def profile_of(problem: Problem, arcs: Arcs, chosen: list[int]) -> dict[int, int]:
    """Placed per priority."""
    parts = problem.participants
    counts = {k: 0 for k in range(1, 6)}
    for a in chosen:
        counts[parts[int(arcs.participant[a])].priority] += 1
    return counts


def settled(problem: Problem, arcs: Arcs, chosen: list[int], options: SchoolOptions,
            flow: FlowSolution) -> StagedOutcome:
    """The outcome of a search that ends without CP-SAT over the whole round: goals 1–2 are
    proven exactly when the flow relaxation's count and profile are reached, and then the
    relaxation's quality bounds ours."""
    at_flow = len(chosen) == flow.placed and profile_of(problem, arcs, chosen) == \
        _flow_profile(flow)
    return StagedOutcome(chosen, options, len(chosen) == flow.placed, at_flow,
                         flow.quality if at_flow else None, at_flow)


def _flow_profile(flow: FlowSolution) -> dict[int, int]:
    """Placed per priority in the relaxation, locked participants counted by their priority."""
    return dict(flow.priority_counts)


def explain_conflict(problem: Problem, arcs: Arcs, workers: int) -> list[str]:
    """Name a set of locks and class rules that cannot hold together (CP-SAT assumptions)."""
    mm = MatchModel(problem, arcs, with_assumptions=True)
    solver = new_solver(1)  # assumptions need a single worker
    solver.parameters.max_time_in_seconds = 30.0
    status = solver.solve(mm.model)
    if status != cp_model.INFEASIBLE:
        return ["the locks and class rules conflict (no smaller set could be isolated)"]
    core = solver.sufficient_assumptions_for_infeasibility()
    names = [mm.assumptions[i] for i in core if i in mm.assumptions]
    return names or ["the locks and class rules conflict with the capacities"]
