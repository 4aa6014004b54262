"""The pair rules: which participant may go to which supervisor of a programme's trade.

Each hard rule of SPEC.md that concerns one participant and one supervisor is a named function
here, vectorised over a block of participants × supervisors (a boolean matrix). The arc builder
combines them; the explanations call the same functions one at a time to find the binding limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.problem import FollowUp, Problem, Programme, area_key

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


@dataclass
class Tables:
    """The problem's participants, supervisors and companies as arrays (built once)."""

    level: IntArray  # participant → CEFR
    area: IntArray  # participant → area index, -1 = blank
    max_travel: FloatArray  # participant → minutes, inf = no limit
    high: BoolArray  # participant has follow_up_need high
    locked_company: list[str | None]
    locked_supervisor: list[str | None]
    sup_company: IntArray  # supervisor → company index
    sup_ok: BoolArray  # supervisor can take trainees (max_trainees > 0 and places > 0)
    company_level: IntArray  # company → min CEFR
    company_area: IntArray  # company → area index
    company_high_cap: FloatArray  # company → max_high_follow_up, inf = no limit
    travel: FloatArray  # area × area minutes, nan = unknown
    forbidden: set[tuple[int, int]]  # (participant, company): rejected trial or excluded pair
    company_approved: BoolArray  # company → approved training company (may take apprentices)
    apprentice_programmes: frozenset[str]  # programmes with an apprenticeship planned week

    @classmethod
    def build(cls, problem: Problem) -> Tables:
        areas: dict[str, int] = {}

        def area_index(text: str | None) -> int:
            if not text:
                return -1
            return areas.setdefault(area_key(text), len(areas))

        parts, comps = problem.participants, problem.companies
        company_index = {c.company_id: i for i, c in enumerate(comps)}
        p_area = np.array([area_index(p.area) for p in parts], dtype=np.int64)
        c_area = np.array([area_index(c.area) for c in comps], dtype=np.int64)
        for t in problem.travel:
            area_index(t.from_area)
            area_index(t.to_area)
        n = max(len(areas), 1)
        travel = np.full((n, n), np.nan)
        np.fill_diagonal(travel, 0.0)
        for t in problem.travel:  # symmetric first, explicit directions win
            travel[areas[area_key(t.to_area)], areas[area_key(t.from_area)]] = t.minutes
        for t in problem.travel:
            travel[areas[area_key(t.from_area)], areas[area_key(t.to_area)]] = t.minutes
        pindex = {p.participant_id: i for i, p in enumerate(parts)}
        forbidden = {
            (pindex[t.participant_id], company_index[t.company_id])
            for t in problem.trials
            if t.outcome == "rejected"
            and t.participant_id in pindex and t.company_id in company_index
        }
        forbidden |= {
            (pindex[f.participant_id], company_index[f.company_id])
            for f in problem.preferences
            if f.excluded and f.participant_id in pindex and f.company_id in company_index
        }
        places = problem.places_by_key
        return cls(
            level=np.array([int(p.norwegian_level) for p in parts], dtype=np.int64),
            area=p_area,
            max_travel=np.array(
                [math.inf if p.max_travel_minutes is None else p.max_travel_minutes
                 for p in parts], dtype=float),
            high=np.array([p.follow_up_need == FollowUp.HIGH for p in parts], dtype=bool),
            locked_company=[p.locked_company for p in parts],
            locked_supervisor=[p.locked_supervisor for p in parts],
            sup_company=np.array(
                [company_index[s.company_id] for s in problem.supervisors], dtype=np.int64),
            sup_ok=np.array(
                [s.max_trainees > 0 and places.get((s.company_id, s.trade), 0) > 0
                 for s in problem.supervisors], dtype=bool),
            company_level=np.array([int(c.min_norwegian_level) for c in comps], dtype=np.int64),
            company_area=c_area,
            company_high_cap=np.array(
                [math.inf if c.max_high_follow_up is None else c.max_high_follow_up
                 for c in comps], dtype=float),
            travel=travel,
            forbidden=forbidden,
            company_approved=np.array([c.approved_training_company for c in comps], dtype=bool),
            apprentice_programmes=frozenset(
                g.programme_id for g in problem.programmes
                if any(w.phase.apprenticeship for w in problem.planned_weeks(g.programme_id))),
        )

    def minutes(self, pidx: IntArray, cidx: IntArray) -> FloatArray:
        """Travel minutes for a block (participants × companies); nan where unknown."""
        pa, ca = np.broadcast_arrays(pidx[:, None], cidx[None, :])
        return self.pair_minutes(pa.ravel(), ca.ravel()).reshape(pa.shape)

    def pair_minutes(self, pidx: IntArray, cidx: IntArray) -> FloatArray:
        """Travel minutes pair by pair (equal-length arrays); nan where unknown."""
        pa, ca = self.area[pidx], self.company_area[cidx]
        known = (pa >= 0) & (ca >= 0)
        out = np.full(len(pa), np.nan)
        out[known] = self.travel[pa[known], ca[known]]
        return out


