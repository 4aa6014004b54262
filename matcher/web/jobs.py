"""What runs in the background process: one job (check, match, capacity or compare) on one
uploaded workbook, reporting to the server through a pipe.

Each job calls the same library function as its command (``run_match`` for ``matcher match``,
and so on) with the same options, so a round run from the page is the round the command line
runs: the same time limit, seed and workers give the same result. Messages sent back are
``(kind, data)`` pairs:

* ``("progress", {...})`` counts only (placed so far, the bound), never names or ids;
* ``("done", {...})`` the JSON summary; ``("view", None)`` the page data is written;
* ``("invalid", {"issues": [...]})`` the workbook has problems, located by sheet/row/column;
* ``("failed", {"message": ..., "conflicts": [...]})`` the round cannot be solved, or a bug.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from matcher.errors import CheckError, InfeasibleError, InputError, MatcherError
from matcher.i18n import LANGUAGES
from matcher.i18n.phrase import Phrase
from matcher.model import Progress, SolveOptions

#: Participants of the sample rounds the home page offers (any other profile: 30).
SAMPLE_PARTICIPANTS = {"county": 300}

#: File names inside a round's private folder.
INPUT = "input.xlsx"
RESULT = "result.xlsx"
VIEW = "view.json"
CAPACITY = "capacity.xlsx"
COMPARE = "compare.xlsx"
TRIALS = "trials.xlsx"
TRIAL_LISTS = "trial-lists.zip"
PREVIOUS = "previous.xlsx"
REMATCH = "rematch.xlsx"
EXPORTS = "company-files.zip"


@dataclass(frozen=True)
class RunOptions:
    """The options of ``matcher match`` a coordinator can set on the page or in the API.

    ``None`` means what the command line does without the flag: the workbook's Settings, else
    the built-in default.
    """

    time_limit: float | None = None
    seed: int | None = None
    workers: int | None = None
    pseudonymise: bool = False
    language: str | None = None  # of the output workbook; None: Settings, else the input's
    plan_from: dt.date | None = None  # re-match only: None = Settings plan_from
    allow_moves: int = 0  # re-match only

    def solve_options(self) -> SolveOptions:
        return SolveOptions(self.time_limit, self.workers, self.seed)


class PipeProgress(Progress):
    """Progress that goes to the page instead of stderr: the numbers of each event the solver
    reports (``placed`` so far, the flow ``bound``), at most every ``interval`` seconds; the
    page words them in its own language."""

    def __init__(self, conn: Connection, interval: float = 0.25) -> None:
        super().__init__(enabled=True, interval=interval)
        self.conn = conn
        self.placed: int | None = None
        self.bound: int | None = None
        self.searching_since: float | None = None
        self._sent = -1.0

    def emit(self, event: Phrase) -> None:
        bound = event.number("bound")
        if bound is not None and self.bound is None:
            self.bound = bound
            self.searching_since = self.elapsed()
        placed = event.number("placed")
        if placed is not None:
            self.placed = placed
        now = self.elapsed()
        if now - self._sent >= self.interval or bound is not None or placed is not None:
            self._sent = now
            self.conn.send(("progress", {"placed": self.placed, "bound": self.bound,
                                         "elapsed": round(now, 2),
                                         "searching_since": self.searching_since}))


def main(kind: str, folder: str, options: RunOptions, conn: Connection,
         sample: str | None = None) -> None:
    """Entry point of the background process: run one job and report how it ended.

    ``sample`` (a check only) first writes that profile's sample round as the input.
    """
    jobs: dict[str, Callable[[Path, RunOptions, Connection], None]] = {
        "check": _check, "match": _match, "capacity": _capacity, "compare": _compare,
        "trials": _trials, "rematch": _rematch, "export": _export,
    }
    try:
        if sample is not None:
            _write_sample(Path(folder), sample)
        jobs[kind](Path(folder), options, conn)
    except InputError as exc:
        conn.send(("invalid", {"issues": [asdict(i) for i in exc.issues]}))
    except InfeasibleError as exc:
        conn.send(("failed", {"message": "infeasible", "conflicts": list(exc.conflicts)}))
    except CheckError:
        conn.send(("failed", {"message": "check", "conflicts": []}))
    except MatcherError as exc:
        conn.send(("failed", {"message": str(exc), "conflicts": []}))
    except MemoryError:
        conn.send(("failed", {"message": "memory", "conflicts": []}))
    except Exception as exc:  # a bug: its type only, never its text (it may hold input data)
        conn.send(("failed", {"message": f"internal error ({type(exc).__name__})",
                              "conflicts": []}))
    finally:
        conn.close()


def _check(folder: Path, options: RunOptions, conn: Connection) -> None:
    """``matcher validate``: the round's figures and warnings, or every located problem."""
    from matcher.reader import read_problem, summarise

    problem = read_problem(folder / INPUT)
    conn.send(("done", {"summary": summarise(problem),
                        "warnings": [asdict(w) for w in problem.warnings],
                        "time_limit": problem.settings.time_limit_seconds}))


