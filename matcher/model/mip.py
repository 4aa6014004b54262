"""Goals 1–2 proven on the whole round: an integer program solved by HiGHS from a known start.

The neighbourhood search ends at a local optimum; only a model of the whole round can show
that nothing better exists, or find it. CP-SAT without presolve proved little on these
flow-shaped models of 100,000 pairs; HiGHS's LP bound, cuts and branching prove or improve
them from the search's result, so this stage runs where the search stops short of the flow
relaxation's profile.

One binary per arc; the hard rules as rows (the same rules as :mod:`matcher.model.cpsat`):
one placement per participant (exactly one when locked), supervisor and company × trade
capacities, follow-up caps, class size 0 or [min, max] with a run binary, rights minimums when
the class runs, one school-day option per programme (an arc only with an option in its mask).
The flow relaxation bounds the placements and, level by level, the priority profile, as rows.
"""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt

from matcher.eligibility import Arcs
from matcher.model.flow import FlowSolution
from matcher.model.progress import Progress
from matcher.problem import FollowUp, OptionIndex, Problem, SchoolOptions

FloatArray = npt.NDArray[np.float64]
#: Priority levels, most urgent first (goal 2 compares profiles in this order).
LEVELS = (5, 4, 3, 2, 1)
#: The largest weight the one-objective priority stage may use; above it the levels are
#: solved one at a time (HiGHS' tolerances are relative: beyond ~1e9 a one-unit difference
#: at priority 1 could be lost in rounding).
MAX_WEIGHT = 10**9


@dataclass(frozen=True)
class MipOutcome:
    """The stage's answer: arcs (indices into the arcs given), options, what is proven."""

    arcs: list[int]
    options: SchoolOptions
    placed_proven: bool
    priority_proven: bool


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """HiGHS prints its banner to the process's stdout when constructed, before any option
    can turn it off; stdout carries ``--json`` output, so it is silenced for that moment."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


class _Rows:
    """Sparse rows collected in Python, handed to HiGHS in one call."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.index: list[int] = []
        self.value: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(self, cols: list[int], coefs: list[float], lo: float, hi: float) -> None:
        if not cols:
            return
        self.starts.append(len(self.index))
        self.index.extend(cols)
        self.value.extend(coefs)
        self.lower.append(lo)
        self.upper.append(hi)

    def into(self, h: highspy.Highs) -> None:
        h.addRows(len(self.starts), np.array(self.lower), np.array(self.upper),
                  len(self.index), np.array(self.starts, dtype=np.int32),
                  np.array(self.index, dtype=np.int32), np.array(self.value))


