"""The trial plan as an output workbook, and one list per company for the coordinator to send.

In the output language (``language``: sheet, column and value names in bokmål with ``nb``).
Sheets: Summary, TrialPlan, Trials (outcome ``planned``, the input sheet's columns: paste the
rows into the round's workbook), TrialTimetable, NoTrial, ByCompany (who comes when, with which
supervisor, their Norwegian level and follow-up need), Warnings. Names are left blank with
``pseudonymise``; company names are not personal data and stay.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from matcher.files import atomic_path
from matcher.i18n import Messages, messages
from matcher.problem import Problem, format_days
from matcher.report import tables
from matcher.report.cells import (
    DATE_FORMAT,
    Column,
    Styles,
    header_cells,
    set_layout,
    write_table,
)
from matcher.report.rawsheet import RawBody, SharedStrings, splice
from matcher.report.timetable_sheet import COLUMNS as TIMETABLE_COLUMNS
from matcher.report.timetable_sheet import stream_timetable
from matcher.result import Activity
from matcher.trials.plan import TrialResult

Table = tuple[tuple[Column, ...], list[list[object]]]
SHEETS = ("Summary", "TrialPlan", "Trials", "TrialTimetable", "NoTrial", "ByCompany",
          "Warnings")
FOLLOW_UP = {1: "low", 2: "medium", 3: "high"}


@dataclass(frozen=True)
class Shown:
    """How people appear in the output: ids (or pseudonyms) and names (or blanks)."""

    pid: Callable[[str], str]
    names: bool


def _cols(*headers: str) -> tuple[Column, ...]:
    return tuple(Column(h, DATE_FORMAT if h in ("start_date", "end_date", "date") else None)
                 for h in headers)


def summary(problem: Problem, result: TrialResult, run: tables.RunInfo) -> Table:
    p5, p4, p3, p2, p1 = result.priority_profile
    rows: list[list[object]] = [
        ["round", problem.settings.round_name], ["status", result.status],
        ["participants", result.participants],
        ["candidates_with_trial", result.candidates_with_trial],
        ["candidates_without_trial", result.participants - result.candidates_with_trial],
        ["trials", len(result.trials)], ["upper_bound", result.upper_bound],
        ["trials_upper_bound", result.trials_bound],
        ["trials_per_candidate", problem.settings.trials_per_candidate],
        ["windows", len(problem.trial_windows)], ["options", result.options],
        ["with_trial_priority_5", p5], ["with_trial_priority_4", p4],
        ["with_trial_priority_3", p3], ["with_trial_priority_2", p2],
        ["with_trial_priority_1", p1], ["quality", result.quality],
        ["solve_seconds", round(result.runtime, 3)], ["input_file", run.input_file],
        ["input_sha256", run.input_sha256], ["version", run.version],
    ]
    rows += [[f"stage.{k}", v] for k, v in result.stages.items()]
    rows += [[k, v] for k, v in result.settings_used.items() if k != "trials_per_candidate"]
    return (Column("key", width=28), Column("value", width=40)), rows


def trial_plan(problem: Problem, result: TrialResult, shown: Shown) -> Table:
    windows = {w.window_id: w for w in problem.trial_windows}
    rows: list[list[object]] = []
    for t in result.trials:
        w = windows[t.window_id]
        person = problem.participants_by_id[t.participant_id]
        rows.append([shown.pid(t.participant_id), person.name if shown.names else None,
                     t.window_id, w.start_date, w.end_date, t.company_id,
                     problem.companies_by_id[t.company_id].name, t.supervisor_id, t.occupation])
    return _cols("participant_id", "name", "window_id", "start_date", "end_date", "company_id",
                 "company_name", "supervisor_id", "occupation"), rows


def trials_sheet(problem: Problem, result: TrialResult, shown: Shown,
                 planned: str = "planned") -> Table:
    """The Trials input sheet's rows for the plan (outcome ``planned``, in the output's
    language); the note says when."""
    windows = {w.window_id: w for w in problem.trial_windows}
    rows: list[list[object]] = [
        [shown.pid(t.participant_id), t.company_id, planned,
         f"window {t.window_id}: {windows[t.window_id].start_date.isoformat()} to "
         f"{windows[t.window_id].end_date.isoformat()}"]
        for t in result.trials]
    return _cols("participant_id", "company_id", "outcome", "note"), rows


def no_trial(problem: Problem, result: TrialResult, shown: Shown) -> Table:
    rows: list[list[object]] = [
        [shown.pid(n.participant_id),
         problem.participants_by_id[n.participant_id].name if shown.names else None,
         n.reason, n.explanation] for n in result.no_trial]
    return (Column("participant_id"), Column("name"), Column("reason"),
            Column("explanation", width=90)), rows


def by_company(problem: Problem, result: TrialResult, days: Sequence[Activity],
               shown: Shown) -> Table:
    """Per company, the list a coordinator sends: who comes, when, with whom."""
    windows = {w.window_id: w for w in problem.trial_windows}
    weekdays: dict[tuple[str, str], set[int]] = {}
    for a in days:
        weekdays.setdefault((a.participant_id, a.company_id or ""), set()).add(a.date.weekday())
    ordered = sorted(result.trials, key=lambda t: (t.company_id, windows[t.window_id].start_date,
                                                   t.supervisor_id, t.participant_id))
    rows: list[list[object]] = []
    for t in ordered:
        w = windows[t.window_id]
        person = problem.participants_by_id[t.participant_id]
        sup = problem.supervisors_by_id[t.supervisor_id]
        rows.append([t.company_id, problem.companies_by_id[t.company_id].name, t.window_id,
                     w.start_date, w.end_date, t.occupation, t.supervisor_id,
                     sup.name if shown.names else None, shown.pid(t.participant_id),
                     person.name if shown.names else None, person.norwegian_level.name,
                     FOLLOW_UP[int(person.follow_up_need)],
                     format_days(frozenset(weekdays.get((t.participant_id, t.company_id),
                                                        set())))])
    return _cols("company_id", "company_name", "window_id", "start_date", "end_date",
                 "occupation", "supervisor_id", "supervisor_name", "participant_id", "name",
                 "norwegian_level", "follow_up_need", "trial_weekdays"), rows


def write_trials(problem: Problem, result: TrialResult, days: Sequence[Activity], path: Path,
                 run: tables.RunInfo, shown: Shown) -> None:
    """Write the trial workbook to ``path`` atomically. TrialTimetable has Timetable's columns
    (``week`` = week of the window, activity ``trial``) and is streamed as raw rows like the
    round's Timetable (:mod:`matcher.report.timetable_sheet`)."""
    t = messages(problem.language)
    parts: dict[str, Table | None] = {
        "Summary": summary(problem, result, run),
        "TrialPlan": trial_plan(problem, result, shown),
        "Trials": trials_sheet(problem, result, shown, t.value("planned", "outcome")),
        "TrialTimetable": None,
        "NoTrial": no_trial(problem, result, shown),
        "ByCompany": by_company(problem, result, days, shown),
        "Warnings": tables.warnings(problem),
    }
    shown_days = [a._replace(participant_id=shown.pid(a.participant_id)) for a in days]
    with tempfile.TemporaryDirectory(prefix="matcher-trials-") as scratch:
        folder = Path(scratch)
        wb = Workbook(write_only=True)
        styles: Styles | None = None
        bodies: dict[str, RawBody] = {}
        strings = SharedStrings()
        for title, table in parts.items():
            ws = wb.create_sheet(t.sheet(title))
            styles = styles or Styles(wb, ws)
            if table is not None:
                write_table(ws, styles, *table, t=t, sheet=title)
                continue
            streamed = stream_timetable(
                shown_days, strings=strings, folder=folder, t=t,
                date_style=styles.style_id(number_format=DATE_FORMAT))
            body = streamed.bodies[0]  # a trial plan stays far below Excel's row limit
            set_layout(ws, [c.width or 12.0 for c in TIMETABLE_COLUMNS], header_row=1,
                       last_row=body.last_row, last_column=len(TIMETABLE_COLUMNS))
            ws.append(header_cells(ws, styles, [t.column(c.header) for c in TIMETABLE_COLUMNS]))
            bodies[t.sheet(title)] = body
        frame = folder / "frame.xlsx"
        wb.save(frame)
        with atomic_path(Path(path)) as tmp:
            splice(frame, tmp, bodies, strings)


