"""Solve every alternative with the same settings and measure what a planner compares.

Time: the time limit (``--time-limit``, else Settings) is shared equally by the alternatives, so
a comparison of the base plan and three scenarios searches about as long as one round; each
solve still gets at least :data:`MIN_SECONDS`. Every result passes the independent checker
(:func:`matcher.round.solve_checked`) before it is reported.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from matcher.compare.scenarios import BASE, Alternative
from matcher.errors import InfeasibleError
from matcher.i18n.phrase import Phrase
from matcher.model import Progress, SolveOptions
from matcher.problem import Problem
from matcher.result import Activity, Result
from matcher.round import solve_checked
from matcher.rules import Status

MIN_SECONDS = 2.0


@dataclass(frozen=True)
class Outcome:
    """What one alternative gives. ``conflicts`` is set (and the figures empty) when its hard
    rules cannot all hold."""

    name: str
    kind: str
    participants: int
    status: Status = Status.INFEASIBLE
    placed: int = 0
    upper_bound: int = 0
    priority_profile: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)
    supervisor_share: float | None = None  # company days with the supervisor / company days
    company_days: int = 0
    average_travel_minutes: float | None = None  # placed participants with a known time
    per_programme: dict[str, int] = field(default_factory=dict)
    per_company: dict[str, int] = field(default_factory=dict)
    placements: dict[str, str] = field(default_factory=dict)  # participant id → "prog / company"
    school_days: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    time_limit: float = 0.0
    conflicts: tuple[str, ...] = ()


def share_time(total: float, alternatives: int) -> float:
    """Each alternative's time limit: an equal share of ``total``, at least MIN_SECONDS."""
    return max(MIN_SECONDS, total / max(1, alternatives))


def compare(alternatives: Sequence[Alternative], options: SolveOptions | None = None,
            progress: Progress | None = None) -> list[Outcome]:
    """Solve each alternative with the same seed and workers and a share of the time limit."""
    options = options or SolveOptions()
    progress = progress or Progress(enabled=False)
    if not alternatives:
        return []
    settings = alternatives[0].problem.settings
    total = options.time_limit if options.time_limit is not None else settings.time_limit_seconds
    each = share_time(total, len(alternatives))
    shared = SolveOptions(each, options.workers, options.seed)
    out = []
    for alt in alternatives:
        shown = Phrase(BASE) if alt.name == BASE else alt.name  # the base plan in each language
        progress.say("solving {name} ({seconds:.0f} s at most)", name=shown, seconds=each)
        start = time.perf_counter()
        try:
            solved, rows = solve_checked(alt.problem, shared)
        except InfeasibleError as exc:
            out.append(Outcome(alt.name, alt.kind, len(alt.problem.participants),
                               seconds=time.perf_counter() - start, time_limit=each,
                               conflicts=exc.conflicts))
            continue
        out.append(measure(alt, solved.result, rows, time.perf_counter() - start, each))
    return out


def measure(alt: Alternative, result: Result, rows: Sequence[Activity], seconds: float,
            time_limit: float) -> Outcome:
    """The figures of one solved alternative."""
    problem: Problem = alt.problem
    company_rows = [r for r in rows if r.activity == "company"]
    with_sup = sum(1 for r in company_rows if r.with_supervisor)
    minutes = []
    for p in result.solution.placements:
        m = problem.travel_minutes(problem.participants_by_id[p.participant_id],
                                   problem.companies_by_id[p.company_id])
        if m is not None:
            minutes.append(m)
    placements = result.solution.placements
    return Outcome(
        name=alt.name, kind=alt.kind, participants=result.participants, status=result.status,
        placed=result.placed, upper_bound=result.upper_bound,
        priority_profile=result.priority_profile,
        supervisor_share=with_sup / len(company_rows) if company_rows else None,
        company_days=len(company_rows),
        average_travel_minutes=sum(minutes) / len(minutes) if minutes else None,
        per_programme=dict(Counter(p.programme_id for p in placements)),
        per_company=dict(Counter(p.company_id for p in placements)),
        placements={p.participant_id: f"{p.programme_id} / {p.company_id}" for p in placements},
        school_days={g: ",".join(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[d]
                                 for d in sorted(days))
                     for g, days in result.solution.school_days.items()},
        seconds=seconds, time_limit=time_limit)


#: Where a participant is in an alternative that does not place them (Differences sheet).
NOT_PLACED = "not placed"


def differences(outcomes: Sequence[Outcome]) -> list[tuple[str, list[str]]]:
    """Participants placed in some alternatives but not in all: id and, per alternative, where
    (or "not placed"). Ids only, never names."""
    solved = [o for o in outcomes if not o.conflicts]
    ids: set[str] = set()
    for o in solved:
        ids |= set(o.placements)
    rows = []
    for pid in sorted(ids):
        where = [o.placements.get(pid, NOT_PLACED) for o in solved]
        if any(w == NOT_PLACED for w in where):
            rows.append((pid, where))
    return rows
