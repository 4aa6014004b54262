"""Row models at the boundary: one pydantic model per input sheet, and the sheet → rows step.

A sheet is matched to its model by header (case-insensitive, surrounding spaces ignored); each
data row becomes one validated model instance, or located issues for its bad cells (all of a
row's bad cells at once, since pydantic collects every field error). The cell conventions live
in :mod:`matcher.reader.cells`; this module only wires them to columns and builds the frozen
:mod:`matcher.problem` dataclasses from valid rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainValidator, ValidationError
from pydantic_core import PydanticCustomError

from matcher.i18n import column_aliases, name_key
from matcher.problem import (
    CLOSED_ALL,
    DAY_OFF_CODES,
    DEFAULT_WEIGHTS,
    WORKWEEK,
    Cefr,
    FollowUp,
    InputIssue,
    Rota,
    Settings,
    Shift,
    area_key,
)
from matcher.reader import cells
from matcher.reader.excel import FAULT, SheetRows, Value, column_letter


def _cell(convert: Callable[[Any], Any]) -> PlainValidator:
    """Wrap a cell convention so its :class:`cells.CellError` becomes a pydantic error that
    keeps the "expected …" text."""

    def validate(value: Any) -> Any:
        try:
            return convert(value)
        except cells.CellError as exc:
            raise PydanticCustomError("cell", "{expected}", {"expected": exc.expected}) from None

    return PlainValidator(validate)


Id = Annotated[str, _cell(cells.to_id)]
OptId = Annotated[str | None, _cell(cells.to_id)]
Text = Annotated[str, _cell(cells.to_text)]
OptText = Annotated[str | None, _cell(cells.to_text)]
AreaKey = Annotated[str, _cell(lambda v: area_key(cells.to_text(v)))]
Date = Annotated[dt.date, _cell(cells.to_date)]
OptDate = Annotated[dt.date | None, _cell(cells.to_date)]
Time = Annotated[dt.time | None, _cell(cells.to_time)]
Days = Annotated[frozenset[int], _cell(cells.to_weekdays)]
OptDays = Annotated[frozenset[int] | None, _cell(cells.to_weekdays)]
Level = Annotated[Cefr, _cell(cells.to_cefr)]
OptLevel = Annotated[Cefr | None, _cell(cells.to_cefr)]
YesNo = Annotated[bool, _cell(cells.to_yes_no)]
Count = Annotated[int, _cell(cells.int_between(0))]
OptCount = Annotated[int | None, _cell(cells.int_between(0))]
Week = Annotated[int, _cell(cells.int_between(1))]
OptRank = Annotated[int | None, _cell(cells.int_between(1))]
RotaCell = Annotated[str | None, _cell(cells.to_rota_cell)]
ShiftCode = Annotated[str, _cell(cells.to_rota_cell)]


class Row(BaseModel):
    """Base of every row model: frozen, and no column outside the sheet's contract."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class ProgrammeRow(Row):
    programme_id: Id
    name: Text = ""
    occupation: Text
    start_date: Date
    school_days: OptDays = None
    school_days_to_choose: Annotated[int | None, _cell(cells.int_between(1, 5))] = None
    min_norwegian_level: Level = Cefr.A1
    min_class_size: Count = 0
    max_class_size: OptCount = None
    min_with_rights: Count = 0
    min_without_rights: Count = 0
    trials: YesNo = True
    preferred_norwegian_level: OptLevel = None


class PhaseRow(Row):
    programme_id: Id
    from_week: Week
    to_week: Week
    company_days: Annotated[int, _cell(cells.int_between(0, 7))]
    at_school: YesNo = True
    min_days_with_supervisor: Annotated[int | None, _cell(cells.int_between(0, 7))] = None
    label: Text = ""
    scenario: OptText = None
    school_days: OptDays = None
    school_days_to_choose: Annotated[int | None, _cell(cells.int_between(1, 5))] = None
    apprenticeship: YesNo = False


