"""Eligible trials: every (participant, window, supervisor group) that SPEC.md's trial rules
allow, with its quality score.

Supervisors of one company and trade whose calendars are the same (rota, rota start week; the
company's practice days) are interchangeable for every participant, so they form one *group*
whose capacity per window is the sum of their ``max_trainees``; the planner picks the
supervisor inside the group afterwards. The rules are applied in :data:`STAGES` order, and for
each participant the last stage that still left an option is kept: the first stage that left
none is the NoTrial reason (:mod:`matcher.trials.reasons`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from matcher.eligibility import rules
from matcher.eligibility.calendar import SupervisorCalendar
from matcher.eligibility.quality import QualityScorer
from matcher.problem import Problem, Supervisor, TrialWindow, area_key
from matcher.rules import Goal
from matcher.trials.days import ClosedDates, PersonKey, WindowCalendar

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: The trial rules in the order they are applied (and explained).
STAGES = ("trial_programme", "window", "trial_places", "company_level", "travel",
          "earlier_trial", "locked", "approved_company", "calendar")

#: Goal 4's components (SPEC.md: ranks, travel, minority experience) and their weights' keys.
QUALITY_GOALS = (Goal.PARTICIPANT_RANK, Goal.COMPANY_RANK, Goal.TRAVEL, Goal.MINORITY_EXPERIENCE)


@dataclass(frozen=True)
class Group:
    """Interchangeable supervisors: one company, one trade, one calendar."""

    company: int  # index into problem.companies
    trade: str
    place: SupervisorCalendar
    supervisors: tuple[int, ...]  # indices into problem.supervisors

    def capacity(self, problem: Problem) -> int:
        return sum(problem.supervisors[s].max_trainees for s in self.supervisors)


@dataclass
class TrialArcs:
    """One entry per eligible (participant or profile, window, supervisor group)."""

    participant: IntArray
    window: IntArray
    group: IntArray
    quality: IntArray

    def __len__(self) -> int:
        return len(self.participant)

    def take(self, index: IntArray) -> TrialArcs:
        return TrialArcs(self.participant[index], self.window[index], self.group[index],
                         self.quality[index])

    @staticmethod
    def join(parts: list[TrialArcs]) -> TrialArcs:
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return TrialArcs(empty, empty, empty, empty)
        return TrialArcs(*(np.concatenate([getattr(a, f) for a in parts])
                           for f in ("participant", "window", "group", "quality")))


@dataclass
class Options:
    """The eligible trials of a round, kept per *profile*: participants alike in every trial
    rule (trades, levels, area and travel limit, calendar in each window; not locked, no Trials
    row, no exclusion) share their options, so a county round holds a fraction of the
    participant × supervisor pairs. ``shared`` arcs run from a profile and score quality without
    ranks; ``bonus`` arcs repeat, for one participant, the arcs to companies a Preferences row
    ranks, with the ranks' quality added."""

    shared: TrialArcs  # participant = profile index
    bonus: TrialArcs  # participant = participant index
    profile_of: IntArray  # participant → profile
    members: list[IntArray]  # profile → its participants
    groups: list[Group]
    pools: dict[tuple[int, str], int]  # (company index, trade) → trial places per window
    reached: IntArray  # participant → how many STAGES some option passed (len = all passed)
    _by_profile: dict[int, IntArray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.shared) + len(self.bonus)

    def expand(self, people: IntArray) -> TrialArcs:
        """Per-participant arcs of ``people`` (the best quality where a pair has a bonus)."""
        if not self._by_profile:
            order = np.argsort(self.shared.participant, kind="stable")
            cuts = np.flatnonzero(np.diff(self.shared.participant[order])) + 1
            for chunk in np.split(order, cuts):
                if len(chunk):
                    self._by_profile[int(self.shared.participant[chunk[0]])] = chunk
        parts: list[TrialArcs] = []
        for p in people.tolist():
            mine = self.shared.take(self._by_profile.get(int(self.profile_of[p]),
                                                         np.zeros(0, dtype=np.int64)))
            mine.participant = np.full(len(mine), p, dtype=np.int64)
            parts += [mine, self.bonus.take(np.flatnonzero(self.bonus.participant == p))]
        arcs = TrialArcs.join(parts)
        n_groups = max(1, len(self.groups))
        key = (arcs.participant * (int(arcs.window.max(initial=0)) + 1) + arcs.window) * \
            n_groups + arcs.group
        order = np.lexsort((-arcs.quality, key))
        first = np.ones(len(order), dtype=bool)
        first[1:] = key[order][1:] != key[order][:-1]
        return arcs.take(np.sort(order[first]))