def _write_sample(folder: Path, profile: str) -> None:
    """A sample round of the profile, as ``matcher sample --profile PROFILE`` writes it."""
    from matcher.inputbook import write_problem
    from matcher.samples import generate

    write_problem(generate(SAMPLE_PARTICIPANTS.get(profile, 30), None, 1, profile),
                  folder / INPUT)


def _match(folder: Path, options: RunOptions, conn: Connection) -> None:
    """``matcher match``: solve, check, write the result workbook, then the page data."""
    from matcher.pseudonym import new_key
    from matcher.round import run_match
    from matcher.web.view import build_view

    progress = PipeProgress(conn)
    key = new_key() if options.pseudonymise else None
    started = time.perf_counter()
    outcome = run_match(folder / INPUT, folder / RESULT, options.solve_options(),
                        pseudonymise=options.pseudonymise, progress=progress, pseudonym_key=key,
                        language=options.language)
    conn.send(("done", {**outcome.result.as_dict(),
                        "seconds": round(time.perf_counter() - started, 3)}))
    view = build_view(outcome, key)
    (folder / VIEW).write_text(json.dumps(view, ensure_ascii=False), encoding="utf-8")
    conn.send(("view", None))


def _capacity(folder: Path, options: RunOptions, conn: Connection) -> None:
    """``matcher capacity``: places against demand and the bottlenecks."""
    from matcher.capacity import analyse, write_capacity
    from matcher.reader import read_problem

    problem = read_problem(folder / INPUT)
    report = analyse(problem)
    write_capacity(report, folder / CAPACITY, options.language or problem.language)
    worded = {language: [b.message.render(language) for b in report.bottlenecks]
              for language in LANGUAGES}  # the page shows the findings in its own language
    conn.send(("done", {**report.as_dict(), "worded": worded}))


def _compare(folder: Path, options: RunOptions, conn: Connection) -> None:
    """``matcher compare``: the base plan and every scenario, side by side."""
    from matcher import compare as cmp
    from matcher.compare.workbook import scenario_rows
    from matcher.reader import read_problem

    problem = read_problem(folder / INPUT)
    plans = cmp.alternatives(problem, ())
    outcomes = cmp.compare(plans, options.solve_options(), PipeProgress(conn))
    school = cmp.best_school_days(problem)
    cmp.write_compare(outcomes, school, folder / COMPARE, options.language or problem.language)
    side_by_side = {"names": [o.name for o in outcomes],
                    "rows": [[label, *values] for label, values in scenario_rows(outcomes)]}
    conn.send(("done", {**cmp.as_dict(outcomes, school), "side_by_side": side_by_side}))


def _trials(folder: Path, options: RunOptions, conn: Connection) -> None:
    """``matcher trials --per-company``: the trial plan, and one list per company (zipped)."""
    from matcher.trials import TrialOptions, run_trials

    with tempfile.TemporaryDirectory(dir=folder) as lists:
        outcome = run_trials(
            folder / INPUT, folder / TRIALS,
            TrialOptions(options.time_limit, options.workers, options.seed, None),
            pseudonymise=options.pseudonymise, progress=PipeProgress(conn),
            per_company=Path(lists), language=options.language)
        _zip(Path(lists), folder / TRIAL_LISTS)
    result = outcome.result
    reasons: dict[str, int] = {}
    for n in result.no_trial:
        reasons[n.reason] = reasons.get(n.reason, 0) + 1
    conn.send(("done", {
        "status": result.status, "participants": result.participants,
        "candidates_with_trial": result.candidates_with_trial, "trials": len(result.trials),
        "upper_bound": result.upper_bound, "no_trial": reasons,
        "company_files": len(outcome.company_files),
    }))


def _rematch(folder: Path, options: RunOptions, conn: Connection) -> None:
    """``matcher rematch``: re-plan from a date against the previous result workbook."""
    from matcher.rematch import RematchRequest, run_rematch
    from matcher.rematch.sheets import changes_table

    outcome = run_rematch(RematchRequest(
        folder / INPUT, folder / PREVIOUS, options.plan_from, folder / REMATCH,
        options.solve_options(), options.allow_moves, options.pseudonymise,
        language=options.language), PipeProgress(conn))
    columns, rows = changes_table(outcome.problem, list(outcome.changes), options.pseudonymise,
                                  lambda pid: outcome.pseudonyms.get(pid, pid))
    conn.send(("done", {**outcome.result.as_dict(), "changes": dict(outcome.counts),
                        "table": {"columns": [c.header for c in columns], "rows": rows}}))


def _export(folder: Path, options: RunOptions, conn: Connection) -> None:
    """``matcher export``: a workbook per company and a PDF timetable per participant of the
    round's result, zipped to download."""
    from matcher.export import export_result

    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        out = Path(scratch) / "files"
        outcome = export_result(folder / RESULT, out, language=options.language,
                                pseudonymise=options.pseudonymise)
        _zip(out, folder / EXPORTS)
    conn.send(("done", {"company_books": len(outcome.company_books),
                        "timetables": len(outcome.timetables)}))


def _zip(source: Path, target: Path) -> None:
    """Every file below ``source`` into the zip ``target``, by its path below ``source``."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            archive.write(path, path.relative_to(source))
