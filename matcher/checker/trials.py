"""The independent trial checker: every rule of SPEC.md "Planning trial placements" re-checked
on a trial plan and its dated trial days, in plain Python.

It imports nothing of the planner (``matcher.trials``), nor the solver or its eligibility
code: the trades, levels, travel, rota shifts, closed dates and limits are derived again here
from the problem alone, so a planner bug cannot hide by being repeated. Every plan goes through
:func:`assert_trials_valid` before it is written.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from matcher.checker.derive import Closed as ClosedForAll
from matcher.checker.derive import norwegian_public_holidays
from matcher.checker.violation import Violation
from matcher.errors import CheckError
from matcher.problem import Participant, Problem, TrialWindow
from matcher.result import Activity
from matcher.rules import TrialRule

#: Dates closed for all for one participant.
Closed = Callable[[Participant], frozenset[dt.date]]

class TrialLike(Protocol):
    """What the checker reads of a planned trial."""

    @property
    def participant_id(self) -> str: ...
    @property
    def window_id(self) -> str: ...
    @property
    def company_id(self) -> str: ...
    @property
    def supervisor_id(self) -> str: ...


def derived_closed(problem: Problem) -> Closed:
    """The dates of the trial windows closed for all, per participant, derived here again:
    public holidays from Easter arithmetic (:mod:`matcher.checker.derive`), Holidays rows closed
    for all, and the participant's leave."""
    dates = {w.start_date + dt.timedelta(days=i) for w in problem.trial_windows
             for i in range(7 * w.weeks)}
    shut: set[dt.date] = set()
    if problem.settings.public_holidays == "all":
        for year in {d.year for d in dates}:
            shut |= norwegian_public_holidays(year) & dates
    for row in problem.holidays:
        if row.closed == "all":
            shut |= {d for d in dates if row.from_date <= d <= (row.to_date or row.from_date)}
    found = ClosedForAll(frozenset(shut), frozenset())

    def closed(person: Participant) -> frozenset[dt.date]:
        return frozenset(d for d in dates if found.for_all(person, d))

    return closed


def check_trials(problem: Problem, trials: Sequence[TrialLike], days: Iterable[Activity],
                 closed: Closed | None = None) -> list[Violation]:
    """Every broken trial rule (an empty list: the plan is valid). ``closed`` replaces the
    derived closed dates (tests give their own)."""
    closed = closed or derived_closed(problem)
    out: list[Violation] = []
    windows = {w.window_id: w for w in problem.trial_windows}
    known = []
    for t in trials:
        problem_with = _unknown(problem, windows, t)
        if problem_with:
            out.append(Violation(TrialRule.TRIAL_KNOWN, t.participant_id, problem_with))
        else:
            known.append(t)
            out += _pair(problem, windows[t.window_id], t)
    out += _limits(problem, windows, known)
    out += _capacity(problem, known)
    out += _days(problem, windows, known, list(days), closed)
    return out


def assert_trials_valid(problem: Problem, trials: Sequence[TrialLike], days: Iterable[Activity],
                        closed: Closed | None = None) -> None:
    """Raise :class:`CheckError` listing every violation, if there is any."""
    found = check_trials(problem, trials, days, closed)
    if found:
        raise CheckError([str(v) for v in found])


def _unknown(problem: Problem, windows: dict[str, TrialWindow], t: TrialLike) -> str:
    sup = problem.supervisors_by_id.get(t.supervisor_id)
    if t.participant_id not in problem.participants_by_id:
        return f"unknown participant {t.participant_id}"
    if t.window_id not in windows:
        return f"unknown window {t.window_id}"
    if sup is None or t.company_id not in problem.companies_by_id:
        return f"unknown supervisor {t.supervisor_id} or company {t.company_id}"
    if sup.company_id != t.company_id:
        return f"supervisor {t.supervisor_id} does not work at company {t.company_id}"
    return ""


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _apprentice(problem: Problem, programme_id: str) -> bool:
    """Whether a programme's base plan has an apprenticeship week among its planned weeks."""
    horizon = problem.settings.horizon_weeks
    return any(ph.apprenticeship and (horizon is None or ph.from_week <= horizon)
               for ph in problem.phases
               if ph.programme_id == programme_id and ph.scenario is None)


