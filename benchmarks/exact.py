"""The exact reference: the whole round as one integer program, solved by HiGHS.

Written as an outside reviewer would, on purpose independent of the tool's model: one binary
per eligible participant–programme–supervisor arc (the arcs come from
``matcher.eligibility.build_arcs``, which settles every pair rule and each arc's fitting
school-day options), then the rules no flow can hold written out plainly:

* each participant on at most one arc, a locked participant on exactly one;
* supervisor ``max_trainees``, company places per trade, company ``max_high_follow_up``;
* a class has 0 participants or between its minimum and maximum, and when it runs enough with
  and without adult rights;
* one school-day option per programme, and an arc only with an option its calendar fits.

It is solved lexicographically: the most placed, then with that many placed the most at
priority 5, then 4, … 1, each stage fixed before the next and warm-started with the previous
stage's answer. The answer is turned into a :class:`matcher.result.Solution` the same way the
tool does, so the benchmark can run the independent checker on it.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

import highspy
import numpy as np

from matcher.eligibility import Arcs, build_arcs
from matcher.finish import build_solution
from matcher.problem import FollowUp, Problem
from matcher.result import Solution


@dataclass
class ExactAnswer:
    """The reference's answer, and whether each stage was proven optimal."""

    chosen: list[int]
    options: dict[int, int]  # programme index → chosen school-day option
    profile: tuple[int, int, int, int, int]  # placed at priority 5, 4, 3, 2, 1
    proven: bool  # every stage proven optimal within the time limit
    seconds: float
    stage_seconds: list[float] = field(default_factory=list)

    @property
    def placed(self) -> int:
        return len(self.chosen)


class _Mip:
    """Rows and columns collected in Python, then handed to HiGHS in one go."""

    def __init__(self) -> None:
        self.n = 0
        self.rows: list[tuple[list[int], list[float], float, float]] = []

    def columns(self, k: int) -> list[int]:
        first, self.n = self.n, self.n + k
        return list(range(first, self.n))

    def row(self, cols: list[int], coefs: list[float], lo: float, hi: float) -> None:
        if cols:
            self.rows.append((cols, coefs, lo, hi))

    def highs(self, time_limit: float) -> highspy.Highs:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.setOptionValue("time_limit", time_limit)
        # objectives are integral: stop at a gap below one, never at a relative gap
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.999)
        inf = highspy.kHighsInf
        h.addVars(self.n, np.zeros(self.n), np.ones(self.n))
        h.changeColsIntegrality(self.n, np.arange(self.n, dtype=np.int32),
                                np.full(self.n, highspy.HighsVarType.kInteger))
        starts = np.cumsum([0] + [len(r[0]) for r in self.rows[:-1]]).astype(np.int32)
        idx = np.array([c for r in self.rows for c in r[0]], dtype=np.int32)
        val = np.array([v for r in self.rows for v in r[1]], dtype=np.float64)
        lo = np.array([max(r[2], -inf) for r in self.rows])
        hi = np.array([min(r[3], inf) for r in self.rows])
        h.addRows(len(self.rows), lo, hi, len(idx), starts, idx, val)
        return h


