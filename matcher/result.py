"""The result of a round: placements, school days, timetables and the proof of quality.

A :class:`Solution` is what the model decides; a :class:`Result` wraps it with the status, the
independent upper bound and the timings, and its ``str()`` is the summary a person reads.
Timetable rows (:class:`Activity`) are expanded from a solution by
:func:`matcher.timetable.activities`, so the solution itself stays small for big rounds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from matcher.problem import SchoolOption
from matcher.rules import Reason, Status


@dataclass(frozen=True)
class Placement:
    """One placed participant.

    ``company_days[i]`` holds the weekdays (0 = Mon) the participant is at the company in the
    ``i``-th planned week of the programme (the order of ``Problem.planned_weeks``).
    """

    participant_id: str
    programme_id: str
    company_id: str
    supervisor_id: str
    company_days: tuple[tuple[int, ...], ...] = ()


class Activity(NamedTuple):
    """One row of the Timetable sheet: what a participant does on one date.

    A named tuple rather than a frozen dataclass: a whole-course timetable has hundreds of
    thousands of rows, and a tuple is built several times faster (``_replace`` makes a
    changed copy)."""

    participant_id: str
    date: dt.date
    week: int
    activity: str  # "school" or "company"
    shift: str | None = None
    with_supervisor: bool = False
    company_id: str | None = None
    supervisor_id: str | None = None
    phase: str = ""  # the label of the phase covering the date


@dataclass(frozen=True)
class Solution:
    """The decisions: who goes where, and each programme's school days as planned.

    ``school_days`` holds each programme's class set; ``phase_school_days`` the own set of each
    base-plan phase that has one, keyed by ``(programme_id, from_week)``.
    """

    placements: tuple[Placement, ...]
    school_days: Mapping[str, frozenset[int]]
    phase_school_days: Mapping[tuple[str, int], frozenset[int]] = field(default_factory=dict)

    @classmethod
    def planned(cls, placements: tuple[Placement, ...],
                options: Mapping[str, SchoolOption]) -> Solution:
        """A solution from the placements and each programme's school-day option."""
        return cls(placements, {pid: o.days for pid, o in options.items()},
                   {(pid, week): days for pid, o in options.items() for week, days in o.phases})

    def school_option(self, programme_id: str) -> SchoolOption:
        """The programme's school days as planned, as one of its school-day options."""
        phases = sorted((week, days) for (pid, week), days in self.phase_school_days.items()
                        if pid == programme_id)
        return SchoolOption(self.school_days.get(programme_id, frozenset()), tuple(phases))

    @property
    def by_participant(self) -> dict[str, Placement]:
        return {p.participant_id: p for p in self.placements}


@dataclass(frozen=True)
class Unplaced:
    """Why one participant was not placed: a short code and a sentence naming the limit."""

    participant_id: str
    reason: Reason
    explanation: str


@dataclass(frozen=True)
class Result:
    """A solved round with its proof of quality."""

    status: Status
    solution: Solution
    participants: int
    upper_bound: int  # on placements, computed by max-flow, independent of CP-SAT
    bound_is_exact: bool  # True when only capacities bind, so the bound is attainable
    priority_profile: tuple[int, int, int, int, int]  # placed at priority 5, 4, 3, 2, 1
    quality: int  # goal 3, the weighted match quality (README gives the weights)
    quality_bound: int | None  # best proven bound on quality, None when not known
    runtime: float  # seconds spent solving
    unplaced: tuple[Unplaced, ...] = ()
    timings: Mapping[str, float] = field(default_factory=dict)
    settings_used: Mapping[str, object] = field(default_factory=dict)

    @property
    def placed(self) -> int:
        return len(self.solution.placements)

    @property
    def gap(self) -> int:
        """Placements the best possible result might still have over this one."""
        return max(0, self.upper_bound - self.placed)

    def as_dict(self) -> dict[str, object]:
        """The outcome as plain values, figure by figure, in a fixed order: the figures of the
        Summary sheet, then the unplaced per reason, the settings used and the time each step
        took (settings that are not numbers, text or flags as text, so it is all JSON). What
        ``--json`` prints, the web app's pages and API show and the Summary sheet lists."""
        placed_by_priority = {f"placed_priority_{k}": n
                              for k, n in zip(range(5, 0, -1), self.priority_profile, strict=True)}
        return {
            "status": str(self.status), "participants": self.participants,
            "placed": self.placed, "unplaced": self.participants - self.placed,
            "upper_bound": self.upper_bound, "gap": self.gap,
            "bound_is_exact": self.bound_is_exact, **placed_by_priority,
            "quality": self.quality, "quality_bound": self.quality_bound,
            "solve_seconds": round(self.runtime, 3),
            "unplaced_reasons": dict(Counter(str(u.reason) for u in self.unplaced)),
            "settings": {k: v if isinstance(v, int | float | str | bool | None) else str(v)
                         for k, v in self.settings_used.items()},
            "timings": {step: round(float(s), 3) for step, s in self.timings.items()},
        }

    def __str__(self) -> str:
        p5, p4, p3, p2, p1 = self.priority_profile
        lines = [
            f"status        {self.status}",
            f"placed        {self.placed} of {self.participants} "
            f"(upper bound {self.upper_bound}, gap {self.gap})",
            f"by priority   5:{p5} 4:{p4} 3:{p3} 2:{p2} 1:{p1}",
            f"quality       {self.quality}"
            + (f" (bound {self.quality_bound})" if self.quality_bound is not None else ""),
            f"solve time    {self.runtime:.2f} s",
        ]
        return "\n".join(lines)
