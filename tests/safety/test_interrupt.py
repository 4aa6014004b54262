"""Ctrl-C in any solving command: the search stops, nothing is written, the command says so
and exits 130. ``matcher match`` is run in a real process in ``test_output_files``; here the
interrupt arrives while re-matching or planning trials, and inside a CP-SAT search."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from ortools.sat.python import cp_model

from cli.main import cli
from matcher.i18n.phrase import Phrase
from matcher.inputbook import write_problem
from matcher.model import Progress
from matcher.model.sat import new_solver
from tests.rematch.rounds import PLAN_FROM, matched_then_changed
from tests.trials.rounds import gloppen_with_windows


@pytest.fixture(autouse=True)
def _python_handles_ctrl_c() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt, as in a command started from a terminal, whatever an
    earlier test in this process (a server, a worker pool) left installed."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def _ctrl_c() -> None:
    os.kill(os.getpid(), signal.SIGINT)


def test_ctrl_c_inside_a_cp_sat_search_reaches_the_command() -> None:
    """CP-SAT's default would end the search quietly, as if its time limit were reached."""
    model = cp_model.CpModel()
    x = [model.new_int_var(0, 30, f"x{i}") for i in range(12)]
    model.add(sum(x) <= 100)
    model.add_all_different(x)
    model.maximize(sum((i % 5 + 1) * v for i, v in enumerate(x)))

    class Interrupt(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            _ctrl_c()

    with pytest.raises(KeyboardInterrupt):
        new_solver(1, 0).solve(model, Interrupt())


def _interrupting(at: str) -> type[Progress]:
    """A console progress printer that presses Ctrl-C when it is about to say ``at``."""

    class Interrupting(Progress):
        def emit(self, event: Phrase) -> None:
            if event.message.startswith(at):
                _ctrl_c()
            super().emit(event)

    return Interrupting


def _assert_stopped(run: Any, folder: Path, before: set[str]) -> None:
    assert run.exit_code == 130, run.output
    assert "Interrupted; nothing was written." in run.stderr
    assert {p.name for p in folder.iterdir()} == before


def test_rematch_stops_without_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book, result = matched_then_changed(tmp_path)
    before = {p.name for p in tmp_path.iterdir()}
    monkeypatch.setattr("cli.rematch.Progress", _interrupting("keep-cost flow"))
    run = CliRunner().invoke(cli, ["rematch", str(book), "--previous", str(result), "--from",
                                   PLAN_FROM.isoformat(), "-o", str(tmp_path / "re.xlsx"),
                                   "--key-file", str(tmp_path / "key.csv"), "--workers", "1"])
    _assert_stopped(run, tmp_path, before)


def test_trials_stop_without_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "round.xlsx"
    write_problem(gloppen_with_windows(), book)
    before = {p.name for p in tmp_path.iterdir()}
    monkeypatch.setattr("cli.trials.Progress", _interrupting("max-flow"))
    run = CliRunner().invoke(cli, ["trials", str(book), "-o", str(tmp_path / "trials.xlsx"),
                                   "--per-company", str(tmp_path / "lists"), "--workers", "1"])
    _assert_stopped(run, tmp_path, before)