def _model(problem: Problem, arcs: Arcs) -> tuple[_Mip, dict[int, list[int]]]:
    """The integer program; arc ``a`` is column ``a``. Returns the option columns too."""
    mip = _Mip()
    x = mip.columns(len(arcs))
    inf = highspy.kHighsInf
    parts, sups = problem.participants, problem.supervisors
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
        by_place[(sup.company_id, sup.trade)].append(a)
        by_g[g].append(a)
        if parts[p].follow_up_need == FollowUp.HIGH:
            by_high[sup.company_id].append(a)
    for p, cols in by_p.items():
        mip.row(cols, [1.0] * len(cols), 1.0 if parts[p].locked else 0.0, 1.0)
    for s, cols in by_s.items():
        mip.row(cols, [1.0] * len(cols), 0.0, sups[s].max_trainees)
    places = problem.places_by_key
    for key, cols in by_place.items():
        mip.row(cols, [1.0] * len(cols), 0.0, places.get(key, 0))
    for company, cols in by_high.items():
        cap = problem.companies_by_id[company].max_high_follow_up
        if cap is not None:
            mip.row(cols, [1.0] * len(cols), 0.0, cap)
    options: dict[int, list[int]] = {}
    for g, cols in by_g.items():
        prog = problem.programmes[g]
        top = float(len(cols) if prog.max_class_size is None else prog.max_class_size)
        [run] = mip.columns(1)
        ones = [1.0] * len(cols)
        mip.row([*cols, run], [*ones, -top], -inf, 0.0)  # size ≤ max · run
        mip.row([*cols, run], [*ones, -float(prog.min_class_size)], 0.0, inf)
        for a in cols:  # the textbook strengthening of the size row: x_a ≤ run
            mip.row([x[a], run], [1.0, -1.0], -inf, 0.0)
        rights = [a for a in cols if parts[int(arcs.participant[a])].has_rights]
        others = [a for a in cols if not parts[int(arcs.participant[a])].has_rights]
        for need, group in ((prog.min_with_rights, rights), (prog.min_without_rights, others)):
            if need:
                mip.row([*group, run], [1.0] * len(group) + [-float(need)], 0.0, inf)
        k = len(problem.school_day_options(prog))
        if k > 1:
            ys = options[g] = mip.columns(k)
            mip.row(ys, [1.0] * k, 1.0, 1.0)
            for a in cols:
                mask = int(arcs.options[a])
                outside = [ys[o] for o in range(k) if not mask >> o & 1]
                if outside:  # x_a + Σ y outside its mask ≤ 1
                    mip.row([x[a], *outside], [1.0] * (1 + len(outside)), -inf, 1.0)
    return mip, options


def solve_exact(problem: Problem, arcs: Arcs | None = None,
                time_limit: float = 600.0) -> ExactAnswer:
    """The lexicographic optimum (placed, then priority 5 … 1) within ``time_limit`` seconds
    in all; ``proven`` says whether every stage finished proven optimal."""
    started = time.perf_counter()
    arcs = build_arcs(problem) if arcs is None else arcs
    mip, options = _model(problem, arcs)
    h = mip.highs(time_limit)
    n = len(arcs)
    priority = np.array([problem.participants[p].priority for p in arcs.participant.tolist()])
    stages = [np.ones(n)] + [(priority == k).astype(float) for k in (5, 4, 3, 2, 1)]
    proven, stage_seconds = True, []
    solution: list[float] | None = None
    every = np.arange(mip.n, dtype=np.int32)
    for weights in stages:
        t = time.perf_counter()
        left = time_limit - (t - started)
        if left <= 0:
            proven = False
            break
        h.setOptionValue("time_limit", left)
        cost = np.zeros(mip.n)
        cost[:n] = weights
        h.changeColsCost(mip.n, every, cost)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        if solution is not None:
            start = highspy.HighsSolution()
            start.col_value = solution
            h.setSolution(start)
        h.run()
        status = h.getModelStatus()
        stage_seconds.append(time.perf_counter() - t)
        if h.getInfo().primal_solution_status != 2:  # no feasible answer
            proven = False
            break
        solution = list(h.getSolution().col_value)
        proven &= status == highspy.HighsModelStatus.kOptimal
        value = float(np.dot(weights, np.round(solution[:n])))
        h.addRow(value, highspy.kHighsInf, n, np.arange(n, dtype=np.int32), weights)
    values = np.round(np.asarray(solution or np.zeros(mip.n)))
    chosen = np.flatnonzero(values[:n] > 0.5).tolist()
    chosen_options = {g: int(np.argmax(values[ys])) for g, ys in options.items()}
    counts = [int((priority[chosen] == k).sum()) for k in (5, 4, 3, 2, 1)]
    return ExactAnswer(chosen, chosen_options, (counts[0], counts[1], counts[2], counts[3],
                       counts[4]), proven, time.perf_counter() - started, stage_seconds)


def exact_solution(problem: Problem, arcs: Arcs, answer: ExactAnswer) -> Solution:
    """The answer as placements with company days and school days, as the tool builds them."""
    return build_solution(problem, arcs, answer.chosen,
                          {g: 1 << o for g, o in answer.options.items()})