class ParticipantRow(Row):
    participant_id: Id
    name: Text = ""
    programmes: Annotated[tuple[str, ...], _cell(cells.to_id_list)]
    norwegian_level: Level
    area: OptText = None
    max_travel_minutes: OptCount = None
    unavailable_days: Days = frozenset()
    allowed_shifts: Annotated[frozenset[str] | None, _cell(cells.to_shift_codes)] = None
    priority: Annotated[int, _cell(cells.int_between(1, 5))] = 3
    has_rights: YesNo = False
    follow_up_need: Annotated[FollowUp, _cell(cells.to_follow_up)] = FollowUp.LOW
    locked_company: OptId = None
    locked_supervisor: OptId = None
    current_company: OptId = None
    away_from: OptDate = None
    away_to: OptDate = None


class CompanyRow(Row):
    company_id: Id
    name: Text = ""
    area: OptText = None
    training_office: Text = ""
    practice_days: Days = WORKWEEK
    min_norwegian_level: Level = Cefr.A1
    max_high_follow_up: OptCount = None
    minority_experience: YesNo = False
    approved_training_company: YesNo = True


class PlaceRow(Row):
    company_id: Id
    occupation: Text
    places: Count
    trial_places: OptCount = None


class SupervisorRow(Row):
    supervisor_id: Id
    company_id: Id
    occupation: Text
    max_trainees: Count = 1
    rota_id: Id
    rota_start_week: Week = 1
    name: Text = ""


class RotaRow(Row):
    rota_id: Id
    week: Week
    mon: RotaCell = None
    tue: RotaCell = None
    wed: RotaCell = None
    thu: RotaCell = None
    fri: RotaCell = None
    sat: RotaCell = None
    sun: RotaCell = None


class ShiftRow(Row):
    code: ShiftCode
    works: YesNo = True
    start: Time = None
    end: Time = None
    label: Text = ""


class HolidayRow(Row):
    from_date: Date
    to_date: OptDate = None
    closed: Annotated[str, _cell(cells.to_closed)] = CLOSED_ALL
    label: Text = ""


class TrialRow(Row):
    participant_id: Id
    company_id: Id
    outcome: Annotated[str, _cell(cells.to_outcome)] = "planned"
    note: Text = ""


class TrialWindowRow(Row):
    window_id: Id
    start_date: Date
    weeks: Week = 2
    days_per_week: Annotated[int, _cell(cells.int_between(1, 7))] = 5
    min_days_with_supervisor: Annotated[int | None, _cell(cells.int_between(0, 7))] = None
    occupations: Annotated[frozenset[str] | None, _cell(cells.to_trade_list)] = None


class PreferenceRow(Row):
    participant_id: Id
    company_id: Id
    participant_rank: OptRank = None
    company_rank: OptRank = None
    excluded: YesNo = False


class TravelRow(Row):
    from_area: AreaKey
    to_area: AreaKey
    minutes: Count


class SettingRow(Row):
    key: Text
    value: Annotated[Any, PlainValidator(lambda v: v)] = None


@dataclass(frozen=True)
class SheetSpec:
    """How one input sheet is read: its name, whether it must exist, and its row model."""

    name: str
    model: type[Row]
    required: bool = True
    aliases: Mapping[str, str] = field(default_factory=dict)  # header key → column name

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.model.model_fields)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(n for n, f in self.model.model_fields.items() if f.is_required())


_DAY_COLUMNS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Rota weekday headers in bokmål, short and long: ``man`` … ``søn``, ``mandag`` … ``søndag``.
ROTA_DAY_ALIASES: Mapping[str, str] = {
    alias: day for day, short, long in zip(
        _DAY_COLUMNS, ("man", "tir", "ons", "tor", "fre", "lør", "søn"),
        ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"), strict=True)
    for alias in (short, long)}

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("Programmes", ProgrammeRow),
    SheetSpec("Phases", PhaseRow),
    SheetSpec("Participants", ParticipantRow),
    SheetSpec("Companies", CompanyRow),
    SheetSpec("Places", PlaceRow),
    SheetSpec("Supervisors", SupervisorRow),
    SheetSpec("Rotas", RotaRow, aliases=ROTA_DAY_ALIASES),
    SheetSpec("Shifts", ShiftRow, required=False),
    SheetSpec("Trials", TrialRow, required=False),
    SheetSpec("TrialWindows", TrialWindowRow, required=False),
    SheetSpec("Preferences", PreferenceRow, required=False),
    SheetSpec("Travel", TravelRow, required=False),
    SheetSpec("Holidays", HolidayRow, required=False),
    SheetSpec("Settings", SettingRow, required=False),
)