# --- the pair rules: each returns a participants × supervisors boolean block ----------------


def programme_level(t: Tables, programme: Programme, pidx: IntArray, sidx: IntArray) -> BoolArray:
    """Rule 3: the participant's level is at least the programme's minimum."""
    ok = t.level[pidx] >= int(programme.min_norwegian_level)
    return np.broadcast_to(ok[:, None], (len(pidx), len(sidx)))


def company_level(t: Tables, pidx: IntArray, sidx: IntArray) -> BoolArray:
    """Rule 3: the participant's level is at least the company's minimum."""
    return t.level[pidx][:, None] >= t.company_level[t.sup_company[sidx]][None, :]


def travel_limit(t: Tables, pidx: IntArray, sidx: IntArray) -> BoolArray:
    """Rule 4: travel within the participant's limit where the time is known."""
    minutes = t.minutes(pidx, t.sup_company[sidx])
    with np.errstate(invalid="ignore"):
        return np.isnan(minutes) | (minutes <= t.max_travel[pidx][:, None])


def not_forbidden(t: Tables, pidx: IntArray, sidx: IntArray) -> BoolArray:
    """Rule 5: no rejected trial and no excluded pair."""
    ok = np.ones((len(pidx), len(sidx)), dtype=bool)
    if not t.forbidden:
        return ok
    row = {int(p): i for i, p in enumerate(pidx)}
    comp = t.sup_company[sidx]
    for p, c in t.forbidden:
        if p in row:
            ok[row[p], comp == c] = False
    return ok


def locks(t: Tables, problem: Problem, pidx: IntArray, sidx: IntArray) -> BoolArray:
    """Rule 5: a locked participant may only go to the locked company (and supervisor)."""
    ok = np.ones((len(pidx), len(sidx)), dtype=bool)
    sups = [problem.supervisors[int(s)] for s in sidx]
    for i, p in enumerate(pidx):
        company, supervisor = t.locked_company[p], t.locked_supervisor[p]
        if company is None and supervisor is None:
            continue
        ok[i] = [
            (company is None or s.company_id == company)
            and (supervisor is None or s.supervisor_id == supervisor)
            for s in sups
        ]
    return ok


def follow_up_room(t: Tables, pidx: IntArray, sidx: IntArray) -> BoolArray:
    """Rule 2: a high follow-up participant needs a company whose cap is not 0."""
    cap = t.company_high_cap[t.sup_company[sidx]]
    return ~(t.high[pidx][:, None] & (cap[None, :] < 1))


def approved_company(t: Tables, programme: Programme, pidx: IntArray,
                     sidx: IntArray) -> BoolArray:
    """Rule 6: a programme with an apprenticeship week places only at approved training
    companies."""
    if programme.programme_id not in t.apprentice_programmes:
        return np.ones((len(pidx), len(sidx)), dtype=bool)
    ok = t.company_approved[t.sup_company[sidx]]
    return np.broadcast_to(ok[None, :], (len(pidx), len(sidx)))


def has_room(t: Tables, pidx: IntArray, sidx: IntArray) -> BoolArray:
    """Rule 2: the supervisor can take trainees and the company has places for the trade."""
    return np.broadcast_to(t.sup_ok[sidx][None, :], (len(pidx), len(sidx)))
