"""Inputs are never modified; outputs appear whole or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from matcher.files import sha256_of
from matcher.report import SHEETS
from matcher.samples import generate
from tests.safety.conftest import hidden_temp_files, invoke, small_problem, write_round

REPO = Path(__file__).resolve().parents[2]


def test_commands_never_modify_the_input(small_round: Path, tmp_path: Path) -> None:
    before = sha256_of(small_round), small_round.stat().st_mtime_ns
    assert invoke("validate", str(small_round)).exit_code == 0
    assert invoke("validate", "--json", str(small_round)).exit_code == 0
    result = invoke("match", str(small_round), "-o", str(tmp_path / "o.xlsx"), "--quiet",
                    "--workers", "1")
    assert result.exit_code == 0, result.output
    invoke("capacity", str(small_round))  # whatever it does (or not yet), it must not write
    assert (sha256_of(small_round), small_round.stat().st_mtime_ns) == before


def test_an_invalid_input_is_not_modified_and_nothing_is_written(tmp_path: Path) -> None:
    problem = small_problem()
    path = write_round(problem, tmp_path / "bad.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Participants"]["D2"] = "Z9"  # not a CEFR level
    wb.save(path)
    before = sha256_of(path)
    result = invoke("match", str(path), "-o", str(tmp_path / "o.xlsx"), "--quiet")
    assert result.exit_code == 1
    assert sha256_of(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx"]


@pytest.mark.parametrize("same", ["identical", "relative", "symlink"])
def test_output_equal_to_input_is_refused(small_round: Path, tmp_path: Path, same: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    before = sha256_of(small_round)
    if same == "identical":
        target = str(small_round)
    elif same == "relative":
        monkeypatch.chdir(small_round.parent)
        target = f"./{small_round.name}"
    else:
        link = tmp_path / "link.xlsx"
        link.symlink_to(small_round)
        target = str(link)
    result = invoke("match", str(small_round), "-o", target, "--quiet")
    assert result.exit_code == 2, result.output
    assert "must not be the input" in result.stderr
    assert sha256_of(small_round) == before
    assert not hidden_temp_files(small_round.parent)


def test_outputs_follow_the_umask(small_round: Path, tmp_path: Path) -> None:
    """Temporary files come from ``mkstemp`` (mode 0600); the finished output has the mode
    any saved file would have."""
    old = os.umask(0o027)
    try:
        assert invoke("match", str(small_round), "-o", str(tmp_path / "o.xlsx"),
                      "--quiet").exit_code == 0
        assert invoke("template", str(tmp_path / "t.xlsx")).exit_code == 0
    finally:
        os.umask(old)
    for name in ("o.xlsx", "t.xlsx"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o640, name


def _complete(path: Path) -> bool:
    """A finished output workbook: openpyxl opens it and every sheet is there."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return all(name in wb.sheetnames for name in SHEETS)
    finally:
        wb.close()


def _run_and_kill(source: Path, target: Path, delay: float) -> bool:
    """Start ``matcher match``, wait until its temporary file appears (the write has begun),
    then SIGKILL it ``delay`` seconds later; returns whether the kill came before the end."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "matcher", "match", str(source), "-o", str(target), "--quiet",
         "--workers", "1", "--time-limit", "1", "--seed", "0"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not hidden_temp_files(target.parent) and proc.poll() is None:
        assert time.monotonic() < deadline, "the run never started writing"
        time.sleep(0.002)
    time.sleep(delay)
    killed = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return killed


def test_a_killed_run_leaves_the_old_file_or_the_whole_new_one(tmp_path: Path) -> None:
    """SIGKILL at several moments while the output is written: the target is byte-identical
    to the old file or a complete workbook. A killed run cannot clean up: its temporary file
    stays, hidden (``.out.*.tmp.xlsx``) beside the target, never under the target's name."""
    source = write_round(generate(60, None, 11, "county", 26), tmp_path / "in.xlsx")
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"the previous output")
    old = sha256_of(target)
    outcomes = []
    for delay in (0.0, 0.1, 0.6):
        killed = _run_and_kill(source, target, delay)
        if sha256_of(target) == old:
            outcomes.append("old")
        else:
            assert _complete(target), f"a half-written output after a kill at +{delay} s"
            outcomes.append("new")
            target.write_bytes(b"the previous output")
        leftovers = hidden_temp_files(tmp_path)
        assert all(p.name.startswith(".out.") for p in leftovers), leftovers
        assert len(leftovers) <= 1 if killed else not leftovers
        for p in leftovers:
            p.unlink()
    assert "old" in outcomes, outcomes  # at least one kill landed mid-write
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx", "out.xlsx"]


def test_a_finished_run_leaves_no_temporary_file(small_round: Path, tmp_path: Path) -> None:
    assert invoke("match", str(small_round), "-o", str(tmp_path / "o.xlsx"),
                  "--quiet").exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["o.xlsx"]
    assert _complete(tmp_path / "o.xlsx")
