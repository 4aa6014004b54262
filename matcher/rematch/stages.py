"""CP-SAT for what the flow cannot hold: the re-match's goals in strict order, one stage each.

The round's CP-SAT model (:class:`matcher.model.cpsat.MatchModel`) holds every hard rule over
the arcs it is given; a re-match only sets other objectives on it:

1. goals 1–4 at once, as the lexicographic arc weights of :mod:`matcher.rematch.network`;
2. with that value kept, priority (placed at 5, then 4, …: weights ``(n + 1) ** (k - 1)``);
3. with that kept too, match quality.

``--allow-moves N`` inserts a stage after the first: the same participants of the previous
result placed, up to N more moves, and then the most placed, the fewest moves and the fewest new
supervisors. The Trade-offs sheet asks the same question for 0 … 5 more moves.

Each stage starts from the best assignment so far (a hint), so a stage that runs out of time
still returns a valid result no worse than the one before it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from matcher.eligibility import Arcs
from matcher.errors import InfeasibleError, MatcherError
from matcher.model.cpsat import MatchModel
from matcher.model.sat import new_solver
from matcher.problem import Problem, SchoolOptions
from matcher.rematch.network import Levels, goals_of


@dataclass(frozen=True)
class Limits:
    """When to stop, and CP-SAT's threads and seed."""

    deadline: float  # perf_counter seconds
    workers: int
    seed: int


@dataclass
class Found:
    """A valid assignment of the model's arcs and what CP-SAT proved on the way."""

    chosen: list[int]
    options: SchoolOptions
    stage_optimal: dict[str, bool]
    valid: bool = True  # False: a hint only (the flow optimum that breaks a class rule)


