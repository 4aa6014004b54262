"""Hypothesis strategies shared by all tests.

:func:`problems` builds small valid :class:`Problem` objects directly: every reference points
at something that exists, start dates are Mondays, phases of a plan do not overlap, company
days fit beside the school days (the class's or the phase's own), and the planned horizon is a
few weeks, so solving is fast. Rounds may have closed dates (public holidays as Settings say,
Holidays rows, a participant's leave), apprenticeship phases and a Shifts sheet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from hypothesis import strategies as st

from matcher.problem import (
    DEFAULT_WEIGHTS,
    Cefr,
    Company,
    FollowUp,
    Holiday,
    Participant,
    Phase,
    Place,
    Preference,
    Problem,
    Programme,
    Rota,
    Settings,
    Shift,
    Supervisor,
    TravelTime,
    Trial,
    TrialWindow,
    area_key,
    trade_key,
)

OCCUPATIONS = ("Helsefagarbeider", "Kokk", "Tømrer")
AREAS = ("Gloppen", "Stryn", "Førde", "Alna", "Grorud")
SHIFTS = ("D", "E", "N")
FIRST_MONDAY = dt.date(2026, 1, 5)

ids = st.one_of(
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,5}", fullmatch=True),
    st.sampled_from(["101", "0101", "=A1", "=SUM(B2)", "P 1"]),
)
names = st.from_regex(r"[A-Za-zÆØÅæøåéü=][A-Za-zÆØÅæøåéü' \-]{0,12}[a-zø]", fullmatch=True)
labels = st.sampled_from(["", "Prøvepraksis", "Vg1", "Sommerjobb", "Læretid"])
levels = st.sampled_from(list(Cefr))
days_sets = st.frozensets(st.integers(0, 6), min_size=1)


def mondays(weeks: int = 8) -> st.SearchStrategy[dt.date]:
    return st.integers(0, weeks).map(lambda k: FIRST_MONDAY + dt.timedelta(days=7 * k))


@st.composite
def _phases(draw: st.DrawFn, pid: str, n_school: int, scenario: str | None,
            max_week: int) -> list[Phase]:
    """Non-overlapping phases within weeks 1..max_week; company days fit beside school."""
    bounds = sorted(draw(st.lists(st.integers(1, max_week), min_size=2, max_size=4, unique=True)))
    out: list[Phase] = []
    for start, end in zip(bounds[::2], bounds[1::2], strict=False):
        at_school = draw(st.booleans())
        own_days, own_choose = None, None
        kind = draw(st.integers(0, 7)) if at_school else 0
        if kind in (1, 2):  # the phase's own fixed school days
            own_days = draw(st.frozensets(st.integers(0, 4), min_size=1, max_size=3))
        elif kind == 3:  # the tool chooses one school day for this phase
            own_choose = 1
        n = len(own_days) if own_days else own_choose or n_school
        free = 5 - n if at_school else 5
        company_days = draw(st.integers(0, max(0, free)))
        sup = draw(st.one_of(st.none(), st.integers(0, company_days)))
        out.append(Phase(pid, start, end, company_days, at_school, sup, draw(labels), scenario,
                         school_days=own_days, school_days_to_choose=own_choose,
                         apprenticeship=draw(st.integers(0, 5)) == 0))
    return out


@st.composite
def _programmes(draw: st.DrawFn, max_programmes: int) -> tuple[list[Programme], list[Phase]]:
    pids = draw(st.lists(ids, min_size=1, max_size=max_programmes, unique=True))
    programmes: list[Programme] = []
    phases: list[Phase] = []
    for pid in pids:
        fixed = draw(st.booleans())
        school = draw(st.frozensets(st.integers(0, 4), min_size=1, max_size=2)) if fixed else None
        choose = None if fixed else draw(st.integers(1, 2))
        n_school = len(school) if school is not None else (choose or 0)
        low = draw(st.integers(0, 2))
        programmes.append(Programme(
            programme_id=pid, occupation=draw(st.sampled_from(OCCUPATIONS)),
            start_date=draw(mondays()), school_days=school, school_days_to_choose=choose,
            name=draw(st.one_of(st.just(""), names)), min_norwegian_level=draw(levels),
            min_class_size=low, max_class_size=draw(st.one_of(st.none(), st.integers(low, 6))),
            min_with_rights=draw(st.integers(0, 1)), min_without_rights=draw(st.integers(0, 1)),
            trials=draw(st.integers(0, 4)) > 0))
        phases.extend(draw(_phases(pid, n_school, None, 6)))
        if draw(st.integers(0, 3)) == 0:
            phases.extend(draw(_phases(pid, n_school, "more days", 6)))
    return programmes, phases


@st.composite
def _rotas(draw: st.DrawFn) -> list[Rota]:
    rids = draw(st.lists(ids, min_size=1, max_size=2, unique=True))
    cell = st.one_of(st.none(), st.sampled_from(SHIFTS))
    return [Rota(rid, tuple(tuple(draw(st.lists(cell, min_size=7, max_size=7)))
                            for _ in range(draw(st.integers(1, 3))))) for rid in rids]


@st.composite
def problems(draw: st.DrawFn, max_participants: int = 12, max_companies: int = 4,
             max_programmes: int = 3) -> Problem:
    """A small valid round: all references valid and all SPEC.md input rules respected."""
    programmes, phases = draw(_programmes(max_programmes))
    rotas = draw(_rotas())
    cids = draw(st.lists(ids, min_size=1, max_size=max_companies, unique=True))
    companies = [Company(
        company_id=cid, name=draw(st.one_of(st.just(""), names)),
        area=draw(st.one_of(st.none(), st.sampled_from(AREAS))),
        training_office=draw(st.sampled_from(["", "OK Helse", "Byggopplæring"])),
        practice_days=draw(days_sets), min_norwegian_level=draw(levels),
        max_high_follow_up=draw(st.one_of(st.none(), st.integers(0, 2))),
        minority_experience=draw(st.booleans()),
        approved_training_company=draw(st.integers(0, 3)) > 0) for cid in cids]
    trades = sorted({p.occupation for p in programmes})
    places = [Place(cid, occ, draw(st.integers(0, 3)),
                    draw(st.one_of(st.none(), st.integers(0, 2))))
              for cid in cids for occ in trades if draw(st.booleans())]
    sids = draw(st.lists(ids, min_size=1, max_size=max_companies * 2, unique=True))
    supervisors = []
    for sid in sids:
        rota = draw(st.sampled_from(rotas))
        supervisors.append(Supervisor(
            supervisor_id=sid, company_id=draw(st.sampled_from(cids)),
            occupation=draw(st.sampled_from(trades)), rota_id=rota.rota_id,
            max_trainees=draw(st.integers(1, 3)),
            rota_start_week=draw(st.integers(1, rota.length)),
            name=draw(st.one_of(st.just(""), names))))
    participants = draw(_participants(max_participants, programmes, supervisors))
    part_ids = [p.participant_id for p in participants]
    pairs = draw(st.lists(st.tuples(st.sampled_from(part_ids), st.sampled_from(cids)),
                          max_size=6, unique=True))
    half = len(pairs) // 2
    trials = [Trial(p, c, draw(st.sampled_from(["approved", "rejected", "planned"])),
                    draw(st.sampled_from(["", "two weeks"]))) for p, c in pairs[:half]]
    preferences = [Preference(p, c, draw(st.one_of(st.none(), st.integers(1, 3))),
                              draw(st.one_of(st.none(), st.integers(1, 3))), draw(st.booleans()))
                   for p, c in pairs[half:]]
    area_pairs = draw(st.lists(st.tuples(st.sampled_from(AREAS), st.sampled_from(AREAS)),
                               max_size=5, unique_by=lambda t: frozenset(t)))
    travel = [TravelTime(area_key(a), area_key(b), draw(st.integers(0, 120)))
              for a, b in area_pairs]
    settings = Settings(
        round_name=draw(st.one_of(st.just(""), names)),
        rota_anchor_date=draw(st.one_of(st.none(), mondays())),
        horizon_weeks=draw(st.one_of(st.none(), st.integers(1, 6))),
        time_limit_seconds=draw(st.sampled_from([5.0, 10.0, 2.5])),
        random_seed=draw(st.integers(0, 100)), workers=draw(st.sampled_from([None, 1, 2])),
        trials_per_candidate=draw(st.integers(1, 3)),
        public_holidays=draw(st.sampled_from(["all", "school", "none"])),
        weights={k: draw(st.integers(0, 50)) for k in DEFAULT_WEIGHTS})
    shifts = draw(st.one_of(st.just(()), st.just(tuple(
        Shift(code, True, dt.time(7 + 8 * i), dt.time((15 + 8 * i) % 24), label)
        for i, (code, label) in enumerate(zip(SHIFTS, ("Dag", "Kveld", "Natt"), strict=True))
    ))))
    return Problem(tuple(programmes), tuple(phases), tuple(participants), tuple(companies),
                   tuple(places), tuple(supervisors), tuple(rotas), tuple(trials),
                   tuple(preferences), tuple(travel), settings,
                   trial_windows=tuple(draw(trial_windows(trades))), shifts=shifts,
                   holidays=tuple(draw(st.lists(holidays(), max_size=2))))


@st.composite
def trial_windows(draw: st.DrawFn, occupations: list[str], max_windows: int = 3,
                  ) -> list[TrialWindow]:
    """Trial windows (TrialWindows sheet): some overlapping, some for chosen trades only."""
    wids = draw(st.lists(ids, max_size=max_windows, unique=True))
    out = []
    for wid in wids:
        days = draw(st.integers(1, 7))
        trades = draw(st.one_of(st.none(), st.frozensets(
            st.sampled_from(occupations).map(trade_key), min_size=1)))
        out.append(TrialWindow(wid, draw(mondays()), draw(st.integers(1, 3)), days,
                               draw(st.one_of(st.none(), st.integers(0, days))), trades))
    return out


@st.composite
def holidays(draw: st.DrawFn) -> Holiday:
    """A Holidays row within the weeks the generated programmes plan (0–3 days long)."""
    first = FIRST_MONDAY + dt.timedelta(days=draw(st.integers(0, 13 * 7)))
    length = draw(st.integers(0, 3))
    return Holiday(first, first + dt.timedelta(days=length) if length else None,
                   draw(st.sampled_from(["school", "all"])), draw(st.sampled_from(["", "Ferie"])))


@st.composite
def leave(draw: st.DrawFn) -> dict[str, dt.date | None]:
    """A participant's leave (``away_from`` / ``away_to``), or none."""
    if draw(st.integers(0, 4)):
        return {}
    first = FIRST_MONDAY + dt.timedelta(days=draw(st.integers(0, 13 * 7)))
    length = draw(st.one_of(st.none(), st.integers(0, 20)))
    return {"away_from": first,
            "away_to": None if length is None else first + dt.timedelta(days=length)}


