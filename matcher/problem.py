"""The problem: a frozen, cross-checked description of one matching round.

The reader (``matcher.reader``) turns a workbook into a :class:`Problem`; everything after it
(eligibility, the model, the checker, the report) takes only this object. Nothing here knows
about Excel, pandas or CP-SAT, so the rules can be read and tested on plain Python data.

Conventions used throughout:

* weekdays are ints, ``0`` = Monday … ``6`` = Sunday (:data:`WEEKDAYS` gives the names);
* CEFR levels are :class:`Cefr` members, ordered A1 < … < C2;
* trade names, shift codes and area names are stored as *keys* (see :func:`trade_key`,
  :func:`shift_key`, :func:`area_key`) next to their display text where the output needs it;
* programme weeks are 1-based; week ``w`` of a programme starts on
  ``start_date + 7 * (w - 1)`` days (always a Monday).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import IntEnum
from functools import cached_property
from itertools import combinations, product
from typing import TYPE_CHECKING, NewType

if TYPE_CHECKING:
    from matcher.closed import ClosedDates

from matcher.rules import Goal

WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WORKWEEK: frozenset[int] = frozenset(range(5))


class Cefr(IntEnum):
    """Common European Framework levels, ordered so that ``>=`` means "at least"."""

    A1 = 1
    A2 = 2
    B1 = 3
    B2 = 4
    C1 = 5
    C2 = 6


class FollowUp(IntEnum):
    """How much follow-up a participant needs at the workplace."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3


def trade_key(text: str) -> str:
    """Trades compare case-insensitively with inner spaces collapsed (SPEC.md)."""
    return " ".join(text.split()).casefold()


def shift_key(text: str) -> str:
    """Shift codes compare case-insensitively; they are kept upper-case for display."""
    return text.strip().upper()


def area_key(text: str) -> str:
    """Area names compare case-insensitively, ignoring surrounding and repeated spaces."""
    return " ".join(text.split()).casefold()


def format_days(days: frozenset[int] | set[int] | tuple[int, ...]) -> str:
    """``{0, 1, 4}`` → ``"Mon,Tue,Fri"``: the weekday-list form the output uses."""
    return ",".join(WEEKDAYS[d] for d in sorted(days))


@dataclass(frozen=True)
class Programme:
    """One class (kull) of an alternation programme; it trains for one trade."""

    programme_id: str
    occupation: str
    start_date: dt.date
    school_days: frozenset[int] | None = None
    school_days_to_choose: int | None = None
    name: str = ""
    min_norwegian_level: Cefr = Cefr.A1
    preferred_norwegian_level: Cefr | None = None  # a soft goal (Goal.PREFERRED_LEVEL)
    min_class_size: int = 0
    max_class_size: int | None = None
    min_with_rights: int = 0
    min_without_rights: int = 0
    trials: bool = True  # candidates may get trial placements (no: safety rules, authorisation)
    row: int = 0

    @cached_property
    def trade(self) -> str:
        """The comparison key of :attr:`occupation`."""
        return trade_key(self.occupation)

    @property
    def has_minimums(self) -> bool:
        """The class runs only with enough members (a size above one, or a rights minimum):
        it may then stay closed, which a class without minimums never needs to."""
        return self.min_class_size > 1 or self.min_with_rights > 0 or \
            self.min_without_rights > 0

    def shortfall(self, size: int, with_rights: int) -> tuple[int, int, int]:
        """How many more members, with adult rights, and without them a class of ``size``
        members (``with_rights`` of them with rights) needs to meet its minimums."""
        return (max(0, self.min_class_size - size),
                max(0, self.min_with_rights - with_rights),
                max(0, self.min_without_rights - (size - with_rights)))

    def meets_minimums(self, size: int, with_rights: int) -> bool:
        """A class of ``size`` members (``with_rights`` with rights) may run: it meets its
        size minimum and both rights minimums (its maximum is checked apart)."""
        return not any(self.shortfall(size, with_rights))