def _pair(problem: Problem, window: TrialWindow, t: TrialLike) -> list[Violation]:
    person = problem.participants_by_id[t.participant_id]
    sup = problem.supervisors_by_id[t.supervisor_id]
    company = problem.companies_by_id[t.company_id]
    pid = t.participant_id
    trade = _norm(sup.occupation)
    programmes = [problem.programmes_by_id[g] for g in person.programmes
                  if g in problem.programmes_by_id]
    fitting = [g for g in programmes if g.trials and _norm(g.occupation) == trade
               and person.norwegian_level >= g.min_norwegian_level]
    out: list[Violation] = []

    def broken(rule: TrialRule, text: str) -> None:
        out.append(Violation(rule, pid, f"trial of {pid} in window {window.window_id} at "
                                        f"{t.company_id}: {text}"))

    if not fitting:
        broken(TrialRule.TRIAL_TRADE,
               "no programme of the participant in this trade allows trials at their level")
    if window.occupations is not None and trade not in {_norm(o) for o in window.occupations}:
        broken(TrialRule.TRIAL_TRADE, "the window is not for this trade")
    if person.norwegian_level < company.min_norwegian_level:
        broken(TrialRule.TRIAL_PAIR, "below the company's Norwegian minimum")
    minutes = problem.travel_minutes(person, company)
    if minutes is not None and person.max_travel_minutes is not None and \
            minutes > person.max_travel_minutes:
        broken(TrialRule.TRIAL_PAIR, f"{minutes} minutes of travel, above the limit")
    if any(r.participant_id == pid and r.company_id == t.company_id for r in problem.trials):
        broken(TrialRule.TRIAL_PAIR, "the pair already has a Trials row")
    if any(f.participant_id == pid and f.company_id == t.company_id and f.excluded
           for f in problem.preferences):
        broken(TrialRule.TRIAL_PAIR, "the pair is excluded")
    lock = person.locked_company
    if lock is None and person.locked_supervisor in problem.supervisors_by_id:
        lock = problem.supervisors_by_id[person.locked_supervisor].company_id
    if lock is not None and lock != t.company_id:
        broken(TrialRule.TRIAL_PAIR, f"the participant is locked to {lock}")
    if fitting and all(_apprentice(problem, g.programme_id) for g in fitting) and \
            not company.approved_training_company:
        broken(TrialRule.TRIAL_PAIR, "not an approved training company")
    return out


def _end(window: TrialWindow) -> dt.date:
    return window.start_date + dt.timedelta(days=7 * window.weeks - 1)


def _limits(problem: Problem, windows: dict[str, TrialWindow],
            trials: list[TrialLike]) -> list[Violation]:
    out: list[Violation] = []
    by_person: dict[str, list[TrialLike]] = defaultdict(list)
    for t in trials:
        by_person[t.participant_id].append(t)
    cap = problem.settings.trials_per_candidate
    for pid, own in by_person.items():
        if len(own) > cap:
            out.append(Violation(TrialRule.TRIAL_LIMITS, pid, f"{pid} has {len(own)} trials, above "
                                                      f"{cap}"))
        if len({t.company_id for t in own}) < len(own):
            out.append(Violation(TrialRule.TRIAL_LIMITS, pid,
                                 f"{pid} has two trials at one company"))
        for i, a in enumerate(own):
            for b in own[i + 1:]:
                wa, wb = windows[a.window_id], windows[b.window_id]
                if wa.start_date <= _end(wb) and wb.start_date <= _end(wa):
                    out.append(Violation(
                        TrialRule.TRIAL_LIMITS, pid, f"{pid} has trials in windows "
                        f"{a.window_id} and {b.window_id}, which overlap"))
    return out


def _capacity(problem: Problem, trials: list[TrialLike]) -> list[Violation]:
    out: list[Violation] = []
    places = {(p.company_id, _norm(p.occupation)):
              p.places if p.trial_places is None else p.trial_places for p in problem.places}
    pools: Counter[tuple[str, str, str]] = Counter()
    sups: Counter[tuple[str, str]] = Counter()
    for t in trials:
        sup = problem.supervisors_by_id[t.supervisor_id]
        pools[(t.window_id, t.company_id, _norm(sup.occupation))] += 1
        sups[(t.window_id, t.supervisor_id)] += 1
    for (w, c, trade), n in pools.items():
        if n > places.get((c, trade), 0):
            out.append(Violation(
                TrialRule.TRIAL_CAPACITY, None, f"window {w}: {n} trials at {c} for "
                f"{trade}, above its {places.get((c, trade), 0)} trial places"))
    for (w, s), n in sups.items():
        limit = problem.supervisors_by_id[s].max_trainees
        if n > limit:
            out.append(Violation(
                TrialRule.TRIAL_CAPACITY, None, f"window {w}: supervisor {s} has {n} "
                f"trial participants, above max_trainees {limit}"))
    return out


