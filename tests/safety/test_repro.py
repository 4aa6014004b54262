"""Same input, seed and workers give the same answer; the time limit holds."""

from __future__ import annotations

import time
from pathlib import Path

import openpyxl
import pytest

from matcher.samples import generate
from tests.safety.conftest import invoke, write_round

REPO = Path(__file__).resolve().parents[2]


def _sheet(path: Path, title: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in wb[title].iter_rows(values_only=True)]
    finally:
        wb.close()


def _summary(path: Path) -> dict[object, object]:
    ws = openpyxl.load_workbook(path)["Summary"]  # small: a full load sees every cell
    return {row[0]: row[1] for row in ws.iter_rows(values_only=True)}


def test_same_seed_and_workers_give_identical_placements_and_timetables(tmp_path: Path) -> None:
    """With one CP-SAT worker (the default) a rerun is identical to the cell. With two, CP-SAT's
    parallel workers may return another of several equally good supervisors: not reproducible."""
    source = write_round(generate(100, None, 4, "county", 8), tmp_path / "in.xlsx")
    for name in ("a.xlsx", "b.xlsx"):
        result = invoke("match", str(source), "-o", str(tmp_path / name), "--seed", "0",
                        "--workers", "1", "--time-limit", "20", "--quiet")
        assert result.exit_code == 0, result.output
    for sheet in ("Placements", "Unplaced", "Timetable", "Programmes", "Supervisors"):
        assert _sheet(tmp_path / "a.xlsx", sheet) == _sheet(tmp_path / "b.xlsx", sheet), sheet


def _timed_match(source: Path, out: Path, limit: float) -> tuple[float, dict[object, object]]:
    start = time.perf_counter()
    result = invoke("match", str(source), "-o", str(out), "--time-limit", str(limit),
                    "--workers", "2", "--quiet")
    wall = time.perf_counter() - start
    assert result.exit_code == 0, result.output
    return wall, _summary(out)


def _assert_within_limit(wall: float, summary: dict[object, object], limit: float) -> None:
    """Wall time ≤ limit + reading + writing, with a margin: the limit bounds the CP-SAT
    search; eligibility, the flow bound and the repair run before it, and the checker,
    timetables and explanations after it."""
    read = float(summary.get("timing.read_seconds") or 0)
    solve = float(summary["solve_seconds"])  # type: ignore[arg-type]
    assert solve <= limit + 2.5, f"the search took {solve:.1f} s for a {limit} s limit"
    assert wall <= limit + read + 6.0, (
        f"{wall:.1f} s wall for a {limit} s limit (read {read:.1f} s, solve {solve:.1f} s)")


@pytest.mark.slow
def test_time_limit_is_honoured_on_the_county_sample(tmp_path: Path) -> None:
    """The 300-participant county sample stopped after 2 s still writes its best valid
    result, marked FEASIBLE (or OPTIMAL if proven in time)."""
    wall, summary = _timed_match(REPO / "data/samples/county.xlsx", tmp_path / "o.xlsx", 2.0)
    assert summary["status"] in ("FEASIBLE", "OPTIMAL")
    assert int(summary["placed"]) > 0  # type: ignore[call-overload]
    _assert_within_limit(wall, summary, 2.0)


@pytest.mark.slow
def test_time_limit_is_honoured_on_1000_participants(tmp_path: Path) -> None:
    source = write_round(generate(1000, None, 0, "county"), tmp_path / "in.xlsx")
    wall, summary = _timed_match(source, tmp_path / "o.xlsx", 5.0)
    assert summary["status"] in ("FEASIBLE", "OPTIMAL")
    _assert_within_limit(wall, summary, 5.0)