@st.composite
def _participants(draw: st.DrawFn, max_participants: int, programmes: list[Programme],
                  supervisors: list[Supervisor]) -> list[Participant]:
    pids = draw(st.lists(ids, min_size=1, max_size=max_participants, unique=True))
    prog_ids = [p.programme_id for p in programmes]
    out = []
    for pid in pids:
        lock: dict[str, Any] = {}
        if draw(st.integers(0, 5)) == 0:
            sup = draw(st.sampled_from(supervisors))
            lock = {"locked_company": sup.company_id,
                    "locked_supervisor": sup.supervisor_id if draw(st.booleans()) else None}
        out.append(Participant(
            participant_id=pid,
            programmes=tuple(draw(st.lists(st.sampled_from(prog_ids), min_size=1,
                                           max_size=len(prog_ids), unique=True))),
            norwegian_level=draw(levels), name=draw(st.one_of(st.just(""), names)),
            area=draw(st.one_of(st.none(), st.sampled_from(AREAS))),
            max_travel_minutes=draw(st.one_of(st.none(), st.integers(10, 90))),
            unavailable_days=draw(st.frozensets(st.integers(0, 6), max_size=2)),
            allowed_shifts=draw(st.one_of(st.none(), st.frozensets(st.sampled_from(SHIFTS),
                                                                    min_size=1))),
            priority=draw(st.integers(1, 5)), has_rights=draw(st.booleans()),
            follow_up_need=draw(st.sampled_from(list(FollowUp))),
            current_company=draw(st.one_of(st.none(), st.sampled_from(
                [s.company_id for s in supervisors]))),
            **draw(leave()), **lock))
    return out


