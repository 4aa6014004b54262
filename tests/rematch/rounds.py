"""Re-match rounds (built with :class:`tests.rounds.Round`): one programme (school Mon+Tue,
3 company days a week, weeks 1–6, at least 2 members), companies with one-week day rotas, and a
previous result to re-match."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from matcher.problem import Participant, Phase, Place, Problem, TravelTime
from matcher.rematch.previous import Before, Previous
from tests.rounds import TRADE, Round, participant

START = dt.date(2026, 1, 5)  # a Monday
PLAN_FROM = START + dt.timedelta(weeks=3)  # programme week 4


def person(pid: str, priority: int = 3, **kw: object) -> Participant:
    """A participant at level B1 for G1, in no area unless told."""
    return participant(pid, **{"programmes": ("G1",), "area": None, "priority": priority, **kw})


def round_of(people: list[Participant], places: dict[str, int],
             supervisors: dict[str, tuple[str, int]] | None = None,
             max_class: int | None = None) -> Problem:
    """``places``: company → places; ``supervisors``: id → (company, max_trainees), default one
    supervisor ``S<company>`` per company with as many trainees as places."""
    sups = supervisors or {f"S{c}": (c, n) for c, n in places.items()}
    r = Round(start=START, area=None, rotas={})
    r.rota("R", ("D",) * 5 + (None, None))
    r.programme("G1", phases=(Phase("G1", 1, 6, company_days=3),), min_class_size=2,
                max_class_size=max_class)
    for c in sorted({c for c, _ in sups.values()} | set(places)):
        r.company(c, places.get(c), name="")
    for s, (c, n) in sups.items():
        r.supervisor(s, c, rota="R", max_trainees=n)
    r.participants.extend(people)
    return r.problem()


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
