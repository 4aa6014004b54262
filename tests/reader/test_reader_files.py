"""Bad files, sheet layout problems, formulas, speed on huge empty sheets, and the CLI."""

from __future__ import annotations

import json
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cli.main import cli
from matcher.errors import InputError
from matcher.files import sha256_of
from matcher.reader import read_problem

from .conftest import HEADERS, ROTA_CODES_WARNING, VALID, Sheets, write_book


def _rewrite_sheet(path: Path, sheet_index: int, edit: Callable[[str], str]) -> None:
    """Edit one worksheet's XML inside an .xlsx (to make what openpyxl cannot write)."""
    member = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    parts[member] = edit(parts[member].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)


def _sheet_number(name: str) -> int:
    return list(VALID).index(name) + 1


def _issues(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        read_problem(path)
    return [str(i) for i in info.value.issues if i.severity == "error"]


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    good = write_book(tmp_path / "good.xlsx", VALID)
    files = {
        "csv": b"participant_id,name\nP1,Ada\n",
        "pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        "empty": b"",
        "truncated": good.read_bytes()[: good.stat().st_size // 2],
        "encrypted": bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512,
    }
    out = {}
    for name, data in files.items():
        out[name] = tmp_path / f"{name}.xlsx"
        out[name].write_bytes(data)
    # a zip whose end record points the central directory past its real place (found by the
    # long fuzz run: zipfile then seeks to a negative offset and raises OSError)
    data = bytearray(good.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    offset = struct.unpack_from("<I", data, end + 16)[0]
    struct.pack_into("<I", data, end + 16, offset + 100_000)
    out["bad_offset"] = tmp_path / "bad_offset.xlsx"
    out["bad_offset"].write_bytes(bytes(data))
    other_zip = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("notes.txt", "hello")
    out["zip"] = other_zip
    return out


@pytest.mark.parametrize(("kind", "words"), [
    ("csv", "not an Excel .xlsx"), ("pdf", "PDF"), ("empty", "empty"),
    ("truncated", "damaged or incomplete"), ("encrypted", "password-protected"),
    ("zip", "not an Excel workbook"), ("bad_offset", "damaged or incomplete"),
])
def test_bad_files_give_one_clear_issue(tmp_path: Path, kind: str, words: str) -> None:
    issues = _issues(_bad_files(tmp_path)[kind])
    assert len(issues) == 1 and words in issues[0]


@pytest.mark.parametrize("kind", ["csv", "pdf", "empty", "truncated", "encrypted", "zip",
                                  "bad_offset"])
def test_bad_files_exit_1_without_traceback(tmp_path: Path, kind: str) -> None:
    result = CliRunner().invoke(cli, ["validate", str(_bad_files(tmp_path)[kind])])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "problem" in result.output


def test_xml_with_entities_is_refused(book: Callable[..., Path]) -> None:
    path = book(VALID)
    doctype = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    _rewrite_sheet(path, 1, lambda xml: re.sub(r"^(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or "")
                                               + doctype, xml, count=1))
    assert "damaged or use unsafe XML" in _issues(path)[0]


def test_missing_required_sheet(book: Callable[..., Path], valid_sheets: Sheets) -> None:
    del valid_sheets["Rotas"]
    issues = _issues(book(valid_sheets))
    assert any(i.startswith("Rotas: a required sheet is missing") for i in issues)
    assert not any("unknown rota" in i for i in issues)  # no echo of the missing sheet


def test_sheet_and_header_names_match_loosely(book: Callable[..., Path],
                                              valid_sheets: Sheets) -> None:
    path = book({(" " + name.upper() + " "): rows for name, rows in valid_sheets.items()},
                headers=False)
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        name = sheet.title.strip().title()
        sheet.insert_rows(1)
        for col, header in enumerate(HEADERS[name], start=1):
            sheet.cell(1, col, f"  {header.upper()} ")
    workbook.create_sheet("Instructions")["A1"] = "Fill in every sheet."
    workbook.save(path)
    problem = read_problem(path)
    assert len(problem.participants) == 2
    assert [w.message for w in problem.warnings] == [ROTA_CODES_WARNING]


def test_header_below_a_title_row_is_found_with_a_warning(book: Callable[..., Path],
                                                           valid_sheets: Sheets) -> None:
    sheets = {name: [HEADERS[name], *rows] for name, rows in valid_sheets.items()}
    sheets["Places"].insert(0, ["Places for autumn"])
    sheets["Participants"][0:0] = [["Deltakere høsten 2026"], ["Fylt ut av Kari"]]
    path = book(sheets, headers=False)
    problem = read_problem(path)
    assert len(problem.places) == len(valid_sheets["Places"])
    assert len(problem.participants) == len(valid_sheets["Participants"])
    where = {(w.sheet, w.row) for w in problem.warnings if "rows above it were skipped" in
             w.message}
    assert where == {("Places", 2), ("Participants", 3)}


def test_a_header_with_a_missing_column_below_a_title_is_located(
        book: Callable[..., Path], valid_sheets: Sheets) -> None:
    sheets = {name: [HEADERS[name], *rows] for name, rows in valid_sheets.items()}
    sheets["Places"] = [["Places for autumn"], ["company_id", "occupation"],
                        ["C1", "Helsefagarbeider"]]
    issues = _issues(book(sheets, headers=False))
    assert any(i.startswith("Places, row 2, places: a required column is missing")
               for i in issues), issues


def test_blank_rows_above_header_are_skipped(book: Callable[..., Path]) -> None:
    path = book(VALID)
    workbook = openpyxl.load_workbook(path)
    workbook["Places"].insert_rows(1, 3)
    workbook.save(path)
    assert read_problem(path).places[0].row == 5


def test_merged_header_cells(book: Callable[..., Path]) -> None:
    path = book(VALID)
    workbook = openpyxl.load_workbook(path)
    workbook["Places"].merge_cells("B1:C1")
    workbook.save(path)
    assert any("Places, row 1: merged header cells B1:C1" in i for i in _issues(path))


def test_unknown_columns_are_a_warning(book: Callable[..., Path]) -> None:
    path = book(VALID)
    workbook = openpyxl.load_workbook(path)
    workbook["Places"]["D1"] = "comment"
    workbook["Places"]["D2"] = "nice place"
    workbook.save(path)
    warnings = [str(w) for w in read_problem(path).warnings]
    assert any("Places" in w and "unknown columns" in w and "comment" in w for w in warnings)


def test_formula_without_saved_value_names_the_cell(book: Callable[..., Path]) -> None:
    path = book(VALID)
    workbook = openpyxl.load_workbook(path)
    workbook["Places"]["C2"] = "=1+1"
    workbook.save(path)
    issues = _issues(path)
    assert any("Places, row 2" in i and "cell C2" in i and "formula" in i for i in issues)
    assert not any("places is required" in i for i in issues)


def test_formula_with_saved_value_is_used_with_one_warning(book: Callable[..., Path]) -> None:
    path = book(VALID)
    workbook = openpyxl.load_workbook(path)
    workbook["Places"]["C2"] = "=1+2"
    workbook["Places"]["B2"] = '="Helse"&"fagarbeider"'
    workbook.save(path)

    def cache(xml: str) -> str:
        xml = re.sub(r"<c r=\"C2\"([^>]*)><f>1\+2</f><v\s*/?>(</v>)?",
                     r'<c r="C2"\1><f>1+2</f><v>3</v>', xml)
        return re.sub(r"<c r=\"B2\"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?",
                      r'<c r="B2" t="str"><f>\2</f><v>Helsefagarbeider</v>', xml)

    _rewrite_sheet(path, _sheet_number("Places"), cache)
    problem = read_problem(path)
    assert problem.places[0].places == 3 and problem.places[0].occupation == "Helsefagarbeider"
    assert [w.message for w in problem.warnings if "formula" in w.message] == [
        "the workbook has formulas; their saved values were used"]


def test_excel_date_serial_only_in_date_formatted_cells(book: Callable[..., Path],
                                                        valid_sheets: Sheets) -> None:
    path = book(valid_sheets)
    workbook = openpyxl.load_workbook(path)
    cell = workbook["Programmes"]["D2"]
    cell.value = 45887  # 2025-08-18
    cell.number_format = "dd.mm.yyyy"
    workbook.save(path)
    assert read_problem(path).programmes[0].start_date.isoformat() == "2025-08-18"


def test_hundreds_of_thousands_of_formatted_empty_rows_read_fast(book: Callable[..., Path]) -> None:
    path = book(VALID)
    empty = "".join(f'<row r="{n}"><c r="A{n}" s="0"/><c r="B{n}" s="0"/></row>'
                    for n in range(10, 300_010))
    _rewrite_sheet(path, _sheet_number("Participants"),
                   lambda xml: xml.replace("</sheetData>", empty + "</sheetData>"))
    problem = read_problem(path)
    assert len(problem.participants) == 2


def test_input_file_is_not_modified(book: Callable[..., Path]) -> None:
    path = book(VALID)
    before, mtime = sha256_of(path), path.stat().st_mtime_ns
    read_problem(path)
    assert sha256_of(path) == before and path.stat().st_mtime_ns == mtime


def test_validate_ok_prints_summary(book: Callable[..., Path]) -> None:
    result = CliRunner().invoke(cli, ["validate", str(book(VALID))])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK") and "Participants: 2" in result.output
    assert "Helsefagarbeider: 2" in result.output


def test_validate_lists_every_problem_as_json(book: Callable[..., Path],
                                             valid_sheets: Sheets) -> None:
    valid_sheets["Participants"][0][8] = 9
    valid_sheets["Places"][0][2] = -1
    valid_sheets["Participants"][1][13] = "C9"  # a warning
    result = CliRunner().invoke(cli, ["validate", str(book(valid_sheets)), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert {(e["sheet"], e["row"], e["column"]) for e in report["errors"]} == {
        ("Participants", 2, "priority"), ("Places", 2, "places")}
    assert "current_company" in {w["column"] for w in report["warnings"]}
    assert "Ada" not in result.output  # names never appear in messages


def test_validate_json_ok(book: Callable[..., Path]) -> None:
    result = CliRunner().invoke(cli, ["validate", str(book(VALID)), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["summary"]["companies"] == 1


def test_validate_missing_file_exits_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 1 and "does not exist" in result.output


def test_oversized_part_is_refused(book: Callable[..., Path],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # A part that unpacks beyond the cap (a decompression bomb) is refused with one message;
    # the cap is lowered here so the test needs no huge file.
    from matcher.reader import excel

    monkeypatch.setattr(excel, "MAX_PART_BYTES", 200)
    issues = _issues(book(VALID))
    assert len(issues) == 1 and "unpacks to more than" in issues[0]
