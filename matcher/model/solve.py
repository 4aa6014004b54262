"""Solve a round: eligibility, the flow relaxation, CP-SAT only where needed.

Flows for what is a flow: the relaxation gives the exact upper bound on placements and, when
its optimum keeps every other rule, the whole answer. Otherwise the flow solution is repaired,
the neighbourhood search improves it one small exact CP-SAT model at a time, and where that
stops short of the relaxation's profile an integer program of the round (HiGHS) starts from
its result to prove goals 1–2 or improve them.

The model decides who goes where and each class's school days, and proves how good that is
(:class:`ModelResult`); the round (:func:`matcher.round.solve_round`) then works out the
company days and the reasons for the unplaced.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from matcher.eligibility import Arcs, Tables, build_arcs, eligible_candidates
from matcher.eligibility.arcs import CalendarCache
from matcher.errors import InfeasibleError
from matcher.explain import explain_participant
from matcher.memory import frozen_gc, release_freed_memory
from matcher.model.fill import fill_running_classes
from matcher.model.flow import FlowRelaxation, FlowSolution, quality_ceiling
from matcher.model.mip import MipModel
from matcher.model.neighbourhood import Limits, Memory, NeighbourhoodSearch
from matcher.model.presolve import never_running
from matcher.model.progress import Progress
from matcher.model.prune import into_broken_classes, prune_arcs
from matcher.model.repair import describe, flow_repair, rank_key
from matcher.model.side_rules import (
    Break,
    common_options,
    first_option,
    only,
    side_rule_breaks,
)
from matcher.model.staged import StagedOutcome, StagedSolver, keeps_every_rule, settled
from matcher.model.stop import AnyOf, GoalsProven, MaxRuntime
from matcher.model.view import ArcView
from matcher.problem import Problem, SchoolMasks, SchoolOptions
from matcher.result import Result, Solution, Unplaced
from matcher.rules import Status
from matcher.timings import Timings

DEFAULT_WORKERS = 1
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class SolveOptions:
    """Options that command-line flags may override (None = take the Settings value)."""

    time_limit: float | None = None
    workers: int | None = None
    seed: int | None = None


@dataclass(frozen=True)
class ModelResult:
    """What the model decides and proves, and what the round needs to finish it.

    ``chosen`` holds the chosen arcs only (one per placed participant; the other arcs are not
    kept: at 20,000 participants they take over a gigabyte), ``school`` each class's school-day
    option as a one-option mask. ``tables`` and ``calendars`` are eligibility's warm caches,
    with which the round rebuilds the arcs of the unplaced to explain them."""

    chosen: Arcs
    school: SchoolMasks
    status: Status
    participants: int
    upper_bound: int  # on placements, by max-flow
    bound_is_exact: bool
    priority_profile: tuple[int, int, int, int, int]
    quality: int
    quality_bound: int
    runtime: float
    timings: Mapping[str, float]
    settings_used: Mapping[str, object]
    n_arcs: int  # eligible participant–programme–supervisor pairs
    eligible_candidates: dict[tuple[str, str], int]
    tables: Tables
    calendars: CalendarCache

    def result(self, solution: Solution, unplaced: tuple[Unplaced, ...],
               finishing: Mapping[str, float]) -> Result:
        """The round's result from this decision made into ``solution`` (with company days)
        and the reasons ``unplaced``; ``finishing`` times those steps (counted as solving)."""
        return Result(
            status=self.status, solution=solution, participants=self.participants,
            upper_bound=self.upper_bound, bound_is_exact=self.bound_is_exact,
            priority_profile=self.priority_profile, quality=self.quality,
            quality_bound=self.quality_bound, unplaced=unplaced,
            runtime=self.runtime + sum(finishing.values()),
            timings={**self.timings, **finishing}, settings_used=self.settings_used)


def solve(problem: Problem, options: SolveOptions | None = None,
          progress: Progress | None = None) -> ModelResult:
    """The model's decision for one round, without company days or reasons for the unplaced
    (:func:`matcher.round.solve_round` adds them). Raises :class:`InfeasibleError` when locks
    or class rules conflict."""
    with frozen_gc():  # the problem is immutable: keep the cyclic GC from rescanning it
        return _solve(problem, options, progress)


def _solve(problem: Problem, options: SolveOptions | None,
           progress: Progress | None) -> ModelResult:
    """eligibility → bound → start → search → finish."""
    run = _Run.of(problem, options or SolveOptions(), progress or Progress(enabled=False))
    eligible = _eligibility(problem, run)
    bound = _bound(problem, eligible.arcs, run)
    if bound.broken:
        start = _start_phase(problem, eligible.arcs, bound, run)
        found = _search_phase(problem, eligible.arcs, bound, start, run)
    else:
        run.progress.say("the flow optimum keeps every rule: proven best",
                         placed=bound.flow.placed)
        found = StagedOutcome(bound.flow.chosen_arcs, {}, True, True, bound.flow.quality, True)
    return _finish(problem, eligible, bound, found, run)


@dataclass
class _Run:
    """One solve's settings, progress printer and phase timings."""

    time_limit: float
    workers: int
    seed: int
    progress: Progress
    started: float = field(default_factory=time.perf_counter)
    timings: Timings = field(default_factory=Timings)

    @classmethod
    def of(cls, problem: Problem, options: SolveOptions, progress: Progress) -> _Run:
        s = problem.settings
        return cls(options.time_limit if options.time_limit is not None
                   else s.time_limit_seconds,
                   options.workers or s.workers or DEFAULT_WORKERS,
                   options.seed if options.seed is not None else s.random_seed, progress)


