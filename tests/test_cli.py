"""The command line: the shared solve options, and errors as click's exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from matcher.inputbook import write_problem
from tests.rounds import make, person

SOLVING = ("match", "compare", "rematch", "trials")


@pytest.mark.parametrize("command", SOLVING)
def test_every_solving_command_takes_the_same_solve_options(command: str) -> None:
    help_text = CliRunner().invoke(cli, [command, "--help"]).output
    for option in ("--time-limit", "--seed", "--workers"):
        assert option in help_text


def test_solve_options_reach_the_solver_and_json_is_the_result_record(tmp_path: Path) -> None:
    book = tmp_path / "round.xlsx"
    write_problem(make([person("A"), person("B")]), book)
    run = CliRunner().invoke(cli, ["match", str(book), "-o", str(tmp_path / "out.xlsx"),
                                   "--time-limit", "3", "--seed", "5", "--workers", "1",
                                   "--json", "--quiet"])
    assert run.exit_code == 0, run.output
    record = json.loads(run.stdout)
    assert record["placed"] == 2 and record["output"] == str(tmp_path / "out.xlsx")
    assert (record["settings"]["time_limit_seconds"], record["settings"]["random_seed"],
            record["settings"]["workers"]) == (3.0, 5, 1)


def test_bad_options_and_paths_are_usage_errors(tmp_path: Path) -> None:
    book = tmp_path / "round.xlsx"
    write_problem(make([person("A")]), book)
    runner = CliRunner()
    assert runner.invoke(cli, ["match", str(book), "--workers", "0"]).exit_code == 2
    same = runner.invoke(cli, ["match", str(book), "-o", str(book)])
    assert same.exit_code == 2 and "must not be the input" in same.stderr
    nowhere = runner.invoke(cli, ["match", str(book), "-o", str(tmp_path / "no" / "x.xlsx")])
    assert nowhere.exit_code == 2 and "does not exist" in nowhere.stderr
