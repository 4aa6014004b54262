"""``matcher template``: an input workbook a coordinator can fill in.

Every sheet with its headers and one coherent example row (the template as written passes
``matcher validate``), an Instructions sheet that explains each column in plain words, and
drop-down lists for the columns that take a fixed set of values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from matcher.files import atomic_path
from matcher.i18n import Messages, messages
from matcher.inputbook.instructions import INSTRUCTIONS
from matcher.inputbook.layout import SHEETS, CellValue, sheet_rows, width
from matcher.inputbook.write import DATE_FORMAT, FIXED_TIME, localise
from matcher.problem import (
    Cefr,
    Company,
    FollowUp,
    Holiday,
    Participant,
    Phase,
    Place,
    Preference,
    Problem,
    Programme,
    Rota,
    Settings,
    Shift,
    Supervisor,
    TravelTime,
    Trial,
    TrialWindow,
)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
VALIDATED_ROWS = 5000  # drop-downs reach this far down each sheet

#: (sheet, column) → the accepted values offered as a drop-down list.
DROPDOWNS: dict[tuple[str, str], str] = {
    ("Programmes", "min_norwegian_level"): "A1,A2,B1,B2,C1,C2",
    ("Participants", "norwegian_level"): "A1,A2,B1,B2,C1,C2",
    ("Companies", "min_norwegian_level"): "A1,A2,B1,B2,C1,C2",
    ("Phases", "at_school"): "yes,no",
    ("Phases", "apprenticeship"): "yes,no",
    ("Companies", "approved_training_company"): "yes,no",
    ("Shifts", "works"): "yes,no",
    ("Holidays", "closed"): "school,all",
    ("Participants", "has_rights"): "yes,no",
    ("Companies", "minority_experience"): "yes,no",
    ("Preferences", "excluded"): "yes,no",
    ("Participants", "follow_up_need"): "low,medium,high",
    ("Trials", "outcome"): "approved,rejected,planned",
    ("Programmes", "trials"): "yes,no",
    ("Programmes", "preferred_norwegian_level"): "A1,A2,B1,B2,C1,C2",
}

def example_problem() -> Problem:
    """A small coherent round: one of each row, eligible and placeable."""
    start = dt.date(2026, 8, 17)  # a Monday
    return Problem(
        programmes=(Programme("GLO-26", "Helsefagarbeider", start, frozenset({0, 1}),
                              name="Gloppenmodellen 2026", min_norwegian_level=Cefr.A2,
                              max_class_size=12),),
        phases=(
            Phase("GLO-26", 1, 44, 3, min_days_with_supervisor=2, label="År 1"),
            Phase("GLO-26", 53, 96, 3, min_days_with_supervisor=2, label="År 2",
                  school_days=frozenset({0})),
            Phase("GLO-26", 1, 44, 2, min_days_with_supervisor=1, label="År 1",
                  scenario="fewer company days"),
        ),
        participants=(Participant("P001", ("GLO-26",), Cefr.B1, name="Example Person",
                                  area="Gloppen", max_travel_minutes=60,
                                  allowed_shifts=frozenset({"D", "E"}), priority=3,
                                  has_rights=True, follow_up_need=FollowUp.MEDIUM),),
        companies=(Company("C01", "Example omsorgssenter", "Stryn", "Example opplæringskontor",
                           practice_days=frozenset(range(7)), max_high_follow_up=1,
                           minority_experience=True),),
        places=(Place("C01", "Helsefagarbeider", 2),),
        supervisors=(Supervisor("S01", "C01", "Helsefagarbeider", "CARE3", max_trainees=2,
                                name="Example Supervisor"),),
        rotas=(Rota("CARE3", (("D", "D", None, "E", "E", None, None),
                              (None, "E", "D", "D", None, None, None),
                              (None, None, "D", None, "E", "D", "D"))),),
        trials=(Trial("P001", "C01", "approved", "two weeks in June"),),
        preferences=(Preference("P001", "C01", participant_rank=1, company_rank=1),),
        travel=(TravelTime("gloppen", "stryn", 45),),
        trial_windows=(TrialWindow("June", dt.date(2026, 6, 1), weeks=2, days_per_week=5,
                                   min_days_with_supervisor=3,
                                   occupations=frozenset({"helsefagarbeider"})),),
        settings=Settings(round_name="Example round", rota_anchor_date=start, horizon_weeks=52,
                          time_limit_seconds=60),
        shifts=(Shift("D", start=dt.time(7, 0), end=dt.time(15, 0), label="Dagvakt"),
                Shift("E", start=dt.time(15, 0), end=dt.time(22, 30), label="Kveldsvakt")),
        holidays=(Holiday(dt.date(2026, 10, 5), dt.date(2026, 10, 9), "school", "Høstferie"),),
    )


def write_template(path: Path, language: str = "en") -> None:
    """Write the fill-in workbook to ``path`` atomically; ``language`` ``nb`` writes every
    sheet, column, example value and instruction in bokmål."""
    t = messages(language)
    workbook = Workbook()
    workbook.properties.creator = "matcher"
    workbook.properties.created = FIXED_TIME
    instructions = workbook.active
    assert instructions is not None
    instructions.title = t.sheet("Instructions")
    _write_instructions(instructions, t)
    for name, rows in sheet_rows(example_problem()).items():
        sheet = workbook.create_sheet(t.sheet(name))
        headers = SHEETS[name]
        _write_table(sheet, [t.column(h, name) for h in headers],
                     ([localise(h, v, t.language) for h, v in zip(headers, row, strict=False)]
                      for row in rows))
        _add_dropdowns(sheet, name, headers, t)
    with atomic_path(Path(path)) as tmp:
        workbook.save(tmp)


#: The short step-by-step at the top of the instructions (a coordinator reads this first).
STEPS: tuple[str, ...] = (
    "1. Programmes and Phases: one row per class (kull), and the weeks at school and at the "
    "company.",
    "2. Participants: one row per candidate, with the classes they apply for (first choice "
    "first) and their Norwegian level.",
    "3. Companies, Places, Supervisors and Rotas: the training companies, their free places "
    "per trade, the supervisors and their rotas.",
    "4. Optional: Preferences, Trials, Travel and Settings. Each sheet has one example row: "
    "replace it with your own; keep the header row.",
    "5. Save, then run: matcher validate FILE.xlsx. Fix what it lists (sheet, row and column "
    "are named) and run it again until it says OK.",
    "6. Run: matcher match FILE.xlsx -o RESULT.xlsx, and open the result: the Summary says in "
    "a few sentences what came out and who needs attention.",
    "7. For the companies and participants: matcher export RESULT.xlsx -o FOLDER writes a "
    "workbook per company and a printable timetable per participant.",
)


def _write_instructions(sheet: Worksheet, t: Messages) -> None:
    sheet.append([t("How to fill in this workbook")])
    sheet["A1"].font = Font(bold=True, size=14)
    for step in STEPS:
        sheet.append([t(step)])
    sheet.append([])
    sheet.append([t("Column reference")])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
    headers = [t("sheet"), t("column"), t("required"), t("meaning"), t("accepted values"),
               t("default")]
    sheet.append(headers)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for entry in INSTRUCTIONS:
        sheet.append(_instruction(entry, t))
        if not entry[1]:
            for cell in sheet[sheet.max_row]:
                cell.font = HEADER_FONT
    for col, w in zip("ABCDEF", (14, 26, 16, 80, 40, 20), strict=True):
        sheet.column_dimensions[col].width = w
    for row in sheet.iter_rows(min_row=header_row + 1, min_col=4, max_col=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{header_row + 1}"


def _instruction(entry: tuple[str, str, str, str, str, str], t: Messages) -> list[str]:
    """One reference row in ``t``'s language: names from the catalogue, texts from its
    ``instructions`` context (English where a text has no translation yet)."""
    sheet, column, required, meaning, accepted, default = entry
    if column == "mon … sun":
        shown = f"{t.column('mon')} … {t.column('sun')}"
    else:
        shown = t.column(column, sheet) if column else ""
    return [t.sheet(sheet), shown, *(t.text(x, "instructions") if x else ""
                                     for x in (required, meaning, accepted, default))]


def _write_table(sheet: Worksheet, headers: list[str], rows: Iterable[list[CellValue]]
                 ) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for row in rows:
        sheet.append(row)
        for cell, value in zip(sheet[sheet.max_row], row, strict=False):
            _keep_text(cell, value)
    for col, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width(header)
    sheet.freeze_panes = "A2"


def _keep_text(cell: object, value: CellValue) -> None:
    """Text that looks like a formula stays text; dates show as dates."""
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # type: ignore[attr-defined]
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT  # type: ignore[attr-defined]


def _add_dropdowns(sheet: Worksheet, name: str, headers: tuple[str, ...], t: Messages) -> None:
    """Drop-down lists offering the values in the workbook's language first, then in the
    other; any other spelling the tool accepts (``x``, ``1``, ``true`` …) is let through
    after a warning, never refused."""
    for col, header in enumerate(headers, start=1):
        choices = DROPDOWNS.get((name, header))
        if choices is None:
            continue
        offered = list(dict.fromkeys(
            [t.value(c) for c in choices.split(",")] + choices.split(",")
            + [messages("nb").value(c) for c in choices.split(",")]))
        letter = get_column_letter(col)
        text = ",".join(offered)
        validation = DataValidation(type="list", formula1=f'"{text}"', allow_blank=True,
                                    showErrorMessage=True, errorStyle="warning",
                                    errorTitle=t("Check the value"),
                                    error=t("Usually one of: {choices}",
                                            choices=", ".join(offered)))
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
        sheet.add_data_validation(validation)
