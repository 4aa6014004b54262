"""Facts the checker derives again, on purpose, instead of asking the solver's code.

The point of an independent checker is that a mistake in one place cannot hide itself. So the
planned weeks, the rota week formula and the travel rule are written out here a second time,
straight from SPEC.md, rather than read from :class:`~matcher.problem.Problem`'s helpers that
the model and the timetable expansion use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from matcher.problem import (
    WEEKDAYS,
    Company,
    Participant,
    Phase,
    Problem,
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
    rota = problem.rotas_by_id.get(sup.rota_id)
    if rota is None or not rota.weeks or anchor is None:
        return None
    k = (day - anchor).days // 7
    row = rota.weeks[(k + sup.rota_start_week - 1) % len(rota.weeks)]
    weekday = day.weekday()
    code = row[weekday] if weekday < len(row) else None
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
