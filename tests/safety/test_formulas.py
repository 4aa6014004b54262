"""Text from the input never becomes a formula or a link in any output.

Ids, names, labels, notes, trades and the round name start with ``=``, ``+``, ``-``, ``@``, a tab
or a control character; the outputs of ``match``, ``template`` and ``sample`` must hold no
formula cell and no hyperlink, and the text must come back exactly (control characters that a
workbook cannot hold are made visible as U+FFFD).
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path

import pytest

from matcher.problem import Problem, Settings
from matcher.reader import read_problem
from tests.safety.conftest import cells, invoke, part_texts, small_problem, write_round

DANGEROUS = ("=1+2", "+47 1234", "-2+3", "@SUM(A1:A9)", "=HYPERLINK(\"http://x.invalid\")",
             "\tTAB=1", "=cmd|' /C calc'!A0")
CONTROL_MARK = "CTRLMARK"  # replaced by an Excel ``_x0007_`` escape in the input XML


def _dangerous_round() -> tuple[Problem, dict[str, str]]:
    """A valid small round whose free text all starts like a formula; returns it with the
    participant id map (old → dangerous)."""
    p = small_problem(12, 5)
    ids = {x.participant_id: f"{DANGEROUS[i % len(DANGEROUS)].strip()}#{i}"
           for i, x in enumerate(p.participants)}
    people = tuple(dataclasses.replace(x, participant_id=ids[x.participant_id],
                                       name=DANGEROUS[i % len(DANGEROUS)] + f" N{i}")
                   for i, x in enumerate(p.participants))
    people = (dataclasses.replace(people[0], name=CONTROL_MARK + " bell"), *people[1:])
    return dataclasses.replace(
        p,
        participants=people,
        trials=tuple(dataclasses.replace(t, participant_id=ids[t.participant_id],
                                         note="=IMPORTXML(\"x\")") for t in p.trials),
        preferences=tuple(dataclasses.replace(q, participant_id=ids[q.participant_id])
                          for q in p.preferences),
        companies=tuple(dataclasses.replace(c, name=f"@Company {i}",
                                            training_office=f"-Office {i}")
                        for i, c in enumerate(p.companies)),
        programmes=tuple(dataclasses.replace(g, name=f"+Class {i}")
                         for i, g in enumerate(p.programmes)),
        phases=tuple(dataclasses.replace(h, label="=Vg1") for h in p.phases),
        settings=dataclasses.replace(p.settings, round_name="=Round 2026")
        if isinstance(p.settings, Settings) else p.settings,
    ), ids


def _inject_control(path: Path) -> None:
    """Turn the marker into ``_x0007_`` (BEL), as Excel writes a control character."""
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    for name, data in members.items():
        members[name] = data.replace(CONTROL_MARK.encode(), b"_x0007_")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def assert_no_formulas_or_links(path: Path) -> None:
    """Neither the cells openpyxl sees nor the raw XML Excel reads hold a formula or a link."""
    for title, cell in cells(path):
        assert cell.data_type != "f", f"{title}!{cell.coordinate} is a formula: {cell.value!r}"
        assert cell.hyperlink is None, f"{title}!{cell.coordinate} has a hyperlink"
    for name, xml in part_texts(path).items():
        # text in cells is escaped (``&lt;``), so a ``<`` here is always a real element
        assert not re.search(rb"<(\w+:)?f[ >/]", xml), f"a formula element in {name}"
        assert not re.search(rb"<(\w+:)?hyperlinks?[ >/]", xml), f"a hyperlink in {name}"
        assert b"relationships/hyperlink" not in xml, f"a hyperlink relation in {name}"
        assert b"externalLink" not in xml, f"an external link in {name}"


@pytest.fixture(scope="module")
def matched(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Problem, dict[str, str]]:
    folder = tmp_path_factory.mktemp("formulas")
    problem, ids = _dangerous_round()
    source = write_round(problem, folder / "in.xlsx")
    _inject_control(source)
    result = invoke("match", str(source), "-o", str(folder / "out.xlsx"), "--workers", "1",
                    "--seed", "0", "--time-limit", "10", "--quiet")
    assert result.exit_code == 0, result.output
    return folder / "out.xlsx", problem, ids


def test_match_output_has_no_formula_or_link(matched: tuple[Path, Problem, dict[str, str]]) -> None:
    assert_no_formulas_or_links(matched[0])


def test_match_output_keeps_the_text_exactly(
        matched: tuple[Path, Problem, dict[str, str]]) -> None:
    """Each dangerous id and name is in the output as the same text (names and ids of
    participants appear in Placements/Unplaced; the control character is made visible)."""
    path, _, ids = matched
    read = read_problem(path.with_name("in.xlsx"))  # as the reader gives it (trimmed)
    texts = {cell.value for _, cell in cells(path) if isinstance(cell.value, str)}
    for pid in ids.values():
        assert pid in texts, pid
    assert "TAB=1 N5" in {p.name for p in read.participants}
    for person in read.participants[1:]:
        assert person.name in texts, person.name
    assert "\ufffd bell" in texts
    assert "=Round 2026" in texts
    assert any(t.startswith("@Company") for t in texts)
    assert not any("\x07" in t for t in texts)


def test_pseudonymised_output_has_no_formula_or_link(
        matched: tuple[Path, Problem, dict[str, str]], tmp_path: Path) -> None:
    source = matched[0].with_name("in.xlsx")
    result = invoke("match", str(source), "-o", str(tmp_path / "p.xlsx"), "--workers", "1",
                    "--time-limit", "10", "--quiet", "--pseudonymise")
    assert result.exit_code == 0, result.output
    assert_no_formulas_or_links(tmp_path / "p.xlsx")


def test_template_and_sample_have_no_formula_or_link(tmp_path: Path) -> None:
    """The other written workbooks: the template (its drop-down lists are data validation,
    not cell formulas) and a sample round."""
    assert invoke("template", str(tmp_path / "t.xlsx")).exit_code == 0
    assert_no_formulas_or_links(tmp_path / "t.xlsx")
    assert invoke("sample", str(tmp_path / "s.xlsx"), "-n", "30").exit_code == 0
    assert_no_formulas_or_links(tmp_path / "s.xlsx")


def test_written_input_round_trips_the_dangerous_text(tmp_path: Path) -> None:
    """``write_problem`` (behind ``matcher sample``) also stores such text as text."""
    problem, _ = _dangerous_round()
    path = write_round(problem, tmp_path / "in.xlsx")
    assert_no_formulas_or_links(path)
    assert invoke("validate", str(path)).exit_code == 0