@dataclass(frozen=True)
class _Eligible:
    """The eligible arcs (closed classes' removed) and what the report needs of them."""

    arcs: Arcs
    n_arcs: int
    candidates: dict[tuple[str, str], int]
    tables: Tables
    calendars: CalendarCache


@dataclass(frozen=True)
class _Bound:
    """The flow relaxation's optimum and the side rules it breaks."""

    flow: FlowSolution
    broken: list[Break]


@dataclass(frozen=True)
class _Start:
    """The repaired flow optimum (global arcs), and the pairs the search sees."""

    arcs: list[int]
    options: SchoolOptions
    view: ArcView
    pruned: bool
    stop: MaxRuntime  # the search's time: it starts before the repair


def _eligibility(problem: Problem, run: _Run) -> _Eligible:
    """Every eligible pair, locks checked, classes that can never run removed."""
    with run.timings.timed("eligibility"):
        tables, calendars = Tables.build(problem), CalendarCache(problem)
        arcs = build_arcs(problem, tables, calendars)
        n_arcs, candidates = len(arcs), eligible_candidates(problem, arcs)
    run.progress.say_plural("{n} eligible participant–programme–supervisor pair",
                            "{n} eligible participant–programme–supervisor pairs", n_arcs)
    _check_locks_reachable(problem, arcs)
    with run.timings.timed("presolve"):
        closed = never_running(problem, arcs)
    if closed:  # the closed classes' arcs go: the explanations rebuild what they need
        arcs = arcs.subset(np.flatnonzero(~np.isin(arcs.programme, list(closed))))
        release_freed_memory()
        run.progress.say_plural("{n} class can never reach its minimums",
                                "{n} classes can never reach their minimums", len(closed))
        _check_locks_reachable(problem, arcs, closed)
    return _Eligible(arcs, n_arcs, candidates, tables, calendars)


def _bound(problem: Problem, arcs: Arcs, run: _Run) -> _Bound:
    """The flow relaxation: the upper bound on placements and the priority profile."""
    with run.timings.timed("flow"):
        relaxation = FlowRelaxation(problem, arcs)
        flow = relaxation.solve()
    run.progress.say("flow bound: at most {bound} can be placed", bound=flow.placed)
    _check_locks_placed(problem, relaxation, flow)
    chosen = flow.chosen_arcs
    return _Bound(flow, side_rule_breaks(problem, arcs, chosen,
                                         common_options(problem, arcs, chosen)))