#: Sheets the template adds for people; read by nobody, reported by nobody.
IGNORED_SHEETS = frozenset({"instructions", "readme", "lists", "veiledning", "lister"})


header_key = name_key


@dataclass
class SheetResult:
    """The valid rows of one sheet, every id its id column holds (valid row or not), and the
    issues found."""

    rows: list[tuple[int, Row]] = field(default_factory=list)
    ids_seen: set[str] = field(default_factory=set)
    issues: list[InputIssue] = field(default_factory=list)
    header_row: int = 0
    usable: bool = False  # the sheet exists and its header matched
    headers: dict[str, str] = field(default_factory=dict)  # column → header as written


_HEADER_SEARCH_ROWS = 10


def read_rows(sheet: SheetRows, spec: SheetSpec) -> SheetResult:
    """Match the header to ``spec`` and validate every data row; never raises on bad data.

    The header is the first row holding at least two known column names (either language);
    rows above it (a title, a merged heading) are skipped with a warning."""
    result = SheetResult()
    if not sheet.rows:
        if spec.required:
            result.issues.append(InputIssue(spec.name, None, None, "the sheet is empty",
                                            expected="a header row: " + ", ".join(spec.columns)))
        return result
    aliases = column_aliases(spec.name, spec.columns)
    first = _header_index(sheet, aliases)
    header_row, cols = sheet.rows[first]
    result.header_row = header_row
    if first:
        result.issues.append(InputIssue(
            spec.name, header_row, None, f"the header is in row {header_row}; the rows above "
            "it were skipped", severity="warning"))
    columns = _match_header(sheet, spec, header_row, cols, aliases, result)
    if columns is None:
        return result
    result.usable = True
    id_column = spec.columns[0]
    for excel_row, cells_ in sheet.rows[first + 1:]:
        _read_row(spec, excel_row, cells_, columns, id_column, result)
    if spec.name == "Participants":
        result.issues += _hidden_rows(sheet, header_row)
    return result


def _header_index(sheet: SheetRows, aliases: dict[str, str]) -> int:
    """Index (in ``sheet.rows``) of the first row with two known column names; else 0."""
    for index, (_, cols) in enumerate(sheet.rows[:_HEADER_SEARCH_ROWS]):
        known = {aliases.get(header_key(cells.to_text(v))) for v in cols.values()
                 if v is not FAULT}
        if len(known - {None}) >= 2:
            return index
    return 0


def _hidden_rows(sheet: SheetRows, header_row: int) -> list[InputIssue]:
    """A warning naming the hidden or filtered-out data rows: they are read like the others,
    which a coordinator who filtered the list may not expect."""
    data_rows = {r for r, _ in sheet.rows if r > header_row}
    hidden = sorted(data_rows & sheet.hidden)
    if not hidden:
        return []
    return [InputIssue("Participants", hidden[0], None,
                       f"hidden or filtered-out rows are read like the others: rows "
                       f"{row_ranges(hidden)}; delete the rows of anyone who is not in this "
                       "round", severity="warning")]


