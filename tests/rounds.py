"""Small hand-built rounds for the tests, added to piece by piece.

    r = Round()
    r.programme("G", min_with_rights=2)          # school Mon–Tue, 2 company days for 3 weeks
    r.company("C1", places=2)
    r.supervisor("S1", "C1", max_trainees=2)      # on the OFFICE rota (Mon–Fri days)
    r.participant("A", has_rights=True)
    r.participant("B")
    result = run(r.problem())                    # the real solver and the independent checker

Everyone lives in Førde and every company is there (unless the round's ``area`` says
otherwise), so travel never decides; one trade unless told otherwise. :func:`make` builds the
most used shape in one call: one class, ``companies`` companies with one supervisor each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

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
)
from matcher.result import Result
from matcher.round import solve_checked

MONDAY = dt.date(2026, 8, 3)
TRADE = "Helsefagarbeider"
AREA = "Førde"
OFFICE = Rota("OFFICE", (("D", "D", "D", "D", "D", None, None),))


@dataclass
class Round:
    """A round under construction; :meth:`problem` freezes it."""

    trade: str = TRADE
    start: dt.date = MONDAY
    area: str | None = AREA  # of every company and participant unless told
    settings: Settings = field(
        default_factory=lambda: Settings(time_limit_seconds=10, workers=1))
    programmes: list[Programme] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    supervisors: list[Supervisor] = field(default_factory=list)
    rotas: dict[str, Rota] = field(default_factory=lambda: {OFFICE.rota_id: OFFICE})

    def programme(self, programme_id: str = "G", *, phases: tuple[Phase, ...] | None = None,
                  **fields: Any) -> Programme:
        """A class at school Mon–Tue (unless told), with one phase of 2 company days in weeks
        1–3 unless ``phases`` are given."""
        fields.setdefault("school_days", frozenset({0, 1}))
        prog = Programme(programme_id, fields.pop("occupation", self.trade),
                         fields.pop("start_date", self.start), **fields)
        self.programmes.append(prog)
        self.phases.extend(phases or (Phase(programme_id, 1, 3, 2),))
        return prog

    def rota(self, rota_id: str, *weeks: tuple[str | None, ...]) -> Rota:
        """A rota of one tuple of seven shift codes (Mon first, ``None`` off) per week."""
        self.rotas[rota_id] = Rota(rota_id, tuple(weeks))
        return self.rotas[rota_id]

    def company(self, company_id: str, places: int | None = 1, **fields: Any) -> Company:
        """A company in the round's area with ``places`` places in the round's trade (no
        Places row with ``None``)."""
        fields.setdefault("name", f"Company {company_id}")
        fields.setdefault("area", self.area)
        company = Company(company_id, **fields)
        self.companies.append(company)
        if places is not None:
            self.places.append(Place(company_id, self.trade, places))
        return company

    def supervisor(self, supervisor_id: str, company_id: str, *, rota: str = "OFFICE",
                   max_trainees: int = 1, **fields: Any) -> Supervisor:
        sup = Supervisor(supervisor_id, company_id, fields.pop("trade", self.trade), rota,
                         max_trainees=max_trainees, **fields)
        self.supervisors.append(sup)
        return sup

    def participant(self, participant_id: str, **fields: Any) -> Participant:
        """A participant at level B1 in Førde, for the first programme (unless told)."""
        if self.programmes:
            fields.setdefault("programmes", (self.programmes[0].programme_id,))
        fields.setdefault("area", self.area)
        person = participant(participant_id, **fields)
        self.participants.append(person)
        return person

    def problem(self, **extra: Any) -> Problem:
        if not self.programmes:
            self.programme()
        return Problem(
            programmes=tuple(self.programmes), phases=tuple(self.phases),
            participants=tuple(self.participants), companies=tuple(self.companies),
            places=tuple(self.places), supervisors=tuple(self.supervisors),
            rotas=tuple(self.rotas.values()), settings=self.settings, **extra)


def participant(participant_id: str, **fields: Any) -> Participant:
    """A participant at level B1 in Førde, for programme G (unless told)."""
    base: dict[str, Any] = {"programmes": ("G",), "norwegian_level": Cefr.B1, "area": AREA}
    base.update(fields)
    return Participant(participant_id, **base)


#: The name the rule tests use.
person = participant


def make(participants: list[Participant], *, companies: int = 2, places: int = 1,
         max_trainees: int = 1, programme: Programme | None = None,
         phases: tuple[Phase, ...] | None = None, rotas: tuple[Rota, ...] = (OFFICE,),
         supervisors: tuple[Supervisor, ...] | None = None, **extra: Any) -> Problem:
    """One class (school Mon–Tue, 2 company days for 3 weeks unless told) and ``companies``
    companies C1, C2, … with ``places`` places and one supervisor S1, S2, … each, on the first
    rota."""
    r = Round(rotas={rota.rota_id: rota for rota in rotas})
    if programme is None:
        r.programme(phases=phases)
    else:
        r.programmes.append(programme)
        r.phases.extend(phases or (Phase(programme.programme_id, 1, 3, 2),))
    for c in range(1, companies + 1):
        r.company(f"C{c}", places, name=f"Company {c}")
    if supervisors is None:
        for c in range(1, companies + 1):
            r.supervisor(f"S{c}", f"C{c}", rota=rotas[0].rota_id, max_trainees=max_trainees)
    else:
        r.supervisors.extend(supervisors)
    r.participants.extend(participants)
    return r.problem(**extra)


def run(problem: Problem) -> Result:
    """Solve with the real solver; the independent checker has passed the result."""
    solved, _ = solve_checked(problem)
    return solved.result


def where(result: Result) -> dict[str, str]:
    """Participant → company of every placement."""
    return {p.participant_id: p.company_id for p in result.solution.placements}


def reason(result: Result, pid: str) -> str:
    """The Unplaced reason of one participant."""
    return next(u.reason for u in result.unplaced if u.participant_id == pid)


def explanation(result: Result, pid: str) -> str:
    """The Unplaced sentence of one participant."""
    return next(u.explanation for u in result.unplaced if u.participant_id == pid)
