"""Input problems in the console's language: location, message and the "(found …; expected …)"
tail in bokmål for a bokmål workbook, exactly as before in English."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from cli.main import cli
from matcher.i18n import messages
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
