"""Goal 3, match quality: a score per arc, in tenths of a point.

Each soft goal of SPEC.md gives ``weight × fraction`` points (weights in
``Settings.weights``, defaults in ``matcher.problem.DEFAULT_WEIGHTS``; the README lists them):

* ``approved_trial``: 1 when the participant had an approved trial at the company;
* ``first_choice_programme``: 1 for the first programme in the participant's list;
* ``participant_rank`` / ``company_rank``: rank 1 → 1, 2 → 2/3, 3 → 1/3, 4 or lower → 0;
* ``keep_current_company``: 1 when the company is the participant's ``current_company``;
* ``minority_experience``: 1 for an A1–A2 participant at a company used to minority-language adults;
* ``preferred_level``: 1 for a participant at or above the programme's
  ``preferred_norwegian_level`` (0 for every arc of a programme without one);
* ``travel``: ``(120 − minutes) / 120``, 0 at two hours or more or when the time is unknown;
* ``supervisor_share``: the share of company days with the supervisor (best school-day option).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from matcher.eligibility.rules import Tables
from matcher.problem import DEFAULT_WEIGHTS, Cefr, Problem, Programme
from matcher.rules import Goal

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

TRAVEL_HORIZON_MINUTES = 120.0
SCALE = 10  # scores are integers in tenths of a point


def rank_fraction(rank: FloatArray) -> FloatArray:
    """Rank 1 → 1, 2 → 2/3, 3 → 1/3, 4+ or none (nan) → 0."""
    with np.errstate(invalid="ignore"):
        out = np.clip((4.0 - rank) / 3.0, 0.0, 1.0)
    return np.nan_to_num(out, nan=0.0)


class QualityScorer:
    """Scores blocks of arcs with the round's weights."""

    def __init__(self, problem: Problem, tables: Tables) -> None:
        self.problem = problem
        self.tables = tables
        self.weights = {**DEFAULT_WEIGHTS, **problem.settings.weights}
        pindex = {p.participant_id: i for i, p in enumerate(problem.participants)}
        cindex = {c.company_id: i for i, c in enumerate(problem.companies)}
        self.n_companies = max(1, len(problem.companies))
        self.approved = np.unique(np.array([
            pindex[t.participant_id] * self.n_companies + cindex[t.company_id]
            for t in problem.trials
            if t.outcome == "approved" and t.participant_id in pindex and t.company_id in cindex
        ], dtype=np.int64))
        prefs = {
            pindex[f.participant_id] * self.n_companies + cindex[f.company_id]: (
                np.nan if f.participant_rank is None else float(f.participant_rank),
                np.nan if f.company_rank is None else float(f.company_rank))
            for f in problem.preferences
            if f.participant_id in pindex and f.company_id in cindex
        }
        self.rank_keys = np.array(sorted(prefs), dtype=np.int64)
        self.rank_values = np.array([prefs[k] for k in self.rank_keys.tolist()],
                                    dtype=float).reshape(-1, 2)
        self.current = np.array(
            [cindex.get(p.current_company, -1) if p.current_company else -1
             for p in problem.participants], dtype=np.int64)
        self.minority = np.array(
            [c.minority_experience for c in problem.companies], dtype=bool)

    def components(
        self, pidx: IntArray, prank: IntArray, sidx: IntArray, share: FloatArray,
        programme: Programme | None = None,
    ) -> dict[str, FloatArray]:
        """Each quality goal's fraction (0–1) per arc; ``programme`` is the arcs' programme
        (its preferred Norwegian level; none given: that goal scores 0)."""
        cidx = self.tables.sup_company[sidx]
        pairs = pidx * self.n_companies + cidx
        ranks = np.full((len(pairs), 2), np.nan)
        if len(self.rank_keys):
            at = np.clip(np.searchsorted(self.rank_keys, pairs), 0, len(self.rank_keys) - 1)
            hit = self.rank_keys[at] == pairs
            ranks[hit] = self.rank_values[at[hit]]
        minutes = self.tables.pair_minutes(pidx, cidx)
        travel = np.nan_to_num(
            np.clip((TRAVEL_HORIZON_MINUTES - minutes) / TRAVEL_HORIZON_MINUTES, 0.0, 1.0),
            nan=0.0)
        return {
            Goal.APPROVED_TRIAL: np.isin(pairs, self.approved).astype(float),
            Goal.FIRST_CHOICE_PROGRAMME: (prank == 0).astype(float),
            Goal.PARTICIPANT_RANK: rank_fraction(ranks[:, 0]),
            Goal.COMPANY_RANK: rank_fraction(ranks[:, 1]),
            Goal.KEEP_CURRENT_COMPANY: (self.current[pidx] == cidx).astype(float),
            Goal.MINORITY_EXPERIENCE: (
                (self.tables.level[pidx] <= int(Cefr.A2)) & self.minority[cidx]).astype(float),
            Goal.PREFERRED_LEVEL: self._preferred(pidx, programme),
            Goal.TRAVEL: travel,
            Goal.SUPERVISOR_SHARE: np.asarray(share, dtype=float),
        }

    def _preferred(self, pidx: IntArray, programme: Programme | None) -> FloatArray:
        """1 where the participant is at or above the programme's preferred level."""
        wanted = None if programme is None else programme.preferred_norwegian_level
        if wanted is None:
            return np.zeros(len(pidx))
        return (self.tables.level[pidx] >= int(wanted)).astype(float)

    def score(
        self, pidx: IntArray, prank: IntArray, sidx: IntArray, share: FloatArray,
        programme: Programme | None = None,
    ) -> IntArray:
        """The weighted score per arc of ``programme``, in tenths of a point (integers for
        the solvers)."""
        total = np.zeros(len(pidx))
        for name, fraction in self.components(pidx, prank, sidx, share, programme).items():
            total += self.weights.get(name, 0) * fraction
        return np.rint(total * SCALE).astype(np.int64)
