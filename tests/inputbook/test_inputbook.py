"""Writing input workbooks: the template reads back valid, and any problem survives a round
trip through Excel unchanged."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from strategies import problems

from cli.main import cli
from matcher.i18n import sheet_name
from matcher.inputbook import example_problem, write_problem, write_template
from matcher.inputbook.layout import SHEETS
from matcher.problem import Problem
from matcher.samples import generate

from .normalise import normalise

reader = pytest.importorskip("matcher.reader")


def round_trip(problem: Problem, folder: Path) -> Problem:
    path = folder / "round.xlsx"
    write_problem(problem, path)
    result: Problem = reader.read_problem(path)
    return result


def test_template_is_a_valid_round(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    problem = reader.read_problem(path)
    assert normalise(problem) == normalise(example_problem())
    assert [i for i in problem.warnings if i.severity == "error"] == []


def test_template_has_instructions_dropdowns_and_frozen_headers(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Instructions", *SHEETS]
    explained = {(row[0], row[1]) for row in book["Instructions"].iter_rows(values_only=True)}
    for sheet, headers in SHEETS.items():
        assert [c.value for c in book[sheet][1]] == list(headers)
        assert book[sheet].freeze_panes == "A2"
        for header in headers:
            if sheet != "Settings" and (sheet != "Rotas" or header in ("rota_id", "week")):
                assert (sheet, header) in explained, (sheet, header)
    lists = {dv.formula1 for dv in book["Participants"].data_validations.dataValidation}
    assert '"A1,A2,B1,B2,C1,C2"' in lists and '"low,medium,high,lav,middels,høy"' in lists
    assert '"yes,no,ja,nei"' in lists  # what the tool accepts, not only the English words
    assert {dv.errorStyle for dv in book["Participants"].data_validations.dataValidation} == {
        "warning"}  # other accepted spellings (x, 1, true) pass after a warning
    trials = {dv.formula1 for dv in book["Trials"].data_validations.dataValidation}
    assert trials == {'"approved,rejected,planned,godkjent,avslått,planlagt"'}


def test_a_bokmal_template_for_a_coordinator(tmp_path: Path) -> None:
    path = tmp_path / "mal.xlsx"
    write_template(path, "nb")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Veiledning", *(sheet_name(s, "nb") for s in SHEETS)]
    guide = [row[0] for row in book["Veiledning"].iter_rows(values_only=True)]
    assert guide[0] == "Slik fyller du ut arbeidsboken"
    assert guide[1].startswith("1. Kull og Faser")
    assert guide.index("Kolonnene forklart") > guide.index(next(g for g in guide if g and
                                                               g.startswith("7.")))
    assert [c.value for c in book["Deltakere"][1]][:4] == ["deltaker_id", "navn", "kull",
                                                          "norsknivå"]
    lists = {dv.formula1 for dv in book["Deltakere"].data_validations.dataValidation}
    assert '"ja,nei,yes,no"' in lists and '"lav,middels,høy,low,medium,high"' in lists
    problem = reader.read_problem(path)
    assert problem.language == "nb"
    assert normalise(problem) == normalise(replace(example_problem(), input_language="nb"))


def test_every_column_of_the_bokmal_guide_is_explained_in_bokmal(tmp_path: Path) -> None:
    # The guide's column reference, row for row against the English one: no description left
    # in English (the version-2 columns and sheets were once).
    english, bokmal = tmp_path / "en.xlsx", tmp_path / "nb.xlsx"
    write_template(english)
    write_template(bokmal, "nb")
    rows = [list(openpyxl.load_workbook(path, read_only=True).worksheets[0].iter_rows(
        values_only=True)) for path in (english, bokmal)]
    same = [en[3] for en, nb in zip(*rows, strict=True)
            if isinstance(en[3], str) and len(en[3]) > 12 and en[3] == nb[3]]
    assert same == []


def test_template_command(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "t.xlsx"
    assert runner.invoke(cli, ["template", str(out)]).exit_code == 0
    assert out.exists()
    assert runner.invoke(cli, ["validate", str(out)]).exit_code == 0
    missing = runner.invoke(cli, ["template", str(tmp_path / "no" / "t.xlsx")])
    assert missing.exit_code == 2


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_any_problem_round_trips(problem: Problem) -> None:
    with tempfile.TemporaryDirectory() as folder:
        assert normalise(round_trip(problem, Path(folder))) == normalise(problem)


def test_formula_like_text_is_written_as_text(tmp_path: Path) -> None:
    base = example_problem()
    from dataclasses import replace

    person = replace(base.participants[0], participant_id="=1+1", name="=HYPERLINK(\"x\")")
    problem = replace(base, participants=(person,), trials=(), preferences=())
    path = tmp_path / "f.xlsx"
    write_problem(problem, path)
    cells = openpyxl.load_workbook(path)["Participants"][2]
    assert cells[0].value == "=1+1" and cells[0].data_type == "s"
    assert cells[1].data_type == "s"
    assert reader.read_problem(path).participants[0].participant_id == "=1+1"


@pytest.mark.parametrize("profile", ["county", "gloppen", "oslo", "menn-i-helse", "heffi",
                                     "odda", "mfy", "plain", "rota-heavy", "scarce"])
def test_generated_samples_validate_and_round_trip(profile: str, tmp_path: Path) -> None:
    for seed in (0, 1):
        problem = generate(participants=40, seed=seed, profile=profile)
        back = round_trip(problem, tmp_path)
        assert normalise(back) == normalise(problem)


def test_same_seed_same_problem_and_workbook_content(tmp_path: Path) -> None:
    assert generate(80, seed=4) == generate(80, seed=4)
    assert generate(80, seed=4) != generate(80, seed=5)
    runner = CliRunner()
    contents = []
    for name in ("a.xlsx", "b.xlsx"):
        out = tmp_path / name
        result = runner.invoke(cli, ["sample", str(out), "--participants", "50", "--seed", "9",
                                     "--profile", "scarce"])
        assert result.exit_code == 0, result.output
        book = openpyxl.load_workbook(out)
        contents.append({ws.title: [[c.value for c in r] for r in ws.iter_rows()] for ws in book})
    assert contents[0] == contents[1]


@pytest.mark.parametrize("args", [["--participants", "0"], ["--profile", "nowhere"],
                                  ["--seed", "-1"], ["--companies", "x"]])
def test_sample_command_rejects_bad_options(args: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["sample", str(tmp_path / "s.xlsx"), *args])
    assert result.exit_code == 2
    assert not (tmp_path / "s.xlsx").exists()


def test_sample_command_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["sample", str(tmp_path / "no" / "s.xlsx")])
    assert result.exit_code == 2