@dataclass(frozen=True)
class Phase:
    """Weeks ``from_week..to_week`` (inclusive) of a programme follow one alternation pattern."""

    programme_id: str
    from_week: int
    to_week: int
    company_days: int
    at_school: bool = True
    min_days_with_supervisor: int | None = None
    label: str = ""
    scenario: str | None = None
    school_days: frozenset[int] | None = None  # the phase's own fixed school days
    school_days_to_choose: int | None = None  # or: N days the tool chooses for this phase
    apprenticeship: bool = False
    row: int = 0

    @property
    def own_school_days(self) -> bool:
        """Whether the phase has its own school days (fixed or chosen) instead of the class's."""
        return self.school_days is not None or self.school_days_to_choose is not None

    @property
    def supervisor_days(self) -> int:
        """Company days a week that must fall on the supervisor's shifts (default: all)."""
        if self.min_days_with_supervisor is None:
            return self.company_days
        return self.min_days_with_supervisor


@dataclass(frozen=True)
class Participant:
    """A candidate for one or more programmes (ranked, first = first choice)."""

    participant_id: str
    programmes: tuple[str, ...]
    norwegian_level: Cefr
    name: str = ""
    area: str | None = None
    max_travel_minutes: int | None = None
    unavailable_days: frozenset[int] = frozenset()
    allowed_shifts: frozenset[str] | None = None  # None: any shift; codes are shift_key()s
    priority: int = 3
    has_rights: bool = False
    follow_up_need: FollowUp = FollowUp.LOW
    locked_company: str | None = None
    locked_supervisor: str | None = None
    current_company: str | None = None
    away_from: dt.date | None = None  # a leave: every date away_from..away_to is closed
    away_to: dt.date | None = None  # None with away_from: to the end
    row: int = 0

    @property
    def locked(self) -> bool:
        """Locked to a company or a supervisor: must be placed there (rule 5)."""
        return self.locked_company is not None or self.locked_supervisor is not None


@dataclass(frozen=True)
class Company:
    """A training company (lærebedrift)."""

    company_id: str
    name: str = ""
    area: str | None = None
    training_office: str = ""
    practice_days: frozenset[int] = WORKWEEK
    min_norwegian_level: Cefr = Cefr.A1
    max_high_follow_up: int | None = None
    minority_experience: bool = False
    approved_training_company: bool = True  # godkjent lærebedrift: may take apprentices
    row: int = 0


@dataclass(frozen=True)
class Place:
    """Free training places at one company for one trade, net of other groups."""

    company_id: str
    occupation: str
    places: int
    trial_places: int | None = None  # trial participants per trial window; None = places
    row: int = 0

    @property
    def trial_capacity(self) -> int:
        """Trial participants the company takes for this trade in each trial window."""
        return self.places if self.trial_places is None else self.trial_places

    @cached_property
    def trade(self) -> str:
        """The comparison key of :attr:`occupation` (computed once)."""
        return trade_key(self.occupation)


@dataclass(frozen=True)
class Supervisor:
    """A qualified supervisor (veileder) who works a cyclic rota."""

    supervisor_id: str
    company_id: str
    occupation: str
    rota_id: str
    max_trainees: int = 1
    rota_start_week: int = 1
    name: str = ""
    row: int = 0

    @cached_property
    def trade(self) -> str:
        """The comparison key of :attr:`occupation` (computed once)."""
        return trade_key(self.occupation)


@dataclass(frozen=True)
class Rota:
    """A cyclic shift plan: ``weeks[i][d]`` is the shift code in cycle week ``i + 1`` on weekday
    ``d``, or ``None`` for a day off. Codes are :func:`shift_key` s.

    ``written`` is how the Rotas sheet writes the same weeks where it uses day-off codes
    (``F1``, ``FRI``, ``X``, ``0``, ``-`` …) at the ``None`` days, so writing the round back
    keeps them; ``None`` when every day off is blank."""

    rota_id: str
    weeks: tuple[tuple[str | None, ...], ...]
    row: int = 0
    written: tuple[tuple[str | None, ...], ...] | None = field(default=None, compare=False)

    @property
    def length(self) -> int:
        return len(self.weeks)


@dataclass(frozen=True)
class Shift:
    """What a rota code means (the Shifts sheet): whether it is worked, and its hours."""

    code: str  # a shift_key()
    works: bool = True
    start: dt.time | None = None
    end: dt.time | None = None
    label: str = ""
    row: int = 0


