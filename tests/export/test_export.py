"""`matcher export`: one workbook per company holding only its trainees, one PDF timetable per
participant, in the output language, honouring --pseudonymise and never replacing files
without --force."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from cli.main import cli
from matcher.export import read_result
from matcher.inputbook import write_problem
from matcher.samples import generate


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    write_problem(generate(16, None, 5, "gloppen", 12), folder / "in.xlsx", language="nb")
    run = CliRunner().invoke(cli, ["match", str(folder / "in.xlsx"), "-o",
                                   str(folder / "result.xlsx"), "--quiet", "--workers", "1",
                                   "--time-limit", "5"])
    assert run.exit_code == 0, run.output
    return folder / "result.xlsx"


def _pdf_text(path: Path) -> str:
    """The text a reader of the PDF gets (copy, search, screen readers), as pypdf extracts it
    from the embedded fonts' character maps."""
    assert path.read_bytes().startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_one_workbook_per_company_and_one_timetable_per_participant(result: Path,
                                                                     tmp_path: Path) -> None:
    trainees = read_result(result).trainees
    assert trainees and all(t.days for t in trainees)
    run = CliRunner().invoke(cli, ["export", str(result), "-o", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    books = sorted((tmp_path / "out").glob("*.xlsx"))
    pdfs = sorted((tmp_path / "out").glob("*.pdf"))
    assert len(books) == len({t.company_id for t in trainees})
    assert len(pdfs) == len(trainees)
    for path in books:
        company = path.name.split(" ")[0]
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["Praksisdeltakere", "Timeplan"]
        rows = list(book["Praksisdeltakere"].iter_rows(values_only=True))
        assert rows[0][:3] == ("deltaker_id", "navn", "kull_id")
        ids = {r[0] for r in rows[1:]}
        assert ids == {t.participant_id for t in trainees if t.company_id == company}
        days = list(book["Timeplan"].iter_rows(min_row=2, values_only=True))
        assert {r[0] for r in days} == ids
        assert {r[4] for r in days} <= {"skole", "bedrift"}
        ws = book["Praksisdeltakere"]
        assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    first = trainees[0]
    text = _pdf_text(tmp_path / "out" / f"timeplan {first.participant_id}.pdf")
    assert f"Timeplan for {first.name}" in text and "Veileder" in text


def test_pseudonymised_export_has_no_names(result: Path, tmp_path: Path) -> None:
    trainees = read_result(result).trainees
    run = CliRunner().invoke(cli, ["export", str(result), "-o", str(tmp_path / "out"),
                                   "--pseudonymise", "--language", "en"])
    assert run.exit_code == 0, run.output
    names = {t.name for t in trainees if t.name}
    assert names
    for path in (tmp_path / "out").iterdir():
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            assert book.sheetnames == ["Trainees", "Timetable"]
            cells = {str(c) for ws in book for row in ws.iter_rows(values_only=True)
                     for c in row if c}
        else:
            cells = {_pdf_text(path)}
        assert not any(name in cell for name in names for cell in cells), path.name


def test_existing_files_are_kept_without_force(result: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["export", str(result), "-o", str(out)]).exit_code == 0
    victim = next(out.glob("*.pdf"))
    victim.write_bytes(b"edited by hand")
    again = CliRunner().invoke(cli, ["export", str(result), "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.stderr
    assert victim.read_bytes() == b"edited by hand"
    assert CliRunner().invoke(cli, ["export", str(result), "-o", str(out),
                                    "--force"]).exit_code == 0
    assert victim.read_bytes().startswith(b"%PDF")


def test_a_failure_half_way_leaves_no_files(result: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The third timetable cannot be written: no workbook or timetable of this export is
    left behind, and the folder the export would have created does not exist."""
    import matcher.export as export
    written: list[Path] = []
    real = export.write_timetable_pdf

    def failing(path: Path, *args: object) -> None:
        if len(written) == 2:
            raise OSError("disk full")
        written.append(path)
        real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(export, "write_timetable_pdf", failing)
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["export", str(result), "-o", str(out)])
    assert run.exit_code != 0 and len(written) == 2
    assert not out.exists()
    out.mkdir()
    keep = out / "notes.txt"
    keep.write_text("mine")
    run = CliRunner().invoke(cli, ["export", str(result), "-o", str(out)])
    assert run.exit_code != 0
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_a_workbook_that_is_no_result_is_refused(tmp_path: Path) -> None:
    write_problem(generate(5, None, 1, "gloppen"), tmp_path / "in.xlsx")
    run = CliRunner().invoke(cli, ["export", str(tmp_path / "in.xlsx"), "-o",
                                   str(tmp_path / "out")])
    assert run.exit_code == 1 and "not a matcher output workbook" in run.stderr
    assert not (tmp_path / "out").exists()


#: Names as a Norwegian intake writes them: Polish, Vietnamese, Arabic and Tigrinya scripts.
WORLD_NAMES = ("Łukasz Nguyễn", "محمد علي", "ሰላም ተኽለ")


def test_names_in_any_script_are_printed_as_written(tmp_path: Path) -> None:
    """The PDF font covers every script of the intake, not only Latin-1: before, these names
    came out as question marks."""
    problem = generate(16, None, 5, "gloppen", 12)
    named = tuple(dataclasses.replace(p, name=WORLD_NAMES[i % 3])
                  for i, p in enumerate(problem.participants))
    write_problem(dataclasses.replace(problem, participants=named), tmp_path / "in.xlsx")
    run = CliRunner().invoke(cli, ["match", str(tmp_path / "in.xlsx"), "-o",
                                   str(tmp_path / "result.xlsx"), "--quiet", "--workers", "1",
                                   "--time-limit", "5"])
    assert run.exit_code == 0, run.output
    run = CliRunner().invoke(cli, ["export", str(tmp_path / "result.xlsx"), "-o",
                                   str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    printed = {name: 0 for name in WORLD_NAMES}
    for trainee in read_result(tmp_path / "result.xlsx").trainees:
        text = _pdf_text(tmp_path / "out" / f"timetable {trainee.participant_id}.pdf")
        assert f"Timetable for {trainee.name}" in text and "?" not in text
        printed[trainee.name] += 1
    assert all(printed.values()), printed  # every script was exported at least once


def test_a_result_timetable_above_the_input_part_cap_is_read(
        result: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A whole-course result's Timetable is larger than any input sheet may be (335 MB of XML
    # for a 1,000-participant county): export reads a result with the result cap, and only
    # the sheets it needs. The input cap is lowered here so the test needs no huge file.
    import zipfile

    from matcher.reader import excel

    wanted = read_result(result)
    sizes = sorted(info.file_size for info in zipfile.ZipFile(result).infolist())
    assert sizes[-1] > sizes[-2]  # the Timetable is the largest part, alone
    monkeypatch.setattr(excel, "MAX_PART_BYTES", sizes[-2])
    again = read_result(result)
    assert again == wanted and sum(len(t.days) for t in again.trainees) > 100
