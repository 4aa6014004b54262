"""The input workbook's layout (SPEC.md "Input sheets") and a problem turned into its rows.

Both the writer (:mod:`matcher.inputbook.write`) and the template
(:mod:`matcher.inputbook.template`) use these rows, so a written round and a filled-in
template always have the same sheets, headers and cell conventions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TypeAlias

from matcher.problem import (
    DEFAULT_WEIGHTS,
    WEEKDAYS,
    Cefr,
    FollowUp,
    Problem,
    area_key,
)

CellValue: TypeAlias = str | int | float | dt.date | None
Row: TypeAlias = list[CellValue]

#: Sheet name → headers, in SPEC.md's order. Required and optional sheets alike.
SHEETS: dict[str, tuple[str, ...]] = {
    "Programmes": ("programme_id", "name", "occupation", "start_date", "school_days",
                   "school_days_to_choose", "min_norwegian_level", "min_class_size",
                   "max_class_size", "min_with_rights", "min_without_rights", "trials",
                   "preferred_norwegian_level"),
    "Phases": ("programme_id", "from_week", "to_week", "company_days", "at_school",
               "min_days_with_supervisor", "label", "scenario", "school_days",
               "school_days_to_choose", "apprenticeship"),
    "Participants": ("participant_id", "name", "programmes", "norwegian_level", "area",
                     "max_travel_minutes", "unavailable_days", "allowed_shifts", "priority",
                     "has_rights", "follow_up_need", "locked_company", "locked_supervisor",
                     "current_company", "away_from", "away_to"),
    "Companies": ("company_id", "name", "area", "training_office", "practice_days",
                  "min_norwegian_level", "max_high_follow_up", "minority_experience",
                  "approved_training_company"),
    "Places": ("company_id", "occupation", "places", "trial_places"),
    "Supervisors": ("supervisor_id", "company_id", "occupation", "max_trainees", "rota_id",
                    "rota_start_week", "name"),
    "Rotas": ("rota_id", "week", "mon", "tue", "wed", "thu", "fri", "sat", "sun"),
    "Shifts": ("code", "works", "start", "end", "label"),
    "Trials": ("participant_id", "company_id", "outcome", "note"),
    "TrialWindows": ("window_id", "start_date", "weeks", "days_per_week",
                     "min_days_with_supervisor", "occupations"),
    "Preferences": ("participant_id", "company_id", "participant_rank", "company_rank",
                    "excluded"),
    "Travel": ("from_area", "to_area", "minutes"),
    "Holidays": ("from_date", "to_date", "closed", "label"),
    "Settings": ("key", "value"),
}

#: Column widths (characters) for headers that need more than the default.
WIDTHS: dict[str, int] = {
    "name": 26, "occupation": 22, "programmes": 18, "unavailable_days": 18,
    "allowed_shifts": 14, "practice_days": 28, "school_days": 16, "training_office": 24,
    "label": 16, "scenario": 18, "note": 30, "key": 30, "value": 22, "area": 14,
    "from_area": 14, "to_area": 14, "start_date": 12,
}

#: Columns holding an enumerated value (yes/no, follow-up, outcome): written in the language.
ENUM_COLUMNS = frozenset({"at_school", "has_rights", "minority_experience", "excluded",
                          "follow_up_need", "outcome", "apprenticeship", "trials",
                          "approved_training_company", "works"})
#: Columns holding a weekday list.
DAY_COLUMNS = frozenset({"school_days", "unavailable_days", "practice_days"})

FOLLOW_UP_TEXT = {FollowUp.LOW: "low", FollowUp.MEDIUM: "medium", FollowUp.HIGH: "high"}


def width(header: str) -> int:
    """A readable column width: the header's own length, or more for wide content."""
    return max(WIDTHS.get(header, 0), len(header) + 2, 10)


def days_text(days: frozenset[int]) -> str:
    """``{0,1,2,3,4}`` → ``"Mon-Fri"``, ``{0,1,3}`` → ``"Mon,Tue,Thu"``: runs of three or more
    days read as a range, the way coordinators write them."""
    ordered = sorted(days)
    parts: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{WEEKDAYS[ordered[i]]}-{WEEKDAYS[ordered[j]]}")
        else:
            parts.extend(WEEKDAYS[d] for d in ordered[i:j + 1])
        i = j + 1
    return ",".join(parts)


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def cefr(level: Cefr) -> str:
    return level.name


def blank(text: str | None) -> str | None:
    """Empty text is a blank cell (the reader's default), not an empty string."""
    return text if text else None


def sheet_rows(problem: Problem) -> dict[str, Iterator[Row]]:
    """Every sheet's data rows (without header) for ``problem``, lazily: 20,000 participants
    stream straight into a write-only workbook."""
    return {
        "Programmes": _programmes(problem),
        "Phases": _phases(problem),
        "Participants": _participants(problem),
        "Companies": _companies(problem),
        "Places": ([p.company_id, p.occupation, p.places, p.trial_places]
                   for p in problem.places),
        "Supervisors": _supervisors(problem),
        "Rotas": _rotas(problem),
        "Shifts": ([sh.code, yes_no(sh.works), _time(sh.start), _time(sh.end), blank(sh.label)]
                   for sh in problem.shifts),
        "Trials": ([t.participant_id, t.company_id, t.outcome, blank(t.note)]
                   for t in problem.trials),
        "TrialWindows": _trial_windows(problem),
        "Preferences": _preferences(problem),
        "Travel": _travel(problem),
        "Holidays": ([h.from_date, h.to_date, h.closed, blank(h.label)]
                     for h in problem.holidays),
        "Settings": _settings(problem),
    }


