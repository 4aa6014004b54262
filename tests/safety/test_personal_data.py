"""Names stay out of outputs, messages and progress; ids become pseudonyms on request; no
network."""

from __future__ import annotations

import csv
import dataclasses
import re
import socket
from pathlib import Path

import openpyxl
import pytest

from matcher.model import SolveOptions
from matcher.pseudonym import pseudonym, pseudonymise_round, pseudonyms
from matcher.round import run_match
from tests.safety.conftest import (
    cells,
    invoke,
    small_problem,
    with_marker_names,
    write_round,
)

PSEUDONYM = re.compile(r"^P-[0-9a-f]{10}$")


def _marked_round(folder: Path) -> Path:
    """Names are markers, participant ids are markers too (``IDMARK…``), so any trace of
    either in an output is found by a substring search."""
    p = with_marker_names(small_problem(14, 8))
    ids = {x.participant_id: f"IDMARK{i:03d}" for i, x in enumerate(p.participants)}
    p = dataclasses.replace(
        p,
        participants=tuple(dataclasses.replace(x, participant_id=ids[x.participant_id])
                           for x in p.participants),
        trials=tuple(dataclasses.replace(t, participant_id=ids[t.participant_id])
                     for t in p.trials),
        preferences=tuple(dataclasses.replace(q, participant_id=ids[q.participant_id])
                          for q in p.preferences),
    )
    return write_round(p, folder / "marked.xlsx")


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _marked_round(tmp_path_factory.mktemp("personal"))


def _all_text(path: Path) -> str:
    return "\n".join(str(cell.value) for _, cell in cells(path))


def _match(source: Path, out: Path, *extra: str) -> str:
    result = invoke("match", str(source), "-o", str(out), "--workers", "1", "--seed", "0",
                    *extra)
    assert result.exit_code == 0, result.output
    return result.stdout + result.stderr


def test_pseudonymised_output_has_no_names_and_no_ids(marked: Path, tmp_path: Path) -> None:
    _match(marked, tmp_path / "p.xlsx", "--pseudonymise", "--quiet")
    text = _all_text(tmp_path / "p.xlsx")
    assert "NAMEMARKER" not in text
    assert "IDMARK" not in text
    wb = openpyxl.load_workbook(tmp_path / "p.xlsx", read_only=True)
    placed = [row[0] for row in wb["Placements"].iter_rows(min_row=2, values_only=True)]
    unplaced = [row[0] for row in wb["Unplaced"].iter_rows(min_row=2, values_only=True)]
    assert len(placed) + len(unplaced) == 14 and placed
    assert all(PSEUDONYM.match(str(p)) for p in placed + unplaced)
    timetable = {row[0] for row in wb["Timetable"].iter_rows(min_row=2, values_only=True)}
    assert timetable == set(placed)
    wb.close()
    assert [p.name for p in tmp_path.iterdir()] == ["p.xlsx"]  # no key file unless asked


def test_plain_output_keeps_names_and_ids(marked: Path, tmp_path: Path) -> None:
    """The control: without the option, the same search finds them, so the test above can
    see a leak."""
    _match(marked, tmp_path / "o.xlsx", "--quiet")
    text = _all_text(tmp_path / "o.xlsx")
    assert "NAMEMARKER-P" in text and "IDMARK" in text


