"""Trial days: which dates of a window a participant can spend with a supervisor's company.

SPEC.md "Planning trial placements": in each week of the window the trial has between
``max(0, days_per_week − h)`` and ``days_per_week`` trial days (h = the week's dates closed for
all for the participant), on the company's practice days, not on the participant's unavailable
days, not on a closed date, and at least ``max(0, min_days_with_supervisor − h)`` of them on
the supervisor's working shifts that the participant may work. A trial needs at least one day.

Fits are decided per *signature* (the participant's unavailable days, allowed shifts and closed
dates in the window; the supervisor's rota, rota start week and company practice days), so a
county round computes a few thousand small calendars, not one per trial.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.eligibility.calendar import SupervisorCalendar
from matcher.problem import CLOSED_ALL, Participant, Problem, TrialWindow

BoolArray = npt.NDArray[np.bool_]

#: Dates closed for all for one participant (public holidays, Holidays rows, away dates).
ClosedDates = Callable[[Participant], frozenset[dt.date]]


def closed_dates(problem: Problem) -> ClosedDates:
    """The dates of the trial windows closed for all, per participant: Norway's public holidays
    (as Settings ``public_holidays`` says), Holidays rows closed for all, and the participant's
    leave, by the round's one definition of them (:mod:`matcher.closed`)."""
    from matcher.closed import is_away, public_holidays

    dates = sorted({d for w in problem.trial_windows for d in window_dates(w)})
    inside = set(dates)
    shut: set[dt.date] = set()
    if problem.settings.public_holidays == CLOSED_ALL and dates:
        shut |= set(public_holidays({d.year for d in dates})) & inside
    for row in problem.holidays:
        if row.closed == CLOSED_ALL:
            shut |= {d for d in inside if row.from_date <= d <= row.last}
    common = frozenset(shut)

    def closed(person: Participant) -> frozenset[dt.date]:
        if person.away_from is None:
            return common
        return common | frozenset(d for d in dates if is_away(person, d))

    return closed


@dataclass(frozen=True)
class PersonKey:
    """What of a participant matters for one window's calendar."""

    unavailable_days: frozenset[int]
    allowed_shifts: frozenset[str] | None
    closed: frozenset[dt.date]  # closed dates inside the window


@dataclass(frozen=True)
class TrialDay:
    """One planned trial date; ``shift`` is the supervisor's code on a day with the supervisor."""

    date: dt.date
    week: int  # week of the window, 1-based
    shift: str | None


def window_dates(window: TrialWindow) -> list[dt.date]:
    return [window.start_date + dt.timedelta(days=i) for i in range(7 * window.weeks)]


class WindowCalendar:
    """Fits of every (person signature, place signature) pair for one window, cached."""

    def __init__(self, problem: Problem, window: TrialWindow) -> None:
        self.problem = problem
        self.window = window
        self.dates = window_dates(window)
        self._fits: dict[tuple[PersonKey, SupervisorCalendar], bool] = {}

    def person_key(self, person: Participant, closed: frozenset[dt.date]) -> PersonKey:
        inside = frozenset(d for d in closed
                           if self.window.start_date <= d <= self.window.end_date)
        return PersonKey(person.unavailable_days, person.allowed_shifts, inside)

    def shifts(self, place: SupervisorCalendar) -> list[str | None]:
        """The supervisor's shift code on each date of the window (``None`` = off)."""
        rota = self.problem.rotas_by_id[place.rota_id]
        anchor = self.problem.rota_anchor
        out: list[str | None] = []
        for day in self.dates:
            k = (day - anchor).days // 7
            out.append(rota.weeks[(k + place.rota_start_week - 1) % rota.length][day.weekday()])
        return out

    def fits(self, person: PersonKey, place: SupervisorCalendar) -> bool:
        key = (person, place)
        found = self._fits.get(key)
        if found is None:
            found = self._fits[key] = self.days(person, place) is not None
        return found

    def days(self, person: PersonKey, place: SupervisorCalendar) -> list[TrialDay] | None:
        """The trial days planned for the pair (supervisor shifts first), or ``None`` when the
        window's weeks cannot hold them."""
        w = self.window
        shifts = self.shifts(place)
        chosen: list[TrialDay] = []
        for week in range(w.weeks):
            span = range(7 * week, 7 * week + 7)
            closed = sum(1 for i in span if self.dates[i] in person.closed)
            free = [i for i in span if self._open(i, person, place)]
            with_sup = [i for i in free if shifts[i] is not None and
                        (person.allowed_shifts is None or shifts[i] in person.allowed_shifts)]
            if len(free) < w.days_per_week - closed or \
                    len(with_sup) < w.supervisor_days - closed:
                return None
            picked = (with_sup + [i for i in free if i not in with_sup])[:w.days_per_week]
            chosen += [TrialDay(self.dates[i], week + 1,
                                shifts[i] if i in with_sup else None) for i in sorted(picked)]
        return chosen or None

    def _open(self, i: int, person: PersonKey, place: SupervisorCalendar) -> bool:
        day = self.dates[i]
        weekday = day.weekday()
        return (weekday in place.practice_days and weekday not in person.unavailable_days
                and day not in person.closed)
