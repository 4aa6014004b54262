"""One re-match end to end: read the round and the previous result, solve, check, write.

The command line calls :func:`run_rematch`; tests and benchmarks call it too. Nothing is written
unless the independent checker passes on the re-match's own terms
(:mod:`matcher.checker.rematch`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from matcher import __version__
from matcher.checker.rematch import assert_rematch_valid, check_rematch
from matcher.files import OutputPathError, check_output_path, sha256_of
from matcher.i18n.phrase import plural, speak
from matcher.model import Progress, SolveOptions
from matcher.problem import Problem
from matcher.pseudonym import new_key, pseudonym, pseudonymise_round, write_key_file
from matcher.rematch.changes import Change, classify, counts
from matcher.rematch.previous import Previous, read_previous
from matcher.rematch.reasons import Reasons
from matcher.rematch.replan import check_plan_from, replanned
from matcher.rematch.sheets import changes_table, trade_offs_table
from matcher.rematch.solve import Rematched, rematch_solve
from matcher.rematch.timetables import chosen_anew
from matcher.result import Activity, Result, Solution
from matcher.timetable import all_activities


@dataclass(frozen=True)
class RematchOutcome:
    """What a finished re-match hands back to its caller."""

    problem: Problem  # the round as re-planned from the plan date
    previous: Previous
    rematched: Rematched
    result: Result  # with the Summary's re-match figures among its settings
    changes: tuple[Change, ...]
    timetable: tuple[Activity, ...]
    output: Path | None
    pseudonyms: Mapping[str, str] = field(default_factory=dict)

    @property
    def counts(self) -> Mapping[str, int]:
        return counts(list(self.changes))


@dataclass(frozen=True)
class RematchRequest:
    """The files and choices of one re-match (``plan_from`` None: Settings ``plan_from``)."""

    input_path: Path
    previous_path: Path
    plan_from: dt.date | None = None
    output_path: Path | None = None
    options: SolveOptions = field(default_factory=SolveOptions)
    allow_moves: int = 0
    pseudonymise: bool = False
    pseudonym_key: bytes | None = None
    key_file: Path | None = None
    language: str | None = None  # the output's, overriding Settings language
    force: bool = False  # replace an existing key file


def run_rematch(request: RematchRequest, progress: Progress | None = None) -> RematchOutcome:
    """Re-match a round from a date against a previous result; write the output workbook
    when ``request.output_path`` is given."""
    from matcher.reader import read_problem

    progress = progress or Progress(enabled=False)
    _check_paths(request)
    digest = sha256_of(request.input_path)
    t = time.perf_counter()
    now = read_problem(request.input_path)
    if request.language is not None:
        now = replace(now, settings=replace(now.settings, language=request.language))
    speak(now.language)
    previous = read_previous(request.previous_path, now)
    plan_from = check_plan_from(request.plan_from or now.settings.plan_from)
    read_seconds = time.perf_counter() - t
    progress.say("read {participants} and {placements}; planning from {date}",
                 participants=plural("{n} participant", "{n} participants",
                                     len(now.participants)),
                 placements=plural("{n} previous placement", "{n} previous placements",
                                   len(previous.placements)), date=plan_from)
    outcome = rematch_round(now, previous, plan_from, request.options, request.allow_moves,
                            progress)
    outcome = replace(outcome, output=request.output_path, result=replace(
        outcome.result, timings={**outcome.result.timings, "read_seconds": read_seconds}))
    return _write(request, outcome, digest, progress)


def rematch_round(now: Problem, previous: Previous, plan_from: dt.date,
                  options: SolveOptions | None = None, allow_moves: int = 0,
                  progress: Progress | None = None) -> RematchOutcome:
    """Re-match the round ``now`` from ``plan_from`` against ``previous``: solved, each change
    explained, and checked independently (nothing is written)."""
    planned = replanned(now, previous, plan_from)
    rematched = rematch_solve(now, planned, previous, options, allow_moves, progress)
    t = time.perf_counter()
    solution, rows = _checked(now, planned, previous, plan_from, rematched.result.solution)
    check_seconds = time.perf_counter() - t
    t = time.perf_counter()
    changes = tuple(_changes(planned, previous, solution))
    result = _with_figures(rematched, solution, changes, plan_from)
    result = replace(result, timings={**result.timings, "check_seconds": check_seconds,
                                      "changes_seconds": time.perf_counter() - t})
    return RematchOutcome(planned, previous, rematched, result, changes, tuple(rows), None)


def _check_paths(request: RematchRequest) -> None:
    inputs = (request.input_path, request.previous_path)
    if request.output_path is not None:
        check_output_path(request.output_path, *inputs)
    if request.key_file is not None:
        check_output_path(request.key_file, *inputs, suffix=None, force=request.force)
    if (request.key_file is not None and request.output_path is not None
            and request.key_file.resolve() == request.output_path.resolve()):
        raise OutputPathError("the key file must not be the output file")


def _checked(now: Problem, planned: Problem, previous: Previous, plan_from: dt.date,
             solution: Solution) -> tuple[Solution, list[Activity]]:
    """The solution and its timetable, re-checked independently. Should the kept trainees'
    timetables not pass, every timetable is chosen anew on the re-planned weeks and checked."""
    running = previous.running()
    kept_days = {g: d for g, d in previous.school_days.items() if g in running}
    rows = list(all_activities(planned, solution))
    if not check_rematch(now, plan_from, kept_days, running, solution, rows):
        return solution, rows
    solution = chosen_anew(planned, solution)
    rows = list(all_activities(planned, solution))
    assert_rematch_valid(now, plan_from, kept_days, running, solution, rows)
    return solution, rows


def _changes(planned: Problem, previous: Previous, solution: Solution) -> list[Change]:
    changes = classify(planned, previous, solution)
    reasons = Reasons(planned, changes)
    return [reasons.explain(c) for c in changes]


def _with_figures(rematched: Rematched, solution: Solution, changes: tuple[Change, ...],
                  plan_from: dt.date) -> Result:
    """The result with the re-match's Summary figures: the plan date, the count of each
    change, and the flow's bounds on goals 1–2."""
    result = rematched.result
    figures: dict[str, object] = {"plan_from": plan_from, **counts(list(changes)),
                                  "dropped_lower_bound": rematched.flow_goals.dropped,
                                  "moved_lower_bound": rematched.flow_goals.moved}
    return replace(result, solution=solution,
                   settings_used={**figures, **result.settings_used})


