"""``matcher template``: an input workbook a coordinator can fill in.

Every sheet with its headers and one coherent example row (the template as written passes
``matcher validate``), an Instructions sheet that explains each column in plain words, and
drop-down lists for the columns that take a fixed set of values.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from matcher.files import atomic_path
from matcher.inputbook.layout import SHEETS, CellValue, sheet_rows, width
from matcher.inputbook.write import DATE_FORMAT, FIXED_TIME
from matcher.problem import (
    Cefr,
    Company,
    FollowUp,
    Participant,
    Phase,
    Place,
    Preference,
    Problem,
    Programme,
    Rota,
    Settings,
    Supervisor,
    TravelTime,
    Trial,
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
    ("Participants", "has_rights"): "yes,no",
    ("Companies", "minority_experience"): "yes,no",
    ("Preferences", "excluded"): "yes,no",
    ("Participants", "follow_up_need"): "low,medium,high",
    ("Trials", "outcome"): "approved,rejected",
}

DAYS = "weekdays, e.g. Mon,Tue or Mon-Fri (Norwegian man,tir,… also works)"
CEFR = "A1, A2, B1, B2, C1 or C2"
YES_NO = "yes or no"

#: (sheet, column, required, meaning, accepted values, default) for the Instructions sheet.
INSTRUCTIONS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("Programmes", "", "required sheet", "One row per class (kull) of an alternation programme.", "", ""),
    ("Programmes", "programme_id", "yes", "A short unique code for the class.", "text", ""),
    ("Programmes", "name", "no", "A readable name.", "text", ""),
    ("Programmes", "occupation", "yes", "The trade (lærefag) the class trains for.", "text, e.g. Helsefagarbeider", ""),
    ("Programmes", "start_date", "yes", "Day 1 of programme week 1. Must be a Monday.", "a date", ""),
    ("Programmes", "school_days", "one of these two", "The weekdays the whole class is at school.", DAYS, ""),
    ("Programmes", "school_days_to_choose", "one of these two", "Instead of fixed school days: how many school days the tool should choose among Mon-Fri.", "a whole number 1-5", ""),
    ("Programmes", "min_norwegian_level", "no", "Lowest Norwegian level admitted.", CEFR, "A1"),
    ("Programmes", "min_class_size", "no", "If the class runs, at least this many participants.", "a whole number", "0"),
    ("Programmes", "max_class_size", "no", "At most this many participants.", "a whole number", "no limit"),
    ("Programmes", "min_with_rights", "no", "If the class runs, at least this many with adult rights (voksenrett).", "a whole number", "0"),
    ("Programmes", "min_without_rights", "no", "If the class runs, at least this many without adult rights.", "a whole number", "0"),
    ("Phases", "", "required sheet", "The alternation pattern: which weeks have how many company days.", "", ""),
    ("Phases", "programme_id", "yes", "The class this pattern belongs to.", "a programme_id", ""),
    ("Phases", "from_week", "yes", "First programme week of the phase (week 1 starts on start_date).", "a whole number", ""),
    ("Phases", "to_week", "yes", "Last programme week of the phase (inclusive). Phases must not overlap.", "a whole number", ""),
    ("Phases", "company_days", "yes", "Days per week at the company.", "0-7", ""),
    ("Phases", "at_school", "no", "yes: school on the class's school days; no: no school these weeks (trial, summer job, apprenticeship, holiday).", YES_NO, "yes"),
    ("Phases", "min_days_with_supervisor", "no", "Company days per week that must be on the supervisor's shifts.", "0 up to company_days", "all company days"),
    ("Phases", "label", "no", "A name for the phase, e.g. Prøvepraksis, Vg1, Sommerjobb, Læretid.", "text", ""),
    ("Phases", "scenario", "no", "Leave blank for the plan. A name marks an alternative pattern that `matcher compare` tries instead.", "text", "blank = the plan"),
    ("Participants", "", "required sheet", "One row per candidate.", "", ""),
    ("Participants", "participant_id", "yes", "A unique code for the person.", "text", ""),
    ("Participants", "name", "no", "Personal data: never shown in logs; left out with --pseudonymise.", "text", ""),
    ("Participants", "programmes", "yes", "The classes the person is a candidate for, first choice first.", "programme_ids separated by commas", ""),
    ("Participants", "norwegian_level", "yes", "The person's Norwegian level.", CEFR, ""),
    ("Participants", "area", "no", "Home municipality or district, as named in Travel.", "text", ""),
    ("Participants", "max_travel_minutes", "no", "Longest acceptable one-way travel to the company.", "minutes", "no limit"),
    ("Participants", "unavailable_days", "no", "Weekdays the person can never be at the company (school days are not affected).", DAYS, "none"),
    ("Participants", "allowed_shifts", "no", "Shift codes the person may work with the supervisor, e.g. D,E (no nights).", "codes separated by commas", "any shift"),
    ("Participants", "priority", "no", "How urgent a place is: 5 = most urgent.", "1-5", "3"),
    ("Participants", "has_rights", "no", "Has the adult right to upper secondary education (voksenrett).", YES_NO, "no"),
    ("Participants", "follow_up_need", "no", "How much follow-up the person needs at the workplace.", "low, medium or high", "low"),
    ("Participants", "locked_company", "no", "The coordinator has decided: place the person at this company.", "a company_id", ""),
    ("Participants", "locked_supervisor", "no", "The coordinator has decided: place the person with this supervisor.", "a supervisor_id", ""),
    ("Participants", "current_company", "no", "Where the person is placed today; the tool prefers to keep it.", "a company_id", ""),
    ("Companies", "", "required sheet", "One row per training company (lærebedrift).", "", ""),
    ("Companies", "company_id", "yes", "A unique code for the company.", "text", ""),
    ("Companies", "name", "no", "The company's name.", "text", ""),
    ("Companies", "area", "no", "Municipality or district, as named in Travel.", "text", ""),
    ("Companies", "training_office", "no", "The training office (opplæringskontor) it belongs to.", "text", ""),
    ("Companies", "practice_days", "no", "Weekdays trainees may be there.", DAYS, "Mon-Fri"),
    ("Companies", "min_norwegian_level", "no", "Lowest Norwegian level the company accepts.", CEFR, "A1"),
    ("Companies", "max_high_follow_up", "no", "At most this many trainees with high follow-up need.", "a whole number", "no limit"),
    ("Companies", "minority_experience", "no", "Used to training adults with weak Norwegian (preferred for A1-A2).", YES_NO, "no"),
    ("Places", "", "required sheet", "Free training places this round, after places other groups already use.", "", ""),
    ("Places", "company_id", "yes", "The company.", "a company_id", ""),
    ("Places", "occupation", "yes", "The trade.", "text", ""),
    ("Places", "places", "yes", "Number of free places.", "a whole number, 0 or more", ""),
    ("Supervisors", "", "required sheet", "One row per qualified supervisor (veileder).", "", ""),
    ("Supervisors", "supervisor_id", "yes", "A unique code.", "text", ""),
    ("Supervisors", "company_id", "yes", "Where the supervisor works.", "a company_id", ""),
    ("Supervisors", "occupation", "yes", "The trade the supervisor can train.", "text", ""),
    ("Supervisors", "max_trainees", "no", "Most trainees at once.", "a whole number", "1"),
    ("Supervisors", "rota_id", "yes", "The supervisor's rota (turnus/skiftplan) in Rotas.", "a rota_id", ""),
    ("Supervisors", "rota_start_week", "no", "Which week of the rota the supervisor is in at the rota anchor date (Settings).", "1 up to the rota's number of weeks", "1"),
    ("Supervisors", "name", "no", "Personal data.", "text", ""),
    ("Rotas", "", "required sheet", "Cyclic shift plans: one row per week of the cycle, the cycle repeats.", "", ""),
    ("Rotas", "rota_id", "yes", "The rota's code.", "text", ""),
    ("Rotas", "week", "yes", "Week of the cycle: 1, 2, … every week once.", "a whole number", ""),
    ("Rotas", "mon … sun", "no", "The shift that day: D day, E evening, N night, or your own code. Blank or - = off.", "a shift code", "off"),
    ("Trials", "", "optional sheet", "Trial placements (prøvepraksis) already held.", "", ""),
    ("Trials", "participant_id", "yes", "The participant.", "a participant_id", ""),
    ("Trials", "company_id", "yes", "The company.", "a company_id", ""),
    ("Trials", "outcome", "yes", "approved: strongly preferred; rejected: never placed there.", "approved or rejected", ""),
    ("Trials", "note", "no", "Free text.", "text", ""),
    ("Preferences", "", "optional sheet", "Wishes of participants and companies.", "", ""),
    ("Preferences", "participant_id", "yes", "The participant.", "a participant_id", ""),
    ("Preferences", "company_id", "yes", "The company.", "a company_id", ""),
    ("Preferences", "participant_rank", "no", "The participant's rank of the company (1 = best).", "a whole number", ""),
    ("Preferences", "company_rank", "no", "The company's rank of the participant (1 = best).", "a whole number", ""),
    ("Preferences", "excluded", "no", "yes: never place this participant at this company.", YES_NO, "no"),
    ("Travel", "", "optional sheet", "One-way travel times between areas. Same both ways unless both directions are given.", "", ""),
    ("Travel", "from_area", "yes", "An area.", "text", ""),
    ("Travel", "to_area", "yes", "Another area.", "text", ""),
    ("Travel", "minutes", "yes", "Minutes one way.", "a whole number", ""),
    ("Settings", "", "optional sheet", "Round settings: one row per key. Command-line options override them.", "", ""),
    ("Settings", "round_name", "no", "A name for the round, shown in the output.", "text", ""),
    ("Settings", "rota_anchor_date", "no", "A Monday on which every supervisor is in their rota_start_week.", "a date (Monday)", "earliest start_date"),
    ("Settings", "horizon_weeks", "no", "Plan only programme weeks up to this number.", "a whole number", "all weeks"),
    ("Settings", "time_limit_seconds", "no", "How long the tool may search.", "seconds", "60"),
    ("Settings", "random_seed", "no", "Makes runs repeatable.", "a whole number", "0"),
    ("Settings", "workers", "no", "Processor cores to use.", "a whole number", "all"),
    ("Settings", "weight_<goal>", "no", "How much a quality goal counts (see the README), e.g. weight_travel.", "a whole number", "see README"),
)


def example_problem() -> Problem:
    """A small coherent round: one of each row, eligible and placeable."""
    start = dt.date(2026, 8, 17)  # a Monday
    return Problem(
        programmes=(Programme("GLO-26", "Helsefagarbeider", start, frozenset({0, 1}),
                              name="Gloppenmodellen 2026", min_norwegian_level=Cefr.A2,
                              max_class_size=12),),
        phases=(
            Phase("GLO-26", 1, 44, 3, min_days_with_supervisor=2, label="År 1"),
            Phase("GLO-26", 53, 96, 3, min_days_with_supervisor=2, label="År 2"),
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
        settings=Settings(round_name="Example round", rota_anchor_date=start, horizon_weeks=52,
                          time_limit_seconds=60),
    )


def write_template(path: Path) -> None:
    """Write the fill-in workbook to ``path`` atomically."""
    workbook = Workbook()
    workbook.properties.creator = "matcher"
    workbook.properties.created = FIXED_TIME
    instructions = workbook.active
    assert instructions is not None
    instructions.title = "Instructions"
    _write_instructions(instructions)
    for name, rows in sheet_rows(example_problem()).items():
        sheet = workbook.create_sheet(name)
        _write_table(sheet, SHEETS[name], rows)
        _add_dropdowns(sheet, name, SHEETS[name])
    with atomic_path(Path(path)) as tmp:
        workbook.save(tmp)


def _write_instructions(sheet: Worksheet) -> None:
    sheet.append(["How to fill in this workbook"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["Fill in one sheet per tab; the first row of each sheet is the header, keep it. "
                  "Each sheet has one example row: replace it with your own. Then run "
                  "`matcher validate` on the file, and `matcher match` to plan the round."])
    sheet.append([])
    headers = ["sheet", "column", "required", "meaning", "accepted values", "default"]
    sheet.append(headers)
    for cell in sheet[4]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for entry in INSTRUCTIONS:
        sheet.append(list(entry))
        if not entry[1]:
            for cell in sheet[sheet.max_row]:
                cell.font = HEADER_FONT
    for col, w in zip("ABCDEF", (14, 26, 16, 80, 40, 20), strict=True):
        sheet.column_dimensions[col].width = w
    for row in sheet.iter_rows(min_row=5, min_col=4, max_col=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A5"


def _write_table(sheet: Worksheet, headers: tuple[str, ...], rows: object) -> None:
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for row in rows:  # type: ignore[attr-defined]
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


def _add_dropdowns(sheet: Worksheet, name: str, headers: tuple[str, ...]) -> None:
    for col, header in enumerate(headers, start=1):
        choices = DROPDOWNS.get((name, header))
        if choices is None:
            continue
        letter = get_column_letter(col)
        validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True,
                                    showErrorMessage=True, errorTitle="Not accepted",
                                    error=f"Choose one of: {choices.replace(',', ', ')}")
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
        sheet.add_data_validation(validation)
