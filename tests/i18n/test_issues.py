"""Input problems in the console's language: location, message and the "(found …; expected …)"
tail in bokmål for a bokmål workbook, exactly as before in English."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from cli.main import cli
from matcher.i18n import column_name, messages, sheet_name
from matcher.i18n.issues import issue_text, translate
from matcher.inputbook import write_problem
from matcher.problem import InputIssue
from matcher.samples import generate


def _broken(path: Path, language: str) -> Path:
    write_problem(generate(12, None, 3, "gloppen", 6), path, language=language)
    book = openpyxl.load_workbook(path)
    sheet = book["Deltakere" if language == "nb" else "Participants"]
    headers = [c.value for c in sheet[1]]
    level = "norsknivå" if language == "nb" else "norwegian_level"
    priority = "prioritet" if language == "nb" else "priority"
    sheet.cell(2, headers.index(level) + 1).value = "B3"
    sheet.cell(3, headers.index(priority) + 1).value = "høyest"
    book.save(path)
    return path


def test_a_bokmal_workbook_gets_its_problems_in_bokmal(tmp_path: Path) -> None:
    run = CliRunner().invoke(cli, ["validate", str(_broken(tmp_path / "nb.xlsx", "nb"))])
    assert run.exit_code == 1
    assert ("Deltakere, rad 2, norsknivå: ugyldig norsknivå (fant 'B3'; forventet et "
            "norsknivå: A1, A2, B1, B2, C1 eller C2)") in run.stderr
    assert ("Deltakere, rad 3, prioritet: ugyldig prioritet (fant 'høyest'; forventet et "
            "heltall fra 1 til 5)") in run.stderr
    assert "found" not in run.stderr and "expected" not in run.stderr


def test_an_english_workbook_keeps_its_english_problems(tmp_path: Path) -> None:
    run = CliRunner().invoke(cli, ["validate", str(_broken(tmp_path / "en.xlsx", "en"))])
    assert run.exit_code == 1
    assert ("Participants, row 2, norwegian_level: invalid norwegian_level (found 'B3'; "
            "expected a Norwegian level: A1, A2, B1, B2, C1 or C2)") in run.stderr


def test_patterns_and_plain_text() -> None:
    nb = messages("nb")
    assert translate("unknown programme", nb) == "ukjent kull"
    assert translate("an id from the Programmes sheet", nb) == "en id fra arket Kull"
    assert translate("no company offers this trade in Places, so nobody can be placed in the "
                     "programme; did you mean 'Helsefagarbeider'?", nb) == (
        "ingen bedrift tilbyr dette lærefaget i Plasser, så ingen kan plasseres i kullet; "
        "mente du 'Helsefagarbeider'?")
    assert translate("company C1 has no supervisor for this trade, so these places cannot be "
                     "used", nb) == ("bedrift C1 har ingen veileder i dette lærefaget, så "
                                     "plassene kan ikke brukes")
    assert translate("something the catalogue does not know", nb) == (
        "something the catalogue does not know")
    issue = InputIssue("Kull", None, None, "a required sheet is missing",
                       expected="a whole number, at least 1")
    assert issue_text(issue, "nb") == "Kull: et påkrevd ark mangler (forventet et heltall, minst 1)"
    assert issue_text(issue, "en") == str(issue)


def _set(book: openpyxl.Workbook, sheet: str, column: str, row: int, value: object) -> None:
    ws = book[sheet_name(sheet, "nb")]
    headers = [c.value for c in ws[1]]
    ws.cell(row, headers.index(column_name(column, "nb", sheet)) + 1).value = value


def test_data_built_problems_in_bokmal(tmp_path: Path) -> None:
    """The rarer sentences built around their data: a start date that is not a Monday, phases
    that overlap, a rota start week past the rota's length."""
    path = tmp_path / "nb.xlsx"
    problem = generate(12, None, 3, "gloppen", 6)
    write_problem(problem, path, language="nb")
    book = openpyxl.load_workbook(path)
    start = problem.programmes[0].start_date
    _set(book, "Programmes", "start_date", 2, start + dt.timedelta(days=2))
    phases = book[sheet_name("Phases", "nb")]
    assert phases.max_row >= 3
    _set(book, "Phases", "from_week", 3, 1)
    _set(book, "Supervisors", "rota_start_week", 2, 99)
    book.save(path)
    run = CliRunner().invoke(cli, ["validate", str(path)])
    assert run.exit_code == 1
    err = run.stderr
    assert "startdatoen er en onsdag (fant" in err and "forventet en mandag)" in err
    assert "fasen overlapper fasen i rad 2 (uke 1-" in err and "i grunnplanen" in err
    assert "(fant '1'; forventet etter uke" in err
    assert " har " in err and "uke(r) (fant '99'; forventet 1 til" in err
    assert "overlaps" not in err and "start date" not in err and "week" not in err


def test_data_built_patterns_only_match_their_own_sentences() -> None:
    nb = messages("nb")
    assert translate("plan_from is a Sunday", nb) == "plan_from er en søndag"
    assert translate("this is a folder, not a file: x", nb) == "this is a folder, not a file: x"
    assert translate("at most 63 combinations", nb) == "høyst 63 kombinasjoner"
    assert translate("4 company days do not fit beside the phase's 4 school days in a week",
                     nb) == "4 bedriftsdager får ikke plass ved siden av fasens 4 skoledager i uka"
    assert translate("the phase overlaps the phase in row 4 (weeks 1-10) in scenario B", nb) == (
        "fasen overlapper fasen i rad 4 (uke 1-10) i scenario B")