def _write(request: RematchRequest, outcome: RematchOutcome, digest: str,
           progress: Progress) -> RematchOutcome:
    from matcher.report import write_result

    problem, result, rows = outcome.problem, outcome.result, list(outcome.timetable)
    table: dict[str, str] = {}
    key = b""
    if request.pseudonymise:
        key = request.pseudonym_key if request.pseudonym_key is not None else new_key()
        problem, result, rows, table = pseudonymise_round(problem, result, rows, key)

    def ids(identifier: str) -> str:
        if not request.pseudonymise:
            return identifier
        return table.get(identifier) or pseudonym(key, identifier)

    if request.output_path is not None:
        t = time.perf_counter()
        changes = changes_table(outcome.problem, list(outcome.changes), request.pseudonymise,
                                ids)
        write_result(problem, result, request.output_path,
                     input_file=request.input_path.name, input_sha256=digest,
                     version=__version__,
                     eligible_candidates=outcome.rematched.eligible_candidates,
                     pseudonymise=request.pseudonymise, timetable=rows,
                     extra_sheets=[("Changes", changes),
                                   ("Trade-offs", trade_offs_table(
                                       outcome.rematched.trade_offs))])
        seconds = time.perf_counter() - t
        progress.say("wrote the output workbook in {seconds:.1f} s", seconds=seconds)
        outcome = replace(outcome, result=replace(outcome.result, timings={
            **outcome.result.timings, "write_seconds": seconds}))
    if request.key_file is not None and request.pseudonymise:
        write_key_file(request.key_file, table)
        progress.say("wrote the pseudonym key file")
    return replace(outcome, pseudonyms=table)


__all__ = ["RematchOutcome", "RematchRequest", "rematch_round", "run_rematch"]
