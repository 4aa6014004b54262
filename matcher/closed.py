"""Closed dates (SPEC.md "Closed dates"): when there is no school, or no activity at all.

Three sources close dates: Norway's public holidays (as Settings ``public_holidays`` says: for
all, for school only, or not at all), the Holidays sheet's rows (``school`` or ``all``), and a
participant's leave (``away_from`` … ``away_to``: closed for all, for that participant only).
Eligibility, the timetable and the explanations read them from here; the independent checker
derives them again on its own (:mod:`matcher.checker.derive`).

The public holidays come from the ``holidays`` library, keeping only the twelve SPEC.md lists
(the library could add others, e.g. every Sunday with ``include_sundays``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import holidays

from matcher.problem import CLOSED_ALL, CLOSED_SCHOOL, Participant, Problem

#: The library's English names of the public holidays SPEC.md lists → the names shown.
PUBLIC_HOLIDAYS: dict[str, str] = {
    "New Year's Day": "New Year's Day",
    "Maundy Thursday": "Maundy Thursday",
    "Good Friday": "Good Friday",
    "Easter Sunday": "Easter Sunday",
    "Easter Monday": "Easter Monday",
    "Labor Day": "1 May",
    "Constitution Day": "17 May",
    "Ascension Day": "Ascension Day",
    "Pentecost": "Whit Sunday",
    "Pentecost Monday": "Whit Monday",
    "Christmas Day": "Christmas Day",
    "Second Day of Christmas": "Boxing Day",
}


def public_holidays(years: Iterable[int]) -> dict[dt.date, str]:
    """Norway's public holidays (the twelve of SPEC.md) in ``years``: date → name.

    Raises :class:`RuntimeError` when the library no longer names one of them as expected (a
    changed library must not silently drop a holiday)."""
    names: dict[dt.date, list[str]] = {}
    library = holidays.country_holidays("NO", years=sorted(set(years)), language="en_US")
    for day in library:
        for name in library.get_list(day):
            if name in PUBLIC_HOLIDAYS:
                names.setdefault(day, []).append(PUBLIC_HOLIDAYS[name])
    for year in set(years):
        named = {name for day, day_names in names.items() if day.year == year
                 for name in day_names}
        if named != set(PUBLIC_HOLIDAYS.values()):
            missing = ", ".join(sorted(set(PUBLIC_HOLIDAYS.values()) - named))
            raise RuntimeError(f"the holidays library did not give {missing} for {year}")
    return {day: "; ".join(day_names) for day, day_names in sorted(names.items())}


@dataclass(frozen=True)
class ClosedDates:
    """The round's closed dates (leave aside): ``all`` closed for all, ``school`` closed for
    school only, ``labels`` the name of each closed date (public holiday or Holidays label)."""

    all: frozenset[dt.date]
    school: frozenset[dt.date]
    labels: dict[dt.date, str]

    def closed_for(self, participant: Participant, day: dt.date) -> bool:
        """Closed for all for this participant: a closed date, or the participant is away."""
        return day in self.all or is_away(participant, day)

    def no_school(self, participant: Participant, day: dt.date) -> bool:
        """No school for this participant on ``day``."""
        return day in self.school or self.closed_for(participant, day)


def is_away(participant: Participant, day: dt.date) -> bool:
    """Whether ``day`` falls in the participant's leave (``away_to`` blank: to the end)."""
    if participant.away_from is None or day < participant.away_from:
        return False
    return participant.away_to is None or day <= participant.away_to


def closed_dates(problem: Problem) -> ClosedDates:
    """Every closed date of the round's planned weeks (and of the Holidays rows)."""
    closed_all: set[dt.date] = set()
    closed_school: set[dt.date] = set()
    labels: dict[dt.date, str] = {}
    mode = problem.settings.public_holidays
    if mode in (CLOSED_ALL, CLOSED_SCHOOL):
        for day, name in public_holidays(_years(problem)).items():
            (closed_all if mode == CLOSED_ALL else closed_school).add(day)
            labels[day] = name
    first, last = _span(problem)
    for row in problem.holidays:
        day = max(row.from_date, first)
        while day <= min(row.last, last):
            (closed_all if row.closed == CLOSED_ALL else closed_school).add(day)
            labels.setdefault(day, row.label)
            day += dt.timedelta(days=1)
    return ClosedDates(frozenset(closed_all), frozenset(closed_school - closed_all), labels)


def _span(problem: Problem) -> tuple[dt.date, dt.date]:
    """The first and last date of any programme's planned weeks (only they need closing)."""
    firsts, lasts = [], []
    for prog in problem.programmes:
        weeks = problem.planned_weeks(prog.programme_id)
        if weeks:
            firsts.append(weeks[0].monday)
            lasts.append(weeks[-1].monday + dt.timedelta(days=6))
    if not firsts:
        return dt.date.max, dt.date.min
    return min(firsts), max(lasts)


def _years(problem: Problem) -> set[int]:
    """The calendar years the planned weeks touch."""
    first, last = _span(problem)
    return set(range(first.year, last.year + 1))
