"""One matching round end to end: read, solve, timetables and explanations, check, write.

The command line calls :func:`run_match`; tests and benchmarks call it too, so what a
coordinator runs is what is tested. Nothing is written unless the independent checker passes.
:func:`solve_round` is the one way to a full result from a problem (the model's decision with
company days and the reasons for the unplaced); :func:`solve_checked` checks it as well.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from matcher import __version__
from matcher.checker import assert_valid
from matcher.files import OutputPathError, check_output_path, sha256_of
from matcher.finish import build_solution, unplaced_reasons
from matcher.i18n import messages
from matcher.i18n.phrase import plural, speak
from matcher.memory import frozen_gc
from matcher.model import Progress, SolveOptions, solve
from matcher.problem import InputIssue, Problem
from matcher.pseudonym import new_key, pseudonymise_round, write_key_file
from matcher.result import Activity, Result
from matcher.timetable import timetable_rows
from matcher.timings import Timings

#: Placements further than this from home, for participants with no travel limit, are listed
#: as a warning: a blank limit is more often forgotten than meant.
LONG_TRAVEL_MINUTES = 120


def long_travel(problem: Problem, result: Result) -> tuple[InputIssue, ...]:
    """A warning per placement more than :data:`LONG_TRAVEL_MINUTES` from home where the
    participant has no travel limit (neither their own nor Settings
    ``default_max_travel_minutes``), located by the participant's row, without names."""
    out: list[InputIssue] = []
    for pl in result.solution.placements:
        person = problem.participants_by_id[pl.participant_id]
        if person.max_travel_minutes is not None:
            continue
        minutes = problem.travel_minutes(person, problem.companies_by_id[pl.company_id])
        if minutes is not None and minutes > LONG_TRAVEL_MINUTES:
            names = messages(problem.input_language)  # located as the workbook names it
            out.append(InputIssue(
                names.sheet("Participants"), person.row or None,
                names.column("max_travel_minutes", "Participants"),
                f"placed {minutes} minutes from home (one way) because no travel limit is "
                f"given; set max_travel_minutes, or Settings default_max_travel_minutes",
                severity="warning"))
    return tuple(out)


@dataclass(frozen=True)
class Solved:
    """A round's result with what the report needs beside it."""

    result: Result
    n_arcs: int  # eligible participant–programme–supervisor pairs (the arcs themselves are
    # not kept: at 20,000 participants they take over a gigabyte while the report is written)
    eligible_candidates: dict[tuple[str, str], int]


def solve_round(problem: Problem, options: SolveOptions | None = None,
                progress: Progress | None = None) -> Solved:
    """Solve one round: the model's decision, then each placement's company days (timed as
    ``timetable``) and the reasons for the unplaced (``explain``), which rebuild the arcs of
    the unplaced alone with the model's warm eligibility tables. Raises
    :class:`~matcher.errors.InfeasibleError` when locks or class rules conflict."""
    decided = solve(problem, options, progress)
    finishing = Timings()
    with frozen_gc():
        with finishing.timed("timetable"):
            solution = build_solution(problem, decided.chosen, range(len(decided.chosen)),
                                      decided.school)
        with finishing.timed("explain"):
            unplaced = unplaced_reasons(problem, solution, decided.tables, decided.calendars)
    return Solved(decided.result(solution, unplaced, finishing), decided.n_arcs,
                  decided.eligible_candidates)


@dataclass(frozen=True)
class RoundOutcome:
    """What a finished round hands back to its caller."""

    problem: Problem
    solved: Solved
    result: Result
    input_sha256: str
    output: Path | None
    pseudonyms: Mapping[str, str] = field(default_factory=dict)  # participant id → pseudonym


def solve_checked(problem: Problem, options: SolveOptions | None = None,
                  progress: Progress | None = None) -> tuple[Solved, list[Activity]]:
    """:func:`solve_round`, and every hard rule re-checked independently; returns the
    timetable rows too."""
    solved = solve_round(problem, options, progress)
    rows = timetable_rows(problem, solved.result.solution)
    assert_valid(problem, solved.result.solution, rows)
    return solved, rows


def run_match(input_path: Path, output_path: Path | None, options: SolveOptions | None = None,
              *, pseudonymise: bool = False, progress: Progress | None = None,
              pseudonym_key: bytes | None = None, key_file: Path | None = None,
              language: str | None = None, force: bool = False) -> RoundOutcome:
    """Run a round from a workbook; write the output workbook when ``output_path`` is given.

    With ``pseudonymise`` the output has no names and pseudonyms for participant ids
    (:mod:`matcher.pseudonym`; a random key unless ``pseudonym_key`` is given); ``key_file``
    receives the id → pseudonym table. ``language`` (``en`` / ``nb``) overrides Settings
    ``language`` for the output, its explanations and messages.
    """
    from matcher.reader import read_problem
    from matcher.report import write_result

    progress = progress or Progress(enabled=False)
    if output_path is not None:
        check_output_path(output_path, input_path)
    if key_file is not None:
        check_output_path(key_file, input_path, suffix=None, force=force)
        if output_path is not None and key_file.resolve() == output_path.resolve():
            raise OutputPathError("the key file must not be the output file")
    t = time.perf_counter()
    digest = sha256_of(input_path)
    problem = read_problem(input_path)
    if language is not None:
        problem = replace(problem, settings=replace(problem.settings, language=language))
    read_seconds = time.perf_counter() - t
    speak(problem.language)
    progress.say("read {participants}, {companies}, {supervisors}",
                 participants=plural("{n} participant", "{n} participants",
                                     len(problem.participants)),
                 companies=plural("{n} company", "{n} companies", len(problem.companies)),
                 supervisors=plural("{n} supervisor", "{n} supervisors",
                                    len(problem.supervisors)))
    solved, rows = solve_checked(problem, options, progress)
    far = long_travel(problem, solved.result)
    if far:
        problem = replace(problem, warnings=(*problem.warnings, *far))
    result = replace(solved.result, timings={**solved.result.timings, "read_seconds": read_seconds})
    shown_problem, shown_result = problem, result
    table: dict[str, str] = {}
    if pseudonymise:
        key = pseudonym_key if pseudonym_key is not None else new_key()
        shown_problem, shown_result, rows, table = pseudonymise_round(problem, result, rows, key)
    if output_path is not None:
        t = time.perf_counter()
        write_result(shown_problem, shown_result, output_path, input_file=input_path.name,
                     input_sha256=digest, version=__version__,
                     eligible_candidates=solved.eligible_candidates,
                     pseudonymise=pseudonymise, timetable=rows)
        progress.say("wrote the output workbook in {seconds:.1f} s",
                     seconds=time.perf_counter() - t)
    if key_file is not None and pseudonymise:
        write_key_file(key_file, table)
        progress.say("wrote the pseudonym key file")
    return RoundOutcome(problem, solved, result, digest, output_path, table)
