"""The calendars of the result page, from the Calendar grid of the page data: a participant's
plan month by month (weeks × weekdays), or a company's month (its participants × dates)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from matcher.web.view import CalendarRow, calendar_rows


@dataclass(frozen=True)
class Day:
    """One date of a calendar and what happens on it ("" = off; None = outside the plan)."""

    date: dt.date
    code: str | None


@dataclass(frozen=True)
class Month:
    key: str  # "2026-08"
    weeks: list[list[Day | None]]  # Monday-first weeks; None before the 1st and after the end


def _dates(view: dict[str, Any]) -> list[dt.date]:
    first = dt.date.fromisoformat(view["calendar"]["first"])
    return [first + dt.timedelta(days=i) for i in range(view["calendar"]["days"])]


def months(view: dict[str, Any]) -> list[str]:
    """The months the calendar spans, as ``YYYY-MM``."""
    return sorted({d.strftime("%Y-%m") for d in _dates(view)})


def participant_months(view: dict[str, Any], participant: str) -> tuple[CalendarRow | None,
                                                                        list[Month]]:
    """One participant's calendar as month grids, or (None, []) when not in the calendar."""
    rows = calendar_rows(view, participant=participant)
    if not rows:
        return None, []
    row = rows[0]
    codes = dict(zip(_dates(view), row.codes, strict=True))
    return row, [_month(key, codes) for key in months(view)]


def _month(key: str, codes: dict[dt.date, str]) -> Month:
    year, number = (int(x) for x in key.split("-"))
    day = dt.date(year, number, 1)
    weeks: list[list[Day | None]] = []
    week: list[Day | None] = [None] * day.weekday()
    while day.month == number:
        week.append(Day(day, codes.get(day)))
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += dt.timedelta(days=1)
    if week:
        weeks.append(week + [None] * (7 - len(week)))
    return Month(key, weeks)


@dataclass(frozen=True)
class CompanyMonth:
    """A company's month: the dates, and one line per participant placed there."""

    dates: list[dt.date]
    rows: list[tuple[CalendarRow, list[str]]]


def company_month(view: dict[str, Any], company: str, month: str) -> CompanyMonth:
    dates = _dates(view)
    chosen = [i for i, d in enumerate(dates) if d.strftime("%Y-%m") == month]
    rows = calendar_rows(view, company=company)
    return CompanyMonth([dates[i] for i in chosen],
                        [(row, [row.codes[i] for i in chosen]) for row in rows])