def trial_trades(problem: Problem) -> list[dict[str, bool]]:
    """Per participant: trade → whether only approved training companies may take the trial
    (every programme of theirs in that trade that allows trials and whose level they meet has
    an apprenticeship week)."""
    apprentice = {g.programme_id: any(w.phase.apprenticeship
                                      for w in problem.planned_weeks(g.programme_id))
                  for g in problem.programmes}
    out: list[dict[str, bool]] = []
    for person in problem.participants:
        trades: dict[str, bool] = {}
        for pid in person.programmes:
            g = problem.programmes_by_id.get(pid)
            if g is None or not g.trials or person.norwegian_level < g.min_norwegian_level:
                continue
            trades[g.trade] = trades.get(g.trade, True) and apprentice[g.programme_id]
        out.append(trades)
    return out


def build_groups(problem: Problem) -> tuple[list[Group], dict[tuple[int, str], int]]:
    """Supervisor groups that can take a trial (max_trainees > 0 and trial places > 0), and
    each company × trade's trial places (no Places row = 0)."""
    cindex = {c.company_id: i for i, c in enumerate(problem.companies)}
    pools = {(cindex[p.company_id], p.trade): p.trial_capacity for p in problem.places
             if p.company_id in cindex}
    members: dict[tuple[int, str, SupervisorCalendar], list[int]] = defaultdict(list)
    for s, sup in enumerate(problem.supervisors):
        c = cindex[sup.company_id]
        if sup.max_trainees > 0 and pools.get((c, sup.trade), 0) > 0:
            members[(c, sup.trade, place_key(problem, sup))].append(s)
    groups = [Group(c, trade, key, tuple(sups)) for (c, trade, key), sups in members.items()]
    return groups, pools


def place_key(problem: Problem, sup: Supervisor) -> SupervisorCalendar:
    company = problem.companies_by_id[sup.company_id]
    return SupervisorCalendar(sup.rota_id, sup.rota_start_week, company.practice_days)


def build_options(problem: Problem, closed: ClosedDates) -> Options:
    """Every eligible trial of the round (see the module docstring and :class:`Options`)."""
    tables = rules.Tables.build(problem)
    groups, pools = build_groups(problem)
    windows = problem.trial_windows
    calendars = [WindowCalendar(problem, w) for w in windows]
    closed_of = [closed(p) for p in problem.participants]
    person_keys = [[cal.person_key(p, closed_of[i]) for i, p in enumerate(problem.participants)]
                   for cal in calendars]
    trades = trial_trades(problem)
    blocked = _blocked_pairs(problem)
    profile_of, reps = _profiles(problem, trades, person_keys, blocked)
    reached_rep = np.zeros(len(problem.participants), dtype=np.int64)
    by_trade: dict[str, list[int]] = defaultdict(list)
    for gi, g in enumerate(groups):
        by_trade[g.trade].append(gi)
    people: dict[str, list[int]] = defaultdict(list)
    for rep in reps:
        for trade in trades[rep]:
            people[trade].append(rep)
    found: list[TrialArcs] = []
    for trade, pids in people.items():
        block = _TradeBlock(problem, tables, trade, np.array(pids, dtype=np.int64),
                            [groups[g] for g in by_trade.get(trade, [])],
                            np.array(by_trade.get(trade, []), dtype=np.int64))
        for a_part, a_win, a_grp in block.arcs(windows, calendars, person_keys, trades, blocked,
                                               reached_rep):
            found.append(TrialArcs(profile_of[a_part], a_win, a_grp, a_part))
    shared = TrialArcs.join(found)
    reps_of_arcs = shared.quality  # the representative participant, until scored
    shared.quality = _quality(problem, tables, reps_of_arcs, shared.group, groups,
                              ("travel", "minority_experience"))
    members = [np.flatnonzero(profile_of == k) for k in range(len(reps))]
    reached = reached_rep[np.array(reps, dtype=np.int64)][profile_of]
    bonus = _bonus(problem, tables, shared, members, groups)
    return Options(shared, bonus, profile_of, members, groups, pools, reached)


