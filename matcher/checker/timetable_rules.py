"""Rule 7 of SPEC.md: the timetable rows, week by week, in the phase that covers each week.

The rows are checked as they are, whoever produced them; where a row disagrees with its
placement (company, supervisor, company weekdays, week number), that is a violation too, since
the output's Placements and Timetable sheets would contradict each other.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator

from matcher.checker.context import Context, Plan, PlanWeek
from matcher.checker.derive import (
    programme_week,
    rota_lookup,
    show_days,
    working_code,
)
from matcher.checker.violation import Violation
from matcher.problem import WEEKDAYS, shift_key
from matcher.result import Activity
from matcher.rules import HardRule

_KINDS = ("school", "company")


def _day(row: Activity) -> str:
    return f"{row.date.isoformat()} ({WEEKDAYS[row.date.weekday()]})"


def timetable_school(ctx: Context) -> list[Violation]:
    """A school row on each school day of an at-school week that is not closed (for school, or
    for all for the participant); no school rows on other days; a school row carries no
    company, supervisor or shift."""
    out: list[Violation] = []
    for plan in ctx.plans:
        pid = plan.placement.participant_id
        for w in plan.views:
            school_rows = [r for r in w.rows if r.activity == "school"]
            found = {r.date.weekday() for r in school_rows}
            if found != w.school - w.closed_school:  # else every school day has its row
                out.extend(_school_days(pid, w, {r.date for r in school_rows}))
            for row in school_rows:
                if row.date.weekday() not in w.school:
                    out.append(Violation(HardRule.TIMETABLE_SCHOOL, pid,
                                         f"participant {pid} has a school row on {_day(row)}, "
                                         "not a school day of that week"))
                if row.company_id or row.supervisor_id or row.shift or row.with_supervisor:
                    out.append(Violation(HardRule.TIMETABLE_SCHOOL, pid,
                                         f"participant {pid} has a school row on {_day(row)} "
                                         "with company, supervisor or shift filled in"))
    return out


def _school_days(pid: str, w: PlanWeek, dates: set[dt.date]) -> Iterator[Violation]:
    """School on a closed school day, or none on an open one, in one week."""
    for d in sorted(w.school):
        day = w.week.monday + dt.timedelta(days=d)
        closed = d in w.closed_school
        if closed and day in dates:
            yield Violation(HardRule.TIMETABLE_SCHOOL, pid,
                            f"participant {pid} has school on {day.isoformat()} "
                            f"({show_days([d])}), a closed date")
        if not closed and day not in dates:
            yield Violation(HardRule.TIMETABLE_SCHOOL, pid,
                            f"participant {pid} has no school row on school day "
                            f"{day.isoformat()} ({show_days([d])})")


def timetable_company_days(ctx: Context) -> list[Violation]:
    """Between max(0, ``company_days`` − h) and ``company_days`` company days per planned week
    (h = its dates closed for all for the participant), each on an allowed day (not a school
    day, not closed for all, not unavailable, a practice day), at the placement's company, and
    on the weekdays the placement lists for that week."""
    out: list[Violation] = []
    for plan in ctx.plans:
        out.extend(_placement_days(plan))
        unavailable = plan.participant.unavailable_days if plan.participant else frozenset()
        practice = plan.company.practice_days if plan.company else frozenset(range(7))
        never = unavailable | (frozenset(range(7)) - practice)
        for w in plan.views:
            out.extend(_company_week(plan, w, never))
    return out


def _placement_days(plan: Plan) -> list[Violation]:
    """The placement's own ``company_days``: one entry per planned week, distinct weekdays."""
    pl = plan.placement
    pid = pl.participant_id
    if plan.programme is None:
        return []
    out: list[Violation] = []
    if len(pl.company_days) != len(plan.weeks):
        out.append(Violation(HardRule.TIMETABLE_COMPANY_DAYS, pid,
                             f"placement of participant {pid} gives company days for "
                             f"{len(pl.company_days)} weeks, programme {pl.programme_id} plans "
                             f"{len(plan.weeks)}"))
    for i, days in enumerate(pl.company_days):
        if len(set(days)) != len(days) or any(not 0 <= d <= 6 for d in days):
            out.append(Violation(HardRule.TIMETABLE_COMPANY_DAYS, pid,
                                 f"placement of participant {pid} has invalid weekdays "
                                 f"{show_days(days)} in its planned week number {i + 1}"))
    return out