def write_company_lists(problem: Problem, result: TrialResult, days: Sequence[Activity],
                        folder: Path, shown: Shown) -> list[Path]:
    """One small workbook per company with trials (``<company_id>.xlsx``), to send on."""
    folder.mkdir(parents=True, exist_ok=True)
    columns, rows = by_company(problem, result, days, shown)
    t = messages(problem.language)
    written: list[Path] = []
    for company_id in sorted({str(r[0]) for r in rows}):
        own = [r for r in rows if r[0] == company_id]
        path = folder / f"{_safe_name(company_id)}.xlsx"
        _save({"Trial participants": (columns, own)}, path, t)
        written.append(path)
    return written


def _safe_name(text: str) -> str:
    """A file name from an id: letters, digits, dot, dash and underscore only."""
    return re.sub(r"[^\w.-]", "_", text).lstrip(".") or "company"


def _save(parts: dict[str, Table], path: Path, t: Messages) -> None:
    wb = Workbook(write_only=True)
    styles: Styles | None = None
    for title, (columns, rows) in parts.items():
        ws = wb.create_sheet(t.sheet(title))
        styles = styles or Styles(wb, ws)
        write_table(ws, styles, columns, rows, t=t, sheet="ByCompany")
    with atomic_path(Path(path)) as tmp:
        wb.save(tmp)
