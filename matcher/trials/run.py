"""``matcher trials`` end to end: read, plan, check independently, write.

The command line calls :func:`run_trials`; tests and benchmarks call it too. Nothing is written
unless the independent trial checker (:mod:`matcher.checker.trials`) passes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from matcher import __version__
from matcher.checker.trials import assert_trials_valid
from matcher.errors import InputError
from matcher.files import check_output_path, sha256_of
from matcher.i18n.phrase import plural, speak
from matcher.model.progress import Progress
from matcher.problem import InputIssue, Problem
from matcher.pseudonym import new_key, pseudonyms
from matcher.report.tables import RunInfo
from matcher.result import Activity
from matcher.trials.days import ClosedDates, closed_dates
from matcher.trials.plan import TrialResult, plan_trials, trial_timetable
from matcher.trials.solve import Limits
from matcher.trials.workbook import Shown, write_company_lists, write_trials


@dataclass(frozen=True)
class TrialOptions:
    """Command-line overrides (None = the Settings value)."""

    time_limit: float | None = None
    workers: int | None = None
    seed: int | None = None
    trials_per_candidate: int | None = None


@dataclass(frozen=True)
class TrialOutcome:
    problem: Problem
    result: TrialResult
    days: list[Activity]
    output: Path | None
    company_files: list[Path]


def require_windows(problem: Problem) -> None:
    """``matcher trials`` needs at least one trial window."""
    if not problem.trial_windows:
        raise InputError([InputIssue(
            "TrialWindows", None, None,
            "matcher trials needs a TrialWindows sheet with at least one window",
            expected="a sheet TrialWindows with columns window_id, start_date (a Monday), "
                     "weeks, days_per_week, min_days_with_supervisor, occupations")])


def limits_for(problem: Problem, options: TrialOptions) -> Limits:
    s = problem.settings
    return Limits(
        time_limit=options.time_limit if options.time_limit is not None else s.time_limit_seconds,
        workers=options.workers or s.workers or 1,
        seed=options.seed if options.seed is not None else s.random_seed)


def solve_trials_checked(problem: Problem, limits: Limits, progress: Progress | None = None,
                         closed: ClosedDates | None = None,
                         ) -> tuple[TrialResult, list[Activity]]:
    """Plan and re-check every trial rule independently; returns the trial days too. The checker
    derives the closed dates itself, unless ``closed`` replaces them (for both)."""
    planner_closed = closed or closed_dates(problem)
    result = plan_trials(problem, limits, progress, planner_closed)
    days = trial_timetable(problem, result, planner_closed)
    assert_trials_valid(problem, result.trials, days, closed)
    return result, days


def run_trials(input_path: Path, output_path: Path | None,
               options: TrialOptions | None = None, *, pseudonymise: bool = False,
               pseudonym_key: bytes | None = None, progress: Progress | None = None,
               per_company: Path | None = None, language: str | None = None) -> TrialOutcome:
    """Plan the trials of a workbook; write the trial workbook (and the company lists);
    ``language`` (``en`` / ``nb``) overrides Settings ``language`` for them and the messages."""
    from dataclasses import replace

    from matcher.reader import read_problem

    options = options or TrialOptions()
    progress = progress or Progress(enabled=False)
    if output_path is not None:
        check_output_path(output_path, input_path)
    digest = sha256_of(input_path)
    problem = read_problem(input_path)
    require_windows(problem)
    if options.trials_per_candidate is not None:
        problem = replace(problem, settings=replace(
            problem.settings, trials_per_candidate=options.trials_per_candidate))
    if language is not None:
        problem = replace(problem, settings=replace(problem.settings, language=language))
    speak(problem.language)
    progress.say("read {participants}, {windows}",
                 participants=plural("{n} participant", "{n} participants",
                                     len(problem.participants)),
                 windows=plural("{n} trial window", "{n} trial windows",
                                len(problem.trial_windows)))
    t = time.perf_counter()
    result, days = solve_trials_checked(problem, limits_for(problem, options), progress)
    progress.say_plural("planned {n} trial in {seconds:.1f} s; checked",
                        "planned {n} trials in {seconds:.1f} s; checked", len(result.trials),
                        seconds=time.perf_counter() - t)
    shown = Shown(lambda pid: pid, names=True)
    if pseudonymise or pseudonym_key is not None:
        table = pseudonyms(pseudonym_key or new_key(),
                           (p.participant_id for p in problem.participants))
        shown = Shown(lambda pid: table.get(pid, pid), names=False)
    files: list[Path] = []
    if output_path is not None:
        run = RunInfo(input_path.name, digest, __version__)
        write_trials(problem, result, days, output_path, run, shown)
        progress.say("wrote the trial workbook")
    if per_company is not None:
        files = write_company_lists(problem, result, days, per_company, shown)
        progress.say_plural("wrote {n} company list", "wrote {n} company lists", len(files))
    return TrialOutcome(problem, result, days, output_path, files)