def _profiles(problem: Problem, trades: list[dict[str, bool]],
              person_keys: list[list[PersonKey]],
              blocked: set[tuple[int, int]]) -> tuple[IntArray, list[int]]:
    """Participant → profile, and each profile's representative participant. A locked
    participant, or one with a Trials row or an exclusion, is a profile of their own."""
    alone = {p for p, _ in blocked} | {p for p in range(len(problem.participants))
                                       if lock_company(problem, p) is not None}
    index: dict[object, int] = {}
    reps: list[int] = []
    of = np.zeros(len(problem.participants), dtype=np.int64)
    for p, person in enumerate(problem.participants):
        key: object = ("alone", p) if p in alone else (
            tuple(sorted(trades[p].items())), person.norwegian_level,
            area_key(person.area) if person.area else None, person.max_travel_minutes,
            tuple(keys[p] for keys in person_keys))
        k = index.setdefault(key, len(index))
        if k == len(reps):
            reps.append(p)
        of[p] = k
    return of, reps


def _bonus(problem: Problem, tables: rules.Tables, shared: TrialArcs, members: list[IntArray],
           groups: list[Group]) -> TrialArcs:
    """Per participant with ranked companies: their profile's arcs to those companies, scored
    with every quality goal (ranks included)."""
    pindex = {p.participant_id: i for i, p in enumerate(problem.participants)}
    cindex = {c.company_id: i for i, c in enumerate(problem.companies)}
    ranked: dict[int, set[int]] = defaultdict(set)
    for f in problem.preferences:
        if (f.participant_rank or f.company_rank) and f.participant_id in pindex \
                and f.company_id in cindex:
            ranked[pindex[f.participant_id]].add(cindex[f.company_id])
    if not ranked:
        return TrialArcs.join([])
    company = np.array([g.company for g in groups], dtype=np.int64)[shared.group]
    profile_of = np.zeros(len(problem.participants), dtype=np.int64)
    for k, people in enumerate(members):
        profile_of[people] = k
    order = np.argsort(shared.participant, kind="stable")
    starts = np.searchsorted(shared.participant[order], np.arange(len(members) + 1))
    parts: list[TrialArcs] = []
    for p, companies in ranked.items():
        k = int(profile_of[p])
        span = order[starts[k]:starts[k + 1]]
        hit = span[np.isin(company[span], list(companies))]
        if len(hit):
            parts.append(TrialArcs(np.full(len(hit), p, dtype=np.int64), shared.window[hit],
                                   shared.group[hit], np.zeros(len(hit), dtype=np.int64)))
    bonus = TrialArcs.join(parts)
    bonus.quality = _quality(problem, tables, bonus.participant, bonus.group, groups,
                             QUALITY_GOALS)
    return bonus


def _blocked_pairs(problem: Problem) -> set[tuple[int, int]]:
    """(participant, company) pairs no trial may use: a Trials row (any outcome) or an
    excluded pair."""
    pindex = {p.participant_id: i for i, p in enumerate(problem.participants)}
    cindex = {c.company_id: i for i, c in enumerate(problem.companies)}
    pairs = [(t.participant_id, t.company_id) for t in problem.trials]
    pairs += [(f.participant_id, f.company_id) for f in problem.preferences if f.excluded]
    return {(pindex[p], cindex[c]) for p, c in pairs if p in pindex and c in cindex}


def lock_company(problem: Problem, p: int) -> str | None:
    """The only company a participant's trial may be at (``locked_company``, or the company of
    ``locked_supervisor``), or ``None``."""
    person = problem.participants[p]
    if person.locked_company is not None:
        return person.locked_company
    if person.locked_supervisor is not None:
        sup = problem.supervisors_by_id.get(person.locked_supervisor)
        return sup.company_id if sup else None
    return None


