"""Small hand-built rounds for the re-match tests: one programme (school Mon+Tue, 3 company
days a week, weeks 1–6), companies with one-week day rotas, and a previous result to re-match."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from matcher.problem import (
    Cefr,
    Company,
    Participant,
    Phase,
    Place,
    Problem,
    Programme,
    Rota,
    Settings,
    Supervisor,
    TravelTime,
)
from matcher.rematch.previous import Before, Previous

START = dt.date(2026, 1, 5)  # a Monday
PLAN_FROM = START + dt.timedelta(weeks=3)  # programme week 4
TRADE = "Helsefagarbeider"


def person(pid: str, priority: int = 3, **kw: object) -> Participant:
    return Participant(pid, ("G1",), Cefr.B1, priority=priority, **kw)  # type: ignore[arg-type]


def round_of(people: list[Participant], places: dict[str, int],
             supervisors: dict[str, tuple[str, int]] | None = None,
             max_class: int | None = None) -> Problem:
    """``places``: company → places; ``supervisors``: id → (company, max_trainees), default one
    supervisor ``S<company>`` per company with as many trainees as places."""
    sups = supervisors or {f"S{c}": (c, n) for c, n in places.items()}
    return Problem(
        programmes=(Programme("G1", TRADE, START, school_days=frozenset({0, 1}),
                              min_class_size=2, max_class_size=max_class),),
        phases=(Phase("G1", 1, 6, company_days=3),),
        participants=tuple(people),
        companies=tuple(Company(c) for c in sorted({c for c, _ in sups.values()} | set(places))),
        places=tuple(Place(c, TRADE, n) for c, n in places.items()),
        supervisors=tuple(Supervisor(s, c, TRADE, "R", max_trainees=n)
                          for s, (c, n) in sups.items()),
        rotas=(Rota("R", (("D",) * 5 + (None, None),)),),
        settings=Settings(time_limit_seconds=10, workers=1),
    )


def far_from(problem: Problem, near: str) -> Problem:
    """Companies in ``near`` are in area x, the others in area y, an hour away."""
    return replace(problem, travel=(TravelTime("x", "y", 60),), companies=tuple(
        replace(c, area="x" if c.company_id in near else "y") for c in problem.companies))


def previous(placed: dict[str, tuple[str, str]]) -> Previous:
    """participant → (company, supervisor) in programme G1, school days Mon+Tue."""
    return Previous({p: Before(p, "G1", c, s, row)
                     for row, (p, (c, s)) in enumerate(placed.items(), start=2)},
                    {"G1": frozenset({0, 1})})


def without(problem: Problem, *participant_ids: str) -> Problem:
    return replace(problem, participants=tuple(
        p for p in problem.participants if p.participant_id not in participant_ids))


def matched_then_changed(folder: Path) -> tuple[Path, Path]:
    """A three-person round matched by ``matcher match`` (``result.xlsx``), then its workbook
    (``round.xlsx``) rewritten with company A's place withdrawn: a re-match must move or drop
    one participant."""
    from click.testing import CliRunner

    from cli.main import cli
    from matcher.inputbook import write_problem

    problem = round_of([person("P1"), person("P2"), person("P3")], {"A": 1, "B": 2})
    book, result = folder / "round.xlsx", folder / "result.xlsx"
    write_problem(problem, book)
    run = CliRunner().invoke(cli, ["match", str(book), "-o", str(result), "--quiet"])
    assert run.exit_code == 0, run.output
    write_problem(replace(problem, places=(Place("A", TRADE, 0), Place("B", TRADE, 2))), book)
    return book, result
