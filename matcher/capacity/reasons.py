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
from matcher.problem import Company, Problem, Programme, Supervisor

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Rule = Callable[[IntArray, IntArray], BoolArray]

#: A participant who can work any day and any shift: used to test rotas on their own.
ANYONE = ParticipantCalendar(frozenset(), None)


def unused_reason(problem: Problem, tables: Tables, company: Company, trade: str,
                  candidates: IntArray | None, eligible: int, most: int, places: int) -> str:
    """One sentence on why only ``most`` of ``places`` can be filled at a company × trade."""
    sups = np.array([j for j, s in enumerate(problem.supervisors)
                     if s.company_id == company.company_id and s.trade == trade], dtype=np.int64)
    if not len(sups):
        return "the company has no supervisor for the trade"
    if not any(problem.supervisors[int(j)].max_trainees > 0 for j in sups):
        return "its supervisors take no trainees (max_trainees is 0)"
    if most > 0:
        room = sum(problem.supervisors[int(j)].max_trainees for j in sups)
        if room < places:
            return f"its supervisors can take only {room} trainee(s) in all"
        return (f"only {eligible} candidate(s) can reach it" if eligible < places else
                "the candidates who can reach it are needed more elsewhere")
    if candidates is None or not len(candidates):
        return "no candidate applies for a programme of the trade"
    progs = [g for g in problem.programmes if g.trade == trade]
    level_ok = np.zeros(len(candidates), dtype=bool)
    for g in progs:
        level_ok |= rules.programme_level(tables, g, candidates, sups[:1])[:, 0]
    pidx = candidates[level_ok]
    if not len(pidx):
        return "no candidate meets the programmes' Norwegian minimum"

    def approved(p: IntArray, s: IntArray) -> BoolArray:
        ok = np.zeros((len(p), len(s)), dtype=bool)
        for g in progs:
            ok |= rules.approved_company(tables, g, p, s)
        return ok

    steps: list[tuple[str, Rule]] = [
        ("it is not an approved training company, and every programme of the trade has an "
         "apprenticeship year", approved),
        (f"its Norwegian minimum {company.min_norwegian_level.name} is above every "
         "candidate's level", lambda p, s: rules.company_level(tables, p, s)),
        ("no candidate who meets its Norwegian minimum lives within their travel limit",
         lambda p, s: rules.travel_limit(tables, p, s)),
        ("the candidates in reach are excluded or were rejected after a trial",
         lambda p, s: rules.not_forbidden(tables, p, s)),
        ("the candidates in reach are locked to other places",
         lambda p, s: rules.locks(tables, problem, p, s)),
        ("the candidates in reach need high follow-up, which it does not take",
         lambda p, s: rules.follow_up_room(tables, p, s)),
    ]
    ok = np.ones((len(pidx), len(sups)), dtype=bool)
    for sentence, rule in steps:
        ok &= rule(pidx, sups)
        if not ok.any():
            return sentence
    return ("no supervisor's rota fits the alternation pattern (school days, company days, "
            "days with the supervisor) of the candidates in reach")


def idle_supervisors(problem: Problem) -> Iterator[tuple[Supervisor, str]]:
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
        school = cal.school_options[0].describe()
        phases = phase_misfits(problem, first, fit.short_days, fit.short_supervisor)
        detail = (f" (e.g. {first.programme_id} with school on {school}: {phases})"
                  if phases else "")
        yield sup, (f"supervisor {sup.supervisor_id} at {sup.company_id}: rota {sup.rota_id} "
                    f"does not fit every phase of any {sup.occupation} programme{detail}")


def phase_misfits(problem: Problem, programme: Programme, short_days: tuple[int, ...],
                  short_supervisor: tuple[int, ...]) -> str:
    """Phase by phase, the weeks a rota cannot serve: ``Læretid: too few days on the
    supervisor's shifts in weeks 157–208``; the phases it fits are left out."""
    label = {w.week: w.phase.label or f"weeks {w.phase.from_week}–{w.phase.to_week}"
             for w in problem.planned_weeks(programme.programme_id)}
    parts: list[str] = []
    for weeks, what in ((short_days, "company days"),
                        (short_supervisor, "days on the supervisor's shifts")):
        by_phase: dict[str, list[int]] = {}
        for w in weeks:
            by_phase.setdefault(label[w], []).append(w)
        parts += [f"{name}: too few {what} in {week_ranges(tuple(ws))}"
                  for name, ws in by_phase.items()]
    return "; ".join(parts)
