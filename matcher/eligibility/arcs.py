"""Eligible arcs: every (participant, programme, supervisor) that all pair rules allow.

An arc also carries the school-day options of its programme under which the calendar fits (a
bitmask over ``Problem.school_day_options``) and its match-quality score (goal 3). Everything
the model needs about a pair is here, so the model never looks at days or rotas.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from matcher.eligibility import rules
from matcher.eligibility.calendar import (
    Fit,
    ParticipantCalendar,
    ProgrammeCalendar,
    SupervisorCalendar,
)
from matcher.eligibility.quality import QualityScorer
from matcher.memory import release_freed_memory
from matcher.problem import Problem, Programme

IntArray = npt.NDArray[np.int64]
#: Arc columns hold small integers: narrow types halve the memory of tens of millions of arcs.
#: Arithmetic that can leave the type's range (pair keys like ``participant * n + supervisor``)
#: must widen to int64 first.
Column = npt.NDArray[np.signedinteger[Any]]

@dataclass
class Arcs:
    """Arrays with one entry per eligible arc (int32, except ``options`` when a programme has
    more than 31 school-day options, and ``rank``, int16)."""

    participant: Column
    programme: Column
    supervisor: Column
    options: Column  # bitmask of school-day options that fit
    quality: Column  # goal-3 score in tenths of a point, at the best fitting option
    rank: Column  # 0 = the participant's first-choice programme

    def __len__(self) -> int:
        return len(self.participant)

    def subset(self, index: IntArray) -> Arcs:
        """The arcs at ``index`` (in that order)."""
        return Arcs(self.participant[index], self.programme[index], self.supervisor[index],
                    self.options[index], self.quality[index], self.rank[index])


def _block_rules(
    t: rules.Tables, problem: Problem, prog: Programme, pidx: IntArray, sidx: IntArray
) -> npt.NDArray[np.bool_]:
    ok = rules.programme_level(t, prog, pidx, sidx).copy()
    ok &= rules.has_room(t, pidx, sidx)
    ok &= rules.approved_company(t, prog, pidx, sidx)
    ok &= rules.company_level(t, pidx, sidx)
    ok &= rules.travel_limit(t, pidx, sidx)
    ok &= rules.not_forbidden(t, pidx, sidx)
    ok &= rules.locks(t, problem, pidx, sidx)
    ok &= rules.follow_up_room(t, pidx, sidx)
    return ok


class CalendarCache:
    """Calendar fits memoised by (programme, participant signature, supervisor signature)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self._programmes: dict[str, ProgrammeCalendar] = {}
        self._fits: dict[tuple[str, ParticipantCalendar, SupervisorCalendar],
                         tuple[int, float]] = {}
        self._fit_memo: dict[tuple[str, ParticipantCalendar, SupervisorCalendar, int], Fit] = {}

    def programme(self, programme: Programme) -> ProgrammeCalendar:
        cal = self._programmes.get(programme.programme_id)
        if cal is None:
            cal = self._programmes[programme.programme_id] = ProgrammeCalendar(
                self.problem, programme)
        return cal

    def fit(self, programme: Programme, person: ParticipantCalendar, place: SupervisorCalendar,
            option: int) -> Fit:
        """The calendar verdict for one school-day option (memoised)."""
        key = (programme.programme_id, person, place, option)
        hit = self._fit_memo.get(key)
        if hit is None:
            rota = self.problem.rotas_by_id[place.rota_id]
            hit = self._fit_memo[key] = self.programme(programme).fit(rota, person, place, option)
        return hit

    def options(
        self, programme: Programme, person: ParticipantCalendar, place: SupervisorCalendar
    ) -> tuple[int, float]:
        """(bitmask of fitting school-day options, best share of company days with supervisor)."""
        key = (programme.programme_id, person, place)
        hit = self._fits.get(key)
        if hit is None:
            rota = self.problem.rotas_by_id[place.rota_id]
            oks, with_sup, days = self.programme(programme).option_fits(rota, person, place)
            mask, share = 0, 0.0
            for option in np.flatnonzero(oks).tolist():
                mask |= 1 << option
                share = max(share, int(with_sup[option]) / int(days[option])
                            if days[option] else 1.0)
            hit = self._fits[key] = (mask, share)
        return hit