def row_ranges(rows: list[int]) -> str:
    """``[3, 4, 5, 9]`` → ``"3-5, 9"``."""
    parts: list[str] = []
    start = prev = rows[0]
    for r in [*rows[1:], None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if r is not None:
            start = prev = r
    return ", ".join(parts)


def _match_header(sheet: SheetRows, spec: SheetSpec, header_row: int, cols: dict[int, Value],
                  aliases: dict[str, str], result: SheetResult) -> dict[int, str] | None:
    """Column index → field name; ``None`` (with issues) if the header cannot be used.

    A column may be named in English or bokmål; ``result.headers`` keeps the name as written.
    """
    issues = result.issues
    for r1, c1, r2, c2 in sheet.merged:
        if r1 <= header_row <= r2 and c2 > c1:
            ref = f"{column_letter(c1)}{r1}:{column_letter(c2)}{r2}"
            issues.append(InputIssue(spec.name, header_row, None,
                                     f"merged header cells {ref}; unmerge them",
                                     expected="one header per column"))
            return None
    known = set(spec.columns)
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for index, raw in sorted(cols.items()):
        text = cells.to_text(raw) if raw is not FAULT else ""
        key = aliases.get(header_key(text), header_key(text))
        key = spec.aliases.get(key, key)
        if key in known and key not in columns.values():
            columns[index] = key
            result.headers[key] = text
        elif key in known:
            issues.append(InputIssue(spec.name, header_row, text, "the column appears twice",
                                     value=text, expected="each column once"))
        elif text:
            unknown.append(text)
    missing = [c for c in spec.required_columns if c not in columns.values()]
    if missing:
        issues.extend(_missing_header(sheet, spec, header_row, missing))
        return None
    if unknown:
        issues.append(InputIssue(spec.name, header_row, None,
                                 "unknown columns are not used: " + ", ".join(unknown),
                                 severity="warning"))
    return columns


def _missing_header(sheet: SheetRows, spec: SheetSpec, header_row: int,
                    missing: list[str]) -> list[InputIssue]:
    """Say which required columns are missing, or that the header is not the first row."""
    required = set(spec.required_columns)
    for excel_row, cols in sheet.rows[1:_HEADER_SEARCH_ROWS]:
        texts = {header_key(cells.to_text(v)) for v in cols.values() if v is not FAULT}
        if required <= texts:
            return [InputIssue(spec.name, header_row, None,
                               f"the header row must be the first non-empty row of the sheet "
                               f"(the headers are in row {excel_row}); delete the rows above it",
                               expected="headers in the first non-empty row")]
    return [InputIssue(spec.name, header_row, column, "a required column is missing",
                       expected=f"a header '{column}' in the first non-empty row")
            for column in missing]


def _read_row(spec: SheetSpec, excel_row: int, row_cells: dict[int, Value],
              columns: dict[int, str], id_column: str, result: SheetResult) -> None:
    data: dict[str, Any] = {}
    faulty: set[str] = set()
    for index, value in row_cells.items():
        name = columns.get(index)
        if name is None:
            continue
        if value is FAULT:
            faulty.add(name)
        elif not (isinstance(value, str) and not value.strip()):
            data[name] = value
    if not data and not faulty:
        return  # a row with data only in unknown columns, or only spaces
    if id_column in data:
        with contextlib.suppress(cells.CellError):
            result.ids_seen.add(cells.to_id(data[id_column]))
    try:
        model = spec.model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else ""
            if name in faulty:
                continue
            result.issues.append(_row_issue(spec.name, excel_row, name, error, data.get(name)))
        return
    result.rows.append((excel_row, model))
    result.issues += _serial_dates(spec.name, excel_row, data, model)


def _serial_dates(sheet: str, excel_row: int, data: dict[str, Any], model: Row) -> list[InputIssue]:
    """A warning for each whole number read as an Excel date serial (a date cell whose date
    format was lost, e.g. pasted as values): the coordinator should check the date."""
    return [_serial_warning(sheet, excel_row, name, raw, getattr(model, name))
            for name, raw in data.items()
            if isinstance(raw, int | float) and not isinstance(raw, bool)
            and isinstance(getattr(model, name, None), dt.date)]


def _serial_warning(sheet: str, excel_row: int, column: str, raw: Any,
                    date: dt.date) -> InputIssue:
    return InputIssue(sheet, excel_row, column, f"the number {raw} was read as the date "
                      f"{date:%d.%m.%Y} (an Excel date serial); format the cell as a date if "
                      "that is right", value=str(raw), severity="warning")


def _row_issue(sheet: str, excel_row: int, name: str, error: Any, raw: Any) -> InputIssue:
    if error["type"] == "missing":
        return InputIssue(sheet, excel_row, name, f"{name} is required",
                          expected="a value")
    if error["type"] == "cell":
        return InputIssue(sheet, excel_row, name, f"invalid {name}",
                          value=cells.to_text(raw), expected=error["ctx"]["expected"])
    return InputIssue(sheet, excel_row, name, f"invalid {name}", value=cells.to_text(raw),
                      expected=str(error.get("msg", "")))


# --- building the problem's parts ----------------------------------------------------------


def build_rotas(rows: Iterable[tuple[int, Row]], shifts: tuple[Shift, ...] | None,
                ) -> tuple[tuple[Rota, ...], list[InputIssue]]:
    """Group Rotas rows by rota (each rota's weeks 1..L must each appear once) and read each
    cell's code as a working shift or a day off (:func:`_resolve_codes`); ``shifts`` is the
    Shifts sheet's rows, ``None`` when the workbook has none."""
    issues: list[InputIssue] = []
    by_rota: dict[str, dict[int, tuple[int, RotaRow]]] = {}
    first_row: dict[str, int] = {}
    for excel_row, row in rows:
        assert isinstance(row, RotaRow)
        weeks = by_rota.setdefault(row.rota_id, {})
        first_row.setdefault(row.rota_id, excel_row)
        if row.week in weeks:
            issues.append(InputIssue("Rotas", excel_row, "week",
                                     f"rota {row.rota_id} has week {row.week} twice "
                                     f"(also row {weeks[row.week][0]})",
                                     value=str(row.week), expected="each week of a rota once"))
            continue
        weeks[row.week] = (excel_row, row)
    issues += _resolve_codes([r for weeks in by_rota.values() for r in weeks.values()], shifts)
    works = _works(shifts)
    rotas: list[Rota] = []
    for rota_id, weeks in by_rota.items():
        length = max(weeks)
        # weeks are distinct and >= 1, so some are missing exactly when length > len(weeks);
        # look only that far (a typed week like 10**30 must not mean 10**30 steps)
        missing = [w for w in range(1, min(length, len(weeks) + 10) + 1) if w not in weeks]
        if missing:
            more = ", …" if length - len(weeks) > len(missing) else ""
            issues.append(InputIssue("Rotas", first_row[rota_id], "week",
                                     f"rota {rota_id} has no row for week(s) "
                                     + ", ".join(map(str, missing)) + more,
                                     expected=f"every week 1..{length} once"))
            continue
        written = tuple((r.mon, r.tue, r.wed, r.thu, r.fri, r.sat, r.sun)
                        for _, r in (weeks[w] for w in range(1, length + 1)))
        plan = tuple(tuple(code if code is not None and works(code) else None for code in week)
                     for week in written)
        rotas.append(Rota(rota_id, plan, row=first_row[rota_id],
                          written=written if written != plan else None))
    return tuple(rotas), issues


def _works(shifts: tuple[Shift, ...] | None) -> Callable[[str], bool]:
    """Whether a rota code is a working shift: a Shifts row's ``works`` where the code is
    listed, else not for the day-off codes, else yes."""
    listed = {s.code: s.works for s in shifts or ()}
    return lambda code: listed.get(code, code not in DAY_OFF_CODES)


def _resolve_codes(rows: list[tuple[int, RotaRow]],
                   shifts: tuple[Shift, ...] | None) -> list[InputIssue]:
    """With a Shifts sheet, a code neither listed there nor a day-off code is an error (located
    per cell); without one, a warning lists the codes read as working shifts with their counts,
    so a day-off code nobody told the tool about does not pass silently."""
    listed = {s.code for s in shifts or ()}
    counts: dict[str, int] = {}
    issues: list[InputIssue] = []
    for excel_row, row in sorted(rows, key=lambda r: r[0]):
        for day in _DAY_COLUMNS:
            code = getattr(row, day)
            if code is None or code in listed or code in DAY_OFF_CODES:
                continue
            if shifts is not None:
                issues.append(InputIssue(
                    "Rotas", excel_row, day, "a shift code the Shifts sheet does not list",
                    value=code, expected="a code from the Shifts sheet, or a day-off code "
                    "such as - 0 X F FRI"))
            else:
                counts[code] = counts.get(code, 0) + 1
    if counts:
        listing = ", ".join(f"{code} ({n} cell{'s' if n > 1 else ''})"
                            for code, n in sorted(counts.items()))
        issues.append(InputIssue(
            "Rotas", None, None,
            "these codes are read as working shifts: " + listing + ". Add a Shifts sheet "
            "(code, works) to mark day-off codes, or use - for a day off", severity="warning"))
    return issues


_SETTING_CONVERTERS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "round_name": (cells.to_text, "text"),
    "rota_anchor_date": (cells.to_date, "a Monday as a date"),
    "horizon_weeks": (cells.int_between(1), "a whole number, at least 1"),
    "time_limit_seconds": (cells.to_positive_number, "a number of seconds above 0"),
    "random_seed": (cells.int_between(0), "a whole number, at least 0"),
    "workers": (cells.int_between(1), "a whole number, at least 1"),
    "trials_per_candidate": (cells.int_between(1), "a whole number, at least 1"),
    "plan_from": (cells.to_date, "a Monday as a date"),
    "language": (cells.to_language, "en or nb"),
    "default_max_travel_minutes": (cells.int_between(0), "a whole number of minutes"),
    "public_holidays": (cells.to_public_holidays, "all, school or none"),
}


