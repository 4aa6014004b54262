"""Excel → :class:`~matcher.problem.Problem`: the only way user input enters the tool.

``read_problem`` loads the workbook safely (:mod:`.excel`), validates each row against its
sheet's model (:mod:`.rows`, using the cell conventions of :mod:`.cells`), runs the cross-sheet
checks (:mod:`.checks`) and either returns a frozen problem (with warnings attached) or raises
:class:`~matcher.errors.InputError` listing every problem found at once.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from matcher.errors import InputError
from matcher.i18n import english_sheet, sheet_language, sheet_name
from matcher.problem import (
    Company,
    Holiday,
    InputIssue,
    Participant,
    Phase,
    Place,
    Preference,
    Problem,
    Programme,
    Settings,
    Shift,
    Supervisor,
    TravelTime,
    Trial,
    TrialWindow,
)
from matcher.reader.checks import check_problem
from matcher.reader.excel import SheetRows, WorkbookError, load_workbook
from matcher.reader.rows import (
    IGNORED_SHEETS,
    SHEETS,
    Row,
    SheetResult,
    build_rotas,
    build_settings,
    header_key,
    read_rows,
    setting_rows,
)

__all__ = ["read_problem", "summarise"]

_DATACLASS: dict[str, Any] = {
    "Programmes": Programme, "Phases": Phase, "Participants": Participant,
    "Companies": Company, "Places": Place, "Supervisors": Supervisor, "Trials": Trial,
    "Preferences": Preference, "Travel": TravelTime,
    "TrialWindows": TrialWindow, "Shifts": Shift, "Holidays": Holiday,
}


def read_problem(path: str | Path) -> Problem:
    """Read and validate an input workbook; never modifies the file.

    Raises :class:`InputError` with every error (and the warnings after them) if anything is
    wrong; otherwise the problem carries the warnings in :attr:`Problem.warnings`.
    """
    try:
        book = load_workbook(Path(path))
    except WorkbookError as exc:
        raise InputError(exc.issues) from None
    issues: list[InputIssue] = list(book.issues)
    if book.formulas_found:
        issues.append(InputIssue(None, None, None, "the workbook has formulas; their saved "
                                 "values were used", severity="warning"))
    sheets = _match_sheets(book.sheets, issues)
    results: dict[str, SheetResult] = {}
    for spec in SHEETS:
        sheet = sheets.get(spec.name)
        results[spec.name] = read_rows(sheet, spec) if sheet else SheetResult()
        issues += results[spec.name].issues
    problem = _assemble(results, issues)
    seen = {name: res.ids_seen if res.usable else None for name, res in results.items()}
    seen["Shifts"] = results["Shifts"].ids_seen or None
    issues += check_problem(problem, seen, setting_rows(results["Settings"].rows))
    issues = [_as_written(i, sheets, results) for i in issues]
    errors = [i for i in issues if i.severity == "error"]
    warnings = tuple(i for i in issues if i.severity != "error")
    if errors:
        raise InputError([*errors, *warnings], sheet_language(book.sheets))
    return replace(problem, warnings=warnings, input_language=sheet_language(book.sheets))


def _match_sheets(sheets: dict[str, SheetRows], issues: list[InputIssue]) -> dict[str, SheetRows]:
    """Find each contract sheet by its English or bokmål name (case-insensitive, surrounding
    spaces ignored, ``_`` = space); one workbook may mix them."""
    wanted = {spec.name: spec for spec in SHEETS}
    found: dict[str, SheetRows] = {}
    for name, sheet in sheets.items():
        key = header_key(name)
        spec = wanted.get(english_sheet(name) or "")
        if spec is not None and spec.name not in found:
            found[spec.name] = sheet
        elif spec is not None:
            issues.append(InputIssue(name, None, None, f"a second sheet for {spec.name} "
                                     f"(also {found[spec.name].name!r})",
                                     expected="each sheet once, under either name"))
        elif key not in IGNORED_SHEETS:
            issues.append(InputIssue(name, None, None, "sheet not used (not part of the input "
                                     "contract)", severity="warning"))
    for spec in SHEETS:
        if spec.required and spec.name not in found:
            issues.append(InputIssue(spec.name, None, None, "a required sheet is missing",
                                     expected=f"a sheet named {spec.name} (or "
                                     f"{sheet_name(spec.name, 'nb')})"))
    return found


def _as_written(issue: InputIssue, sheets: dict[str, SheetRows],
                results: dict[str, SheetResult]) -> InputIssue:
    """The issue located by the sheet and column names the workbook uses (a bokmål workbook
    is told ``Deltakere, row 5, norsknivå``, not the English names)."""
    if issue.sheet not in sheets:
        return issue
    sheet = sheets[issue.sheet].name
    sheet = sheet if header_key(sheet) != header_key(issue.sheet) else issue.sheet
    column = issue.column
    written = results[issue.sheet].headers.get(column or "")
    if written and header_key(written) != header_key(column or ""):
        column = written
    return replace(issue, sheet=sheet, column=column)


def _assemble(results: dict[str, SheetResult], issues: list[InputIssue]) -> Problem:
    """An unchecked problem from the valid rows (duplicates still in it, for the checks).
    Participants without a travel limit of their own get Settings
    ``default_max_travel_minutes``."""
    parts: dict[str, tuple[Any, ...]] = {}
    for name, cls in _DATACLASS.items():
        parts[name] = tuple(_make(cls, excel_row, row) for excel_row, row in results[name].rows)
    # a Shifts sheet with no rows (the template's, left empty) is as good as none
    shifts = parts["Shifts"] if results["Shifts"].ids_seen else None
    rotas, rota_issues = build_rotas(results["Rotas"].rows, shifts)
    settings, setting_issues = build_settings(results["Settings"].rows)
    default = settings.default_max_travel_minutes
    if default is not None:
        parts["Participants"] = tuple(
            replace(p, max_travel_minutes=default) if p.max_travel_minutes is None else p
            for p in parts["Participants"])
    issues += rota_issues + setting_issues
    return Problem(
        programmes=parts["Programmes"], phases=parts["Phases"],
        participants=parts["Participants"], companies=parts["Companies"],
        places=parts["Places"], supervisors=parts["Supervisors"], rotas=rotas,
        trials=parts["Trials"], preferences=parts["Preferences"], travel=parts["Travel"],
        settings=settings,
        trial_windows=parts["TrialWindows"], shifts=parts["Shifts"], holidays=parts["Holidays"],
    )


def _make(cls: Any, excel_row: int, row: Row) -> Any:
    return cls(**dict(row), row=excel_row)


def summarise(problem: Problem) -> dict[str, Any]:
    """The short figures ``matcher validate`` prints: sizes, places per occupation, and the
    planned weeks of each programme."""
    places: dict[str, int] = {}
    for pl in problem.places:
        label = " ".join(pl.occupation.split())
        match = next((k for k in places if k.casefold() == label.casefold()), label)
        places[match] = places.get(match, 0) + pl.places
    settings: Settings = problem.settings
    return {
        "round": settings.round_name,
        "participants": len(problem.participants),
        "programmes": len(problem.programmes),
        "companies": len(problem.companies),
        "supervisors": len(problem.supervisors),
        "rotas": len(problem.rotas),
        "places_per_occupation": dict(sorted(places.items())),
        "planned_weeks": {p.programme_id: len(problem.planned_weeks(p.programme_id))
                          for p in problem.programmes},
        "scenarios": list(problem.scenarios),
        "warnings": len(problem.warnings),
    }