def _shift(problem: Problem, supervisor_id: str, day: dt.date) -> str | None:
    """The supervisor's shift on a date, by SPEC.md's rota formula (derived here again)."""
    sup = problem.supervisors_by_id[supervisor_id]
    rota = problem.rotas_by_id[sup.rota_id]
    anchor = problem.settings.rota_anchor_date or min(g.start_date for g in problem.programmes)
    k = (day - anchor).days // 7
    return rota.weeks[(k + sup.rota_start_week - 1) % len(rota.weeks)][day.weekday()]


def _days(problem: Problem, windows: dict[str, TrialWindow], trials: list[TrialLike],
          rows: list[Activity], closed: Closed) -> list[Violation]:
    out: list[Violation] = []
    by_person: dict[str, list[Activity]] = defaultdict(list)
    for r in rows:
        by_person[r.participant_id].append(r)
    planned = {t.participant_id for t in trials}
    for pid in set(by_person) - planned:
        out.append(Violation(TrialRule.TRIAL_DAYS, pid, f"{pid} has trial days but no trial"))
    for pid, own in by_person.items():
        dates = Counter(r.date for r in own)
        if any(n > 1 for n in dates.values()):
            out.append(Violation(TrialRule.TRIAL_DAYS, pid,
                                 f"{pid} has two trial days on one date"))
    for t in trials:
        window = windows[t.window_id]
        person = problem.participants_by_id[t.participant_id]
        mine = [r for r in by_person.get(t.participant_id, [])
                if window.start_date <= r.date <= _end(window)]
        out += _trial_days(problem, window, t, person, mine, closed(person))
    return out


def _trial_days(problem: Problem, window: TrialWindow, t: TrialLike, person: Participant,
                rows: list[Activity], closed: frozenset[dt.date]) -> list[Violation]:
    out: list[Violation] = []
    pid = t.participant_id
    company = problem.companies_by_id[t.company_id]
    sup_days = window.days_per_week if window.min_days_with_supervisor is None \
        else window.min_days_with_supervisor

    def broken(text: str) -> None:
        out.append(Violation(TrialRule.TRIAL_DAYS, pid,
                             f"trial of {pid} in window {window.window_id}: {text}"))

    if not rows:
        broken("no trial day")
    for r in rows:
        week = (r.date - window.start_date).days // 7 + 1
        if (r.activity, r.company_id, r.supervisor_id, r.week) != \
                ("trial", t.company_id, t.supervisor_id, week):
            broken(f"{r.date}: the row does not match the trial")
        if r.date.weekday() not in company.practice_days or \
                r.date.weekday() in person.unavailable_days or r.date in closed:
            broken(f"{r.date} is not an open practice day for the participant")
        if r.with_supervisor:
            shift = _shift(problem, t.supervisor_id, r.date)
            allowed = person.allowed_shifts
            if shift is None or shift != r.shift or (allowed is not None and
                                                     shift not in allowed):
                broken(f"{r.date} is marked with the supervisor, off the supervisor's shifts "
                       "the participant may work")
    for week in range(window.weeks):
        monday = window.start_date + dt.timedelta(days=7 * week)
        h = sum(1 for i in range(7) if monday + dt.timedelta(days=i) in closed)
        in_week = [r for r in rows if monday <= r.date < monday + dt.timedelta(days=7)]
        low = max(0, window.days_per_week - h)
        if not low <= len(in_week) <= window.days_per_week:
            broken(f"week {week + 1} has {len(in_week)} trial days, not {low} to "
                   f"{window.days_per_week}")
        with_sup = sum(1 for r in in_week if r.with_supervisor)
        if with_sup < max(0, sup_days - h):
            broken(f"week {week + 1} has {with_sup} days with the supervisor, below "
                   f"{max(0, sup_days - h)}")
    return out