def person_calendar(problem: Problem, index: int) -> ParticipantCalendar:
    p = problem.participants[index]
    return ParticipantCalendar(p.unavailable_days, p.allowed_shifts, p.away_from, p.away_to)


def place_calendar(problem: Problem, index: int) -> SupervisorCalendar:
    s = problem.supervisors[index]
    company = problem.companies_by_id[s.company_id]
    return SupervisorCalendar(s.rota_id, s.rota_start_week, company.practice_days)


H = TypeVar("H", bound=Hashable)


def _signatures(items: Sequence[H]) -> tuple[list[H], IntArray]:
    """Distinct items in first-seen order, and each item's index among them."""
    index: dict[H, int] = {}
    ids = np.array([index.setdefault(it, len(index)) for it in items], dtype=np.int64)
    return list(index), ids


def build_arcs(problem: Problem, tables: rules.Tables | None = None,
               cache: CalendarCache | None = None,
               participants: Collection[int] | None = None) -> Arcs:
    """All eligible arcs of a round, programme by programme (deterministic order); only
    those of ``participants`` (indices) when given."""
    t = tables or rules.Tables.build(problem)
    cache = cache or CalendarCache(problem)
    scorer = QualityScorer(problem, t)
    by_trade: dict[str, list[int]] = {}
    for j, s in enumerate(problem.supervisors):
        by_trade.setdefault(s.trade, []).append(j)
    candidates: dict[str, list[tuple[int, int]]] = {g.programme_id: [] for g in problem.programmes}
    wanted = range(len(problem.participants)) if participants is None else sorted(participants)
    for i in wanted:
        for rank, gid in enumerate(problem.participants[i].programmes):
            if gid in candidates:
                candidates[gid].append((i, rank))
    person_sigs, person_id = _signatures(
        [person_calendar(problem, i) for i in range(len(problem.participants))])
    place_sigs, place_id = _signatures(
        [place_calendar(problem, j) for j in range(len(problem.supervisors))])
    dtypes = column_types(problem)
    parts: list[tuple[Column, ...]] = []
    for g, prog in enumerate(problem.programmes):
        cands = candidates[prog.programme_id]
        sups = by_trade.get(prog.trade, [])
        if not cands or not sups:
            continue
        pidx = np.array([c[0] for c in cands], dtype=np.int64)
        prank = np.array([c[1] for c in cands], dtype=np.int64)
        sidx = np.array(sups, dtype=np.int64)
        ok = _block_rules(t, problem, prog, pidx, sidx)
        ii, jj = np.nonzero(ok)
        combo = person_id[pidx[ii]] * len(place_sigs) + place_id[sidx[jj]]
        uniq, inverse = np.unique(combo, return_inverse=True)
        fits = [cache.options(prog, person_sigs[int(c) // len(place_sigs)],
                              place_sigs[int(c) % len(place_sigs)]) for c in uniq]
        masks = np.array([f[0] for f in fits], dtype=np.int64)[inverse]
        shares = np.array([f[1] for f in fits], dtype=float)[inverse]
        keep = masks != 0
        ii, jj, masks, shares = ii[keep], jj[keep], masks[keep], shares[keep]
        quality = scorer.score(pidx[ii], prank[ii], sidx[jj], shares, prog)
        parts.append(tuple(np.asarray(col, dtype=dtype) for col, dtype in zip(
            (pidx[ii], np.full(len(ii), g), sidx[jj], masks, quality, prank[ii]), dtypes,
            strict=True)))
    if not parts:
        return Arcs(*(np.zeros(0, dtype=dtype) for dtype in dtypes))
    cols = [np.concatenate([part[k] for part in parts]) for k in range(6)]
    del parts
    release_freed_memory()
    return Arcs(*cols)


def column_types(problem: Problem) -> tuple[type[np.signedinteger[Any]], ...]:
    """The narrowest safe dtype of each arc column (participant, programme, supervisor,
    options, quality, rank)."""
    most_options = max((len(problem.school_day_options(g)) for g in problem.programmes),
                       default=1)
    options = np.int32 if most_options <= 31 else np.int64
    return (np.int32, np.int32, np.int32, options, np.int32, np.int16)


Slices = tuple[IntArray | None, IntArray]  # (order, bounds): see group_slices


def group_slices(column: Column, n: int) -> Slices:
    """Rows grouped by their value in ``column`` (0 … n-1): ``(order, bounds)`` such that the
    rows of value ``g`` are ``order[bounds[g]:bounds[g + 1]]`` (``order`` is None when the
    column is already sorted). One pass instead of one scan of every row per value."""
    ordered = len(column) < 2 or bool(np.all(column[1:] >= column[:-1]))
    order = None if ordered else np.argsort(column, kind="stable").astype(np.int64)
    keys = column if order is None else column[order]
    bounds = np.searchsorted(keys, np.arange(n + 1)).astype(np.int64)
    return order, bounds


def programme_slices(arcs: Arcs, n_programmes: int) -> Slices:
    """The arcs grouped by programme (already in programme order as :func:`build_arcs` makes
    them): one pass instead of one scan of every arc per programme, which cost minutes with
    2,000 programmes and 50 million arcs."""
    return group_slices(arcs.programme, n_programmes)


def slice_index(slices: Slices, g: int) -> IntArray:
    """The indices of group ``g``'s rows, from :func:`group_slices`."""
    order, bounds = slices
    lo, hi = int(bounds[g]), int(bounds[g + 1])
    return np.arange(lo, hi, dtype=np.int64) if order is None else order[lo:hi]


def eligible_candidates(problem: Problem, arcs: Arcs) -> dict[tuple[str, str], int]:
    """(company_id, trade key) → number of distinct participants with an arc there."""
    keys, of = problem.supervisor_places
    if not len(arcs):
        return {}
    sup_key = np.array(of, dtype=np.int64)
    pairs = distinct(arcs.participant.astype(np.int64) * len(keys) + sup_key[arcs.supervisor])
    counts = np.bincount(pairs % len(keys), minlength=len(keys))
    return {key: int(counts[i]) for i, key in enumerate(keys) if counts[i]}


def positions(index: IntArray, chosen: Sequence[int]) -> list[int]:
    """Where the arcs ``chosen`` are in ``index`` (the arcs of a subset, ``arcs.subset(index)``)."""
    position = {int(a): i for i, a in enumerate(index.tolist())}
    return [position[int(a)] for a in chosen]


def leading(order: IntArray, groups: Column, k: int) -> IntArray:
    """The entries of ``order`` that are among the first ``k`` of their group along it, where
    ``groups[order]`` is sorted (e.g. each participant's ``k`` best arcs)."""
    sorted_groups = groups[order]
    starts = np.searchsorted(sorted_groups, sorted_groups, side="left")
    return order[np.arange(len(order)) - starts < k]


def distinct(values: IntArray) -> IntArray:
    """The distinct values, sorted: ``np.unique`` by an in-place sort. (NumPy 2's hash-based
    ``np.unique`` took 40 s on the 51 million pair keys of a 20,000-participant round; the
    sort takes a few.)"""
    keys = np.array(values, dtype=np.int64)  # a copy: sorted in place below
    keys.sort()
    if len(keys) < 2:
        return keys
    keep = np.empty(len(keys), dtype=bool)
    keep[0] = True
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]