@dataclass
class _TradeBlock:
    """The participants who may try one trade × that trade's supervisor groups."""

    problem: Problem
    tables: rules.Tables
    trade: str
    pidx: IntArray
    groups: list[Group]
    gidx: IntArray

    def arcs(self, windows: tuple[TrialWindow, ...], calendars: list[WindowCalendar],
             person_keys: list[list[PersonKey]], trades: list[dict[str, bool]],
             blocked: set[tuple[int, int]],
             reached: IntArray) -> list[tuple[IntArray, IntArray, IntArray]]:
        n = len(self.pidx)
        self._reach(reached, np.ones(n, dtype=bool), 1)
        in_trade = [w for w, win in enumerate(windows) if win.for_trade(self.trade)]
        if not in_trade:
            return []
        self._reach(reached, np.ones(n, dtype=bool), 2)
        if not self.groups:
            return []
        reps = np.array([g.supervisors[0] for g in self.groups], dtype=np.int64)
        ok = np.ones((n, len(self.groups)), dtype=bool)
        self._reach(reached, ok.any(axis=1), 3)
        ok &= rules.company_level(self.tables, self.pidx, reps)
        self._reach(reached, ok.any(axis=1), 4)
        ok &= rules.travel_limit(self.tables, self.pidx, reps)
        self._reach(reached, ok.any(axis=1), 5)
        self._block(ok, blocked)
        self._reach(reached, ok.any(axis=1), 6)
        self._lock(ok)
        self._reach(reached, ok.any(axis=1), 7)
        approved = np.array([self.problem.companies[g.company].approved_training_company
                             for g in self.groups])
        only_approved = np.array([trades[int(p)][self.trade] for p in self.pidx])
        ok &= ~(only_approved[:, None] & ~approved[None, :])
        self._reach(reached, ok.any(axis=1), 8)
        rows, cols = np.nonzero(ok)
        out = []
        fits_any = np.zeros(n, dtype=bool)
        places: dict[SupervisorCalendar, int] = {}
        place_of = np.array([places.setdefault(g.place, len(places)) for g in self.groups],
                            dtype=np.int64)
        for w in in_trade:
            fit = self._fits(calendars[w], person_keys[w], rows, place_of[cols], list(places))
            fits_any[rows[fit]] = True
            out.append((self.pidx[rows[fit]], np.full(int(fit.sum()), w, dtype=np.int64),
                        self.gidx[cols[fit]]))
        self._reach(reached, fits_any, 9)
        return out

    def _fits(self, cal: WindowCalendar, keys: list[PersonKey], rows: IntArray,
              place_ids: IntArray, places: list[SupervisorCalendar]) -> BoolArray:
        """Calendar fit per (row, place) pair, computed once per distinct signature pair."""
        person_ids: dict[PersonKey, int] = {}
        of_row = np.array([person_ids.setdefault(keys[int(p)], len(person_ids))
                           for p in self.pidx], dtype=np.int64)
        persons = list(person_ids)
        codes = of_row[rows] * len(places) + place_ids
        unique, inverse = np.unique(codes, return_inverse=True)
        verdict = np.array([cal.fits(persons[int(c) // len(places)], places[int(c) % len(places)])
                            for c in unique], dtype=bool)
        return verdict[inverse] if len(unique) else np.zeros(0, dtype=bool)

    def _block(self, ok: BoolArray, blocked: set[tuple[int, int]]) -> None:
        """No trial where the pair has a Trials row (any outcome) or is excluded."""
        row = {int(p): i for i, p in enumerate(self.pidx)}
        company = np.array([g.company for g in self.groups], dtype=np.int64)
        for p, c in blocked:
            if p in row:
                ok[row[p], company == c] = False

    def _lock(self, ok: BoolArray) -> None:
        """A locked participant's trial is at the locked company, any supervisor there."""
        companies = np.array([self.problem.companies[g.company].company_id
                              for g in self.groups], dtype=object)
        for i, p in enumerate(self.pidx.tolist()):
            company = lock_company(self.problem, p)
            if company is not None:
                ok[i] &= companies == company

    def _reach(self, reached: IntArray, alive: npt.ArrayLike, stage: int) -> None:
        where = self.pidx[np.asarray(alive, dtype=bool)]
        reached[where] = np.maximum(reached[where], stage)


def _quality(problem: Problem, tables: rules.Tables, participant: IntArray, group: IntArray,
             groups: list[Group], goals: tuple[str, ...]) -> IntArray:
    """Goal 4 per arc (the named components of SPEC.md's ranks, travel, minority experience),
    in tenths of a point, with the round's weights."""
    if len(participant) == 0:
        return np.zeros(0, dtype=np.int64)
    scorer = QualityScorer(problem, tables)
    reps = np.array([g.supervisors[0] for g in groups], dtype=np.int64)[group]
    parts = scorer.components(participant, np.zeros(len(participant), dtype=np.int64), reps,
                              np.zeros(len(participant)))
    total = np.zeros(len(participant))
    for name in goals:
        total += scorer.weights.get(name, 0) * parts[name]
    return np.rint(total * 10).astype(np.int64)
