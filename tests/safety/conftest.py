"""Shared helpers for the safety tests: small rounds written to disk, and every output cell."""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from cli.main import cli
from matcher.inputbook import write_problem
from matcher.problem import Problem
from matcher.samples import generate


def invoke(*args: str) -> Result:
    """Run ``matcher ARGS`` in-process, exceptions caught as the console would see them."""
    return CliRunner().invoke(cli, list(args))


def small_problem(participants: int = 12, seed: int = 3, profile: str = "county") -> Problem:
    """A small realistic round with a short horizon, so it solves in well under a second."""
    return generate(participants, None, seed, profile, 6)


def write_round(problem: Problem, path: Path) -> Path:
    write_problem(problem, path)
    return path


def with_marker_names(problem: Problem) -> Problem:
    """Every person's name replaced by a unique marker string (``NAMEMARKER-…``), so a test
    can search all output for any trace of a name."""
    return dataclasses.replace(
        problem,
        participants=tuple(dataclasses.replace(p, name=f"NAMEMARKER-P{i:04d}")
                           for i, p in enumerate(problem.participants)),
        supervisors=tuple(dataclasses.replace(s, name=f"NAMEMARKER-S{i:04d}")
                          for i, s in enumerate(problem.supervisors)),
    )


def cells(path: Path) -> Iterator[tuple[str, openpyxl.cell.Cell]]:
    """Every non-empty cell of every sheet, with its sheet title (full load: hyperlinks and
    formulas are visible only there)."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell


def part_texts(path: Path) -> dict[str, bytes]:
    """The raw XML parts of a workbook: what Excel would actually read."""
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.endswith((".xml", ".rels"))}


def hidden_temp_files(folder: Path) -> list[Path]:
    """Leftovers of :func:`matcher.files.atomic_path` (only a SIGKILL can leave them)."""
    return sorted(folder.glob(".*.tmp.xlsx"))


@pytest.fixture(scope="module")
def small_round(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_round(with_marker_names(small_problem()),
                       tmp_path_factory.mktemp("round") / "round.xlsx")