class MipModel:
    """The round as a HiGHS integer program over ``arcs`` (arc ``a`` is column ``a``)."""

    def __init__(self, problem: Problem, arcs: Arcs, progress: Progress | None = None,
                 whole: bool = True) -> None:
        """``whole``: ``arcs`` are every pair of the round, so what this model proves holds
        for the round (otherwise only for the pairs given, which the progress lines say)."""
        self.progress = progress or Progress(enabled=False)
        self.whole = whole
        self.problem = problem
        self.arcs = arcs
        self.n = len(arcs)
        self.priority = np.array([problem.participants[p].priority
                                  for p in arcs.participant.tolist()], dtype=np.int64)
        self.options: dict[int, list[int]] = {}  # programme → its option columns
        self.run: dict[int, int] = {}  # programme with minimums → its "class runs" column
        # one "placed" column per participant with arcs, equal to the sum of its arcs: the
        # rows on counts of people (placed, each priority level) go over these, not over
        # every arc, which kept the LP dense and slow
        self.people = np.unique(arcs.participant)
        self.arc_person = np.searchsorted(self.people, arcs.participant)
        self.columns = self.n + len(self.people)
        with _quiet_stdout():
            self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        self.h.setOptionValue("threads", 1)
        # symmetry detection finds nothing to use on these models and costs about a quarter
        # of a proof's time on the 1,000-participant benchmark rounds
        self.h.setOptionValue("mip_detect_symmetry", False)
        # nor does presolve pay: it removed 1 % of the columns and took 15–20 s per stage on
        # the 1,000-participant benchmark rounds, where the root LP and its cuts without it
        # prove a priority stage in 5 s
        self.h.setOptionValue("presolve", "off")
        # every stage starts from a valid solution: the feasibility-jump heuristic, which
        # looks for a first one, took 3 s per stage on those rounds before the root LP began
        self.h.setOptionValue("mip_heuristic_run_feasibility_jump", False)
        # objectives are integral: a gap below one is a proof; a relative gap is not
        self.h.setOptionValue("mip_rel_gap", 0.0)
        self.h.setOptionValue("mip_abs_gap", 0.999)
        rows = _Rows()
        self._rules(rows)
        self.h.addVars(self.columns, np.zeros(self.columns), np.ones(self.columns))
        self.h.changeColsIntegrality(
            self.columns, np.arange(self.columns, dtype=np.int32),
            np.full(self.columns, highspy.HighsVarType.kInteger))
        rows.into(self.h)
        locked = [self.n + i for i, p in enumerate(self.people.tolist())
                  if problem.participants[p].locked]
        if locked:
            self.h.changeColsBounds(len(locked), np.array(locked, dtype=np.int32),
                                    np.ones(len(locked)), np.ones(len(locked)))

    def _new(self, k: int) -> list[int]:
        first = self.columns
        self.columns += k
        return list(range(first, self.columns))

    def _rules(self, rows: _Rows) -> None:
        pb, arcs = self.problem, self.arcs
        parts, sups = pb.participants, pb.supervisors
        by_p: defaultdict[int, list[int]] = defaultdict(list)
        by_s: defaultdict[int, list[int]] = defaultdict(list)
        by_g: defaultdict[int, list[int]] = defaultdict(list)
        by_place: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
        by_high: defaultdict[str, list[int]] = defaultdict(list)
        for a, (p, g, s) in enumerate(zip(arcs.participant.tolist(), arcs.programme.tolist(),
                                          arcs.supervisor.tolist(), strict=True)):
            sup = sups[s]
            by_p[p].append(a)
            by_s[s].append(a)
            by_g[g].append(a)
            by_place[(sup.company_id, sup.trade)].append(a)
            if parts[p].follow_up_need == FollowUp.HIGH:
                by_high[sup.company_id].append(a)
        for i, p in enumerate(self.people.tolist()):
            cols = by_p[p]
            rows.add([*cols, self.n + i], [1.0] * len(cols) + [-1.0], 0.0, 0.0)
        for s, cols in by_s.items():
            if len(cols) > sups[s].max_trainees:
                rows.add(cols, [1.0] * len(cols), 0.0, sups[s].max_trainees)
        places = pb.places_by_key
        for key, cols in by_place.items():
            if len(cols) > places.get(key, 0):
                rows.add(cols, [1.0] * len(cols), 0.0, places.get(key, 0))
        for company, cols in by_high.items():
            cap = pb.companies_by_id[company].max_high_follow_up
            if cap is not None and len(cols) > cap:
                rows.add(cols, [1.0] * len(cols), 0.0, cap)
        for g, cols in sorted(by_g.items()):
            self._class(rows, g, cols)

    def _class(self, rows: _Rows, g: int, cols: list[int]) -> None:
        """Class size 0 or [min, max], rights minimums when it runs, one school-day option."""
        prog = self.problem.programmes[g]
        parts = self.problem.participants
        inf = highspy.kHighsInf
        top = len(cols) if prog.max_class_size is None else min(len(cols), prog.max_class_size)
        ones = [1.0] * len(cols)
        if prog.has_minimums:
            [run] = self._new(1)
            self.run[g] = run
            rows.add([*cols, run], [*ones, -float(top)], -inf, 0.0)
            rows.add([*cols, run], [*ones, -float(prog.min_class_size)], 0.0, inf)
            # a person's arcs into the class sum to at most "runs": each person is placed
            # once, so this is the textbook x ≤ run per arc summed, a tighter row than the
            # size row alone, and one per person instead of one per arc
            for group in self._by_person(cols).values():
                rows.add([*group, run], [1.0] * len(group) + [-1.0], -inf, 0.0)
            for need, has in ((prog.min_with_rights, True), (prog.min_without_rights, False)):
                group = [a for a in cols
                         if parts[int(self.arcs.participant[a])].has_rights is has]
                if need:
                    rows.add([*group, run], [1.0] * len(group) + [-float(need)], 0.0, inf)
        elif top < len(cols):
            rows.add(cols, ones, 0.0, float(top))
        k = len(self.problem.school_day_options(prog))
        if k <= 1:
            return
        ys = self.options[g] = self._new(k)
        rows.add(ys, [1.0] * k, 1.0, 1.0)
        full = (1 << k) - 1
        by_mask: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
        for a in cols:
            mask = int(self.arcs.options[a]) & full
            if mask != full:  # the arc needs a chosen option inside its mask
                by_mask[(int(self.arc_person[a]), mask)].append(a)
        for (_, mask), group in by_mask.items():  # one row per person and mask (as above)
            outside = [ys[o] for o in range(k) if not mask >> o & 1]
            rows.add([*group, *outside], [1.0] * (len(group) + len(outside)), -inf, 1.0)

    def _by_person(self, cols: list[int]) -> dict[int, list[int]]:
        """``cols`` grouped by the person of each arc."""
        groups: defaultdict[int, list[int]] = defaultdict(list)
        for a in cols:
            groups[int(self.arc_person[a])].append(a)
        return groups

    # --- solving -------------------------------------------------------------------------------

    def _vector(self, chosen: list[int], options: SchoolOptions) -> list[float]:
        values = np.zeros(self.columns)
        values[np.asarray(chosen, dtype=np.int64)] = 1.0
        values[self.n + self.arc_person[np.asarray(chosen, dtype=np.int64)]] = 1.0
        for g, ys in self.options.items():
            values[ys[options.get(g, 0)]] = 1.0
        for g in {int(self.arcs.programme[a]) for a in chosen} & set(self.run):
            values[self.run[g]] = 1.0
        return values.tolist()

    def _maximise(self, weights: FloatArray, start: list[float], deadline: float) -> bool:
        """Maximise ``weights``·x from ``start``; True when proven optimal."""
        cost = np.zeros(self.columns)
        cost[: self.n] = weights
        self.h.changeColsCost(self.columns, np.arange(self.columns, dtype=np.int32), cost)
        self.h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.h.setOptionValue("time_limit", max(0.1, deadline - time.perf_counter()))
        solution = highspy.HighsSolution()
        solution.col_value = start
        self.h.setSolution(solution)
        self.h.run()
        return bool(self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal)

    def _best(self) -> tuple[list[int], SchoolOptions] | None:
        if self.h.getInfo().primal_solution_status != 2:  # no feasible solution
            return None
        values = np.round(np.asarray(self.h.getSolution().col_value))
        chosen = np.flatnonzero(values[: self.n] > 0.5).tolist()
        return chosen, {g: OptionIndex(int(np.argmax(values[ys])))
                        for g, ys in self.options.items()}

    def _fix(self, weights: FloatArray, lower: float, upper: float) -> None:
        """``lower ≤ weights·x ≤ upper`` for arc weights that depend on the participant
        alone (counts of people), written over the participants' placed columns."""
        people = np.zeros(len(self.people))
        people[self.arc_person] = weights
        used = np.flatnonzero(people)
        self.h.addRow(lower, upper, len(used), (self.n + used).astype(np.int32), people[used])

    def _fix_level(self, k: int, count: int) -> None:
        """Exactly ``count`` placed at priority ``k`` from now on (a proven level)."""
        self._fix((self.priority == k).astype(float), count, count)

    def _profile(self, chosen: list[int]) -> dict[int, int]:
        return {k: int((self.priority[chosen] == k).sum()) for k in LEVELS}

    def solve(self, start: list[int], options: SchoolOptions, flow: FlowSolution,
              deadline: float) -> MipOutcome:
        """Most placed, then the best priority profile, from a valid ``start`` (never worse
        than it: the start is HiGHS' first incumbent). The flow relaxation's placements bound
        stage 1, and while the profile equals the relaxation's level by level, its count at
        the next level bounds that level."""
        best, best_options = list(start), dict(options)
        ones = np.ones(self.n)
        self._fix(ones, 0.0, float(flow.placed))
        placed_proven = len(best) == flow.placed
        if not placed_proven:
            placed_proven = self._maximise(ones, self._vector(best, best_options), deadline)
            found = self._best()
            if found is not None and len(found[0]) > len(best):
                best, best_options = found
        self._fix(ones, float(len(best)), float(len(best)) if placed_proven else self.n)
        if not placed_proven:
            self.progress.say("goal 1: {placed} placed; proven at most {proven} (time limit)",
                              placed=len(best), proven=max(len(best), self._bound(flow.placed)))
            return MipOutcome(best, best_options, False, False)
        self.progress.say("goal 1: {placed} placed, proven best"
                          if self.whole or len(best) == flow.placed
                          else "goal 1: {placed} placed, the most on the searched pairs",
                          placed=len(best))
        best, best_options, proven = self._priorities(best, best_options, flow, deadline)
        shown = "-".join(str(self._profile(best)[k]) for k in LEVELS)
        if not proven:
            self.progress.say("goal 2: priority profile 5-4-3-2-1 {profile}, not proven "
                              "(time limit)", profile=shown)
        elif self.whole:
            self.progress.say("goal 2: priority profile 5-4-3-2-1 {profile}, proven best",
                              profile=shown)
        else:
            self.progress.say("goal 2: priority profile 5-4-3-2-1 {profile}, the best on the "
                              "searched pairs (not proven for the round)", profile=shown)
        return MipOutcome(best, best_options, True, proven)

    def _bound(self, ceiling: int) -> int:
        """The proven bound of the last run (rounded down: objectives are integral)."""
        bound = self.h.getInfo().mip_dual_bound
        return min(ceiling, int(bound + 1e-6)) if np.isfinite(bound) else ceiling

    def _priorities(self, best: list[int], options: SchoolOptions, flow: FlowSolution,
                    deadline: float) -> tuple[list[int], SchoolOptions, bool]:
        """Goal 2 in as few HiGHS runs as the weights allow (one, on most rounds)."""
        profile = self._profile(best)
        levels = list(LEVELS)
        while (levels and len(best) == flow.placed
               and profile[levels[0]] == flow.priority_counts.get(levels[0], 0)):
            k = levels.pop(0)  # at the relaxation's count: this level is proven
            self._fix_level(k, profile[k])
        if not levels:
            return best, options, True
        at_flow = len(best) == flow.placed  # and every level above matches the relaxation
        spans = {k: min(len(best), int((self.priority == k).sum())) + 1 for k in levels}
        for group in _weight_groups(levels, spans):
            weights, weight, top = np.zeros(self.n), 1, 0
            for k in reversed(group):
                weights[self.priority == k] = weight
                top += weight * flow.priority_counts.get(k, 0)
                weight *= spans[k]
            if at_flow:  # the relaxation's lexicographic optimum bounds the weighted sum
                self._fix(weights, -highspy.kHighsInf, float(top))
            at_flow = False
            proven = self._maximise(weights, self._vector(best, options), deadline)
            found = self._best()
            if found is not None and _better(self._profile(found[0]), self._profile(best)):
                best, options = found
            if not proven:
                self._say_bound(group, weights)
                return best, options, False
            profile = self._profile(best)
            for k in group:  # the group's optimum fixes each level's count, not only their
                # weighted sum: the LP could otherwise meet the sum with fractional trades
                # between levels and keep slack that weakens the next group's bound
                self._fix_level(k, profile[k])
        return best, options, True


    def _say_bound(self, group: list[int], weights: FloatArray) -> None:
        """The proven bound on the priority profile, in words: the most that the first level
        of ``group`` can have (the weights put it first)."""
        top = float(weights[self.priority == group[0]].max(initial=1.0))
        bound = self.h.getInfo().mip_dual_bound
        if np.isfinite(bound) and self.whole:  # a bound on part of the pairs bounds nothing
            self.progress.say("goal 2: at most {n} can be placed at priority {priority} with "
                              "the levels above kept (proven)",
                              n=int(bound / top + 1e-6), priority=group[0])

    def quality(self, best: list[int], options: SchoolOptions,
                deadline: float) -> tuple[list[int], SchoolOptions, int | None]:
        """Goal 3 with goals 1–2 fixed (call after :meth:`solve` proved them, which fixes
        them): the best match quality found from ``best``, and the proven bound on it (None
        when not known)."""
        quality = self.arcs.quality.astype(float)
        self._maximise(quality, self._vector(best, options), deadline)
        found = self._best()
        if found is not None and quality[found[0]].sum() > quality[best].sum():
            best, options = found
        bound = self.h.getInfo().mip_dual_bound
        return best, options, int(bound + 1e-6) if np.isfinite(bound) else None


def _weight_groups(levels: list[int], spans: dict[int, int]) -> list[list[int]]:
    """Consecutive priority levels whose lexicographic weights (each level's weight the
    product of the spans of the levels below it in the group) stay within MAX_WEIGHT."""
    groups: list[list[int]] = [[]]
    weight = 1
    for k in reversed(levels):
        if groups[0] and weight * spans[k] > MAX_WEIGHT:
            groups.insert(0, [])
            weight = 1
        groups[0].insert(0, k)
        weight *= spans[k]
    return groups


def _better(a: dict[int, int], b: dict[int, int]) -> bool:
    """Profile ``a`` is lexicographically better than ``b`` (priority 5 first)."""
    return [a[k] for k in LEVELS] > [b[k] for k in LEVELS]