def _company_week(plan: Plan, w: PlanWeek, never: frozenset[int]) -> list[Violation]:
    """The company rows of one planned week; ``never`` holds the weekdays no company row may
    fall on in any week (unavailable, or not a practice day)."""
    pl = plan.placement
    pid = pl.participant_id
    out: list[Violation] = []
    company_rows = [r for r in w.rows if r.activity == "company"]
    dates = {r.date for r in company_rows}
    most = w.week.phase.company_days
    least = max(0, most - len(w.closed_all))
    if not least <= len(dates) <= most:
        asked = f"{most}" if least == most else f"{least} to {most} (closed dates)"
        out.append(Violation(HardRule.TIMETABLE_COMPANY_DAYS, pid,
                             f"participant {pid} has {len(dates)} company days in programme week "
                             f"{w.week.week}, the phase asks for {asked}"))
    banned = never | w.school | w.closed_all
    found = {r.date.weekday() for r in company_rows}
    if found & banned or any(r.company_id != pl.company_id for r in company_rows):
        out.extend(_company_rows(plan, w, company_rows))
    if w.position < len(pl.company_days):
        listed = set(pl.company_days[w.position])
        if listed != found:
            out.append(Violation(HardRule.TIMETABLE_COMPANY_DAYS, pid,
                                 f"participant {pid}'s company rows in programme week "
                                 f"{w.week.week} fall on {show_days(found)}, the placement lists "
                                 f"{show_days(listed)}"))
    return out


def _company_rows(plan: Plan, w: PlanWeek, company_rows: list[Activity]) -> Iterator[Violation]:
    """Each company row of a week on a day it may not fall on, or at another company."""
    pl = plan.placement
    pid = pl.participant_id
    unavailable = plan.participant.unavailable_days if plan.participant else frozenset()
    practice = plan.company.practice_days if plan.company else frozenset(range(7))
    for row in company_rows:
        d = row.date.weekday()
        if d in w.school:
            yield _bad_day(pid, row, "a school day")
        if d in w.closed_all:
            yield _bad_day(pid, row, "a date closed for all")
        if d in unavailable:
            yield _bad_day(pid, row, "a day the participant is unavailable")
        if d not in practice:
            yield _bad_day(pid, row, f"not a practice day of company {pl.company_id}")
        if row.company_id != pl.company_id:
            yield Violation(HardRule.TIMETABLE_COMPANY_DAYS, pid,
                            f"participant {pid} has a company row on {_day(row)} at company "
                            f"{row.company_id}, placed at {pl.company_id}")


def _bad_day(pid: str, row: Activity, why: str) -> Violation:
    return Violation(HardRule.TIMETABLE_COMPANY_DAYS, pid,
                     f"participant {pid} has a company day on {_day(row)}, {why}")


def timetable_supervisor(ctx: Context) -> list[Violation]:
    """At least ``min_days_with_supervisor`` company days a week with the supervisor; each such
    row on a date where the supervisor's rota has a shift, the row's shift equal to it, and the
    participant allowed to work it; a row not with the supervisor names no shift. Company rows
    name the placement's supervisor."""
    out: list[Violation] = []
    for plan in ctx.plans:
        pid = plan.placement.participant_id
        allowed = _allowed(plan)
        shift_on = (None if plan.supervisor is None
                    else rota_lookup(ctx.problem, ctx.anchor, plan.supervisor))
        for w in plan.views:
            good: set[dt.date] = set()
            for row in w.rows:
                if row.activity != "company":
                    continue
                if row.supervisor_id != plan.placement.supervisor_id:
                    out.append(Violation(HardRule.TIMETABLE_SUPERVISOR, pid,
                                         f"participant {pid} has a company row on {_day(row)} "
                                         f"with supervisor {row.supervisor_id}, placed with "
                                         f"{plan.placement.supervisor_id}"))
                if row.with_supervisor:
                    problem = _together_problem(plan, row, shift_on, allowed)
                    if problem is None:
                        good.add(row.date)
                    else:
                        out.append(Violation(HardRule.TIMETABLE_SUPERVISOR, pid,
                                             f"participant {pid} is marked with the supervisor "
                                             f"on {_day(row)}, but {problem}"))
                elif row.shift is not None:
                    out.append(Violation(HardRule.TIMETABLE_SUPERVISOR, pid,
                                         f"participant {pid} has shift {row.shift} on "
                                         f"{_day(row)} but is not marked with the supervisor"))
            needed = max(0, w.week.phase.supervisor_days - len(w.closed_all))
            if len(good) < needed:
                out.append(Violation(HardRule.TIMETABLE_SUPERVISOR, pid,
                                     f"participant {pid} has {len(good)} company days with the "
                                     f"supervisor in programme week {w.week.week}, at least "
                                     f"{needed} needed"))
    return out