#: Rota codes that always mean a day off (SPEC.md "Rotas"), as shift_key()s; blank is off too.
DAY_OFF_CODES: frozenset[str] = frozenset(
    {"-", "–", "0", "X", "F", "FRI", "FRIDAG", "OFF", "FERIE", "AVSPASERING", "AVSP"}
    | {f"F{i}" for i in range(1, 10)})

#: Holidays ``closed`` values: no school only, or no activity at all.
CLOSED_SCHOOL = "school"
CLOSED_ALL = "all"


@dataclass(frozen=True)
class Holiday:
    """Dates ``from_date..to_date`` (inclusive) closed for school or for all (Holidays sheet)."""

    from_date: dt.date
    to_date: dt.date | None = None  # None: the from_date alone
    closed: str = CLOSED_ALL
    label: str = ""
    row: int = 0

    @property
    def last(self) -> dt.date:
        return self.to_date or self.from_date


@dataclass(frozen=True)
class Trial:
    """A trial placement (prøvepraksis) held, with the company's verdict, or planned."""

    participant_id: str
    company_id: str
    outcome: str = "planned"  # "approved", "rejected", or "planned" (not yet held: no effect)
    note: str = ""
    row: int = 0


@dataclass(frozen=True)
class TrialWindow:
    """A period in which candidates try companies (prøvepraksis), for ``matcher trials``.

    ``occupations`` holds trade keys (:func:`trade_key`); ``None`` = every trade.
    """

    window_id: str
    start_date: dt.date
    weeks: int = 2
    days_per_week: int = 5
    min_days_with_supervisor: int | None = None
    occupations: frozenset[str] | None = None
    row: int = 0

    @property
    def supervisor_days(self) -> int:
        """Trial days a week that must fall on the supervisor's shifts (default: all)."""
        if self.min_days_with_supervisor is None:
            return self.days_per_week
        return self.min_days_with_supervisor

    @property
    def end_date(self) -> dt.date:
        """The window's last date (a Sunday)."""
        return self.start_date + dt.timedelta(days=7 * self.weeks - 1)

    def overlaps(self, other: TrialWindow) -> bool:
        """Whether the two windows share a date."""
        return self.start_date <= other.end_date and other.start_date <= self.end_date

    def for_trade(self, trade: str) -> bool:
        """Whether the window is for the trade (a :func:`trade_key`)."""
        return self.occupations is None or trade in self.occupations


@dataclass(frozen=True)
class Preference:
    """Ranks (1 = best) of a participant–company pair, or an exclusion of the pair."""

    participant_id: str
    company_id: str
    participant_rank: int | None = None
    company_rank: int | None = None
    excluded: bool = False
    row: int = 0


@dataclass(frozen=True)
class TravelTime:
    """One-way minutes from one area to another (area keys)."""

    from_area: str
    to_area: str
    minutes: int
    row: int = 0


#: Quality weights (goal 3) by goal; Settings may override any of them by key (see README).
DEFAULT_WEIGHTS: Mapping[str, int] = {
    Goal.APPROVED_TRIAL: 40,
    Goal.FIRST_CHOICE_PROGRAMME: 20,
    Goal.PARTICIPANT_RANK: 10,
    Goal.COMPANY_RANK: 10,
    Goal.KEEP_CURRENT_COMPANY: 30,
    Goal.MINORITY_EXPERIENCE: 10,
    Goal.PREFERRED_LEVEL: 10,
    Goal.TRAVEL: 10,
    Goal.SUPERVISOR_SHARE: 20,
}


@dataclass(frozen=True)
class Settings:
    """Round settings (Settings sheet, then command-line overrides)."""

    round_name: str = ""
    rota_anchor_date: dt.date | None = None
    horizon_weeks: int | None = None
    time_limit_seconds: float = 60.0
    random_seed: int = 0
    workers: int | None = None
    trials_per_candidate: int = 1  # matcher trials: at most this many trials per participant
    plan_from: dt.date | None = None  # a re-match plans from this Monday on (matcher rematch)
    public_holidays: str = CLOSED_ALL  # "all", "school" or "none": how public holidays close
    weights: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    language: str | None = None  # the output's, "en" or "nb"; None: the input's
    default_max_travel_minutes: int | None = None  # for participants with no limit of their own


