"""Reading the previous result: the output workbook of an earlier run of matcher for the round.

Only what a re-match needs is read (SPEC.md "Re-matching mid-course"): who was placed where
(Placements), each class's school days as planned (Programmes) and each phase's own school days
(Phases, where the workbook has that sheet: a version-1 output has not). Sheet and column names
may be English or bokmål (the message catalogue's names, :mod:`matcher.i18n`). A workbook
without a Summary that names a matcher version, or without these columns, is not a matcher
output: every problem is reported, located, as input errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from matcher.errors import InputError
from matcher.i18n import column_aliases, english_sheet, name_key
from matcher.problem import InputIssue, Problem
from matcher.reader import cells
from matcher.reader.excel import SheetRows, Value, WorkbookError, load_workbook
from matcher.result import Solution

#: The sheets read, and the columns each must have (English names; bokmål ones are accepted).
NEEDED: dict[str, tuple[str, ...]] = {
    "Summary": ("key", "value"),
    "Placements": ("participant_id", "programme_id", "company_id", "supervisor_id"),
    "Programmes": ("programme_id", "school_days"),
    "Phases": ("programme_id", "from_week", "to_week", "school_days"),
}


@dataclass(frozen=True)
class Before:
    """One placement of the previous result."""

    participant_id: str
    programme_id: str
    company_id: str
    supervisor_id: str
    row: int  # the Placements row, as Excel numbers it


@dataclass(frozen=True)
class Previous:
    """What the previous result decided, as far as a re-match keeps it."""

    placements: dict[str, Before]  # participant id → placement
    school_days: dict[str, frozenset[int]]  # programme id → the class's school days
    #: (programme id, from_week, to_week) → that phase's school days, where the sheet names them
    phase_school_days: dict[tuple[str, int, int], frozenset[int]] = field(default_factory=dict)
    version: str = ""

    def running(self) -> set[str]:
        """The programmes that had participants: running classes keep their school days."""
        return {b.programme_id for b in self.placements.values()}


def previous_from(solution: Solution) -> Previous:
    """The previous result as a solution in memory gives it (tests, benchmarks)."""
    placements = {pl.participant_id: Before(pl.participant_id, pl.programme_id, pl.company_id,
                                            pl.supervisor_id, row)
                  for row, pl in enumerate(solution.placements, start=2)}
    return Previous(placements, dict(solution.school_days), _phase_spans(solution))


def _phase_spans(solution: Solution) -> dict[tuple[str, int, int], frozenset[int]]:
    """The phases' own school days keyed by weeks: each runs from its first week up to the
    next own set of the programme (phases do not overlap, so that span holds the phase)."""
    firsts: dict[str, list[int]] = {}
    for gid, week in sorted(solution.phase_school_days):
        firsts.setdefault(gid, []).append(week)
    out: dict[tuple[str, int, int], frozenset[int]] = {}
    for gid, weeks in firsts.items():
        for week, following in zip(weeks, [*weeks[1:], 10**9], strict=True):
            out[(gid, week, following - 1)] = solution.phase_school_days[(gid, week)]
    return out


class _Sheet:
    """One sheet of the previous result with its header mapped to the canonical column names."""

    def __init__(self, sheet: str, rows: SheetRows) -> None:
        self.label = _label(rows.name)
        self.header_row, header = rows.rows[0] if rows.rows else (1, {})
        aliases = column_aliases(sheet, NEEDED[sheet])
        self.columns = {aliases[name_key(v)]: i for i, v in header.items()
                        if isinstance(v, str) and name_key(v) in aliases}
        self.body = rows.rows[1:]

    def missing(self, needed: Iterable[str]) -> list[str]:
        return [c for c in needed if c not in self.columns]

    def cell(self, row: dict[int, Value], column: str) -> Value | None:
        return row.get(self.columns[column])


def read_previous(path: Path, problem: Problem) -> Previous:
    """The previous result at ``path``, checked against the round as it is now: every
    programme it names must be in ``problem`` (otherwise, and when the file is not a matcher
    output, :class:`InputError` lists every problem)."""
    try:
        book = load_workbook(path, only=lambda name: english_sheet(name) in NEEDED)
    except WorkbookError as exc:
        raise InputError([_relabel(i) for i in exc.issues]) from exc
    sheets = {english_sheet(name): rows for name, rows in book.sheets.items()}
    found: dict[str, _Sheet] = {}
    issues: list[InputIssue] = []
    for canon in NEEDED:
        rows = sheets.get(canon)
        if rows is None:
            if canon != "Phases":
                issues.append(_issue(None, None, None, f"there is no {canon} sheet",
                                     expected="an output workbook written by matcher"))
            continue
        sheet = _Sheet(canon, rows)
        missing = sheet.missing(NEEDED[canon])
        if missing:
            issues.append(_issue(sheet.label, sheet.header_row, None,
                                 f"the sheet lacks the column(s) {', '.join(missing)}",
                                 expected="an output workbook written by matcher"))
            continue
        found[canon] = sheet
    if issues:
        raise InputError(issues)
    version = _version(found["Summary"], issues)
    placements = _placements(found["Placements"], problem, issues)
    school = _school_days(found["Programmes"], problem, issues)
    phases = _phase_days(found["Phases"], issues) if "Phases" in found else {}
    if issues:
        raise InputError(issues)
    return Previous(placements, school, phases, version)


def _label(sheet: str) -> str:
    return f"{sheet} (previous result)"


def _relabel(issue: InputIssue) -> InputIssue:
    return InputIssue("previous result", issue.row, issue.column, issue.message, issue.value,
                      issue.expected, issue.severity)


def _issue(sheet: str | None, row: int | None, column: str | None, message: str,
           value: str | None = None, expected: str | None = None) -> InputIssue:
    return InputIssue(sheet or "previous result", row, column, message, value, expected)


def _version(summary: _Sheet, issues: list[InputIssue]) -> str:
    """The matcher version that wrote the workbook (its Summary's ``version``)."""
    for _, row in summary.body:
        if name_key(str(summary.cell(row, "key") or "")) == "version":
            return str(summary.cell(row, "value") or "")
    issues.append(_issue(summary.label, None, "key", "the Summary names no matcher version",
                         expected="an output workbook written by matcher"))
    return ""


def _text(sheet: _Sheet, excel_row: int, row: dict[int, Value], column: str,
          issues: list[InputIssue]) -> str | None:
    value = sheet.cell(row, column)
    try:
        return cells.to_id(value)
    except cells.CellError as exc:
        issues.append(_issue(sheet.label, excel_row, column, "cannot be read", repr(value),
                             exc.expected))
        return None


def _placements(sheet: _Sheet, problem: Problem, issues: list[InputIssue]) -> dict[str, Before]:
    out: dict[str, Before] = {}
    for excel_row, row in sheet.body:
        values = [_text(sheet, excel_row, row, c, issues) for c in NEEDED["Placements"]]
        pid, gid, cid, sid = values
        if pid is None or gid is None or cid is None or sid is None:
            continue
        if pid in out:
            issues.append(_issue(sheet.label, excel_row, "participant_id",
                                 f"placed twice (also row {out[pid].row})", pid,
                                 "each participant once"))
            continue
        if gid not in problem.programmes_by_id:
            issues.append(_issue(sheet.label, excel_row, "programme_id",
                                 "the programme is not in the input's Programmes sheet", gid,
                                 "a programme of the round as it is now"))
        out[pid] = Before(pid, gid, cid, sid, excel_row)
    return out


def _days(sheet: _Sheet, excel_row: int, row: dict[int, Value],
          issues: list[InputIssue]) -> frozenset[int] | None:
    value = sheet.cell(row, "school_days")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return cells.to_weekdays(value)
    except cells.CellError as exc:
        issues.append(_issue(sheet.label, excel_row, "school_days", "cannot be read",
                             repr(value), exc.expected))
        return None


def _school_days(sheet: _Sheet, problem: Problem,
                 issues: list[InputIssue]) -> dict[str, frozenset[int]]:
    out: dict[str, frozenset[int]] = {}
    for excel_row, row in sheet.body:
        gid = _text(sheet, excel_row, row, "programme_id", issues)
        days = _days(sheet, excel_row, row, issues)
        if gid is None:
            continue
        if gid not in problem.programmes_by_id:
            issues.append(_issue(sheet.label, excel_row, "programme_id",
                                 "the programme is not in the input's Programmes sheet", gid,
                                 "a programme of the round as it is now"))
        elif days is not None:
            out[gid] = days
    return out


def _phase_days(sheet: _Sheet,
                issues: list[InputIssue]) -> dict[tuple[str, int, int], frozenset[int]]:
    out: dict[tuple[str, int, int], frozenset[int]] = {}
    for excel_row, row in sheet.body:
        gid = _text(sheet, excel_row, row, "programme_id", issues)
        weeks = []
        for column in ("from_week", "to_week"):
            try:
                weeks.append(cells.to_int(sheet.cell(row, column), 1))
            except cells.CellError as exc:
                issues.append(_issue(sheet.label, excel_row, column, "cannot be read",
                                     repr(sheet.cell(row, column)), exc.expected))
        days = _days(sheet, excel_row, row, issues)
        if gid is not None and len(weeks) == 2 and days is not None:
            out[(gid, weeks[0], weeks[1])] = days
    return out