def _allowed(plan: Plan) -> frozenset[str] | None:
    """The shift codes the participant may work (None: any)."""
    allowed = plan.participant.allowed_shifts if plan.participant else None
    return None if allowed is None else frozenset(shift_key(s) for s in allowed)


def _together_problem(plan: Plan, row: Activity,
                      shift_on: Callable[[dt.date], str | None] | None,
                      allowed: frozenset[str] | None) -> str | None:
    """Why a row marked with_supervisor is not truly with the supervisor (None: it is);
    ``shift_on`` is the supervisor's :func:`rota_lookup` (None: unknown supervisor),
    ``allowed`` is :func:`_allowed` of the plan."""
    if plan.supervisor is None or shift_on is None:
        return "the supervisor is unknown"
    shift = shift_on(row.date)
    if shift is None:
        return f"supervisor {plan.supervisor.supervisor_id} is off that day"
    if row.shift is None or working_code(row.shift) != shift:
        return f"the row's shift {row.shift} differs from the rota's shift {shift}"
    if allowed is not None and shift not in allowed:
        return f"the participant may not work shift {shift}"
    return None


def timetable_one_activity(ctx: Context) -> list[Violation]:
    """At most one row per participant and date, and every row is school or company."""
    out: list[Violation] = []
    for pid, rows in ctx.by_participant.items():
        dates = [r.date for r in rows]
        if len(set(dates)) == len(dates):
            continue
        for day, n in Counter(dates).items():
            if n > 1:
                out.append(Violation(HardRule.TIMETABLE_ONE_ACTIVITY, pid,
                                     f"participant {pid} has {n} activities on "
                                     f"{day.isoformat()}"))
    for row in ctx.rows:
        if row.activity not in _KINDS:
            out.append(Violation(HardRule.TIMETABLE_ONE_ACTIVITY, row.participant_id,
                                 f"participant {row.participant_id} has an unknown activity "
                                 f"kind on {_day(row)}"))
    return out


def timetable_planned_weeks(ctx: Context) -> list[Violation]:
    """No rows outside the planned weeks of the participant's programme (none at all for a
    participant who is not placed), and each row's week number matches its date."""
    out: list[Violation] = []
    for row in ctx.orphan_rows:
        out.append(Violation(HardRule.TIMETABLE_PLANNED_WEEKS, row.participant_id,
                             f"participant {row.participant_id} is not placed but has a row on "
                             f"{_day(row)}"))
    for plan in ctx.plans:
        pid = plan.placement.participant_id
        for row in plan.stray:
            out.append(Violation(HardRule.TIMETABLE_PLANNED_WEEKS, pid,
                                 f"participant {pid} has a row on {_day(row)}, outside the "
                                 f"planned weeks of programme {plan.placement.programme_id}"))
        if plan.programme is None:
            continue
        for rows in plan.rows_by_week:
            for row in rows:
                week = programme_week(plan.programme.start_date, row.date)
                if row.week != week:
                    out.append(Violation(HardRule.TIMETABLE_PLANNED_WEEKS, pid,
                                         f"participant {pid} has a row on {_day(row)} marked "
                                         f"week {row.week}, the date is in programme week {week}"))
    return out
