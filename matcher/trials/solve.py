"""Choosing the trials: goals in strict order (SPEC.md), exact where the round is a flow.

Goal 1 (most candidates with a trial) is always a max-flow: keeping one trial per candidate of
any plan gives a plan with at most one trial each, so the most candidates with a trial is the
maximum flow source → participant (1) → (window, supervisor group) (its supervisors'
``max_trainees``) → (window, company × trade) (its ``trial_places``) → sink. With
``trials_per_candidate`` = 1, goals 2–4 follow on the same network as one min-cost max-flow:
every max flow has the same number of trials, the candidates a max flow can serve form a matroid
(a gammoid), so any max flow of the largest total priority has the best count at priority 5,
then 4, … (the greedy argument); quality breaks the remaining ties because a priority unit
outweighs every quality point of the round. The plan is then OPTIMAL in all four goals.

With more trials per candidate, the distinct-company and no-overlap rules make it a CP-SAT model
solved in lexicographic stages (goal 2, priority level by level, quality), each starting from the
previous stage's plan and holding its value; the flow gives goal 1 and the start.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model

from matcher.i18n.phrase import Phrase, phrase, plural
from matcher.model.progress import Progress
from matcher.model.sat import new_solver
from matcher.problem import Problem
from matcher.trials.eligible import Group, Options, TrialArcs

IntArray = npt.NDArray[np.int64]

OPTIMAL = "OPTIMAL"
FEASIBLE = "FEASIBLE"


@dataclass(frozen=True)
class Limits:
    """How long and with how many threads CP-SAT may search (explicit, never CP-SAT's own)."""

    time_limit: float
    workers: int
    seed: int


@dataclass(frozen=True)
class Chosen:
    """The arcs of the plan and the proof of quality."""

    arcs: TrialArcs  # the plan's trials, one per participant, window and supervisor group
    status: str  # OPTIMAL: goals 1–2 proven best
    upper_bound: int  # candidates with a trial: exact (max-flow)
    trials_bound: int  # on trials in all
    stages: dict[str, str]  # stage → CP-SAT status, for the Summary


def choose(problem: Problem, options: Options, limits: Limits,
           progress: Progress | None = None) -> Chosen:
    """The best plan for the round (see the module docstring)."""
    progress = progress or Progress(enabled=False)
    flow = flow_plan(problem, options)
    progress.say_plural("max-flow: {n} candidate can have a trial ({options})",
                        "max-flow: {n} candidates can have a trial ({options})", len(flow),
                        options=plural("{n} option", "{n} options", len(options)))
    tpc = problem.settings.trials_per_candidate
    if tpc == 1 or len(flow) == 0:
        return Chosen(flow, OPTIMAL, len(flow), len(flow), {"flow": OPTIMAL})
    arcs = options.expand(_people_with_options(options))
    return _Stages(problem, arcs, options, limits, progress).run(_positions(arcs, flow))


def _people_with_options(options: Options) -> IntArray:
    profiles = np.unique(options.shared.participant)
    people = [options.members[int(k)] for k in profiles]
    return np.unique(np.concatenate(people)) if people else np.zeros(0, dtype=np.int64)


def _positions(arcs: TrialArcs, chosen: TrialArcs) -> set[int]:
    """Where the chosen (participant, window, group) stand among ``arcs``."""
    at = {(p, w, g): i for i, (p, w, g) in enumerate(zip(
        arcs.participant.tolist(), arcs.window.tolist(), arcs.group.tolist(), strict=True))}
    return {at[(p, w, g)] for p, w, g in zip(chosen.participant.tolist(), chosen.window.tolist(),
                                             chosen.group.tolist(), strict=True)}


def pool_ids(window: IntArray, group: IntArray, groups: list[Group]) -> IntArray:
    """Each arc's (window, company × trade) pool as a dense id."""
    pools: dict[tuple[int, str], int] = {}
    of_group = np.array([pools.setdefault((g.company, g.trade), len(pools)) for g in groups],
                        dtype=np.int64)
    return window * max(1, len(pools)) + of_group[group]


def flow_plan(problem: Problem, options: Options) -> TrialArcs:
    """Goals 1–4 with one trial per candidate, as a min-cost max-flow over the profiles:
    source → participant (1, its priority) → its profile (1) → (window, group) (the shared
    arcs, with quality) → (window, company × trade) → sink; a participant's bonus arcs run
    from the participant to the (window, group) directly, with the ranks' quality."""
    shared, bonus, groups = options.shared, options.bonus, options.groups
    if len(options) == 0:
        return TrialArcs.join([])
    n_people, n_profiles, n_groups = len(problem.participants), len(options.members), len(groups)
    windows = np.concatenate([shared.window, bonus.window])
    grp = np.concatenate([shared.group, bonus.group])
    slot, slot_of = np.unique(windows * n_groups + grp, return_inverse=True)
    pool, pool_of = np.unique(pool_ids(windows, grp, groups), return_inverse=True)
    first_profile = 2 + n_people
    first_slot = first_profile + n_profiles
    first_pool = first_slot + len(slot)
    people = np.unique(np.concatenate([
        np.concatenate([options.members[int(k)] for k in np.unique(shared.participant)])
        if len(shared) else np.zeros(0, dtype=np.int64), bonus.participant]))
    priority = np.array([p.priority for p in problem.participants], dtype=np.int64)
    quality = np.concatenate([shared.quality, bonus.quality])
    unit = int(quality.max(initial=0)) * n_people + 1
    sizes = np.array([len(m) for m in options.members], dtype=np.int64)
    slot_pool = np.zeros(len(slot), dtype=np.int64)
    slot_pool[slot_of] = pool_of
    slot_cap = np.array([groups[int(g)].capacity(problem) for g in slot % n_groups],
                        dtype=np.int64)
    pool_cap = np.zeros(len(pool), dtype=np.int64)
    for a in np.unique(pool_of, return_index=True)[1].tolist():
        g = groups[int(grp[a])]
        pool_cap[pool_of[a]] = options.pools.get((g.company, g.trade), 0)
    n_shared = len(shared)
    segments = [
        (np.zeros(len(people), dtype=np.int64), 2 + people, np.ones(len(people), dtype=np.int64),
         -unit * priority[people]),
        (2 + people, first_profile + options.profile_of[people],
         np.ones(len(people), dtype=np.int64), np.zeros(len(people), dtype=np.int64)),
        (first_profile + shared.participant, first_slot + slot_of[:n_shared],
         sizes[shared.participant], -shared.quality),
        (2 + bonus.participant, first_slot + slot_of[n_shared:],
         np.ones(len(bonus), dtype=np.int64), -bonus.quality),
        (first_slot + np.arange(len(slot)), first_pool + slot_pool, slot_cap,
         np.zeros(len(slot), dtype=np.int64)),
        (first_pool + np.arange(len(pool)), np.ones(len(pool), dtype=np.int64), pool_cap,
         np.zeros(len(pool), dtype=np.int64)),
    ]
    tails, heads, caps, costs = (np.concatenate([seg[i] for seg in segments]) for i in range(4))
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    mcf.set_node_supply(0, len(people))
    mcf.set_node_supply(1, -len(people))
    status = mcf.solve_max_flow_with_min_cost()
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed ({status})")
    flows = mcf.flows(np.arange(len(tails)))
    return _decompose(options, people, flows, [len(seg[0]) for seg in segments])


def _decompose(options: Options, people: IntArray, flows: IntArray,
               lengths: list[int]) -> TrialArcs:
    """Per-participant trials from the flow: bonus arcs name their participant; a profile's
    flow to (window, group) goes to its members that routed through it, in input order."""
    offset = np.cumsum([0, *lengths])
    via = people[flows[offset[1]:offset[2]] > 0]
    shared_flow = flows[offset[2]:offset[3]]
    bonus_flow = flows[offset[3]:offset[4]]
    routed: dict[int, list[int]] = defaultdict(list)
    for p in sorted(via.tolist()):
        routed[int(options.profile_of[p])].append(p)
    parts = [options.bonus.take(np.flatnonzero(bonus_flow > 0))]
    used = np.flatnonzero(shared_flow > 0)
    taken = options.shared.take(np.repeat(used, shared_flow[used]))
    people_of = np.array([routed[int(k)].pop() for k in taken.participant.tolist()],
                         dtype=np.int64)
    parts.append(TrialArcs(people_of, taken.window, taken.group, taken.quality))
    return TrialArcs.join(parts)


class _Stages:
    """The CP-SAT model for several trials per candidate, solved goal by goal."""

    def __init__(self, problem: Problem, arcs: TrialArcs, options: Options, limits: Limits,
                 progress: Progress) -> None:
        self.problem, self.arcs, self.limits, self.progress = problem, arcs, limits, progress
        self.groups, self.pools = options.groups, options.pools
        self.pool_of = pool_ids(arcs.window, arcs.group, self.groups)
        self.model = cp_model.CpModel()
        self.x = [self.model.new_bool_var("") for _ in range(len(arcs))]
        self.people = sorted(set(arcs.participant.tolist()))
        self.y = {p: self.model.new_bool_var("") for p in self.people}
        self._constrain()
        self.deadline = time.perf_counter() + limits.time_limit

    def _constrain(self) -> None:
        a, m = self.arcs, self.model
        by_slot: dict[tuple[int, int], list[int]] = defaultdict(list)
        by_pool: dict[int, list[int]] = defaultdict(list)
        by_person: dict[int, list[int]] = defaultdict(list)
        by_company: dict[tuple[int, int], list[int]] = defaultdict(list)
        by_clique: dict[tuple[int, int], list[int]] = defaultdict(list)
        cliques = _overlap_cliques(self.problem)
        pools = pool_ids(a.window, a.group, self.groups)
        for i, (p, w, g) in enumerate(zip(a.participant.tolist(), a.window.tolist(),
                                          a.group.tolist(), strict=True)):
            by_slot[(w, g)].append(i)
            by_pool[int(pools[i])].append(i)
            by_person[p].append(i)
            by_company[(p, self.groups[g].company)].append(i)
            for c in cliques[w]:
                by_clique[(p, c)].append(i)
        for (_, g), idx in by_slot.items():
            m.add(sum(self.x[i] for i in idx) <= self.groups[g].capacity(self.problem))
        for idx in by_pool.values():
            g = self.groups[int(a.group[idx[0]])]
            m.add(sum(self.x[i] for i in idx) <= self.pools.get((g.company, g.trade), 0))
        tpc = self.problem.settings.trials_per_candidate
        for p, idx in by_person.items():
            m.add(sum(self.x[i] for i in idx) <= tpc)
            m.add(self.y[p] <= sum(self.x[i] for i in idx))
        for group in (by_company, by_clique):
            for idx in group.values():
                if len(idx) > 1:
                    m.add_at_most_one(self.x[i] for i in idx)

    def run(self, flow: set[int]) -> Chosen:
        m = self.model
        m.add(sum(self.y.values()) >= len(flow))
        current = self._more_rounds(set(flow))
        self.progress.say("start: {trials} after {rounds}",
                          trials=plural("{n} trial", "{n} trials", len(current)),
                          rounds=plural("{n} more flow round", "{n} more flow rounds",
                                        self.problem.settings.trials_per_candidate - 1))
        stages: dict[str, str] = {"flow": OPTIMAL}
        status, current, bound = self._stage(phrase("trials"), sum(self.x), current, share=0.5)
        stages["trials"] = status
        m.add(sum(self.x) >= len(current))
        for level in (5, 4, 3, 2, 1):
            ys = [self.y[p] for p in self.people if self.problem.participants[p].priority == level]
            if ys:
                stages[f"priority_{level}"], current, _ = self._stage(
                    phrase("priority {level}", level=level), sum(ys), current, share=0.1)
                m.add(sum(ys) >= len(self._people(current, level)))
        quality = sum(int(q) * x for q, x in zip(self.arcs.quality.tolist(), self.x, strict=True))
        stages["quality"], current, _ = self._stage(phrase("quality"), quality, current, share=1.0)
        chosen = self.arcs.take(np.array(sorted(current), dtype=np.int64))
        proven = stages["trials"] == OPTIMAL
        return Chosen(chosen, OPTIMAL if proven else FEASIBLE, len(flow),
                      len(current) if proven else bound, stages)

    def _more_rounds(self, current: set[int]) -> set[int]:
        """A start for goal 2: up to ``trials_per_candidate − 1`` more min-cost max-flows, each
        giving participants one more trial in a window that overlaps none of theirs, at a
        company they have not had, on the capacity left (priority, then quality, first)."""
        a = self.arcs
        company = np.array([g.company for g in self.groups], dtype=np.int64)[a.group]
        windows = self.problem.trial_windows
        for _ in range(self.problem.settings.trials_per_candidate - 1):
            mine: dict[int, list[int]] = defaultdict(list)
            for i in current:
                mine[int(a.participant[i])].append(i)
            slot_use: Counter[tuple[int, int]] = Counter(
                (int(a.window[i]), int(a.group[i])) for i in current)
            pool_use: Counter[int] = Counter(int(self.pool_of[i]) for i in current)
            free = [i for i in range(len(a)) if i not in current and all(
                company[j] != company[i] and not windows[int(a.window[j])].overlaps(
                    windows[int(a.window[i])]) for j in mine.get(int(a.participant[i]), []))]
            extra = _round_flow(self.problem, a, np.array(free, dtype=np.int64), self.groups,
                                self.pools, self.pool_of, slot_use, pool_use)
            if not extra:
                break
            current |= extra
        return current

    def _people(self, current: set[int], level: int) -> set[int]:
        """The participants at a priority level with a trial in the plan."""
        people = {int(self.arcs.participant[i]) for i in current}
        return {p for p in people if self.problem.participants[p].priority == level}

    def _stage(self, name: Phrase, objective: object, current: set[int],
               share: float) -> tuple[str, set[int], int]:
        """Maximise one goal from the current plan; returns status, plan and bound."""
        m = self.model
        m.clear_hints()
        for i, x in enumerate(self.x):
            m.add_hint(x, i in current)
        people = {int(self.arcs.participant[i]) for i in current}
        for p, y in self.y.items():
            m.add_hint(y, p in people)
        m.maximize(objective)  # type: ignore[arg-type]
        solver = new_solver(self.limits.workers, self.limits.seed)
        left = max(0.1, self.deadline - time.perf_counter())
        solver.parameters.max_time_in_seconds = max(0.1, left * share)
        solver.parameters.symmetry_level = 0  # presolve must not eat the stage's time
        solver.parameters.cp_model_probing_level = 0
        code = solver.solve(m)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return FEASIBLE, current, len(current)
        plan = {i for i, x in enumerate(self.x) if solver.value(x)}
        status = OPTIMAL if code == cp_model.OPTIMAL else FEASIBLE
        self.progress.say("{stage}: {value:.0f} ({status})", stage=name,
                          value=solver.objective_value, status=status)
        return status, plan, int(solver.best_objective_bound)


def _overlap_cliques(problem: Problem) -> list[list[int]]:
    """Window → the ids of the cliques of windows that share a date with it (one clique per
    window start: the windows that contain that start date). Any two overlapping windows share
    the later one's start, so at most one trial per clique is exactly "no overlap"."""
    windows = problem.trial_windows
    out: list[list[int]] = [[] for _ in windows]
    for c, start in enumerate(windows):
        for w, win in enumerate(windows):
            if win.start_date <= start.start_date <= win.end_date:
                out[w].append(c)
    return out


def _round_flow(problem: Problem, arcs: TrialArcs, free: IntArray, groups: list[Group],
                pools: dict[tuple[int, str], int], pool_of: IntArray,
                slot_use: Counter[tuple[int, int]], pool_use: Counter[int]) -> set[int]:
    """One more trial each for as many participants as possible among the ``free`` arcs, on
    the capacity ``slot_use`` / ``pool_use`` leave: a min-cost max-flow (priority, quality)."""
    if len(free) == 0:
        return set()
    people, person = np.unique(arcs.participant[free], return_inverse=True)
    slot_key = arcs.window[free] * len(groups) + arcs.group[free]
    slots, slot = np.unique(slot_key, return_inverse=True)
    pool_ids_, pool = np.unique(pool_of[free], return_inverse=True)
    slot_pool = np.zeros(len(slots), dtype=np.int64)
    slot_pool[slot] = pool
    slot_cap = np.array([groups[int(k % len(groups))].capacity(problem)
                         - slot_use[(int(k // len(groups)), int(k % len(groups)))]
                         for k in slots], dtype=np.int64)
    pool_cap = np.zeros(len(pool_ids_), dtype=np.int64)
    for i, a in enumerate(free.tolist()):
        g = groups[int(arcs.group[a])]
        pool_cap[pool[i]] = pools.get((g.company, g.trade), 0) - pool_use[int(pool_of[a])]
    priority = np.array([problem.participants[int(p)].priority for p in people], dtype=np.int64)
    unit = int(arcs.quality.max(initial=0)) * len(people) + 1
    n_p, n_s = len(people), len(slots)
    tails = np.concatenate([np.zeros(n_p, dtype=np.int64), 2 + person, 2 + n_p + np.arange(n_s),
                            2 + n_p + n_s + np.arange(len(pool_ids_))])
    heads = np.concatenate([2 + np.arange(n_p), 2 + n_p + slot, 2 + n_p + n_s + slot_pool,
                            np.ones(len(pool_ids_), dtype=np.int64)])
    caps = np.concatenate([np.ones(n_p + len(free), dtype=np.int64),
                           np.maximum(slot_cap, 0), np.maximum(pool_cap, 0)])
    costs = np.concatenate([-unit * priority, -arcs.quality[free],
                            np.zeros(n_s + len(pool_ids_), dtype=np.int64)])
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    mcf.set_node_supply(0, n_p)
    mcf.set_node_supply(1, -n_p)
    if mcf.solve_max_flow_with_min_cost() != mcf.OPTIMAL:
        return set()
    flows = mcf.flows(np.arange(n_p, n_p + len(free)))
    return set(free[flows > 0].tolist())