@st.composite
def placeable(draw: st.DrawFn, **kw: int) -> Problem:
    """Generated rounds nudged towards placements, so the rules actually bind.

    Each relaxation is drawn, so some rounds keep the generator's strict values."""
    problem = draw(problems(**kw))
    if draw(st.booleans()):
        problem = replace(problem, companies=tuple(
            replace(c, min_norwegian_level=Cefr.A1, practice_days=frozenset(range(7)))
            for c in problem.companies))
    if draw(st.integers(0, 3)):
        problem = replace(problem, programmes=tuple(
            replace(g, min_norwegian_level=Cefr.A1, min_class_size=min(g.min_class_size, 1))
            for g in problem.programmes))
    if draw(st.integers(0, 3)):
        problem = replace(problem, participants=tuple(
            replace(p, locked_company=None, locked_supervisor=None)
            for p in problem.participants))
    if draw(st.booleans()):
        problem = replace(problem, participants=tuple(
            replace(p, max_travel_minutes=None, unavailable_days=frozenset(),
                    allowed_shifts=None) for p in problem.participants))
    if draw(st.booleans()):
        dense = Rota("DENSE", (("D", "E", "D", "N", "D", "E", None),
                               ("D", "D", None, "D", "E", "D", "D")))
        problem = replace(problem, rotas=(*problem.rotas, dense), supervisors=tuple(
            replace(s, rota_id="DENSE", rota_start_week=1 + i % 2)
            for i, s in enumerate(problem.supervisors)))
    if draw(st.integers(0, 3)):  # supervisors spread over the programmes' trades
        trades_in_use = sorted({g.occupation for g in problem.programmes})
        problem = replace(problem, supervisors=tuple(
            replace(s, occupation=trades_in_use[i % len(trades_in_use)])
            for i, s in enumerate(problem.supervisors)))
    if draw(st.integers(0, 3)):
        trades = {g.occupation for g in problem.programmes}
        have = {(pl.company_id, pl.trade) for pl in problem.places}
        extra = tuple(Place(c.company_id, t, 2) for c in problem.companies for t in trades
                      if (c.company_id, trade_key(t)) not in have)
        problem = replace(problem, places=(*problem.places, *extra))
    return problem


@st.composite
def sample_rounds(draw: st.DrawFn, smallest: int = 20, largest: int = 60) -> Problem:
    """Generated sample rounds (``matcher.samples.generate``) of ``smallest``–``largest``
    participants, some tightened so that class minimums, rights minimums and follow-up caps
    bind together with the profile's rotas and allowed shifts."""
    from matcher.samples import generate

    problem = generate(draw(st.integers(smallest, largest)), seed=draw(st.integers(0, 10**6)),
                       profile=draw(st.sampled_from(["county", "scarce", "rota-heavy"])))
    if draw(st.booleans()):
        problem = replace(problem, programmes=tuple(
            replace(g, min_class_size=max(g.min_class_size, 3), min_without_rights=1)
            for g in problem.programmes))
    if draw(st.booleans()):
        problem = replace(problem, companies=tuple(
            replace(c, max_high_follow_up=1) for c in problem.companies))
    return replace(problem, settings=replace(problem.settings, time_limit_seconds=20.0,
                                             workers=1))
