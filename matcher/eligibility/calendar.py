"""Can a participant follow a supervisor's rota through every planned week?

Per SPEC.md rule 7 the weeks are independent: in each planned week the participant needs
``company_days`` free days (not school, not closed for all, not unavailable, within the
company's practice days) and at least ``min_days_with_supervisor`` of them on the supervisor's
shifts that the participant may work; a week with ``h`` dates closed for all (public holidays,
Holidays rows, the participant's leave) needs ``h`` fewer of each (never below 0). So
feasibility of a (participant, supervisor, school-day option) triple is decided here, from
small numpy calendars, before any model is built; the model then needs no variable per day.

Participants and supervisors are reduced to *calendar signatures* (unavailable days, allowed
shifts and leave; rota, rota start week and practice days), so a county round computes only a
few hundred distinct calendars.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.problem import Problem, Programme, Rota

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ParticipantCalendar:
    """What of a participant matters for the calendar."""

    unavailable_days: frozenset[int]
    allowed_shifts: frozenset[str] | None
    away_from: dt.date | None = None
    away_to: dt.date | None = None


@dataclass(frozen=True)
class SupervisorCalendar:
    """What of a supervisor (and their company) matters for the calendar."""

    rota_id: str
    rota_start_week: int
    practice_days: frozenset[int]


@dataclass(frozen=True)
class Fit:
    """The calendar verdict for one triple.

    ``failing_weeks`` lists planned weeks where the week cannot hold the phase's company days
    (``short_days``) or the days with the supervisor (``short_supervisor``); empty when it fits.
    ``supervisor_days`` / ``company_days`` are totals over the planned weeks when the most
    company days are put on the supervisor's shifts.
    """

    ok: bool
    short_days: tuple[int, ...]
    short_supervisor: tuple[int, ...]
    supervisor_days: int
    company_days: int


def days_mask(days: frozenset[int]) -> BoolArray:
    mask = np.zeros(7, dtype=bool)
    mask[list(days)] = True
    return mask


class ProgrammeCalendar:
    """The planned weeks of one programme as arrays: phase demands, rota-week offsets, the
    dates closed for all, and each school-day option's school days (weeks × 7)."""

    def __init__(self, problem: Problem, programme: Programme) -> None:
        weeks = problem.planned_weeks(programme.programme_id)
        self.week_numbers = np.array([w.week for w in weeks], dtype=np.int64)
        self.mondays = np.array([w.monday.toordinal() for w in weeks], dtype=np.int64)
        self.offsets = np.array(
            [(w.monday - problem.rota_anchor).days // 7 for w in weeks], dtype=np.int64
        )
        self.company_days = np.array([w.phase.company_days for w in weeks], dtype=np.int64)
        self.supervisor_days = np.array([w.phase.supervisor_days for w in weeks], dtype=np.int64)
        closed = problem.closed.all
        self.closed = np.array([[w.monday + dt.timedelta(days=d) in closed for d in range(7)]
                                for w in weeks], dtype=bool).reshape(len(weeks), 7)
        self.school_options = problem.school_day_options(programme)
        masks: dict[frozenset[int], list[bool]] = {}  # few distinct sets, many weeks

        def school_row(days: frozenset[int]) -> list[bool]:
            row = masks.get(days)
            if row is None:
                row = masks[days] = [d in days for d in range(7)]
            return row

        self.school = [
            np.array([school_row(option.for_phase(w.phase)) if w.phase.at_school
                      else [False] * 7 for w in weeks], dtype=bool).reshape(len(weeks), 7)
            for option in self.school_options]
        #: Options × weeks × 7: every option's school days at once (see :meth:`option_fits`).
        self.school_stack = (np.stack(self.school) if self.school
                             else np.zeros((0, len(weeks), 7), dtype=bool))

    def away(self, person: ParticipantCalendar) -> BoolArray:
        """Weeks × 7: the dates the person is on leave (closed for all for them)."""
        dates = self.mondays[:, None] + np.arange(7)[None, :]
        if person.away_from is None:
            return np.zeros(dates.shape, dtype=bool)
        out = dates >= person.away_from.toordinal()
        if person.away_to is not None:
            out &= dates <= person.away_to.toordinal()
        return out

    def fit(
        self, rota: Rota, person: ParticipantCalendar, place: SupervisorCalendar, option: int
    ) -> Fit:
        """Check every planned week for one school-day option (index into the options)."""
        shift_ok = _shift_table(rota, person.allowed_shifts)
        rows = (self.offsets + place.rota_start_week - 1) % rota.length
        supervisor = shift_ok[rows]  # weeks × 7
        base = days_mask(place.practice_days) & ~days_mask(person.unavailable_days)
        closed = self.closed | self.away(person)
        h = closed.sum(axis=1)
        free = base[None, :] & ~self.school[option] & ~closed
        n_free = free.sum(axis=1)
        n_sup = (free & supervisor).sum(axis=1)
        short_days = n_free < np.maximum(0, self.company_days - h)
        short_sup = n_sup < np.maximum(0, self.supervisor_days - h)
        return Fit(
            ok=not bool(short_days.any() or short_sup.any()),
            short_days=tuple(int(w) for w in self.week_numbers[short_days]),
            short_supervisor=tuple(int(w) for w in self.week_numbers[short_sup & ~short_days]),
            supervisor_days=int(np.minimum(self.company_days, n_sup).sum()),
            company_days=int(np.minimum(self.company_days, n_free).sum()),
        )


    def option_fits(self, rota: Rota, person: ParticipantCalendar, place: SupervisorCalendar
                    ) -> tuple[BoolArray, IntArray, IntArray]:
        """Per school-day option at once: whether it fits (:meth:`fit`'s ``ok``), and its
        ``supervisor_days`` and ``company_days``; one pass over options × weeks × 7 instead of
        one :meth:`fit` per option, which a class choosing its school days has dozens of."""
        shift_ok = _shift_table(rota, person.allowed_shifts)
        supervisor = shift_ok[(self.offsets + place.rota_start_week - 1) % rota.length]
        base = days_mask(place.practice_days) & ~days_mask(person.unavailable_days)
        closed = self.closed | self.away(person)
        h = closed.sum(axis=1)
        free = (base & ~closed)[None, :, :] & ~self.school_stack
        n_free = free.sum(axis=2)
        n_sup = (free & supervisor[None, :, :]).sum(axis=2)
        short = (n_free < np.maximum(0, self.company_days - h)) | (
            n_sup < np.maximum(0, self.supervisor_days - h))
        return (~short.any(axis=1), np.minimum(self.company_days, n_sup).sum(axis=1),
                np.minimum(self.company_days, n_free).sum(axis=1))


def _shift_table(rota: Rota, allowed: frozenset[str] | None) -> BoolArray:
    """Cycle weeks × 7: the supervisor has a shift there that the participant may work."""
    table = np.zeros((rota.length, 7), dtype=bool)
    for i, week in enumerate(rota.weeks):
        for d, code in enumerate(week):
            table[i, d] = code is not None and (allowed is None or code in allowed)
    return table
