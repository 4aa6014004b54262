"""Re-match a round: the flow for goals 1–4, CP-SAT stages for the rest, the Trade-offs.

1. eligibility on the round as re-planned from the plan date (:mod:`.replan`);
2. the keep-cost flow (:mod:`.network`): the exact lexicographic optimum of goals 1–4 when the
   class and company rules that are not a flow do not bind, and a bound on them otherwise;
3. CP-SAT stages (:mod:`.stages`) over each participant's best pairs: goals 1–4 where the flow
   optimum breaks a rule, ``--allow-moves``, then priority, then quality;
4. the Trade-offs: the most placed for 0 … 5 moves more than the minimum.

Status ``OPTIMAL`` means goals 1–4 (dropped, moved, placed, new supervisors) are proven best:
by the flow when its optimum keeps every rule, or by a result that reaches the flow's value.
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np

from matcher.eligibility import Arcs, Tables, build_arcs, eligible_candidates
from matcher.eligibility.arcs import CalendarCache, leading
from matcher.finish import build_solution, unplaced_reasons
from matcher.i18n.phrase import Phrase, phrase, plural
from matcher.model import Progress, SolveOptions
from matcher.model.side_rules import common_options, first_option, only, side_rule_breaks
from matcher.model.solve import DEFAULT_WORKERS
from matcher.problem import Problem, SchoolMasks
from matcher.rematch.network import Goals, Levels, arc_levels, goals_of, keep_flow, max_placed
from matcher.rematch.previous import Previous
from matcher.rematch.stages import Found, Limits, RematchStages
from matcher.rematch.start import valid_start
from matcher.rematch.timetables import kept_days
from matcher.result import Placement, Result, Solution
from matcher.rules import Status

#: Rounds with at most this many eligible pairs give CP-SAT every pair; larger ones give it
#: each participant's best :data:`PAIRS_PER_PARTICIPANT` (their current placement's first).
ALL_PAIRS_UP_TO = 40_000
PAIRS_PER_PARTICIPANT = 12
#: How many more moves than the minimum the Trade-offs sheet shows.
TRADE_OFF_MOVES = 5
#: The share of the time limit the stages may use before the Trade-offs.
STAGES_SHARE = 0.7


@dataclass(frozen=True)
class TradeOff:
    """The most placed with ``extra`` moves more than the minimum."""

    extra: int
    moves: int
    placed: int
    proven: bool


@dataclass(frozen=True)
class Rematched:
    """A solved re-match with what the report and the Changes need beside it."""

    result: Result
    goals: Goals
    flow_goals: Goals  # the flow's: no valid re-match does better, goal by goal in order
    trade_offs: tuple[TradeOff, ...]
    eligible_candidates: dict[tuple[str, str], int]


def rematch_solve(whole: Problem, problem: Problem, previous: Previous,
                  options: SolveOptions | None = None, allow_moves: int = 0,
                  progress: Progress | None = None) -> Rematched:
    """Solve the re-planned round ``problem`` (:func:`matcher.rematch.replan.replanned` of the
    round ``whole``) against the ``previous`` result."""
    gc.freeze()
    try:
        return _solve(whole, problem, previous, options or SolveOptions(), allow_moves,
                      progress or Progress(enabled=False))
    finally:
        gc.unfreeze()


def _solve(whole: Problem, problem: Problem, previous: Previous, options: SolveOptions,
           allow_moves: int, progress: Progress) -> Rematched:
    s = problem.settings
    time_limit = options.time_limit if options.time_limit is not None else s.time_limit_seconds
    workers = options.workers or s.workers or DEFAULT_WORKERS
    seed = options.seed if options.seed is not None else s.random_seed
    start = time.perf_counter()
    timings: dict[str, float] = {}
    tables, calendars = Tables.build(problem), CalendarCache(problem)
    arcs = build_arcs(problem, tables, calendars)
    candidates = eligible_candidates(problem, arcs)
    timings["eligibility_seconds"] = time.perf_counter() - start
    progress.say_plural("{n} eligible participant–programme–supervisor pair from the plan date",
                        "{n} eligible participant–programme–supervisor pairs from the plan date",
                        len(arcs))
    levels = arc_levels(problem, previous, arcs)
    t = time.perf_counter()
    chosen = keep_flow(problem, arcs, levels)
    flow_goals = goals_of(levels, chosen)
    upper = max_placed(problem, arcs)
    timings["flow_seconds"] = time.perf_counter() - t
    progress.say("keep-cost flow: at least {dropped} dropped, then {moved} moved; at most "
                 "{bound} can be placed", dropped=flow_goals.dropped, moved=flow_goals.moved,
                 bound=upper)
    school = common_options(problem, arcs, chosen)
    broken = side_rule_breaks(problem, arcs, chosen, school)
    t = time.perf_counter()
    searching = time.perf_counter()
    index = _model_pairs(arcs, levels, chosen)
    sub = arcs.subset(index)
    position = {int(a): k for k, a in enumerate(index.tolist())}
    stages = RematchStages(problem, sub, _sub_levels(levels, index),
                           Limits(searching + STAGES_SHARE * time_limit, workers, seed))
    found = Found([position[a] for a in chosen],
                  {g: first_option(m) for g, m in school.items()
                   if len(problem.school_day_options(problem.programmes[g])) > 1 and m},
                  {}, valid=not broken)
    if broken:
        progress.say_plural("the flow optimum breaks {n} class or company rule; CP-SAT on "
                            "{searched} of {total} pairs",
                            "the flow optimum breaks {n} class or company rules; CP-SAT on "
                            "{searched} of {total} pairs", len(broken),
                            searched=len(sub), total=len(arcs))
        bound = int(stages.goal_weight[found.chosen].sum())
        repaired = valid_start(problem, sub, found.chosen, stages.goal_weight)
        if repaired is not None:
            found = Found(repaired[0], repaired[1], {})
            progress.say("repaired start: {state}",
                         state=describe(goals_of(stages.levels, found.chosen)))
        found = stages.goals(found, bound)
    else:
        progress.say("the flow optimum keeps every rule: goals 1–4 proven best",
                     placed=flow_goals.placed)
        found.stage_optimal["goals"] = True
    fewest_moves, minimum = found, goals_of(stages.levels, found.chosen)
    if allow_moves:
        found = stages.allow_moves(found, allow_moves)
        progress.say_plural("with up to {n} more move: {state}",
                            "with up to {n} more moves: {state}", allow_moves,
                            state=describe(goals_of(stages.levels, found.chosen)))
    polish = bool(broken or allow_moves) or len(sub) == len(arcs)
    if polish:  # CP-SAT can improve on (or prove) the flow's priority and quality
        if not allow_moves:
            stages.keep_goals(found)
        found = stages.priority(found)
        found = stages.quality(found)
    stages.limits = Limits(searching + time_limit, workers, seed)
    trade_offs = _trade_offs(stages, fewest_moves, minimum, upper)
    goals = goals_of(stages.levels, found.chosen)
    progress.say("re-match: {state}", state=describe(goals))
    timings["search_seconds"] = time.perf_counter() - t
    picked = [int(index[a]) for a in found.chosen]
    masks = common_options(problem, arcs, picked)
    masks.update({g: only(o) for g, o in found.options.items()})
    t = time.perf_counter()
    solution = _solution(whole, problem, previous, arcs, picked, masks)
    timings["timetable_seconds"] = time.perf_counter() - t
    t = time.perf_counter()
    unplaced = unplaced_reasons(problem, solution, tables, calendars)
    timings["explain_seconds"] = time.perf_counter() - t
    profile = Counter(problem.participants[int(arcs.participant[a])].priority for a in picked)
    proven = found.stage_optimal.get("goals", False)
    result = Result(
        status=Status.OPTIMAL if proven else Status.FEASIBLE, solution=solution,
        participants=len(problem.participants), upper_bound=upper,
        bound_is_exact=len(picked) == upper,
        priority_profile=(profile[5], profile[4], profile[3], profile[2], profile[1]),
        quality=int(arcs.quality[picked].sum()) if picked else 0, quality_bound=None,
        unplaced=unplaced, runtime=time.perf_counter() - start, timings=timings,
        settings_used={"time_limit_seconds": time_limit, "workers": workers,
                       "random_seed": seed, "allow_moves": allow_moves,
                       "priority_proven": found.stage_optimal.get("priority", False)},
    )
    return Rematched(result, goals, flow_goals, tuple(trade_offs), candidates)


def _solution(whole: Problem, problem: Problem, previous: Previous, arcs: Arcs,
              picked: list[int], masks: SchoolMasks) -> Solution:
    """The placements with their company days (the kept ones' as before), and every
    programme's school days: the round's own solution builder for everything but the kept
    trainees' company days."""
    built = build_solution(problem, arcs, [], masks)
    parts, sups, progs = problem.participants, problem.supervisors, problem.programmes
    kept: list[Placement] = []
    others: list[int] = []
    for a in picked:
        pid = parts[int(arcs.participant[a])].participant_id
        gid = progs[int(arcs.programme[a])].programme_id
        sid = sups[int(arcs.supervisor[a])].supervisor_id
        days = kept_days(whole, problem, previous, built.school_option(gid), pid, gid, sid)
        if days is None:
            others.append(a)
        else:
            kept.append(Placement(pid, gid, sups[int(arcs.supervisor[a])].company_id, sid, days))
    built = build_solution(problem, arcs, others, masks)
    order = {p.participant_id: i for i, p in enumerate(parts)}
    placements = sorted([*built.placements, *kept], key=lambda pl: order[pl.participant_id])
    return replace(built, placements=tuple(placements))


def _sub_levels(levels: Levels, index: np.ndarray) -> Levels:
    return Levels(levels.before[index], levels.stay[index], levels.kept[index], levels.n_before)


def _model_pairs(arcs: Arcs, levels: Levels, chosen: list[int]) -> np.ndarray:
    """The pairs CP-SAT sees: all of them on small rounds, else each participant's best by
    goal weight then quality (their current placement first), and the flow optimum's."""
    if len(arcs) <= ALL_PAIRS_UP_TO:
        return np.arange(len(arcs), dtype=np.int64)
    weight = levels.weights(int(arcs.participant.max(initial=0)) + 1)
    order = np.lexsort((-arcs.quality.astype(np.int64), -weight,
                        arcs.participant.astype(np.int64)))
    best = leading(order, arcs.participant, PAIRS_PER_PARTICIPANT)
    return np.union1d(best, np.asarray(chosen, dtype=np.int64)).astype(np.int64)


def _trade_offs(stages: RematchStages, found: Found, goals: Goals,
                upper: int) -> list[TradeOff]:
    """The most placed for 0 … 5 moves more than the minimum (dropped kept at its minimum);
    each answer starts from the one before it."""
    rows: list[TradeOff] = []
    best = found
    for extra in range(TRADE_OFF_MOVES + 1):
        share = 1.0 / (TRADE_OFF_MOVES + 1 - extra)
        if len(best.chosen) >= upper:  # every placement the flow allows: no move adds one
            rows.append(TradeOff(extra, goals.moved + extra, len(best.chosen), True))
            continue
        best, placed, proven = stages.most_placed(best, goals.dropped, goals.moved + extra,
                                                  share)
        rows.append(TradeOff(extra, goals.moved + extra, placed, proven or placed >= upper))
    return rows


def describe(goals: Goals) -> Phrase:
    """Goals 1–4 as the progress lines show them (counts only)."""
    return phrase("{dropped} dropped, {moved} moved, {placed} placed, {new}",
                  dropped=goals.dropped, moved=goals.moved, placed=goals.placed,
                  new=plural("{n} new supervisor", "{n} new supervisors", goals.new_supervisor))
