"""Realistic synthetic matching rounds, modelled on the real programmes of DOMAIN.md.

``generate(participants, companies, seed, profile)`` returns a :class:`Problem`; the same
arguments always give the same problem (one ``random.Random(seed)``, never global state, and
no iteration over hashed sets). Scarcity is tuned so most candidates can be placed and some
cannot: places fall short of demand, and language, travel, rotas and days off rule pairs out.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from matcher.problem import (
    CLOSED_SCHOOL,
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
from matcher.samples.catalogue import (
    BENCH_PROFILES,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    KINDS,
    LEVEL_WEIGHTS,
    PROFILE_MIX,
    PROFILES,
    REGIONS,
    ROTAS,
    SURNAMES,
    TEMPLATES,
    TRADES,
    PhaseSpec,
    ProgrammeTemplate,
    Trade,
    working,
)
from matcher.samples.fit import fits

T = TypeVar("T")
TARGET_CLASS = 10  # candidates per class (first choice) before a parallel class opens
SCENARIO = "more company days"


def _rota(rota_id: str) -> Rota:
    """A library rota, with the cells as its Rotas sheet writes them where they hold day-off
    codes (as the reader keeps them)."""
    written = ROTAS[rota_id]
    weeks = working(written)
    return Rota(rota_id, weeks, written=written if written != weeks else None)


@dataclass(frozen=True)
class Knobs:
    """What a profile changes."""

    capacity: float = 0.9  # places offered per first-choice candidate
    trials: float | None = None  # override of the templates' trial share
    locks: float = 0.015
    plain: bool = False
    rota_heavy: bool = False
    scenario: bool = False


KNOBS: dict[str, Knobs] = {
    "county": Knobs(scenario=True),
    "plain": Knobs(plain=True),
    "rota-heavy": Knobs(rota_heavy=True, capacity=1.0),
    "scarce": Knobs(capacity=0.6, trials=0.5, locks=0.05),
}


#: The benchmark shapes' horizon: they are one-year rounds (over a four-year course their
#: tight rotas leave most classes below their minimums).
ONE_YEAR = 52


def generate(participants: int = 60, companies: int | None = None, seed: int = 0,
             profile: str = "county", horizon_weeks: int | None = -1) -> Problem:
    """A synthetic round of ``participants`` candidates (and about ``companies`` companies).

    ``horizon_weeks=-1`` (the default) plans the whole programmes, every year of the course,
    for the real programmes and the county mix, and one year (52 weeks) for the benchmark
    shapes (plain, rota-heavy, scarce), which are one-year rounds; pass a number of weeks to
    plan only so far.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    if participants < 1:
        raise ValueError("participants must be at least 1")
    if companies is not None and companies < 1:
        raise ValueError("companies must be at least 1")
    if horizon_weeks == -1:
        horizon_weeks = ONE_YEAR if profile in BENCH_PROFILES else None
    builder = _Builder(random.Random(seed), profile, KNOBS.get(profile, Knobs()))
    return builder.build(participants, companies, seed, horizon_weeks)


@dataclass
class _Class:
    programme: Programme
    template: ProgrammeTemplate
    trade: Trade
    candidates: list[int] = field(default_factory=list)


