"""Outputs a coordinator cannot lose: an output that cannot be written is a plain message (exit
2, never "internal error"); template, sample and --key-file never replace a file without
--force; -o must be an .xlsx; Ctrl-C stops the run without writing anything (exit 130)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from matcher import files
from matcher.files import OutputPathError, atomic_path, sha256_of
from matcher.samples import generate
from tests.safety.conftest import invoke, write_round

REPO = Path(__file__).resolve().parents[2]


def _refuse_replace(src: object, dst: object) -> None:
    raise PermissionError(13, "Permission denied")  # what Windows says while Excel has it open


def test_an_output_open_in_excel_is_a_plain_message(small_round: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files.os, "replace", _refuse_replace)
    with pytest.raises(OutputPathError, match=r"cannot write out\.xlsx: the file is open"), \
            atomic_path(tmp_path / "out.xlsx") as tmp:
        tmp.write_bytes(b"x")
    result = invoke("match", str(small_round), "-o", str(tmp_path / "o.xlsx"), "--quiet",
                    "--workers", "1")
    assert result.exit_code == 2, result.output
    assert "cannot write o.xlsx" in result.stderr and "close the file" in result.stderr
    assert "Internal error" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_template_and_sample_never_replace_a_file_without_force(tmp_path: Path) -> None:
    for command, extra in (("template", []), ("sample", ["-n", "20"])):
        target = tmp_path / f"{command}.xlsx"
        target.write_bytes(b"a filled-in workbook")
        result = invoke(command, str(target), *extra)
        assert result.exit_code == 2, result.output
        assert "already exists" in result.stderr and "--force" in result.stderr
        assert target.read_bytes() == b"a filled-in workbook"
        assert invoke(command, str(target), *extra, "--force").exit_code == 0
        assert target.read_bytes()[:2] == b"PK"


def test_an_earlier_key_file_is_kept_without_force(small_round: Path, tmp_path: Path) -> None:
    key = tmp_path / "key.csv"
    key.write_text("participant_id,pseudonym\nP1,X\n")
    before = sha256_of(key)
    result = invoke("match", str(small_round), "-o", str(tmp_path / "o.xlsx"), "--key-file",
                    str(key), "--quiet", "--workers", "1")
    assert result.exit_code == 2 and "key.csv already exists" in result.stderr
    assert sha256_of(key) == before and not (tmp_path / "o.xlsx").exists()
    result = invoke("match", str(small_round), "-o", str(tmp_path / "o.xlsx"), "--key-file",
                    str(key), "--quiet", "--workers", "1", "--force")
    assert result.exit_code == 0, result.output
    assert sha256_of(key) != before


@pytest.mark.parametrize("name", ["result.csv", "result", "result.xls"])
def test_the_output_must_be_an_xlsx(small_round: Path, tmp_path: Path, name: str) -> None:
    result = invoke("match", str(small_round), "-o", str(tmp_path / name), "--quiet")
    assert result.exit_code == 2
    assert "must end in .xlsx" in result.stderr and "result.xlsx" in result.stderr
    assert not list(tmp_path.iterdir())


def _ctrl_c_as_in_a_terminal() -> None:
    """The child starts with Ctrl-C's default action, as from a terminal: an ignored SIGINT
    (left by an earlier test in this process) would be inherited and the run never stopped."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_without_writing(tmp_path: Path) -> None:
    """SIGINT while the solver searches: nothing is written (no result "stopped by the time
    limit"), the run says so and exits 130."""
    source = write_round(generate(300, None, 2, "scarce"), tmp_path / "in.xlsx")
    target = tmp_path / "out.xlsx"
    proc = subprocess.Popen(
        [sys.executable, "-m", "matcher", "match", str(source), "-o", str(target),
         "--workers", "1", "--time-limit", "60"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"}, preexec_fn=_ctrl_c_as_in_a_terminal)
    assert proc.stderr is not None
    for line in proc.stderr:  # wait until the search runs
        if "search" in line or "neighbourhood" in line or "stage" in line:
            break
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Interrupted; nothing was written." in err
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx"]