def _start_phase(problem: Problem, arcs: Arcs, bound: _Bound, run: _Run) -> _Start:
    """The flow optimum repaired into a valid start, and the pairs the search will see."""
    run.progress.say_plural("the flow optimum breaks {n} class or company rule; searching",
                            "the flow optimum breaks {n} class or company rules; searching",
                            len(bound.broken))
    # The time limit is the search's: eligibility and the exact flows before it always run
    # to the end (minutes at 20,000 participants) and must not eat the search's time.
    stop = MaxRuntime(run.time_limit)
    with run.timings.timed("repair"):
        chosen = bound.flow.chosen_arcs
        index, pruned = prune_arcs(problem, arcs, chosen)
        view = ArcView.of(arcs, index)
        # pairs that could make a class run that the flow optimum fills but cannot run as it
        # is: the repair falls back on them, and the search sees them, with those the fill used
        wider = into_broken_classes(problem, arcs, chosen, {
            b.programme for b in bound.broken if b.programme is not None}) if pruned \
            else np.zeros(0, dtype=np.int64)
        seed_arcs, seed_options = _start(problem, view, chosen,
                                         deadline=stop.started + 0.8 * run.time_limit,
                                         wider=wider)
        view = view.extended(np.concatenate([np.asarray(seed_arcs, dtype=np.int64), wider]))
    if pruned:
        run.progress.say("searching {n} of {total} pairs (each participant's best-scoring "
                         "ones, and those that could make a class run)",
                         n=len(view), total=len(arcs))
    run.progress.say("repaired start: {state}", state=describe(rank_key(problem, arcs, seed_arcs)))
    return _Start(seed_arcs, seed_options, view, pruned, stop)


def _search_phase(problem: Problem, arcs: Arcs, bound: _Bound, start: _Start,
                  run: _Run) -> StagedOutcome:
    """The search from the start until goals 1–2 are proven or the time is spent; then the
    classes that run are filled with everyone who fits."""
    with run.timings.timed("search"):
        limits = SearchLimits(start.stop, start.pruned, run.workers, run.seed)
        outcome = _search(problem, start.view, start.arcs, start.options, bound.flow,
                          limits, run.progress)
        school = {g: only(o) for g, o in outcome.options.items()}
        school.update(common_options(problem, arcs, outcome.arcs, only_free=set(school)))
        chosen, school = fill_running_classes(problem, arcs, outcome.arcs, school)
    options = {g: first_option(mask) for g, mask in school.items() if mask}
    return replace(outcome, arcs=chosen, options=options)


def _finish(problem: Problem, eligible: _Eligible, bound: _Bound, found: StagedOutcome,
            run: _Run) -> ModelResult:
    """The decision and its proof."""
    arcs, chosen, flow = eligible.arcs, found.arcs, bound.flow
    school = {g: only(o) for g, o in found.options.items()}
    if not bound.broken:
        school = common_options(problem, arcs, chosen)
    bounds = [quality_ceiling(arcs, len(problem.participants), len(chosen))]
    bounds += [found.quality_bound] if found.quality_bound is not None else []
    bounds += [flow.quality] if found.at_flow_profile else []
    profile = Counter(problem.participants[int(arcs.participant[a])].priority for a in chosen)
    return ModelResult(
        chosen=arcs.subset(np.asarray(chosen, dtype=np.int64)),
        school=school,
        status=Status.OPTIMAL if found.priority_proven else Status.FEASIBLE,
        participants=len(problem.participants),
        upper_bound=flow.placed,
        bound_is_exact=not bound.broken or len(chosen) == flow.placed,
        priority_profile=(profile[5], profile[4], profile[3], profile[2], profile[1]),
        quality=int(arcs.quality[chosen].sum()) if chosen else 0,
        quality_bound=min(bounds),
        runtime=time.perf_counter() - run.started,
        timings=run.timings,
        settings_used={"time_limit_seconds": run.time_limit, "workers": run.workers,
                       "random_seed": run.seed,
                       "flow_relaxation_kept_all_rules": not bound.broken,
                       **{f"weight_{k}": v for k, v in problem.settings.weights.items()}},
        n_arcs=eligible.n_arcs,
        eligible_candidates=eligible.candidates,
        tables=eligible.tables,
        calendars=eligible.calendars,
    )


@dataclass(frozen=True)
class SearchLimits:
    time: MaxRuntime  # the search's time limit
    pruned: bool  # the search sees only part of the pairs
    workers: int
    seed: int

    @property
    def deadline(self) -> float:
        return self.time.deadline


#: The neighbourhood search's share of the time limit on rounds small enough that it sees
#: every pair; the integer program may use the rest. On larger rounds the search may use it
#: all (it normally ends at a local optimum first, on its neighbourhood budget), so on a slow
#: machine the result is never worse than the search's alone.
NEIGHBOURHOOD_SHARE = 0.5
#: Neighbourhoods the search may solve with CP-SAT per second of its time. Measured here: 50–65
#: per second on the 1,000 and 5,000 scarce benchmark rounds, so the search normally ends at a
#: local optimum or on this budget (the same point on every run), before the wall clock.
NEIGHBOURHOODS_PER_SECOND = 20