@dataclass(frozen=True)
class InputIssue:
    """A problem with the input, located as a coordinator finds it in Excel.

    ``row`` is the row number Excel shows (1-based), or ``None`` for a whole sheet or
    workbook; ``column`` is the header text, or ``None``.
    """

    sheet: str | None
    row: int | None
    column: str | None
    message: str
    value: str | None = None
    expected: str | None = None
    severity: str = "error"  # "error" or "warning"

    @property
    def where(self) -> str:
        parts = [p for p in (self.sheet, f"row {self.row}" if self.row else None, self.column) if p]
        return ", ".join(parts) if parts else "workbook"

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        if self.value is not None:
            text += f" (found {self.value!r}"
            text += f"; expected {self.expected})" if self.expected else ")"
        elif self.expected:
            text += f" (expected {self.expected})"
        return text


@dataclass(frozen=True)
class PlannedWeek:
    """One planned programme week and the phase that covers it."""

    week: int
    monday: dt.date
    phase: Phase


def _day_sets(fixed: frozenset[int] | None, choose: int | None) -> tuple[frozenset[int], ...]:
    """A fixed set, or every choice of ``choose`` days among Mon–Fri (in a fixed order)."""
    if fixed is not None:
        return (fixed,)
    return tuple(frozenset(c) for c in combinations(range(5), choose or 0))


#: The most school-day combinations a programme may have: the model keeps, per eligible pair,
#: a 63-bit mask of the combinations it fits.
MAX_SCHOOL_OPTIONS = 63

#: One of a programme's school-day options: its index in ``Problem.school_day_options``.
OptionIndex = NewType("OptionIndex", int)
#: A set of a programme's school-day options as a bitmask, bit ``k`` for option ``k``: the
#: options an arc fits, or those that every member of a class fits.
OptionMask = NewType("OptionMask", int)
#: Per programme (index): the school-day option chosen for it.
SchoolOptions = dict[int, OptionIndex]
#: Per programme (index): the school-day options still open to it.
SchoolMasks = dict[int, OptionMask]


@dataclass(frozen=True)
class SchoolOption:
    """One way to plan a programme's school days: the class's set, and the own set of each
    base-plan phase that has one (by the phase's ``from_week``)."""

    days: frozenset[int]
    phases: tuple[tuple[int, frozenset[int]], ...] = ()

    def for_phase(self, phase: Phase) -> frozenset[int]:
        """The school days of the weeks ``phase`` covers (when the phase is at school)."""
        for from_week, days in self.phases:
            if from_week == phase.from_week:
                return days
        return self.days

    def describe(self) -> str:
        """``Mon,Tue`` for a class set alone; each phase's own set after it by its first week
        (``Mon,Tue; from week 41: Mon``)."""
        return "; ".join([format_days(self.days)] + [
            f"from week {week}: {format_days(days)}" for week, days in self.phases])