def _programmes(problem: Problem) -> Iterator[Row]:
    for p in problem.programmes:
        yield [p.programme_id, blank(p.name), p.occupation, p.start_date,
               days_text(p.school_days) if p.school_days is not None else None,
               p.school_days_to_choose, cefr(p.min_norwegian_level), p.min_class_size,
               p.max_class_size, p.min_with_rights, p.min_without_rights, yes_no(p.trials),
               cefr(p.preferred_norwegian_level) if p.preferred_norwegian_level else None]


def _phases(problem: Problem) -> Iterator[Row]:
    for ph in problem.phases:
        yield [ph.programme_id, ph.from_week, ph.to_week, ph.company_days,
               yes_no(ph.at_school), ph.min_days_with_supervisor, blank(ph.label),
               ph.scenario, days_text(ph.school_days) if ph.school_days is not None else None,
               ph.school_days_to_choose, yes_no(ph.apprenticeship)]


def _participants(problem: Problem) -> Iterator[Row]:
    for p in problem.participants:
        yield [p.participant_id, blank(p.name), ",".join(p.programmes), cefr(p.norwegian_level),
               p.area, p.max_travel_minutes,
               days_text(p.unavailable_days) if p.unavailable_days else None,
               ",".join(sorted(p.allowed_shifts)) if p.allowed_shifts is not None else None,
               p.priority, yes_no(p.has_rights), FOLLOW_UP_TEXT[p.follow_up_need],
               p.locked_company, p.locked_supervisor, p.current_company, p.away_from,
               p.away_to]


def _companies(problem: Problem) -> Iterator[Row]:
    for c in problem.companies:
        yield [c.company_id, blank(c.name), c.area, blank(c.training_office),
               days_text(c.practice_days), cefr(c.min_norwegian_level), c.max_high_follow_up,
               yes_no(c.minority_experience), yes_no(c.approved_training_company)]


def _supervisors(problem: Problem) -> Iterator[Row]:
    for s in problem.supervisors:
        yield [s.supervisor_id, s.company_id, s.occupation, s.max_trainees, s.rota_id,
               s.rota_start_week, blank(s.name)]


def _rotas(problem: Problem) -> Iterator[Row]:
    for r in problem.rotas:
        for i, week in enumerate(r.written or r.weeks, start=1):
            yield [r.rota_id, i, *week]


def _trial_windows(problem: Problem) -> Iterator[Row]:
    """Window trades are written as the Programmes sheet spells them, where one does."""
    shown = {prog.trade: prog.occupation for prog in problem.programmes}
    for w in problem.trial_windows:
        trades = None if w.occupations is None else ", ".join(
            sorted(shown.get(t, t) for t in w.occupations))
        yield [w.window_id, w.start_date, w.weeks, w.days_per_week,
               w.min_days_with_supervisor, trades]


def _preferences(problem: Problem) -> Iterator[Row]:
    for p in problem.preferences:
        yield [p.participant_id, p.company_id, p.participant_rank, p.company_rank,
               yes_no(p.excluded)]


def _travel(problem: Problem) -> Iterator[Row]:
    """Travel rows name areas as people typed them elsewhere in the workbook, where known."""
    display = _area_display(a for p in problem.participants for a in [p.area])
    display.update(_area_display(c.area for c in problem.companies))
    for t in problem.travel:
        yield [display.get(area_key(t.from_area), t.from_area),
               display.get(area_key(t.to_area), t.to_area), t.minutes]


def _area_display(areas: Iterable[str | None]) -> dict[str, str]:
    return {area_key(a): a for a in areas if a}


def _settings(problem: Problem) -> Iterator[Row]:
    s = problem.settings
    fixed: list[tuple[str, CellValue]] = [
        ("round_name", blank(s.round_name)),
        ("rota_anchor_date", s.rota_anchor_date),
        ("horizon_weeks", s.horizon_weeks),
        ("time_limit_seconds", _number(s.time_limit_seconds)),
        ("random_seed", s.random_seed),
        ("workers", s.workers),
        ("trials_per_candidate", s.trials_per_candidate if s.trials_per_candidate != 1 else None),
        ("public_holidays", s.public_holidays if s.public_holidays != "all" else None),
    ]
    for key, value in fixed:
        if value is not None:
            yield [key, value]
    for name in DEFAULT_WEIGHTS:
        if name in s.weights:
            yield [f"weight_{name}", s.weights[name]]


def _time(value: dt.time | None) -> str | None:
    """A shift's start or end as ``HH:MM`` text, the way people type it."""
    return value.strftime("%H:%M") if value is not None else None


def _number(value: float) -> int | float:
    """``60.0`` is written as ``60`` so the cell reads as people typed it."""
    return int(value) if float(value).is_integer() else value
