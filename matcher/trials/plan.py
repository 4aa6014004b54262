"""A trial plan: who tries which company in which window, with whom, and why not.

:func:`plan_trials` builds the eligible options (:mod:`.eligible`), chooses the plan
(:mod:`.solve`), names a supervisor inside each chosen group, and explains every participant
left without a trial (:mod:`.reasons`). It never writes anything; :mod:`.run` does.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from matcher.i18n.phrase import plural
from matcher.model.progress import Progress
from matcher.problem import Problem
from matcher.result import Activity
from matcher.trials.days import ClosedDates, closed_dates
from matcher.trials.eligible import Options, build_options
from matcher.trials.reasons import NoTrial, explain
from matcher.trials.solve import Chosen, Limits, choose


@dataclass(frozen=True)
class PlannedTrial:
    """One trial placement of the plan."""

    participant_id: str
    window_id: str
    company_id: str
    supervisor_id: str
    occupation: str


@dataclass(frozen=True)
class TrialResult:
    """A solved trial plan with its proof of quality."""

    status: str  # OPTIMAL: goals 1–2 proven best
    trials: tuple[PlannedTrial, ...]
    no_trial: tuple[NoTrial, ...]
    participants: int
    upper_bound: int  # on candidates with a trial (max-flow: exact)
    trials_bound: int  # on trials in all
    priority_profile: tuple[int, int, int, int, int]  # candidates with a trial at 5 … 1
    quality: int
    runtime: float
    options: int  # eligible (participant, window, supervisor group) options
    stages: dict[str, str] = field(default_factory=dict)
    settings_used: dict[str, object] = field(default_factory=dict)

    @property
    def candidates_with_trial(self) -> int:
        return len({t.participant_id for t in self.trials})


def plan_trials(problem: Problem, limits: Limits, progress: Progress | None = None,
                closed: ClosedDates | None = None) -> TrialResult:
    """Plan the round's trials (SPEC.md "Planning trial placements")."""
    progress = progress or Progress(enabled=False)
    start = time.perf_counter()
    closed = closed or closed_dates(problem)
    options = build_options(problem, closed)
    progress.say_plural("{n} eligible trial option for {profiles} in {windows}",
                        "{n} eligible trial options for {profiles} in {windows}", len(options),
                        profiles=plural("{n} profile", "{n} profiles", len(options.members)),
                        windows=plural("{n} window", "{n} windows", len(problem.trial_windows)))
    chosen = choose(problem, options, limits, progress)
    trials = _name_supervisors(problem, options, chosen)
    no_trial = explain(problem, options, chosen.arcs)
    people = {t.participant_id for t in trials}
    count = Counter(p.priority for p in problem.participants if p.participant_id in people)
    return TrialResult(
        status=chosen.status, trials=tuple(trials), no_trial=tuple(no_trial),
        participants=len(problem.participants), upper_bound=chosen.upper_bound,
        trials_bound=chosen.trials_bound,
        priority_profile=(count[5], count[4], count[3], count[2], count[1]),
        quality=int(chosen.arcs.quality.sum()), runtime=time.perf_counter() - start,
        options=len(options), stages=chosen.stages,
        settings_used={"time_limit_seconds": limits.time_limit, "workers": limits.workers,
                       "random_seed": limits.seed,
                       "trials_per_candidate": problem.settings.trials_per_candidate})


def _name_supervisors(problem: Problem, options: Options,
                      chosen: Chosen) -> list[PlannedTrial]:
    """Each chosen (window, group) becomes a supervisor of the group with room left in that
    window; the group's capacity is its supervisors' total, so one always has room."""
    used: Counter[tuple[int, int]] = Counter()
    out: list[PlannedTrial] = []
    arcs = chosen.arcs
    for i in np.lexsort((arcs.window, arcs.participant)).tolist():
        w, group = int(arcs.window[i]), options.groups[int(arcs.group[i])]
        s = next(s for s in group.supervisors
                 if used[(w, s)] < problem.supervisors[s].max_trainees)
        used[(w, s)] += 1
        sup = problem.supervisors[s]
        out.append(PlannedTrial(problem.participants[int(arcs.participant[i])].participant_id,
                                problem.trial_windows[w].window_id, sup.company_id,
                                sup.supervisor_id, sup.occupation))
    return out


def trial_timetable(problem: Problem, result: TrialResult,
                    closed: ClosedDates | None = None) -> list[Activity]:
    """The dated trial days of the plan (TrialTimetable): supervisor shifts first, then other
    open days, up to ``days_per_week`` in each week of the window."""
    from matcher.trials.days import WindowCalendar
    from matcher.trials.eligible import place_key

    closed = closed or closed_dates(problem)
    windows = {w.window_id: WindowCalendar(problem, w) for w in problem.trial_windows}
    rows: list[Activity] = []
    for t in result.trials:
        person = problem.participants_by_id[t.participant_id]
        cal = windows[t.window_id]
        sup = problem.supervisors_by_id[t.supervisor_id]
        days = cal.days(cal.person_key(person, closed(person)), place_key(problem, sup)) or []
        rows += [Activity(t.participant_id, d.date, d.week, "trial", d.shift,
                          d.shift is not None, t.company_id, t.supervisor_id) for d in days]
    return rows
