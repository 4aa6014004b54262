"""Facts the checker derives again, on purpose, instead of asking the solver's code.

The point of an independent checker is that a mistake in one place cannot hide itself. So the
planned weeks, the rota week formula, the travel rule and the closed dates are written out here
a second time, straight from SPEC.md, rather than read from :class:`~matcher.problem.Problem`'s
helpers that the model and the timetable expansion use. The public holidays in particular are
computed from Easter (``dateutil``) and fixed dates, not from the ``holidays`` library that the
solver's side filters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from dateutil.easter import easter

from matcher.problem import (
    WEEKDAYS,
    Company,
    Participant,
    Phase,
    Problem,
    Programme,
    Supervisor,
    area_key,
    shift_key,
)


@dataclass(frozen=True)
class Week:
    """A planned programme week: its number, its Monday and the base-plan phase covering it."""

    week: int
    monday: dt.date
    phase: Phase


def planned_weeks(problem: Problem) -> dict[str, tuple[Week, ...]]:
    """Programme id → its planned weeks: base-plan phases (no scenario) in week order, gaps left
    out, capped at ``horizon_weeks``. Same order as a Placement's ``company_days``."""
    horizon = problem.settings.horizon_weeks
    phases: dict[str, list[Phase]] = {p.programme_id: [] for p in problem.programmes}
    for ph in problem.phases:
        if ph.scenario is None and ph.programme_id in phases:
            phases[ph.programme_id].append(ph)
    out: dict[str, tuple[Week, ...]] = {}
    for prog in problem.programmes:
        weeks: list[Week] = []
        for ph in sorted(phases[prog.programme_id], key=lambda ph: ph.from_week):
            last = ph.to_week if horizon is None else min(ph.to_week, horizon)
            for w in range(ph.from_week, last + 1):
                weeks.append(Week(w, prog.start_date + dt.timedelta(weeks=w - 1), ph))
        out[prog.programme_id] = tuple(weeks)
    return out


def programme_week(start_date: dt.date, day: dt.date) -> int:
    """The 1-based programme week a date falls in (week 1 starts on ``start_date``)."""
    return (day - start_date).days // 7 + 1


def rota_anchor(problem: Problem) -> dt.date | None:
    """Settings' ``rota_anchor_date``, else the earliest programme start (None: no programmes)."""
    if problem.settings.rota_anchor_date is not None:
        return problem.settings.rota_anchor_date
    starts = [p.start_date for p in problem.programmes]
    return min(starts) if starts else None


def rota_shift(
    problem: Problem, anchor: dt.date | None, sup: Supervisor, day: dt.date
) -> str | None:
    """The supervisor's shift code on ``day`` (``None`` = off or unknown rota).

    Rota week ``((k + rota_start_week − 1) mod L) + 1`` with ``k = floor((d − anchor) / 7)``.
    """
    return rota_lookup(problem, anchor, sup)(day)


def rota_lookup(problem: Problem, anchor: dt.date | None,
                sup: Supervisor) -> Callable[[dt.date], str | None]:
    """:func:`rota_shift` of one supervisor as a function of the date: the rota is looked up
    once, and a whole-course timetable asks for hundreds of thousands of dates."""
    rota = problem.rotas_by_id.get(sup.rota_id)
    if rota is None or not rota.weeks or anchor is None:
        return lambda day: None
    rows, start, base = rota.weeks, sup.rota_start_week - 1, anchor

    def shift(day: dt.date) -> str | None:
        row = rows[((day - base).days // 7 + start) % len(rows)]
        weekday = day.weekday()
        return working_code(row[weekday] if weekday < len(row) else None)

    return shift


@cache
def working_code(code: str | None) -> str | None:
    """A rota cell's shift as a :func:`shift_key`, ``None`` for a blank or ``-`` (cached: a
    whole-course timetable asks for the same few codes millions of times)."""
    return shift_key(code) if code and code.strip() and code.strip() != "-" else None


class TravelTable:
    """One-way minutes between areas: symmetric unless both directions are given."""

    def __init__(self, problem: Problem) -> None:
        given = {(area_key(t.from_area), area_key(t.to_area)): t.minutes for t in problem.travel}
        self._minutes = dict(given)
        for (a, b), minutes in given.items():
            self._minutes.setdefault((b, a), minutes)

    def minutes(self, participant: Participant, company: Company) -> int | None:
        """Participant area → company area; same area without a row = 0; else None (unknown)."""
        if not participant.area or not company.area:
            return None
        key = (area_key(participant.area), area_key(company.area))
        if key in self._minutes:
            return self._minutes[key]
        return 0 if key[0] == key[1] else None


def show_days(days: Iterable[int]) -> str:
    """Weekdays as ``Mon,Wed`` for messages; a value that is no weekday shows as its number
    (a broken result must still give a readable message, never an exception)."""
    names = [WEEKDAYS[d] if isinstance(d, int) and 0 <= d <= 6 else str(d) for d in sorted(days)]
    return ",".join(names) or "none"


#: Days after Easter Sunday of the movable public holidays of SPEC.md.
_EASTER_OFFSETS = (-3, -2, 0, 1, 39, 49, 50)
#: (month, day) of the fixed ones: New Year's Day, 1 May, 17 May, Christmas Day, Boxing Day.
_FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 17), (12, 25), (12, 26))


