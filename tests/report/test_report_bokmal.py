"""Bokmål out: with language nb every sheet, header and enumerated value of the output is in
bokmål (SPEC.md "Norwegian names"); Summary keys and status codes stay as they are."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from matcher.i18n import column_name, sheet_name
from matcher.report import SHEETS

from .test_workbook import HEADERS, records, write
from .tiny import tiny_problem, tiny_result


def test_every_sheet_header_and_value_is_in_bokmal(tmp_path: Path) -> None:
    problem = tiny_problem()
    problem = replace(problem, settings=replace(problem.settings, language="nb"))
    book = write(problem, tiny_result(problem), tmp_path / "out.xlsx")
    assert book.sheetnames == [sheet_name(s, "nb") for s in SHEETS]
    assert book.sheetnames[:3] == ["Sammendrag", "Plasseringer", "Ikke plassert"]
    for sheet, headers in HEADERS.items():  # the round's columns, then extra ones
        ws = book[sheet_name(sheet, "nb")]
        assert [c.value for c in ws[1]] == [column_name(h, "nb", sheet) for h in headers], sheet
    summary = {r["nøkkel"]: r["verdi"] for r in records(book["Sammendrag"])}
    assert summary["status"] == "OPTIMAL" and "placed" in summary
    placed = records(book["Plasseringer"])
    assert {r["beholdt_nåværende"] for r in placed} <= {"ja", "nei"}
    timetable = records(book["Timeplan"])
    assert {r["aktivitet"] for r in timetable} == {"skole", "bedrift"}
    assert {r["ukedag"] for r in timetable} <= {"man", "tir", "ons", "tor", "fre", "lør", "søn"}
    assert {r["med_veileder"] for r in timetable} <= {"ja", "nei"}
    assert [r["skoledager"] for r in records(book["Kull"])] == ["man,tir"]
    legend = [row[1] for row in book["Kalender"].iter_rows(max_row=4, values_only=True)]
    assert legend[0] == "skoledag"
    assert book["Kalender"].cell(10, 6).value == "uke 2"  # the week-number row
    assert [r["skoledager"] for r in records(book["Faser"])] == ["man,tir"]
    assert {r["fase"] for r in timetable} == {"Vg1"}


def test_english_stays_specs_names(tmp_path: Path) -> None:
    problem = tiny_problem()
    book = write(problem, tiny_result(problem), tmp_path / "out.xlsx")
    assert book.sheetnames == list(SHEETS)
    assert {r["activity"] for r in records(book["Timetable"])} == {"school", "company"}