def _search(problem: Problem, view: ArcView, start: list[int],
            options: SchoolOptions, flow: FlowSolution, limits: SearchLimits,
            progress: Progress) -> StagedOutcome:
    """The neighbourhood search from a valid start on the pairs of ``view``, then, unless it
    reaches the flow relaxation's profile (a proof), the integer program from its result. A
    start that breaks a rule (a lock the repair could not keep) goes to the staged CP-SAT
    search directly, which looks for any valid result. ``start`` and the outcome's arcs are
    global (they index ``view.full``).

    The neighbourhood search runs twice on one budget: plain neighbourhoods to
    a local optimum, then, from that optimum filled with everyone who fits a running class (on
    every pair), neighbourhoods that also free those holding the places a class needs. Filling
    in between means the end result is never worse than the first search filled. It is fast
    at what one or two moves can do; the integer program sees moves of whole groups."""
    arcs = view.full
    if not keeps_every_rule(problem, view.arcs, view.to_local(start), options):
        staged = StagedSolver(problem, view.arcs, deadline=limits.deadline,
                              workers=limits.workers, seed=limits.seed, progress=progress)
        outcome = staged.solve(view.to_local(start), options, flow,
                               proof_counts=not limits.pruned)
        return replace(outcome, arcs=view.to_global(outcome.arcs),
                       quality_bound=None if limits.pruned else outcome.quality_bound)
    now = time.perf_counter()
    share = 1.0 if limits.pruned else NEIGHBOURHOOD_SHARE
    seconds = share * max(0.0, limits.deadline - now)
    budget = math.ceil(NEIGHBOURHOODS_PER_SECOND * seconds)
    memory = Memory()
    for free_holders in (False, True):
        search = NeighbourhoodSearch(
            problem, view.arcs, Limits(now + seconds, limits.workers, limits.seed,
                                 budget - memory.solved),
            progress, free_holders=free_holders, memory=memory)
        found, options = search.improve(view.to_local(start), options)
        start, options = _filled_start(problem, arcs, view.to_global(found), options)
        view = view.extended(start)
        if search.out_of_time():
            break
    result = settled(problem, arcs, start, options, flow)
    if AnyOf((GoalsProven(), limits.time))(result):
        progress.say("goals 1–2 proven best: the flow relaxation's priority profile is reached"
                     if result.priority_proven else "time limit reached")
        return result
    progress.say("neighbourhood search stopped at its time budget" if search.out_of_time()
                 else "neighbourhood search done: no neighbourhood improves the result")
    return _prove(problem, view, result, flow, limits, progress)


#: Rounds with at most this many eligible pairs get the integer program over every pair
#: (a proof for the round); larger ones over the pairs the search saw (improvements only).
MIP_MAX_ARCS = 400_000
#: The share of the time limit the match-quality stage (goal 3) may use after the integer
#: program replaced the search's answer: a long quality search rarely pays.
QUALITY_SHARE = 0.2


def _prove(problem: Problem, searched: ArcView, found: StagedOutcome,
           flow: FlowSolution, limits: SearchLimits, progress: Progress) -> StagedOutcome:
    """Goals 1–2 proven (or improved) by the integer program from the search's result, then
    goal 3 when the integer program's answer replaced the search's."""
    arcs = searched.full
    whole = len(arcs) <= MIP_MAX_ARCS
    pairs = ArcView.whole(arcs) if whole else searched
    progress.say("integer program over all {n} pairs: proving or improving goals 1–2" if whole
                 else "integer program over the searched {n} pairs: proving or improving "
                 "goals 1–2", n=len(pairs))
    mip = MipModel(problem, pairs.arcs, progress=progress, whole=whole)
    start = pairs.to_local(found.arcs)
    out = mip.solve(start, found.options, flow, limits.deadline)
    chosen, options = out.arcs, out.options
    quality_bound: int | None = None
    if sorted(chosen) == sorted(start):
        # the proof kept the search's answer, whose quality the neighbourhood search has
        # already improved: a quality stage spent 5–12 s of the 1,000 rounds for under 1 %
        progress.say("goal 3: match quality as the search left it")
    elif out.priority_proven and not limits.time(found):
        # HiGHS's better answer has whatever quality its branching left (on scarce 1,000 a
        # quarter below the search's): the quality stage restores it, goals 1–2 fixed
        seconds = min(limits.time.remaining(), QUALITY_SHARE * limits.time.seconds)
        chosen, options, bound = mip.quality(chosen, options, MaxRuntime(seconds).deadline)
        quality_bound = bound if whole else None
    arcs_chosen = pairs.to_global(chosen)
    at_flow = settled(problem, arcs, arcs_chosen, options, flow).at_flow_profile
    return StagedOutcome(arcs_chosen, options, out.placed_proven and whole,
                         out.priority_proven and whole, quality_bound, at_flow)