@dataclass(frozen=True)
class Problem:
    """One matching round, validated. Build it with the reader or directly in tests.

    Index properties (``programmes_by_id`` …) are computed once on first use.
    """

    programmes: tuple[Programme, ...]
    phases: tuple[Phase, ...]
    participants: tuple[Participant, ...]
    companies: tuple[Company, ...]
    places: tuple[Place, ...]
    supervisors: tuple[Supervisor, ...]
    rotas: tuple[Rota, ...]
    trials: tuple[Trial, ...] = ()
    preferences: tuple[Preference, ...] = ()
    travel: tuple[TravelTime, ...] = ()
    settings: Settings = field(default_factory=Settings)
    warnings: tuple[InputIssue, ...] = ()
    trial_windows: tuple[TrialWindow, ...] = ()
    input_language: str = "en"  # the language of the input's sheet names

    @property
    def language(self) -> str:
        """The output's language: Settings ``language``, else the input's (SPEC.md)."""
        return self.settings.language or self.input_language
    shifts: tuple[Shift, ...] = ()
    holidays: tuple[Holiday, ...] = ()

    # --- indexes -----------------------------------------------------------------------------

    @cached_property
    def programmes_by_id(self) -> dict[str, Programme]:
        return {p.programme_id: p for p in self.programmes}

    @cached_property
    def participants_by_id(self) -> dict[str, Participant]:
        return {p.participant_id: p for p in self.participants}

    @cached_property
    def companies_by_id(self) -> dict[str, Company]:
        return {c.company_id: c for c in self.companies}

    @cached_property
    def supervisors_by_id(self) -> dict[str, Supervisor]:
        return {s.supervisor_id: s for s in self.supervisors}

    @cached_property
    def rotas_by_id(self) -> dict[str, Rota]:
        return {r.rota_id: r for r in self.rotas}

    @cached_property
    def shifts_by_code(self) -> dict[str, Shift]:
        """Shift code (a shift_key) → its Shifts row; empty without a Shifts sheet."""
        return {s.code: s for s in self.shifts}

    @cached_property
    def locked_participants(self) -> tuple[int, ...]:
        """Indices of the participants locked to a company or supervisor."""
        return tuple(i for i, p in enumerate(self.participants) if p.locked)

    @cached_property
    def places_by_key(self) -> dict[tuple[str, str], int]:
        """``(company_id, trade_key)`` → free places."""
        return {(p.company_id, p.trade): p.places for p in self.places}

    @cached_property
    def supervisor_places(self) -> tuple[tuple[tuple[str, str], ...], tuple[int, ...]]:
        """The distinct ``(company_id, trade_key)`` place pools of the supervisors (first seen
        first), and each supervisor's index among them: the places its trainees count against."""
        index: dict[tuple[str, str], int] = {}
        of = tuple(index.setdefault((s.company_id, s.trade), len(index))
                   for s in self.supervisors)
        return tuple(index), of

    @cached_property
    def trial_outcome(self) -> dict[tuple[str, str], str]:
        """``(participant_id, company_id)`` → ``"approved"`` / ``"rejected"`` / ``"planned"``."""
        return {(t.participant_id, t.company_id): t.outcome for t in self.trials}

    @cached_property
    def preference(self) -> dict[tuple[str, str], Preference]:
        return {(p.participant_id, p.company_id): p for p in self.preferences}

    @cached_property
    def _travel_index(self) -> dict[tuple[str, str], int]:
        index: dict[tuple[str, str], int] = {}
        for t in self.travel:  # symmetric first, then explicit directions win
            index.setdefault((t.to_area, t.from_area), t.minutes)
        for t in self.travel:
            index[(t.from_area, t.to_area)] = t.minutes
        return index

    # --- derived facts ---------------------------------------------------------------------

    def travel_minutes(self, participant: Participant, company: Company) -> int | None:
        """One-way minutes from the participant's area to the company's, or ``None`` if unknown.

        Symmetric unless both directions are given; the same area with no row is 0 minutes.
        """
        if not participant.area or not company.area:
            return None
        key = (area_key(participant.area), area_key(company.area))
        if key in self._travel_index:
            return self._travel_index[key]
        if key[0] == key[1]:
            return 0
        return None

    @cached_property
    def rota_anchor(self) -> dt.date:
        """The date at which every supervisor is in rota week ``rota_start_week``."""
        if self.settings.rota_anchor_date is not None:
            return self.settings.rota_anchor_date
        return min(p.start_date for p in self.programmes)

    def rota_shift(self, supervisor: Supervisor, day: dt.date) -> str | None:
        """The supervisor's shift code on ``day`` (``None`` = off), by SPEC.md's formula."""
        rota = self.rotas_by_id[supervisor.rota_id]
        k = (day - self.rota_anchor).days // 7
        week = (k + supervisor.rota_start_week - 1) % rota.length
        return rota.weeks[week][day.weekday()]

    def week_shifts(self, supervisor: Supervisor, monday: dt.date) -> list[str | None]:
        """:meth:`rota_shift` on each day (Mon–Sun) of the week from ``monday``, with whole-day
        arithmetic instead of seven date computations (the anchor need not be a Monday, so
        each day finds its own rota week)."""
        rota = self.rotas_by_id[supervisor.rota_id]
        first = (monday - self.rota_anchor).days
        start, length = supervisor.rota_start_week - 1, rota.length
        return [rota.weeks[((first + d) // 7 + start) % length][d] for d in range(7)]

    @cached_property
    def closed(self) -> ClosedDates:
        """The round's closed dates: public holidays and Holidays rows (see matcher.closed)."""
        from matcher.closed import closed_dates

        return closed_dates(self)

    @property
    def scenarios(self) -> tuple[str, ...]:
        """Names of the Phases scenarios, in order of first appearance."""
        seen: dict[str, None] = {}
        for ph in self.phases:
            if ph.scenario is not None:
                seen.setdefault(ph.scenario, None)
        return tuple(seen)

    @cached_property
    def base_phases(self) -> dict[str, tuple[Phase, ...]]:
        """Programme id → its base-plan phases, sorted by week."""
        out: dict[str, list[Phase]] = {p.programme_id: [] for p in self.programmes}
        for ph in self.phases:
            if ph.scenario is None and ph.programme_id in out:
                out[ph.programme_id].append(ph)
        return {k: tuple(sorted(v, key=lambda ph: ph.from_week)) for k, v in out.items()}

    def planned_weeks(self, programme_id: str) -> tuple[PlannedWeek, ...]:
        """The weeks the base plan covers (gaps are not planned), capped at ``horizon_weeks``."""
        return self._planned_weeks[programme_id]

    @cached_property
    def _planned_weeks(self) -> dict[str, tuple[PlannedWeek, ...]]:
        horizon = self.settings.horizon_weeks
        out: dict[str, tuple[PlannedWeek, ...]] = {}
        for prog in self.programmes:
            weeks: list[PlannedWeek] = []
            for ph in self.base_phases.get(prog.programme_id, ()):
                last = ph.to_week if horizon is None else min(ph.to_week, horizon)
                for w in range(ph.from_week, last + 1):
                    monday = prog.start_date + dt.timedelta(days=7 * (w - 1))
                    weeks.append(PlannedWeek(w, monday, ph))
            out[prog.programme_id] = tuple(weeks)
        return out

    def with_scenario(self, scenario: str | None) -> Problem:
        """The problem as one scenario plans it: that scenario's phases replace the base plan of
        each programme that has rows in it; other programmes keep their base plan.
        ``None`` gives the base plan. The result has no scenario rows left."""
        base = [ph for ph in self.phases if ph.scenario is None]
        if scenario is None:
            return replace(self, phases=tuple(base))
        alt = [replace(ph, scenario=None) for ph in self.phases if ph.scenario == scenario]
        replaced = {ph.programme_id for ph in alt}
        kept = [ph for ph in base if ph.programme_id not in replaced]
        return replace(self, phases=tuple(kept + alt))

    def school_day_options(self, programme: Programme) -> tuple[SchoolOption, ...]:
        """The ways a programme's school days may be planned: one set per *choosing scope*
        (the class's set, and each base-plan phase with its own set), every combination of
        the choices, in a fixed order so results are reproducible. A fixed set is a scope
        with one choice; the class's set counts only where some planned at-school week uses
        it (else its first choice stands)."""
        return self._school_day_options[programme.programme_id]

    @cached_property
    def _school_day_options(self) -> dict[str, tuple[SchoolOption, ...]]:
        out: dict[str, tuple[SchoolOption, ...]] = {}
        for prog in self.programmes:
            weeks = self.planned_weeks(prog.programme_id)
            used = {pw.phase.from_week for pw in weeks}
            class_used = any(pw.phase.at_school and not pw.phase.own_school_days
                             for pw in weeks)
            class_sets = _day_sets(prog.school_days, prog.school_days_to_choose)
            if not class_used:
                class_sets = class_sets[:1]
            scopes: list[tuple[frozenset[int], ...]] = [class_sets]
            own = [ph for ph in self.base_phases.get(prog.programme_id, ())
                   if ph.own_school_days]
            for ph in own:
                sets = _day_sets(ph.school_days, ph.school_days_to_choose)
                scopes.append(sets if ph.from_week in used else sets[:1])
            out[prog.programme_id] = tuple(
                SchoolOption(combo[0], tuple(
                    (ph.from_week, days) for ph, days in zip(own, combo[1:], strict=True)))
                for combo in product(*scopes))
        return out