@dataclass
class _Builder:
    rng: random.Random
    profile: str
    knobs: Knobs
    classes: list[_Class] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    supervisors: list[Supervisor] = field(default_factory=list)
    company_index: dict[tuple[str, str], list[Company]] = field(default_factory=dict)
    used_rotas: dict[str, None] = field(default_factory=dict)
    company_region: dict[str, str] = field(default_factory=dict)

    # --- the whole round -----------------------------------------------------------------

    def build(self, n_participants: int, n_companies: int | None, seed: int,
              horizon: int | None) -> Problem:
        mix = PROFILE_MIX.get(self.profile, PROFILE_MIX["county"])
        per_template = _apportion(n_participants, [w for _, w in mix])
        id_width = max(4, len(str(n_participants)))
        for (key, _), count in zip(mix, per_template, strict=True):
            if count:
                self._add_classes(TEMPLATES[key], count)
        self._add_participants(id_width)
        self._add_companies(n_companies)
        regions = sorted({c.template.region for c in self.classes})
        start = min(p.start_date for p in self.programmes)
        last = max(p.start_date + dt.timedelta(weeks=max(
            (ph.to_week for ph in self.phases if ph.programme_id == p.programme_id), default=1))
            for p in self.programmes)
        problem = Problem(
            programmes=tuple(self.programmes), phases=tuple(self.phases),
            participants=tuple(self.participants), companies=tuple(self.companies),
            places=tuple(self.places), supervisors=tuple(self.supervisors),
            rotas=tuple(_rota(r) for r in sorted(self.used_rotas)),
            travel=_travel(regions), trial_windows=self._trial_windows(),
            settings=Settings(round_name=f"Sample round: {self.profile} (seed {seed})",
                              rota_anchor_date=start - dt.timedelta(days=start.weekday()),
                              horizon_weeks=horizon, random_seed=seed,
                              weights=dict(DEFAULT_WEIGHTS)),
            shifts=SHIFTS if not self.knobs.plain else (),
            holidays=_holidays(start, last) if not self.knobs.plain else (),
        )
        problem = self._add_trials_and_preferences(problem)
        return self._add_locks(problem)

    # --- programmes ----------------------------------------------------------------------

    def _trial_windows(self) -> tuple[TrialWindow, ...]:
        """The trial windows of the programmes in the round that plan trials, each for the
        programme's trades that allow trials."""
        out: dict[str, TrialWindow] = {}
        for cls in self.classes:
            template = cls.template
            trades = frozenset(trade_key(TRADES[code].occupation) for code, _ in template.trades
                               if TRADES[code].trials)
            for suffix, offset, weeks, days, with_supervisor in template.trial_windows:
                wid = f"{template.code}-{suffix}"
                if wid not in out and trades:
                    out[wid] = TrialWindow(wid, template.start_date + dt.timedelta(
                        days=7 * offset), weeks, days, with_supervisor, trades)
        return tuple(out.values())

    def _add_classes(self, template: ProgrammeTemplate, count: int) -> None:
        trades = template.trades
        for (code, _), n in zip(trades, _apportion(count, [w for _, w in trades]), strict=True):
            if n == 0:
                continue
            trade = TRADES[code]
            n_classes = max(1, math.ceil(n / TARGET_CLASS))
            sizes = _apportion(n, [1] * n_classes)
            for i, size in enumerate(sizes):
                suffix = chr(ord("A") + i % 26) + (str(i // 26) if i >= 26 else "")
                pid = f"{template.code}-{code}-{template.start_date:%y}{suffix}"
                prog = replace(self._programme(template, trade, pid, size), trials=trade.trials)
                self.programmes.append(prog)
                self.phases.extend(self._phases(template, trade, pid, prog))
                self.classes.append(_Class(prog, template, trade, [-1] * size))

    def _programme(self, template: ProgrammeTemplate, trade: Trade, pid: str,
                   size: int) -> Programme:
        """A class; a small class's minimum size is at most half its candidates, as a planner
        would not open a class that cannot run."""
        lo, hi = template.class_size
        lo = min(lo, max(1, size // 2))
        plain = self.knobs.plain
        return Programme(
            programme_id=pid, occupation=trade.occupation, start_date=template.start_date,
            school_days=template.school_days if template.school_days is not None or plain
            else None,
            school_days_to_choose=None if template.school_days is not None or plain
            else template.school_days_to_choose,
            name=f"{template.name} {trade.occupation} {template.start_date.year}",
            min_norwegian_level=template.min_level,
            preferred_norwegian_level=template.preferred_level,
            min_class_size=0 if plain else lo, max_class_size=hi,
            min_with_rights=0 if plain else template.rights[0],
            min_without_rights=0 if plain else template.rights[1],
        ) if template.school_days is not None or not plain else Programme(
            programme_id=pid, occupation=trade.occupation, start_date=template.start_date,
            school_days=frozenset({0, 1}),
            name=f"{template.name} {trade.occupation} {template.start_date.year}",
            min_norwegian_level=template.min_level, max_class_size=hi)

    def _kind(self, template: ProgrammeTemplate, trade: Trade) -> str:
        if self.knobs.plain:
            return "office"
        if self.knobs.rota_heavy:
            return trade.kind if trade.kind in ("care", "industry5") else (
                "care" if trade.kind in ("kitchen", "office") else "industry5")
        if template.fixed_supervisor and trade.kind in ("care", "kitchen"):
            return "fixed"
        return trade.kind

    def _phase_specs(self, template: ProgrammeTemplate, trade: Trade) -> tuple[PhaseSpec, ...]:
        kind = self._kind(template, trade)
        rota_based = kind in ("care", "kitchen", "industry5", "industry2")
        if template.rota_phases is not None and (rota_based or not template.phases):
            specs = template.rota_phases
        else:
            specs = template.phases
        if self.knobs.plain:
            specs = tuple(replace(sp, supervisor_days=None, school=None, apprenticeship=False)
                          for sp in specs)
        if self.knobs.rota_heavy:
            specs = tuple(replace(sp, supervisor_days=max(1, sp.company_days - 1)
                                  if sp.company_days else 0) for sp in specs)
        return specs

    def _phases(self, template: ProgrammeTemplate, trade: Trade, pid: str,
                prog: Programme) -> list[Phase]:
        specs = self._phase_specs(template, trade)
        out = [_phase(pid, sp) for sp in specs]
        if self.knobs.scenario and template.key in ("gloppen", "oslo"):
            for sp in specs:
                n_school = _school_count(sp.school, prog)
                more = min(sp.company_days + 1, 5 - n_school) if sp.at_school else \
                    sp.company_days
                out.append(_phase(pid, replace(sp, company_days=more), SCENARIO))
        return out

    # --- participants --------------------------------------------------------------------

    def _add_participants(self, id_width: int) -> None:
        by_template: dict[str, list[_Class]] = {}
        for cls in self.classes:
            by_template.setdefault(cls.template.key, []).append(cls)
        number = 0
        for cls in self.classes:
            region = REGIONS[cls.template.region]
            siblings = [c for c in by_template[cls.template.key] if c is not cls]
            for slot in range(len(cls.candidates)):
                number += 1
                pid = f"D{number:0{id_width}d}"
                choices = [cls.programme.programme_id]
                if siblings and self.rng.random() < 0.25:
                    choices.append(self.rng.choice(siblings).programme.programme_id)
                cls.candidates[slot] = len(self.participants)
                self.participants.append(self._participant(pid, tuple(choices), cls, region))

    def _participant(self, pid: str, choices: tuple[str, ...], cls: _Class,
                     region: object) -> Participant:
        rng = self.rng
        template = cls.template
        level = _weighted(rng, template.level_weights or LEVEL_WEIGHTS)
        if level < template.min_level and rng.random() < 0.85:
            level = Cefr(rng.randint(int(template.min_level), int(Cefr.B2)))
        male = template.men_only or rng.random() < 0.45
        first = rng.choice(FIRST_NAMES_M if male else FIRST_NAMES_F)
        reg = REGIONS[template.region]
        area = _weighted(rng, [(a[0], a[3]) for a in reg.areas])
        limits = (None, 30, 45, 60) if reg.urban else (None, 45, 60, 90)
        unavailable: frozenset[int] = frozenset()
        allowed: frozenset[str] | None = None
        if not self.knobs.plain:
            roll = rng.random()
            if roll < 0.08:
                unavailable = frozenset({rng.choice((0, 2, 4))})
            elif roll < 0.16 and cls.trade.kind == "care":
                unavailable = frozenset({5, 6})
            shifts = rng.random()
            if shifts < 0.15:
                allowed = frozenset({"D", "E"})
            elif shifts < 0.2:
                allowed = frozenset({"D"})
        rights_share = 0.5 if template.rights != (0, 0) else 0.6
        return Participant(
            participant_id=pid, programmes=choices, norwegian_level=level,
            name=f"{first} {rng.choice(SURNAMES)}", area=area,
            max_travel_minutes=_weighted(rng, list(zip(limits, (4, 2, 3, 2), strict=True))),
            unavailable_days=unavailable, allowed_shifts=allowed,
            priority=_weighted(rng, [(1, 1), (2, 2), (3, 4), (4, 2), (5, 1)]),
            has_rights=rng.random() < rights_share,
            follow_up_need=_weighted(rng, [(FollowUp.LOW, 6), (FollowUp.MEDIUM, 3),
                                           (FollowUp.HIGH, 1)]),
        )

    # --- companies, places, supervisors --------------------------------------------------

    def _add_companies(self, n_companies: int | None) -> None:
        demand: dict[tuple[str, str], int] = {}
        for cls in self.classes:
            key = (cls.template.key, cls.trade.code)
            demand[key] = demand.get(key, 0) + len(cls.candidates)
        keys = list(demand)
        targets = [max(1, round(demand[k] * self.knobs.capacity)) for k in keys]
        if n_companies is None:
            counts = [max(1, round(t / (2.5 if TRADES[k[1]].kind == "care" else 1.6)))
                      for k, t in zip(keys, targets, strict=True)]
        else:
            counts = [max(1, c) for c in _apportion(n_companies, [demand[k] for k in keys])]
        fixed = {(t.key, code): n for t in TEMPLATES.values() for code, n in t.companies}
        counts = [fixed.get(k, c) for k, c in zip(keys, counts, strict=True)]
        id_width = max(3, len(str(sum(counts))))
        for key, target, count in zip(keys, targets, counts, strict=True):
            template, trade = TEMPLATES[key[0]], TRADES[key[1]]
            places = _apportion(target, [1.0 + self.rng.random() for _ in range(count)])
            for n_places in places:
                self._company(template, trade, n_places, id_width)

    def _company(self, template: ProgrammeTemplate, trade: Trade, n_places: int,
                 id_width: int) -> None:
        rng = self.rng
        region = REGIONS[template.region]
        cid = f"B{len(self.companies) + 1:0{id_width}d}"
        area = _weighted(rng, [(a[0], a[3]) for a in region.areas])
        kind = self._kind(template, trade)
        rota_choices, practice = KINDS[kind]
        plain = self.knobs.plain
        if not (plain or self.knobs.rota_heavy):
            rota_choices = dict(template.rotas).get(trade.code, rota_choices)
        # the companies the report names (Odda's two process plants) take apprentices
        named = trade.code in dict(template.companies)
        company = Company(
            company_id=cid, name=rng.choice(trade.workplaces).format(area=area), area=area,
            training_office=region.offices.get(trade.office, region.offices["care"]),
            practice_days=practice,
            min_norwegian_level=Cefr.A1 if plain else _weighted(
                rng, [(Cefr.A1, 75), (Cefr.A2, 15), (Cefr.B1, 10)]),
            max_high_follow_up=None if plain else _weighted(rng, [(None, 5), (1, 4), (2, 1)]),
            minority_experience=rng.random() < 0.4,
            approved_training_company=plain or rng.random() >= 0.08 or named,
        )
        self.companies.append(company)
        self.company_index.setdefault((template.region, trade.code), []).append(company)
        self.company_region[cid] = template.region
        self.places.append(Place(cid, trade.occupation, n_places))
        max_trainees = 1 if kind in ("care", "fixed") and rng.random() < 0.6 else 2
        n_sup = max(1, math.ceil(n_places / max_trainees)) + (rng.random() < 0.2)
        for _ in range(n_sup):
            rota = _weighted(rng, list(rota_choices))
            if self.knobs.rota_heavy and kind == "care" and rng.random() < 0.3:
                rota = "TURNUS-3V-NATT"
            self.used_rotas[rota] = None
            sid = f"V{len(self.supervisors) + 1:0{id_width + 1}d}"
            self.supervisors.append(Supervisor(
                supervisor_id=sid, company_id=cid, occupation=trade.occupation, rota_id=rota,
                max_trainees=max_trainees, rota_start_week=rng.randint(1, len(ROTAS[rota])),
                name=f"{rng.choice(FIRST_NAMES_F + FIRST_NAMES_M)} {rng.choice(SURNAMES)}"))

    # --- trials, preferences, current places ---------------------------------------------

    def _add_trials_and_preferences(self, problem: Problem) -> Problem:
        rng = self.rng
        trials: list[Trial] = []
        prefs: list[Preference] = []
        participants = list(problem.participants)
        for cls in self.classes:
            local = self.company_index.get((cls.template.region, cls.trade.code), [])
            if not local:
                continue
            share = cls.template.trial_share if self.knobs.trials is None else self.knobs.trials
            if cls.trade.code not in cls.template.trial_trades and self.knobs.trials is None:
                share = 0.0
            for index in cls.candidates:
                p = participants[index]
                tried: list[str] = []
                if rng.random() < share:
                    company = rng.choice(local)
                    tried.append(company.company_id)
                    approved = rng.random() < 0.8
                    trials.append(Trial(p.participant_id, company.company_id,
                                        "approved" if approved else "rejected",
                                        "2 veker prøvepraksis" if approved
                                        else "ikkje godkjent etter prøvepraksis"))
                prefs.extend(self._preferences(p.participant_id, local, tried))
                if rng.random() < 0.04:
                    participants[index] = replace(p, current_company=rng.choice(local).company_id)
        return replace(problem, participants=tuple(participants), trials=tuple(trials),
                       preferences=tuple(prefs))

    def _preferences(self, pid: str, local: Sequence[Company],
                     tried: list[str]) -> list[Preference]:
        """A few ranked wishes, and now and then an excluded company (never one tried)."""
        rng = self.rng
        out: list[Preference] = []
        used = set(tried)
        if rng.random() < 0.3:
            draw = rng.sample(range(len(local)), min(len(local), rng.randint(1, 3) + len(tried)))
            ranked = [local[i] for i in draw if local[i].company_id not in used][:3]
            for rank, company in enumerate(ranked, start=1):
                used.add(company.company_id)
                out.append(Preference(pid, company.company_id, participant_rank=rank,
                                      company_rank=rng.randint(1, 5) if rng.random() < 0.4
                                      else None))
        if rng.random() < 0.03:
            company = local[rng.randrange(len(local))]
            if company.company_id not in used:
                out.append(Preference(pid, company.company_id, excluded=True))
        return out

    # --- locks that can hold -------------------------------------------------------------

    def _add_locks(self, problem: Problem) -> Problem:
        rng = self.rng
        sup_load: dict[str, int] = {}
        place_load: dict[tuple[str, str], int] = {}
        class_load: dict[str, int] = {}
        participants = list(problem.participants)
        n_locks = round(len(participants) * self.knobs.locks)
        order = list(range(len(participants)))
        rng.shuffle(order)
        by_trade: dict[tuple[str, str], list[Supervisor]] = {}
        for s in problem.supervisors:
            region = self.company_region[s.company_id]
            by_trade.setdefault((region, s.trade), []).append(s)
        class_of = {id(c.programme): c for c in self.classes}
        locked = 0
        for index in order:
            if locked >= n_locks:
                break
            p = participants[index]
            prog = problem.programmes_by_id[p.programmes[0]]
            cls = class_of[id(prog)]
            if (p.follow_up_need == FollowUp.HIGH or prog.school_days is None
                    or len(cls.candidates) < 2 * max(prog.min_class_size, 1)
                    or class_load.get(prog.programme_id, 0) >= (prog.max_class_size or 99) // 2):
                continue
            pool = list(by_trade.get((cls.template.region, prog.trade), []))
            rng.shuffle(pool)
            for s in pool:
                key = (s.company_id, prog.trade)
                if (sup_load.get(s.supervisor_id, 0) >= s.max_trainees
                        or place_load.get(key, 0) >= problem.places_by_key.get(key, 0)
                        or not fits(problem, p, prog, s)):
                    continue
                sup_load[s.supervisor_id] = sup_load.get(s.supervisor_id, 0) + 1
                place_load[key] = place_load.get(key, 0) + 1
                class_load[prog.programme_id] = class_load.get(prog.programme_id, 0) + 1
                participants[index] = replace(
                    p, programmes=p.programmes[:1], locked_company=s.company_id,
                    locked_supervisor=s.supervisor_id if rng.random() < 0.5 else None)
                locked += 1
                break
        return replace(problem, participants=tuple(participants))


# --- helpers ---------------------------------------------------------------------------------


def _phase(pid: str, spec: PhaseSpec, scenario: str | None = None) -> Phase:
    """A Phases row from a template's phase spec."""
    own = spec.school if spec.at_school else None
    return Phase(pid, spec.from_week, spec.to_week, spec.company_days, spec.at_school,
                 spec.supervisor_days, spec.label, scenario,
                 school_days=own if isinstance(own, frozenset) else None,
                 school_days_to_choose=own if isinstance(own, int) else None,
                 apprenticeship=spec.apprenticeship)


def _school_count(own: frozenset[int] | int | None, prog: Programme) -> int:
    """School days a week in a phase: its own set or number, else the class's."""
    if isinstance(own, frozenset):
        return len(own)
    if isinstance(own, int):
        return own
    return len(prog.school_days) if prog.school_days is not None else (
        prog.school_days_to_choose or 0)


def _holidays(first: dt.date, last: dt.date) -> tuple[Holiday, ...]:
    """The school holidays of every school year the round spans, closed for school: autumn
    (week 40), Christmas (21 Dec – 1 Jan) and winter (week 8) breaks. Public holidays close
    on their own (Settings public_holidays)."""
    out: list[Holiday] = []
    for year in range(first.year, last.year + 1):
        autumn = dt.date.fromisocalendar(year, 40, 1)
        winter = dt.date.fromisocalendar(year, 8, 1)
        out += [Holiday(winter, winter + dt.timedelta(days=4), CLOSED_SCHOOL, "Vinterferie"),
                Holiday(autumn, autumn + dt.timedelta(days=4), CLOSED_SCHOOL, "Høstferie"),
                Holiday(dt.date(year, 12, 21), dt.date(year + 1, 1, 1), CLOSED_SCHOOL,
                        "Juleferie")]
    return tuple(h for h in out if h.last >= first and h.from_date <= last)


#: What the sample rotas' codes mean (a Shifts sheet, as a workplace would write it).
SHIFTS: tuple[Shift, ...] = (
    Shift("D", True, dt.time(7, 30), dt.time(15, 30), "Dagvakt"),
    Shift("E", True, dt.time(15, 0), dt.time(22, 30), "Kveldsvakt"),
    Shift("N", True, dt.time(22, 15), dt.time(7, 45), "Nattvakt"),
)


def _travel(regions: Sequence[str]) -> tuple[TravelTime, ...]:
    """Minutes between every pair of areas in the round, from their coordinates: fjord roads
    and ferries outside the cities, public transport inside Oslo."""
    areas = [(a, REGIONS[r].urban) for r in regions for a in REGIONS[r].areas]
    out: list[TravelTime] = []
    for i, ((name_a, lat_a, lon_a, _), urban_a) in enumerate(areas):
        for (name_b, lat_b, lon_b, _), urban_b in areas[i + 1:]:
            km = math.hypot((lat_a - lat_b) * 111.0,
                            (lon_a - lon_b) * 111.0 * math.cos(math.radians((lat_a + lat_b) / 2)))
            minutes = 12 + 3.0 * km if urban_a and urban_b and km < 30 else 10 + 1.3 * km
            out.append(TravelTime(area_key(name_a), area_key(name_b), int(5 * round(minutes / 5))))
    return tuple(out)


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders; deterministic)."""
    if not weights:
        return []
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    rest = total - sum(out)
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[:rest]:
        out[i] += 1
    return out


def _weighted(rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    values = [v for v, _ in options]
    return rng.choices(values, weights=[w for _, w in options], k=1)[0]


__all__ = ["BENCH_PROFILES", "PROFILES", "generate"]