def norwegian_public_holidays(year: int) -> set[dt.date]:
    """The twelve public holidays SPEC.md lists, in one year."""
    sunday = easter(year)
    days = {sunday + dt.timedelta(days=k) for k in _EASTER_OFFSETS}
    return days | {dt.date(year, m, d) for m, d in _FIXED_HOLIDAYS}


@dataclass(frozen=True)
class Closed:
    """Dates closed for all and for school (public holidays by Settings, Holidays rows)."""

    all: frozenset[dt.date]
    school: frozenset[dt.date]
    _weeks: dict[tuple[dt.date, dt.date | None, dt.date | None],
                 tuple[frozenset[int], frozenset[int]]] = field(
        default_factory=dict, compare=False, repr=False)

    def count_all(self, participant: Participant | None, monday: dt.date) -> int:
        """How many of the week's dates (Mon–Sun) are closed for all for this participant
        (h of rule 7)."""
        return len(self.week(participant, monday)[0])

    def week(self, participant: Participant | None,
             monday: dt.date) -> tuple[frozenset[int], frozenset[int]]:
        """The weekdays (0 = Mon) of the week from ``monday`` closed for all for this
        participant, and those closed for school (for school, or for all); worked out once
        per week and leave."""
        leave = (None, None) if participant is None else (participant.away_from,
                                                          participant.away_to)
        key = (monday, *leave)
        found = self._weeks.get(key)
        if found is None:
            days = [monday + dt.timedelta(days=d) for d in range(7)]
            found = self._weeks[key] = (
                frozenset(d for d in range(7) if self.for_all(participant, days[d])),
                frozenset(d for d in range(7) if self.for_school(participant, days[d])))
        return found

    def for_all(self, participant: Participant | None, day: dt.date) -> bool:
        """Closed for all for this participant, their leave included."""
        if day in self.all:
            return True
        if participant is None or participant.away_from is None:
            return False
        return participant.away_from <= day and (participant.away_to is None
                                                 or day <= participant.away_to)

    def for_school(self, participant: Participant | None, day: dt.date) -> bool:
        return day in self.school or self.for_all(participant, day)


def closed_dates(problem: Problem, weeks: dict[str, tuple[Week, ...]]) -> Closed:
    """The closed dates within the planned weeks."""
    dates = {w.monday + dt.timedelta(days=d) for ws in weeks.values() for w in ws
             for d in range(7)}
    closed_all: set[dt.date] = set()
    closed_school: set[dt.date] = set()
    mode = problem.settings.public_holidays
    if mode != "none":
        target = closed_all if mode == "all" else closed_school
        for year in {d.year for d in dates}:
            target |= norwegian_public_holidays(year) & dates
    for row in problem.holidays:
        last = row.to_date or row.from_date
        hit = {d for d in dates if row.from_date <= d <= last}
        (closed_all if row.closed == "all" else closed_school).update(hit)
    return Closed(frozenset(closed_all), frozenset(closed_school))


def week_school_days(programme: Programme | None, phase: Phase,
                     chosen: frozenset[int], phase_sets: dict[tuple[str, int], frozenset[int]],
                     ) -> frozenset[int]:
    """A planned week's school days: none when not at school; the phase's own set (as the
    solution names it) where the phase has one; else the class's ``chosen`` set."""
    if not phase.at_school:
        return frozenset()
    if phase.school_days is not None or phase.school_days_to_choose is not None:
        key = (programme.programme_id if programme else phase.programme_id, phase.from_week)
        return frozenset(phase_sets.get(key, frozenset()))
    return chosen
