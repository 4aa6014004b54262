"""Why a company's places stay unused, and which supervisors' rotas fit no phase at all.

The same named pair rules that build the eligible pairs (:mod:`matcher.eligibility.rules`) are
applied one at a time to the trade's candidates and the company's supervisors; the first rule
that leaves no pair is the reason, said the way a training office would say it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import numpy.typing as npt

from matcher.eligibility import Tables, rules
from matcher.eligibility.arcs import CalendarCache, place_calendar
from matcher.eligibility.calendar import ParticipantCalendar
from matcher.explain import week_ranges
from matcher.i18n import column_name, messages
from matcher.i18n.phrase import Lazy, Phrase, joined, phrase, plural
from matcher.problem import Company, Problem, Programme, SchoolOption, Supervisor, format_days

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Rule = Callable[[IntArray, IntArray], BoolArray]

#: A participant who can work any day and any shift: used to test rotas on their own.
ANYONE = ParticipantCalendar(frozenset(), None)


def unused_reason(problem: Problem, tables: Tables, company: Company, trade: str,
                  candidates: IntArray | None, eligible: int, most: int, places: int) -> Phrase:
    """One sentence on why only ``most`` of ``places`` can be filled at a company × trade."""
    sups = np.array([j for j, s in enumerate(problem.supervisors)
                     if s.company_id == company.company_id and s.trade == trade], dtype=np.int64)
    if not len(sups):
        return phrase("the company has no supervisor for the trade")
    if not any(problem.supervisors[int(j)].max_trainees > 0 for j in sups):
        return phrase("its supervisors take no trainees ({column} is 0)",
                      column=Lazy(lambda language: column_name("max_trainees", language)))
    if most > 0:
        room = sum(problem.supervisors[int(j)].max_trainees for j in sups)
        if room < places:
            return plural("its supervisors can take only {n} trainee in all",
                          "its supervisors can take only {n} trainees in all", room)
        return (plural("only {n} candidate can reach it", "only {n} candidates can reach it",
                       eligible) if eligible < places else
                phrase("the candidates who can reach it are needed more elsewhere"))
    if candidates is None or not len(candidates):
        return phrase("no candidate applies for a programme of the trade")
    progs = [g for g in problem.programmes if g.trade == trade]
    level_ok = np.zeros(len(candidates), dtype=bool)
    for g in progs:
        level_ok |= rules.programme_level(tables, g, candidates, sups[:1])[:, 0]
    pidx = candidates[level_ok]
    if not len(pidx):
        return phrase("no candidate meets the programmes' Norwegian minimum")

    def approved(p: IntArray, s: IntArray) -> BoolArray:
        ok = np.zeros((len(p), len(s)), dtype=bool)
        for g in progs:
            ok |= rules.approved_company(tables, g, p, s)
        return ok

    steps: list[tuple[Phrase, Rule]] = [
        (phrase("it is not an approved training company, and every programme of the trade has "
                "an apprenticeship year"), approved),
        (phrase("its Norwegian minimum {level} is above every candidate's level",
                level=company.min_norwegian_level.name),
         lambda p, s: rules.company_level(tables, p, s)),
        (phrase("no candidate who meets its Norwegian minimum lives within their travel limit"),
         lambda p, s: rules.travel_limit(tables, p, s)),
        (phrase("the candidates in reach are excluded or were rejected after a trial"),
         lambda p, s: rules.not_forbidden(tables, p, s)),
        (phrase("the candidates in reach are locked to other places"),
         lambda p, s: rules.locks(tables, problem, p, s)),
        (phrase("the candidates in reach need high follow-up, which it does not take"),
         lambda p, s: rules.follow_up_room(tables, p, s)),
    ]
    ok = np.ones((len(pidx), len(sups)), dtype=bool)
    for sentence, rule in steps:
        ok &= rule(pidx, sups)
        if not ok.any():
            return sentence
    return phrase("no supervisor's rota fits the alternation pattern (school days, company "
                  "days, days with the supervisor) of the candidates in reach")


def idle_supervisors(problem: Problem) -> Iterator[tuple[Supervisor, Phrase]]:
    """Supervisors whose rota fits no school-day option of any programme of their trade, even
    for a participant free every day who may work any shift; with the weeks that fail."""
    cache = CalendarCache(problem)
    by_trade: dict[str, list[int]] = {}
    for g, prog in enumerate(problem.programmes):
        by_trade.setdefault(prog.trade, []).append(g)
    places = problem.places_by_key
    for j, sup in enumerate(problem.supervisors):
        if sup.max_trainees <= 0 or places.get((sup.company_id, sup.trade), 0) <= 0:
            continue  # takes no trainees anyway: the Companies sheet says so
        progs = [problem.programmes[g] for g in by_trade.get(sup.trade, [])]
        if not progs:
            continue  # no programme of the trade this round: nothing to fit
        place = place_calendar(problem, j)
        if any(cache.options(g, ANYONE, place)[0] for g in progs):
            continue
        first = progs[0]
        cal = cache.programme(first)
        fit = cal.fit(problem.rotas_by_id[sup.rota_id], ANYONE, place, 0)
        phases = phase_misfits(problem, first, fit.short_days, fit.short_supervisor)
        names = {"supervisor": sup.supervisor_id, "company": sup.company_id,
                 "rota": sup.rota_id, "occupation": sup.occupation}
        if phases is None:
            yield sup, phrase("supervisor {supervisor} at {company}: rota {rota} does not fit "
                              "every phase of any {occupation} programme", **names)
        else:
            yield sup, phrase(
                "supervisor {supervisor} at {company}: rota {rota} does not fit every phase of "
                "any {occupation} programme (e.g. {programme} with school on {school}: "
                "{phases})", **names, programme=first.programme_id,
                school=school_days_text(cal.school_options[0]), phases=phases)


def school_days_text(option: SchoolOption) -> Lazy:
    """A school-day option as each language writes it: ``Mon,Tue; from week 41: Mon``."""
    def show(language: str) -> str:
        t = messages(language)
        return "; ".join([t.weekday_text(format_days(option.days))] + [
            t("from week {week}: {days}", week=week, days=t.weekday_text(format_days(days)))
            for week, days in option.phases])
    return Lazy(show)


def phase_misfits(problem: Problem, programme: Programme, short_days: tuple[int, ...],
                  short_supervisor: tuple[int, ...]) -> Lazy | None:
    """Phase by phase, the weeks a rota cannot serve: ``Læretid: too few days on the
    supervisor's shifts in weeks 157–208``; the phases it fits are left out (``None``: none)."""
    phase_of = {w.week: w.phase for w in problem.planned_weeks(programme.programme_id)}

    def key(week: int) -> str | tuple[int, int]:  # phases with one label are named together
        ph = phase_of[week]
        return ph.label or (ph.from_week, ph.to_week)

    parts: list[Phrase] = []
    for weeks, message in ((short_days, "{phase}: too few company days in {weeks}"),
                           (short_supervisor,
                            "{phase}: too few days on the supervisor's shifts in {weeks}")):
        by_phase: dict[str | tuple[int, int], list[int]] = {}
        for w in weeks:
            by_phase.setdefault(key(w), []).append(w)
        parts += [Phrase(message, {"phase": name if isinstance(name, str) else phrase(
            "weeks {first}–{last}", first=name[0], last=name[1]), "weeks": _weeks(tuple(ws))})
                  for name, ws in by_phase.items()]
    return joined(parts) if parts else None


def _weeks(weeks: tuple[int, ...]) -> Lazy:
    return Lazy(lambda language: week_ranges(weeks, messages(language)))
