"""Bokmål in: every sheet, column and value under its Norwegian name, Norwegian dates, and the
checks that catch a round which would validate and then fail."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from matcher.errors import InputError
from matcher.i18n import column_name, sheet_name
from matcher.inputbook import write_problem
from matcher.reader import read_problem
from matcher.samples import generate

from .conftest import HEADERS, ROTA_CODES_WARNING, Sheets

_NB = {"yes": "ja", "no": "nei", "low": "lav", "approved": "godkjent", "Mon-Fri": "man-fre",
       "Mon,Tue": "man,tir", "Sun": "søn"}


def _bokmal(sheets: Sheets) -> Sheets:
    """The round with every sheet, header and enumerated value in bokmål."""
    out: Sheets = {}
    for name, rows in sheets.items():
        header = [column_name(h, "nb", name) for h in HEADERS[name]]
        body = [[_NB.get(v, v) if isinstance(v, str) else v for v in row] for row in rows]
        out[sheet_name(name, "nb")] = [header, *body]
    return out


def _errors(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        read_problem(path)
    return [str(i) for i in info.value.issues if i.severity == "error"]


def _strip(problem: object) -> object:
    return dataclasses.replace(problem, warnings=(), input_language="en")  # type: ignore[type-var]


def test_a_bokmal_workbook_reads_as_its_english_twin(book: Callable[..., Path],
                                                     valid_sheets: Sheets) -> None:
    english = read_problem(book(valid_sheets))
    norwegian = read_problem(book(_bokmal(valid_sheets), headers=False))
    assert norwegian.input_language == "nb" and norwegian.language == "nb"
    assert english.input_language == "en" and english.language == "en"
    assert _strip(norwegian) == _strip(english)
    # the one warning (rota codes read as shifts, no Shifts sheet) names the sheet as written
    assert [w.message for w in norwegian.warnings] == [w.message for w in english.warnings] \
        == [ROTA_CODES_WARNING]
    assert [w.sheet for w in norwegian.warnings] == ["Turnus"]


def test_names_of_both_languages_mix_in_one_workbook(book: Callable[..., Path],
                                                     valid_sheets: Sheets) -> None:
    mixed = _bokmal(valid_sheets)
    mixed["Participants"] = [HEADERS["Participants"], *valid_sheets["Participants"]]
    del mixed["Deltakere"]
    mixed["Kull"][0][0] = "programme_id"  # one English header among bokmål ones
    problem = read_problem(book(mixed, headers=False))
    assert len(problem.participants) == 2
    assert problem.input_language == "nb"


def test_settings_language_overrides_the_sheet_names(book: Callable[..., Path],
                                                     valid_sheets: Sheets) -> None:
    valid_sheets["Settings"].append(["language", "nb"])
    assert read_problem(book(valid_sheets)).language == "nb"
    valid_sheets["Settings"][-1] = ["language", "svensk"]
    assert any("Settings, row 5, value: invalid language" in e and "en or nb" in e
               for e in _errors(book(valid_sheets)))


def test_issues_are_located_by_the_names_the_workbook_uses(book: Callable[..., Path],
                                                           valid_sheets: Sheets) -> None:
    valid_sheets["Participants"][0][3] = "B3"
    valid_sheets["Programmes"][0][3] = "17/08/2026"
    errors = _errors(book(_bokmal(valid_sheets), headers=False))
    assert any(e.startswith("Deltakere, row 2, norsknivå: invalid norwegian_level")
               for e in errors), errors
    assert any(e.startswith("Kull, row 2, startdato") and "type it with dots" in e
               for e in errors), errors


def test_norwegian_dates_and_date_serials(book: Callable[..., Path],
                                          valid_sheets: Sheets) -> None:
    valid_sheets["Programmes"][0][3] = "18.08.2025"
    valid_sheets["Settings"][1][1] = 45887  # 18.08.2025 as a serial, its format lost
    problem = read_problem(book(valid_sheets))
    assert problem.programmes[0].start_date == problem.settings.rota_anchor_date
    assert [(w.sheet, w.row, w.column) for w in problem.warnings
            if "was read as the date 18.08.2025 (an Excel date serial)" in w.message
            ] == [("Settings", 3, "value")]
    valid_sheets["Programmes"][0][3] = 45887
    problem = read_problem(book(valid_sheets))
    assert ("Programmes", 2, "start_date") in {
        (w.sheet, w.row, w.column) for w in problem.warnings if "date serial" in w.message}


def test_hidden_and_filtered_participants_are_read_with_a_warning(
        book: Callable[..., Path], valid_sheets: Sheets) -> None:
    path = book(valid_sheets)
    workbook = openpyxl.load_workbook(path)
    workbook["Participants"].row_dimensions[3].hidden = True
    workbook.save(path)
    problem = read_problem(path)
    assert len(problem.participants) == 2
    hidden = [w for w in problem.warnings if "hidden or filtered-out" in w.message]
    assert [(w.sheet, w.row) for w in hidden] == [("Participants", 3)]
    assert "rows 3" in hidden[0].message


def test_a_trade_spelt_differently_is_flagged_with_the_closest_trade(
        book: Callable[..., Path], valid_sheets: Sheets) -> None:
    valid_sheets["Programmes"][0][2] = "Helsefagarbeidar"  # nynorsk
    problem = read_problem(book(valid_sheets))
    found = [w for w in problem.warnings if w.sheet == "Programmes"]
    assert len(found) == 1 and found[0].column == "occupation"
    assert "did you mean 'Helsefagarbeider'?" in found[0].message


def test_places_without_a_supervisor_and_an_empty_participants_sheet(
        book: Callable[..., Path], valid_sheets: Sheets) -> None:
    valid_sheets["Places"].append(["C1", "Kokk", 3])
    problem = read_problem(book(valid_sheets))
    assert any(w.sheet == "Places" and w.row == 3 and "no supervisor" in w.message
               for w in problem.warnings)
    valid_sheets["Participants"] = []
    assert any(e.startswith("Participants: the sheet has no participants")
               for e in _errors(book(valid_sheets)))


@pytest.mark.parametrize("profile", ["county", "gloppen"])
def test_a_whole_sample_round_in_bokmal_reads_back_unchanged(profile: str,
                                                             tmp_path: Path) -> None:
    problem = generate(40, None, 3, profile)
    write_problem(problem, tmp_path / "en.xlsx")
    write_problem(problem, tmp_path / "nb.xlsx", language="nb")
    workbook = openpyxl.load_workbook(tmp_path / "nb.xlsx", read_only=True)
    assert "Deltakere" in workbook.sheetnames and "Participants" not in workbook.sheetnames
    english, norwegian = read_problem(tmp_path / "en.xlsx"), read_problem(tmp_path / "nb.xlsx")
    assert norwegian.language == "nb"
    assert _strip(norwegian) == _strip(english)


def test_rota_weekday_headers_in_full(book: Callable[..., Path], valid_sheets: Sheets) -> None:
    english = read_problem(book(valid_sheets))
    sheets = {name: [HEADERS[name], *rows] for name, rows in valid_sheets.items()}
    sheets["Rotas"][0] = ["turnus_id", "uke", "Mandag", "tirsdag", "ONSDAG", "torsdag",
                          "fredag", "lørdag", "søndag"]
    problem = read_problem(book(sheets, headers=False))
    assert problem.rotas == english.rotas
