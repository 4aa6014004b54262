"""The alternatives ``matcher compare`` solves: the base plan, every Phases scenario, and the
school-day alternatives a planner asks for on the command line (``PROGRAMME=Mon,Tue``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from matcher.problem import Problem, format_days
from matcher.reader.cells import CellError, to_weekdays

BASE = "base plan"


class SchoolDaysError(ValueError):
    """A ``--school-days`` value that cannot be used (the command line exits 2)."""


@dataclass(frozen=True)
class Alternative:
    """One plan to solve: a name a planner recognises and the problem as that plan has it."""

    name: str
    problem: Problem
    kind: str  # "base", "scenario" or "school_days"


def parse_school_days(specs: Sequence[str]) -> list[tuple[str, frozenset[int]]]:
    """``["G1=Mon,Tue", "G1=man-ons"]`` → ``[("G1", {0, 1}), ("G1", {0, 1, 2})]``."""
    out: list[tuple[str, frozenset[int]]] = []
    for spec in specs:
        programme, eq, days = spec.partition("=")
        if not eq or not programme.strip() or not days.strip():
            raise SchoolDaysError(f"--school-days {spec!r}: expected PROGRAMME=Mon,Tue")
        try:
            parsed = to_weekdays(days)
        except CellError as exc:
            raise SchoolDaysError(f"--school-days {spec!r}: expected {exc}") from None
        out.append((programme.strip(), parsed))
    return out


def alternatives(problem: Problem,
                 school_days: Sequence[tuple[str, frozenset[int]]] = ()) -> list[Alternative]:
    """The base plan, each scenario, then each school-day override of the base plan."""
    out = [Alternative(BASE, problem.with_scenario(None), "base")]
    out += [Alternative(name, problem.with_scenario(name), "scenario")
            for name in problem.scenarios]
    base = out[0].problem
    known = base.programmes_by_id
    for programme_id, days in school_days:
        if programme_id not in known:
            raise SchoolDaysError(f"--school-days: there is no programme {programme_id!r}")
        changed = tuple(replace(g, school_days=days, school_days_to_choose=None)
                        if g.programme_id == programme_id else g for g in base.programmes)
        name = f"{programme_id} school {format_days(days)}"
        if any(a.name == name for a in out):
            continue  # asked twice: solve it once
        out.append(Alternative(name, replace(base, programmes=changed), "school_days"))
    return out