class RematchStages:
    """The staged CP-SAT search over ``arcs`` (a subset of the round's; indices are local)."""

    def __init__(self, problem: Problem, arcs: Arcs, levels: Levels, limits: Limits) -> None:
        self.problem = problem
        self.arcs = arcs
        self.levels = levels
        self.limits = limits
        n = len(problem.participants)
        self.goal_weight = levels.weights(n)
        prio = np.array([p.priority for p in problem.participants], dtype=np.int64)
        self.prio_weight = (n + 1) ** (prio[arcs.participant] - 1)
        self.base: cp_model.CpModel | None = None  # the model before any stage's bound

    @cached_property
    def match(self) -> MatchModel:
        """The round's model of every hard rule over the arcs, built on first use (a re-match
        whose flow optimum settles everything needs none)."""
        match = MatchModel(self.problem, self.arcs)
        self.base = match.model.clone()  # every hard rule, no stage's bound yet
        return match

    @property
    def model(self) -> cp_model.CpModel:
        return self.match.model

    def _bound(self, weights: np.ndarray, value: int, model: cp_model.CpModel) -> None:
        """Keep a stage's value in the stages after it."""
        x = [model.get_bool_var_from_proto_index(v.index) for v in self.match.x]
        model.add(cp_model.LinearExpr.weighted_sum(x, weights.tolist()) >= value)

    def _solve(self, weights: np.ndarray, start: Found, share: float,
               model: cp_model.CpModel | None = None) -> tuple[Found, int, bool]:
        """Maximise the sum of ``weights`` over the used arcs, from ``start``, with ``share``
        of the time left; returns the best found, its value and whether it is proven best."""
        own = model is None
        model = self.model if model is None else model
        self.match.hint(start.chosen, start.options)
        if own:
            self.match.maximize_arcs(weights.tolist())
        else:
            model.clear_hints()
            hint = self.model.proto.solution_hint
            model.proto.solution_hint.vars.extend(list(hint.vars))
            model.proto.solution_hint.values.extend(list(hint.values))
            x = [model.get_bool_var_from_proto_index(v.index) for v in self.match.x]
            model.maximize(cp_model.LinearExpr.weighted_sum(x, weights.tolist()))
        solver = new_solver(self.limits.workers, self.limits.seed)
        left = max(0.05, self.limits.deadline - time.perf_counter())
        solver.parameters.max_time_in_seconds = max(0.05, share * left)
        status = solver.solve(model)
        value = int(weights[start.chosen].sum())
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if not start.valid:
                raise _no_result(status)
            return start, value, False
        chosen = self.match.chosen_arcs(solver)
        if start.valid and int(weights[chosen].sum()) < value:  # never worse than the start
            return start, value, False
        found = Found(chosen, self.match.chosen_options(solver), dict(start.stage_optimal))
        return found, int(weights[chosen].sum()), status == cp_model.OPTIMAL

    def goals(self, start: Found, bound: int) -> Found:
        """Stage 1: goals 1–4, one at a time on a copy of the model (each kept in the next);
        ``bound`` is the flow's value of the combined weights, which no valid result
        exceeds. One goal per solve keeps the coefficients small: with the combined weights
        CP-SAT found poor results on a 1,000-participant round within its time."""
        model = self._base_copy()
        lv = self.levels
        found, proven = start, True
        for weights, share in ((lv.before.astype(np.int64), 0.15),
                               (lv.stay.astype(np.int64), 0.2),
                               (np.ones(len(self.arcs), dtype=np.int64), 0.25),
                               (lv.kept.astype(np.int64), 0.3)):
            found, value, optimal = self._solve(weights, found, share, model)
            proven = proven and optimal
            self._bound(weights, value, model)
        found.stage_optimal["goals"] = proven or int(self.goal_weight[found.chosen].sum()) >= bound
        return found

    def keep_goals(self, found: Found) -> None:
        """The stages after this one keep goals 1–4 as ``found`` reaches them."""
        self._bound(self.goal_weight, int(self.goal_weight[found.chosen].sum()), self.model)

    def allow_moves(self, start: Found, extra: int) -> Found:
        """Up to ``extra`` more moves where that places more participants: the same number of
        the previous result's participants placed, then the most placed, the fewest moves and
        the fewest new supervisors."""
        goals = goals_of(self.levels, start.chosen)
        self._limit_moves(self.model, goals.dropped, goals.moved + extra)
        lv, p = self.levels, self.levels.n_before + 1
        weights = (p * p - p * lv.before.astype(np.int64) + (p - 1) * lv.stay.astype(np.int64)
                   + lv.kept.astype(np.int64))
        found, value, optimal = self._solve(weights, start, 0.5)
        found.stage_optimal["goals"] = optimal and start.stage_optimal.get("goals", False)
        self._bound(weights, value, self.model)
        return found

    def _base_copy(self) -> cp_model.CpModel:
        """A copy of the model with every hard rule and no stage's bound."""
        _ = self.match  # builds the model and its base copy
        assert self.base is not None
        return self.base.clone()

    def _limit_moves(self, model: cp_model.CpModel, dropped: int, moves: int) -> None:
        x = [model.get_bool_var_from_proto_index(v.index) for v in self.match.x]
        before = np.flatnonzero(self.levels.before).tolist()
        stay = np.flatnonzero(self.levels.stay).tolist()
        placed_before = cp_model.LinearExpr.sum([x[i] for i in before])
        model.add(placed_before == self.levels.n_before - dropped)
        model.add(placed_before - cp_model.LinearExpr.sum([x[i] for i in stay]) <= moves)

    def priority(self, start: Found) -> Found:
        """Stage 2: placed at priority 5, then 4, …, with the goals before it kept: one stage
        where the weights ``(n + 1) ** (k - 1)`` fit CP-SAT's integers, else one per level."""
        n = len(self.problem.participants)
        if (n + 1) ** 4 * max(n, 1) < 2**60:
            levels = [self.prio_weight]
        else:
            prio = np.array([p.priority for p in self.problem.participants], dtype=np.int64)
            of_arc = prio[self.arcs.participant]
            levels = [(of_arc == k).astype(np.int64) for k in (5, 4, 3, 2, 1)]
        proven = True
        found = start
        for weights in levels:
            found, value, optimal = self._solve(weights, found, 0.5)
            proven = proven and optimal
            self._bound(weights, value, self.model)
        found.stage_optimal["priority"] = proven
        return found

    def quality(self, start: Found) -> Found:
        """Stage 3: match quality, with every goal before it kept."""
        weights = self.arcs.quality.astype(np.int64)
        found, _, optimal = self._solve(weights, start, 1.0)
        found.stage_optimal["quality"] = optimal
        return found

    def most_placed(self, start: Found, dropped: int, moves: int,
                    share: float) -> tuple[Found, int, bool]:
        """The most placed with ``dropped`` participants of the previous result unplaced and at
        most ``moves`` moves, on a copy of the model before any stage's bound."""
        model = self._base_copy()
        self._limit_moves(model, dropped, moves)
        return self._solve(np.ones(len(self.arcs), dtype=np.int64), start, share, model)


def _no_result(status: Any) -> MatcherError:
    """No valid re-match: the rules conflict, or none was found in the time given."""
    if status == cp_model.INFEASIBLE:
        return InfeasibleError(["the locked participants and the class rules (class sizes, "
                                "rights minimums, follow-up caps) cannot all hold"])
    return MatcherError("no valid re-match was found within the time limit; "
                        "give it more time with --time-limit")
