"""Read a matcher output workbook (either language) back into trainees and their days.

Only the Placements and Timetable sheets are read (Timetable (2) … too), through the same safe
loader as the input workbook; sheet and column names are matched in English or bokmål, and the
enumerated values (activity, yes/no) are turned back into their English codes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from matcher.errors import InputError
from matcher.i18n import column_aliases, english_sheet, english_value, name_key, sheet_language
from matcher.problem import InputIssue
from matcher.reader.excel import (
    FAULT,
    RESULT_PART_BYTES,
    SheetRows,
    WorkbookError,
    load_workbook,
)

PLACEMENT_COLUMNS = ("participant_id", "name", "programme_id", "occupation", "company_id",
                     "company_name", "supervisor_id", "supervisor_name", "norwegian_level",
                     "follow_up_need")
TIMETABLE_COLUMNS = ("participant_id", "date", "week", "weekday", "activity", "shift",
                     "with_supervisor", "company_id", "supervisor_id", "phase")


@dataclass(frozen=True)
class Day:
    """One dated activity of a trainee (``activity`` is ``school``, ``company`` or ``trial``)."""

    date: dt.date
    week: int
    activity: str
    shift: str
    with_supervisor: bool


@dataclass
class Trainee:
    """A placed participant as a company and the participant need to see them."""

    participant_id: str
    name: str
    programme_id: str
    occupation: str
    company_id: str
    company_name: str
    supervisor_id: str
    supervisor_name: str
    norwegian_level: str
    follow_up_need: str
    days: list[Day] = field(default_factory=list)

    @property
    def first_company_day(self) -> dt.date | None:
        return min((d.date for d in self.days if d.activity == "company"), default=None)

    @property
    def company_days_per_week(self) -> int:
        """The most company days in any one week (the phase's pattern, before holidays)."""
        weeks: dict[int, int] = {}
        for d in self.days:
            if d.activity == "company":
                weeks[d.week] = weeks.get(d.week, 0) + 1
        return max(weeks.values(), default=0)


@dataclass(frozen=True)
class ResultBook:
    """The trainees of a result workbook, in its order, and the language of its sheets."""

    trainees: tuple[Trainee, ...]
    language: str


def read_result(path: Path) -> ResultBook:
    """Read ``path``; raises :class:`InputError` when it is not a matcher output workbook.

    Only the Placements and Timetable sheets are read: the Calendar of a whole course holds
    more cells than the Timetable and is not needed."""
    try:
        book = load_workbook(Path(path), only=lambda name: _english(name) in _NEEDED,
                             part_limit=RESULT_PART_BYTES)
    except WorkbookError as exc:
        raise InputError(exc.issues) from None
    sheets: dict[str, list[SheetRows]] = {}
    for name, sheet in book.sheets.items():
        english = _english(name)
        if english is not None:
            sheets.setdefault(english, []).append(sheet)
    if "Placements" not in sheets or "Timetable" not in sheets:
        raise InputError([InputIssue(None, None, None, "not a matcher output workbook: it "
                                     "has no Placements and Timetable sheets",
                                     expected="the output of matcher match")])
    trainees = {row["participant_id"]: _trainee(row)
                for row in _records(sheets["Placements"][0], "Placements", PLACEMENT_COLUMNS)}
    for sheet in sheets["Timetable"]:
        for row in _records(sheet, "Timetable", TIMETABLE_COLUMNS):
            trainee = trainees.get(row["participant_id"])
            if trainee is not None and isinstance(row["date"], dt.datetime):
                week = row["week"]
                trainee.days.append(Day(row["date"].date(),
                                        week if isinstance(week, int) else 0,
                                        english_value(str(row["activity"])),
                                        str(row["shift"] or ""),
                                        english_value(str(row["with_supervisor"])) == "yes"))
    return ResultBook(tuple(trainees.values()), sheet_language(book.sheets))


_NEEDED = frozenset({"Placements", "Timetable"})


def _english(name: str) -> str | None:
    """The English name of a result sheet, ``Timetable (2)`` … counted as ``Timetable``."""
    base, _, rest = name.partition(" (")
    return english_sheet(base if rest.endswith(")") else name)


def _trainee(row: dict[str, object]) -> Trainee:
    def text(key: str) -> str:
        value = row.get(key)
        return "" if value is None else str(value)

    return Trainee(text("participant_id"), text("name"), text("programme_id"),
                   text("occupation"), text("company_id"), text("company_name"),
                   text("supervisor_id"), text("supervisor_name"), text("norwegian_level"),
                   english_value(text("follow_up_need")))


def _records(sheet: SheetRows, english: str,
             columns: tuple[str, ...]) -> list[dict[str, object]]:
    """The sheet's rows as ``{English column: value}``, from its first row as header."""
    if not sheet.rows:
        return []
    aliases = column_aliases(english, columns)
    _, header = sheet.rows[0]
    index = {i: aliases[name_key(str(v))] for i, v in header.items()
             if v is not FAULT and name_key(str(v)) in aliases}
    out: list[dict[str, object]] = []
    for _, cells in sheet.rows[1:]:
        record: dict[str, object] = dict.fromkeys(columns)
        for i, value in cells.items():
            if i in index and value is not FAULT:
                record[index[i]] = value
        if record.get("participant_id") is not None:
            record["participant_id"] = str(record["participant_id"])
            out.append(record)
    return out