def _start(problem: Problem, view: ArcView, chosen: list[int],
           deadline: float, wider: IntArray | None = None) -> tuple[list[int], SchoolOptions]:
    """The repaired flow optimum with every participant added that fits a running class.

    The repair's flows run on the pairs the search will see (each participant's best and the
    flow optimum's): on millions of pairs each exact flow took seconds. When that leaves a
    locked participant without a class that can run (the classmates it needs may be on pairs
    left out), the repair is run again with the pairs ``wider`` too (those that could make
    the flow optimum's broken classes run), and only if that fails as well on every pair:
    at rota-heavy 20,000 the repair on all 55 million pairs took 28 of the search's 30 s."""
    arcs = view.full
    attempts = [view]
    if wider is not None and len(np.setdiff1d(wider, view.index)):
        attempts.append(view.widened(wider))
    for pairs in attempts:
        repaired, options = flow_repair(problem, pairs.arcs, pairs.to_local(chosen),
                                        deadline=deadline)
        start = pairs.to_global(repaired)
        if pairs.is_whole or keeps_every_rule(problem, arcs, start, options):
            return _filled_start(problem, arcs, start, options)
    start, options = flow_repair(problem, arcs, chosen, deadline=deadline)
    return _filled_start(problem, arcs, start, options)


def _filled_start(problem: Problem, arcs: Arcs, start: list[int],
                  options: SchoolOptions) -> tuple[list[int], SchoolOptions]:
    """The repaired start with every participant added that fits a running class."""
    filled, masks = fill_running_classes(problem, arcs, start,
                                         {g: only(o) for g, o in options.items()})
    added = {int(arcs.programme[a]) for a in filled[len(start):]}
    chooses = {g for g in added if len(problem.school_day_options(problem.programmes[g])) > 1}
    return filled, {**options, **{g: first_option(masks[g]) for g in chooses}}


# --- locks -------------------------------------------------------------------------------------


def _check_locks_reachable(problem: Problem, arcs: Arcs,
                           closed: dict[int, str] | None = None) -> None:
    """A locked participant with no eligible arc at the locked place makes the round infeasible."""
    has_arc = set(arcs.participant.tolist())
    stuck = [problem.participants[i] for i in problem.locked_participants if i not in has_arc]
    if stuck and closed:
        raise InfeasibleError([
            f"participant {p.participant_id} is locked to "
            f"{p.locked_supervisor or p.locked_company}, but its class can never run"
            for p in stuck] + list(closed.values()))
    if stuck:
        raise InfeasibleError([
            f"participant {p.participant_id} is locked to "
            f"{p.locked_supervisor or p.locked_company}, but "
            + explain_participant(problem, problem.participants.index(p)).explanation
            for p in stuck
        ])


def _check_locks_placed(problem: Problem, relaxation: FlowRelaxation, flow: FlowSolution) -> None:
    """Locked participants compete for the same places: name them when they do not all fit."""
    n_locked = int(relaxation.locked.sum())
    if flow.locked_placed >= n_locked:
        return
    by_target: dict[str, list[str]] = {}
    for p in problem.participants:
        if p.locked:
            target = p.locked_supervisor or p.locked_company or ""
            by_target.setdefault(target, []).append(p.participant_id)
    raise InfeasibleError([
        f"only {flow.locked_placed} of {n_locked} locked participants fit the places and "
        "supervisor capacities; the locks are:"
    ] + [f"{len(ids)} locked to {target}: {', '.join(ids)}" for target, ids in by_target.items()])


__all__ = ["ModelResult", "SolveOptions", "side_rule_breaks", "solve"]