def build_settings(rows: Iterable[tuple[int, Row]]) -> tuple[Settings, list[InputIssue]]:
    """Settings rows ``key | value`` → :class:`Settings`; weights are keys ``weight_<name>``
    (``weight_travel`` …, plain ``travel`` is accepted too)."""
    issues: list[InputIssue] = []
    values: dict[str, Any] = {}
    weights = dict(DEFAULT_WEIGHTS)
    seen: dict[str, int] = {}
    for excel_row, row in rows:
        assert isinstance(row, SettingRow)
        key = header_key(row.key)
        if key in seen:
            issues.append(InputIssue("Settings", excel_row, "key",
                                     f"the setting appears twice (also row {seen[key]})",
                                     value=row.key, expected="each setting once"))
            continue
        seen[key] = excel_row
        if row.value is None:
            continue  # a blank value keeps the default
        weight = key.removeprefix("weight_")
        try:
            if key in _SETTING_CONVERTERS:
                values[key] = _SETTING_CONVERTERS[key][0](row.value)
                if isinstance(values[key], dt.date) and isinstance(row.value, int | float):
                    issues.append(_serial_warning("Settings", excel_row, "value", row.value,
                                                  values[key]))
            elif weight in DEFAULT_WEIGHTS:
                weights[weight] = cells.to_int(row.value, 0)
            else:
                issues.append(InputIssue(
                    "Settings", excel_row, "key", "unknown setting, not used", value=row.key,
                    expected="one of " + ", ".join(
                        [*_SETTING_CONVERTERS, *(f"weight_{w}" for w in DEFAULT_WEIGHTS)]),
                    severity="warning"))
        except cells.CellError as exc:
            issues.append(InputIssue("Settings", excel_row, "value", f"invalid {key}",
                                     value=cells.to_text(row.value), expected=exc.expected))
    settings = Settings(
        round_name=values.get("round_name", ""),
        rota_anchor_date=values.get("rota_anchor_date"),
        horizon_weeks=values.get("horizon_weeks"),
        time_limit_seconds=values.get("time_limit_seconds", 60.0),
        random_seed=values.get("random_seed", 0),
        workers=values.get("workers"),
        trials_per_candidate=values.get("trials_per_candidate", 1),
        plan_from=values.get("plan_from"),
        public_holidays=values.get("public_holidays", CLOSED_ALL),
        weights=weights,
        language=values.get("language"),
        default_max_travel_minutes=values.get("default_max_travel_minutes"),
    )
    return settings, issues


def setting_rows(rows: Iterable[tuple[int, Row]]) -> dict[str, int]:
    """Setting key → its Excel row (to locate cross-sheet issues about a setting)."""
    out: dict[str, int] = {}
    for excel_row, row in rows:
        assert isinstance(row, SettingRow)
        out.setdefault(header_key(row.key), excel_row)
    return out