def test_key_gives_stable_pseudonyms_and_key_file_maps_them(marked: Path, tmp_path: Path) -> None:
    key = tmp_path / "secret.key"
    key.write_text("a secret of more than sixteen characters\n")
    _match(marked, tmp_path / "a.xlsx", "--pseudonym-key", str(key), "--key-file",
           str(tmp_path / "key.csv"), "--quiet")
    _match(marked, tmp_path / "b.xlsx", "--pseudonym-key", str(key), "--quiet")
    _match(marked, tmp_path / "c.xlsx", "--pseudonymise", "--quiet")

    def ids(name: str) -> list[str]:
        wb = openpyxl.load_workbook(tmp_path / name, read_only=True)
        out = [str(r[0]) for r in wb["Unplaced"].iter_rows(min_row=2, values_only=True)]
        out += [str(r[0]) for r in wb["Placements"].iter_rows(min_row=2, values_only=True)]
        wb.close()
        return out

    assert ids("a.xlsx") == ids("b.xlsx")  # same key, same pseudonyms
    assert not set(ids("a.xlsx")) & set(ids("c.xlsx"))  # a random key: unlinkable
    with (tmp_path / "key.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["participant_id", "pseudonym"]
    table = dict(rows[1:])
    assert sorted(table) == [f"IDMARK{i:03d}" for i in range(14)]
    assert sorted(table.values()) == sorted(ids("a.xlsx"))
    assert table["IDMARK000"] == pseudonym(b"a secret of more than sixteen characters",
                                           "IDMARK000")
    assert (tmp_path / "key.csv").stat().st_mode & 0o777 == 0o600
    assert "NAMEMARKER" not in (tmp_path / "key.csv").read_text(encoding="utf-8")


def test_short_or_missing_key_is_a_usage_error(marked: Path, tmp_path: Path) -> None:
    key = tmp_path / "short.key"
    key.write_text("short")
    result = invoke("match", str(marked), "-o", str(tmp_path / "o.xlsx"), "--pseudonym-key",
                    str(key), "--quiet")
    assert result.exit_code == 2
    assert not (tmp_path / "o.xlsx").exists()


def test_key_file_must_not_be_the_input_or_output(marked: Path, tmp_path: Path) -> None:
    for target in (marked, tmp_path / "o.xlsx"):
        result = invoke("match", str(marked), "-o", str(tmp_path / "o.xlsx"), "--key-file",
                        str(target), "--quiet")
        assert result.exit_code == 2, result.output


def test_pseudonyms_are_distinct_and_the_real_result_is_untouched() -> None:
    problem = small_problem(14, 8)
    table = pseudonyms(b"k" * 32, [p.participant_id for p in problem.participants])
    assert len(set(table.values())) == len(problem.participants)
    assert all(PSEUDONYM.match(v) for v in table.values())


def test_pseudonymise_round_maps_every_participant_reference(tmp_path: Path) -> None:
    path = write_round(with_marker_names(small_problem(14, 8)), tmp_path / "r.xlsx")
    outcome = run_match(path, None, SolveOptions(10, 1, 0))
    from matcher.timetable import all_activities

    rows = list(all_activities(outcome.problem, outcome.result.solution))
    problem, result, mapped, table = pseudonymise_round(outcome.problem, outcome.result, rows,
                                                        b"k" * 32)
    assert {p.participant_id for p in problem.participants} == set(table.values())
    assert all(p.name == "" for p in problem.participants + tuple())
    assert all(s.name == "" for s in problem.supervisors)
    assert {p.participant_id for p in result.solution.placements} <= set(table.values())
    assert {a.participant_id for a in mapped} <= set(table.values())
    assert len(mapped) == len(rows)
    assert outcome.problem.participants[0].name.startswith("NAMEMARKER")  # originals kept


def _broken_copies(source: Path, folder: Path) -> list[Path]:
    """Invalid versions of the marked round: bad values, duplicate ids, a missing sheet."""
    out = []
    for i, edit in enumerate(("level", "duplicate", "sheet", "dangling")):
        wb = openpyxl.load_workbook(source)
        ws = wb["Participants"]
        if edit == "level":
            ws["D2"] = "Q7"
        elif edit == "duplicate":
            ws.append([c.value for c in ws[2]])
        elif edit == "sheet":
            del wb["Rotas"]
        else:
            ws["C3"] = "NO-SUCH-PROGRAMME"
        path = folder / f"broken{i}.xlsx"
        wb.save(path)
        out.append(path)
    return out


def test_no_names_on_stdout_or_stderr(marked: Path, tmp_path: Path) -> None:
    """Validate and match, valid and invalid, with progress and JSON: the names never show."""
    outputs = [
        invoke("validate", str(marked)),
        invoke("validate", "--json", str(marked)),
        invoke("match", str(marked), "-o", str(tmp_path / "o.xlsx"), "--workers", "1"),
        invoke("match", str(marked), "-o", str(tmp_path / "j.xlsx"), "--json", "--workers", "1"),
    ]
    for broken in _broken_copies(marked, tmp_path):
        outputs += [invoke("validate", str(broken)), invoke("validate", "--json", str(broken)),
                    invoke("match", str(broken), "-o", str(tmp_path / "x.xlsx"))]
    assert [r.exit_code for r in outputs[:4]] == [0, 0, 0, 0]
    assert all(r.exit_code == 1 for r in outputs[4:])
    for result in outputs:
        assert "NAMEMARKER" not in result.stdout + result.stderr


def test_a_full_round_makes_no_network_connection(marked: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Every way Python opens a connection raises: the round still reads, solves and writes."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a network connection was attempted")

    for name in ("socket", "create_connection", "getaddrinfo", "socketpair"):
        monkeypatch.setattr(socket, name, refuse)
    outcome = run_match(marked, tmp_path / "o.xlsx", SolveOptions(10, 2, 0),
                        pseudonymise=True)
    assert outcome.result.placed > 0
    assert (tmp_path / "o.xlsx").exists()
